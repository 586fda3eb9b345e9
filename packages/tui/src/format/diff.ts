/** `kmsim diff` output: text (gained, then lost, then changed, then the counts), JSON and markdown. */
import { describeCondition, DECISION_TEXT, type DiffEntry, type PolicyDiff } from '@kmsim/simulator';
import { mdEscape } from './matrix-markdown.js';

const MARK: Readonly<Record<DiffEntry['change'], string>> = { gained: '+ GAINED', lost: '- LOST', changed: '~ CHANGED' };
const ORDER: readonly DiffEntry['change'][] = ['gained', 'lost', 'changed'];

function when(e: DiffEntry): string {
  return e.when.map(describeCondition).join(' and ');
}

/** `+ GAINED 444455556666 any role kms:Decrypt when kms:ViaService is … (implicit deny → allow)`. */
export function diffLine(e: DiffEntry): string {
  const where = when(e);
  return `${MARK[e.change]} ${e.label} ${e.action}${where ? ` when ${where}` : ''} (${DECISION_TEXT[e.before]} → ${DECISION_TEXT[e.after]})`;
}

export function countsLine(diff: PolicyDiff): string {
  return `${diff.gained} gained, ${diff.lost} lost, ${diff.changed} changed`;
}

function sorted(diff: PolicyDiff): DiffEntry[] {
  return [...diff.entries].sort((a, b) => ORDER.indexOf(a.change) - ORDER.indexOf(b.change));
}

function incomplete(diff: PolicyDiff): string | undefined {
  const n = diff.incompleteCells;
  return n > 0 ? `${n} cell${n === 1 ? ' was' : 's were'} compared on part of the condition space only (over the combination limit).` : undefined;
}

export function formatDiffText(diff: PolicyDiff): string {
  const out = sorted(diff).map(diffLine);
  if (out.length === 0) out.push(`No change in who can do what (${diff.cells} principal × action cells compared).`);
  out.push('', countsLine(diff));
  const note = incomplete(diff);
  if (note) out.push(note);
  return `${out.join('\n')}\n`;
}

export function formatDiffMarkdown(diff: PolicyDiff): string {
  const out: string[] = [];
  if (diff.entries.length === 0) out.push(`No change in who can do what (${diff.cells} principal × action cells compared).`);
  else {
    out.push('| Change | Principal | Action | When | Before | After |', '| --- | --- | --- | --- | --- | --- |');
    for (const e of sorted(diff)) {
      out.push(
        `| **${e.change}** | ${mdEscape(e.label)} | ${e.action} | ${mdEscape(when(e)) || 'always'} | ${DECISION_TEXT[e.before]} | ${DECISION_TEXT[e.after]} |`,
      );
    }
  }
  out.push('', `**${countsLine(diff)}**`);
  const note = incomplete(diff);
  if (note) out.push('', note);
  return `${out.join('\n')}\n`;
}

export function diffJson(diff: PolicyDiff, files: { before: string; after: string }): unknown {
  return {
    before: files.before,
    after: files.after,
    gained: diff.gained,
    lost: diff.lost,
    changed: diff.changed,
    cells: diff.cells,
    evaluated: diff.evaluated,
    incompleteCells: diff.incompleteCells,
    entries: sorted(diff).map((e) => ({
      change: e.change,
      principal: e.principal,
      label: e.label,
      action: e.action,
      before: e.before,
      after: e.after,
      when: e.when.map((w) => ({
        key: w.key,
        classes: w.classes.map((c) => ({ id: c.id, label: c.label, ...(c.value !== undefined ? { value: c.value } : {}) })),
      })),
      count: e.count,
      example: e.example,
      summary: e.summary,
    })),
  };
}

export function formatDiffJson(diff: PolicyDiff, files: { before: string; after: string }): string {
  return `${JSON.stringify(diffJson(diff, files), null, 2)}\n`;
}
