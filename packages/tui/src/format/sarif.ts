/**
 * Findings as SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the
 * format code-scanning tools read: one run, tool.driver `kmsim` with one rule per finding id, one
 * result per finding with a level from its severity and a location per statement in FILE.
 *
 * `region.startLine` comes from `locate(path)` when the caller can map a statement's JSON path to
 * a line; without it, results have a file location and a logical location (the JSON path) only. A
 * finding that names no statement (an incomplete analysis of a cell no statement conditions, access
 * through a grant) is located at the key policy itself (`$`), or at the file when that has no line.
 * Outside principals are in `properties.outside`, each with its account (`*` for any account).
 * `partialFingerprints` tells apart results of one rule at one statement (the outsider's and the
 * key account's public access, say): a hash of the rule, severity, principals and actions.
 */
import { createHash } from 'node:crypto';
import type { Finding, FindingRuleInfo } from '@kmsim/simulator';

export type SarifLevel = 'error' | 'warning' | 'note';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function sarifLevel(severity: Finding['severity']): SarifLevel {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'error';
    case 'medium':
      return 'warning';
    case 'low':
    case 'info':
      return 'note';
  }
}

export interface SarifOptions {
  /** The file as named on the command line: every location's artifactLocation.uri. */
  readonly file: string;
  readonly toolVersion: string;
  /** kmsim's rule table: each rule's description, default level and documentation link. */
  readonly rules?: readonly FindingRuleInfo[];
  /** Line of the element at a JSON path (`$.Statement[1]`) in FILE, when known. */
  readonly locate?: (path: string) => number | undefined;
}

function fingerprint(f: Finding): string {
  const parts = [
    f.id,
    f.severity,
    ...(f.principals ?? []),
    '|',
    ...(f.actions ?? []),
    '|',
    ...f.statements.map((s) => s.path),
    ...(f.location ? ['|', f.location.policy, f.location.path] : []),
  ];
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}

export function toSarif(findings: readonly Finding[], options: SarifOptions): unknown {
  const ruleIds: string[] = [];
  const rules: unknown[] = [];
  for (const f of findings) {
    if (ruleIds.includes(f.id)) continue;
    ruleIds.push(f.id);
    const info = options.rules?.find((r) => r.id === f.id);
    rules.push({
      id: f.id,
      name: f.id,
      shortDescription: { text: info?.title ?? f.title },
      ...(info ? { fullDescription: { text: info.checks } } : {}),
      ...(info?.docs[0] && /^https?:\/\//.test(info.docs[0]) ? { helpUri: info.docs[0] } : {}),
      defaultConfiguration: { level: sarifLevel(info?.severity ?? f.severity) },
      properties: { severity: info?.severity ?? f.severity },
    });
  }
  const results = findings.map((f) => {
    const statements = f.statements.length ? f.statements : [undefined];
    const policyLine = options.locate?.('$');
    return {
      ruleId: f.id,
      ruleIndex: ruleIds.indexOf(f.id),
      level: sarifLevel(f.severity),
      message: { text: `${f.title}: ${f.message} Fix: ${f.fix}` },
      // A policy error's own line and column (policy-invalid) before its statement's line.
      locations: (f.location ? [undefined] : statements).map((s) => {
        const at = f.location;
        const line = at
          ? (at.line ?? (at.policy === 'keyPolicy' ? options.locate?.(at.path) : undefined) ?? policyLine)
          : s
            ? options.locate?.(s.path)
            : policyLine;
        const column = f.location?.line !== undefined ? f.location.column : undefined;
        return {
          physicalLocation: {
            artifactLocation: { uri: options.file },
            ...(line !== undefined ? { region: { startLine: line, ...(column !== undefined ? { startColumn: column } : {}) } } : {}),
          },
          ...(f.location ? { logicalLocations: [{ name: f.location.policy, fullyQualifiedName: f.location.path, kind: 'object' }] } : {}),
          ...(s ? { logicalLocations: [{ name: s.sid ?? `Statement[${s.index}]`, fullyQualifiedName: s.path, kind: 'object' }] } : {}),
        };
      }),
      partialFingerprints: { 'kmsimFinding/v1': fingerprint(f) },
      properties: {
        severity: f.severity,
        ...(f.principals?.length ? { principals: f.principals } : {}),
        ...(f.outside?.length ? { outside: f.outside.map((p) => ({ principal: p.principal, account: p.account, who: p.who })) } : {}),
        ...(f.actions?.length ? { actions: f.actions } : {}),
      },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kmsim', version: options.toolVersion, rules } },
        results,
      },
    ],
  };
}

export function formatSarif(findings: readonly Finding[], options: SarifOptions): string {
  return `${JSON.stringify(toSarif(findings, options), null, 2)}\n`;
}
