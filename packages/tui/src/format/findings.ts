/** `kmsim check` output: text and JSON. */
import type { Finding } from '@kmsim/simulator';
import { paint, type Style } from '../color.js';
import { wrap } from './text.js';

export type FindingSeverity = Finding['severity'];

/** `Statement "Allow use of the key" ($.Statement[2])`; `Statement 3 ($.Statement[2])` without a Sid. */
export function statementRef(s: Finding['statements'][number]): string {
  return `${s.sid ? `"${s.sid}"` : `#${s.index + 1}`} (${s.path})`;
}

export interface CheckSummary {
  readonly failOn: FindingSeverity;
  readonly failing: number;
  readonly counts: Readonly<Record<FindingSeverity, number>>;
  /** Cells the simulator could not finish (each is in an analysis-incomplete finding). */
  readonly incompleteCells?: number;
}

/** The rule id of the finding that says the analysis could not finish. */
export const ANALYSIS_INCOMPLETE = 'analysis-incomplete';

/** `arn:aws:iam::*:* (any principal of any account other than …)`: outside principals, their account in the ARN. */
export function outsideText(f: Finding): string | undefined {
  return f.outside?.length ? f.outside.map((p) => `${p.principal} (${p.who})`).join(', ') : undefined;
}

export function countsText(summary: CheckSummary, order: readonly FindingSeverity[]): string {
  const total = order.reduce((n, s) => n + summary.counts[s], 0);
  const parts = order.filter((s) => summary.counts[s] > 0).map((s) => `${summary.counts[s]} ${s}`);
  const head = total === 0 ? 'No findings' : `${total} finding${total === 1 ? '' : 's'} (${parts.join(', ')})`;
  const incomplete = summary.incompleteCells ?? 0;
  // Never a plain "passed" over an analysis that could not finish.
  const unsure = incomplete > 0 ? ` — but the analysis is incomplete (${incomplete} cell${incomplete === 1 ? '' : 's'}; see ${ANALYSIS_INCOMPLETE})` : '';
  const tail =
    summary.failing > 0 ? `${summary.failing} at or above ${summary.failOn}: check failed` : `none at or above ${summary.failOn}: check passed${unsure}`;
  return `${head}; ${tail}.`;
}

export interface FindingsTextOptions {
  /** Wrap width (default 100). */
  readonly width?: number;
  /**
   * The matrix row label of a finding's principal id (`any role (IAM kms:*)` for
   * `arn:aws:iam::111122223333:role/kmsim-unnamed-role#iam`), so the text names the rows the matrix
   * shows instead of kmsim's internal ids. Ids it does not know are printed as they are.
   */
  readonly label?: (id: string) => string | undefined;
  /** Colour the severities (see color.ts). */
  readonly color?: boolean;
  /** The file, for the `At: FILE:LINE:COLUMN` of a finding with a location. */
  readonly file?: string;
}

const SEVERITY_STYLE: Readonly<Record<FindingSeverity, Style>> = { critical: 'boldRed', high: 'red', medium: 'yellow', low: 'cyan', info: 'dim' };

export function formatFindingsText(
  file: string,
  findings: readonly Finding[],
  summary: CheckSummary,
  order: readonly FindingSeverity[],
  options: FindingsTextOptions = {},
): string {
  const { width = 100, label, color = false } = options;
  const name = (id: string): string => label?.(id) ?? id;
  const out: string[] = [];
  for (const f of findings) {
    const [head = '', ...tail] = wrap(f.title, width, `${f.severity.toUpperCase().padEnd(8)} ${f.id}  `, '    ');
    out.push(
      head.replace(/^\S+/u, (word) => paint(color, SEVERITY_STYLE[f.severity], word)),
      ...tail,
    );
    out.push(...wrap(f.message, width, '    ', '    '));
    if (f.location?.line !== undefined)
      out.push(...wrap(`At: line ${f.location.line}, column ${f.location.column ?? 1} of ${options.file ?? 'the file'}`, width, '    ', '      '));
    if (f.statements.length) out.push(...wrap(`Statements: ${f.statements.map(statementRef).join(', ')}`, width, '    ', '      '));
    const outside = outsideText(f);
    if (outside) out.push(...wrap(`Principals: ${outside}`, width, '    ', '      '));
    else if (f.principals?.length) out.push(...wrap(`Principals: ${f.principals.map(name).join(', ')}`, width, '    ', '      '));
    if (f.actions?.length) out.push(...wrap(`Actions: ${f.actions.join(', ')}`, width, '    ', '      '));
    out.push(...wrap(`Fix: ${f.fix}`, width, '    ', '      '), '');
  }
  out.push(`${file}: ${countsText(summary, order)}`);
  return `${out.join('\n')}\n`;
}

export function formatFindingsJson(file: string, findings: readonly Finding[], summary: CheckSummary): string {
  const complete = (summary.incompleteCells ?? 0) === 0;
  return `${JSON.stringify({ file, failOn: summary.failOn, failed: summary.failing > 0, complete, counts: summary.counts, findings }, null, 2)}\n`;
}
