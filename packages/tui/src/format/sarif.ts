/**
 * Findings as SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the
 * format code-scanning tools read: one run, tool.driver `kmsim` with one rule per finding id, one
 * result per finding with a level from its severity and a location per statement in FILE.
 *
 * Every location has a region (code scanning drops results without one): `startLine` is the line
 * `locate(path)` gives for the statement's JSON path, else the key policy's line (`$`), else line 1
 * (a Terraform plan holds the policy as one JSON string; a live key has no file). A finding that names
 * no statement (an incomplete analysis of a cell no statement conditions, access through a grant) is
 * located at the key policy itself.
 *
 * Artifact URIs are relative to `base` (`--sarif-base`, default the working directory), with
 * `uriBaseId` `%SRCROOT%` and the base, as a `file:` URI, in `run.originalUriBaseIds`;
 * a file outside the base is an absolute `file:` URI. A live key is named by its ARN.
 * Outside principals are in `properties.outside`, each with its account (`*` for any account).
 * `partialFingerprints` tells apart results of one rule at one statement (the outsider's and the
 * key account's public access, say): a hash of the rule, severity, principals and actions.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, FindingRuleInfo } from '@kmsim/simulator';
import type { ArtifactLocation, Location, Log, ReportingDescriptor, Result } from 'sarif';

export type SarifLevel = 'error' | 'warning' | 'note';

/** The base id of relative artifact URIs: the source root, as code scanning tools name it. */
export const SOURCE_ROOT = '%SRCROOT%';

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
  /** The file as named on the command line (or a live key's ARN, with `isFile: false`). */
  readonly file: string;
  /** False when `file` names no file (a live key); default true. */
  readonly isFile?: boolean;
  /** The directory artifact URIs are relative to; default the working directory. */
  readonly base?: string;
  readonly toolVersion: string;
  /** kmsim's rule table: each rule's description, default level and documentation link. */
  readonly rules?: readonly FindingRuleInfo[];
  /** Line of the element at a JSON path (`$.Statement[1]`) in FILE, when known. */
  readonly locate?: (path: string) => number | undefined;
}

/** `file` relative to `base` when inside it (with `uriBaseId`), else an absolute `file:` URI. */
export function artifactLocation(file: string, base: string): ArtifactLocation {
  const path = resolve(file);
  const rel = relative(resolve(base), path);
  if (rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) {
    return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
  }
  return { uri: pathToFileURL(path).href };
}

/** The base directory as the `file:` URI `originalUriBaseIds` needs (ending in `/`). */
function baseUri(base: string): string {
  const href = pathToFileURL(resolve(base)).href;
  return href.endsWith('/') ? href : `${href}/`;
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

export function toSarif(findings: readonly Finding[], options: SarifOptions): Log {
  const ruleIds: string[] = [];
  const rules: ReportingDescriptor[] = [];
  const base = options.base ?? process.cwd();
  const artifact = options.isFile === false ? { uri: options.file } : artifactLocation(options.file, base);
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
  const policyLine = options.locate?.('$') ?? 1;
  const results = findings.map((f): Result => {
    const statements = f.statements.length ? f.statements : [undefined];
    return {
      ruleId: f.id,
      ruleIndex: ruleIds.indexOf(f.id),
      level: sarifLevel(f.severity),
      message: { text: `${f.title}: ${f.message} Fix: ${f.fix}` },
      // A policy error's own line and column (policy-invalid) before its statement's line.
      locations: (f.location ? [undefined] : statements).map((s): Location => {
        const at = f.location;
        const line = at
          ? (at.line ?? (at.policy === 'keyPolicy' ? options.locate?.(at.path) : undefined) ?? policyLine)
          : ((s ? options.locate?.(s.path) : undefined) ?? policyLine);
        const column = at?.line !== undefined ? at.column : undefined;
        return {
          physicalLocation: { artifactLocation: artifact, region: { startLine: line, ...(column !== undefined ? { startColumn: column } : {}) } },
          ...(at ? { logicalLocations: [{ name: at.policy, fullyQualifiedName: at.path, kind: 'object' }] } : {}),
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
        ...(artifact.uriBaseId !== undefined ? { originalUriBaseIds: { [SOURCE_ROOT]: { uri: baseUri(base) } } } : {}),
        results,
      },
    ],
  };
}

export function formatSarif(findings: readonly Finding[], options: SarifOptions): string {
  return `${JSON.stringify(toSarif(findings, options), null, 2)}\n`;
}
