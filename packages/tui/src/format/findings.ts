/** `kmsim check` output: text and JSON. */
import type { Finding } from '@kmsim/simulator';
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
}

export function countsText(summary: CheckSummary, order: readonly FindingSeverity[]): string {
  const total = order.reduce((n, s) => n + summary.counts[s], 0);
  const parts = order.filter((s) => summary.counts[s] > 0).map((s) => `${summary.counts[s]} ${s}`);
  const head = total === 0 ? 'No findings' : `${total} finding${total === 1 ? '' : 's'} (${parts.join(', ')})`;
  const tail =
    summary.failing > 0
      ? `${summary.failing} at or above ${summary.failOn}: check failed`
      : `none at or above ${summary.failOn}: check passed`;
  return `${head}; ${tail}.`;
}

export function formatFindingsText(file: string, findings: readonly Finding[], summary: CheckSummary, order: readonly FindingSeverity[], width = 100): string {
  const out: string[] = [];
  for (const f of findings) {
    out.push(`${f.severity.toUpperCase().padEnd(8)} ${f.id}  ${f.title}`);
    out.push(...wrap(f.message, width, '    ', '    '));
    if (f.statements.length) out.push(...wrap(`Statements: ${f.statements.map(statementRef).join(', ')}`, width, '    ', '      '));
    if (f.principals?.length) out.push(...wrap(`Principals: ${f.principals.join(', ')}`, width, '    ', '      '));
    if (f.actions?.length) out.push(...wrap(`Actions: ${f.actions.join(', ')}`, width, '    ', '      '));
    out.push(...wrap(`Fix: ${f.fix}`, width, '    ', '      '), '');
  }
  out.push(`${file}: ${countsText(summary, order)}`);
  return `${out.join('\n')}\n`;
}

export function formatFindingsJson(file: string, findings: readonly Finding[], summary: CheckSummary): string {
  return `${JSON.stringify({ file, failOn: summary.failOn, failed: summary.failing > 0, counts: summary.counts, findings }, null, 2)}\n`;
}
