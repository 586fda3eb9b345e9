/**
 * The matrix screen as styled lines: title, group line, two lines of column codes, one line per
 * principal (label, then a glyph per action), legend, two status lines about the focused cell and
 * the key hints (or the filter prompt). Pure: the component only prints the lines.
 */
import { DECISION_TEXT, incompleteReason, type ActionColumn, type Matrix, type PrincipalRow } from '@kmsim/simulator';
import { cellKey, type CellDiff } from './diff-marks.js';
import { SEVERITY_COLOR } from './findings.js';
import { CONTEXT_MARK, DIFF_MARK_COLOR, GLYPH, INCOMPLETE_COLOR, INCOMPLETE_MARK, OUTCOME_COLOR, OUTCOME_TEXT } from './glyphs.js';
import { codeHeader } from './header.js';
import { middleLabel } from './labels.js';
import { Canvas, columnSlots, fit, fitLeft, fitOffset, matrixLayout, type ColumnSlot, type MatrixLayout, type TerminalSize } from './layout.js';
import { describeSelection, restrictCell, type ConditionKeyChoices } from './restrict.js';
import type { ExplorerState } from './state.js';
import { plain } from './text.js';
import type { Line, Segment } from './types.js';
import type { MatrixSelection } from './view.js';

export interface MatrixScreenInput {
  readonly matrix: Matrix;
  readonly view: MatrixSelection;
  readonly state: ExplorerState;
  readonly size: TerminalSize;
  readonly source: string;
  readonly choices: readonly ConditionKeyChoices[];
  readonly diff?: ReadonlyMap<string, CellDiff>;
  readonly diffTotals?: { readonly gained: number; readonly lost: number; readonly changed: number };
  readonly findings: number;
  /** The most severe finding's severity (its colour in the title). */
  readonly topSeverity?: string;
  /** Parser warnings about the input. */
  readonly warnings?: number;
}

export interface MatrixScreen {
  readonly lines: readonly Line[];
  readonly layout: MatrixLayout;
  readonly top: number;
  readonly left: number;
  readonly slots: readonly ColumnSlot[];
  readonly focus: { readonly row: number; readonly col: number };
}

export const HINTS = '↑↓←→ move  ⏎ explain  / search  n/N next  c context  f findings  ? help  q quit';
/** Diff mode's hints: changes only, the next and previous change. */
export const DIFF_HINTS = '↑↓←→ move  ⏎ explain  / search  d changes only  ] [ next change  ? help  q quit';
/** The search prompt's hint: words match principals or actions; decision filters; the keys. */
export const SEARCH_HINT = 'principal action :allow :deny :cond :changed · Enter keep · Esc clear';

/** The layout for a view (also used by the key handler for page sizes and scrolling). */
export function viewLayout(view: MatrixSelection, size: TerminalSize): MatrixLayout {
  return matrixLayout(
    size,
    view.rows.map((r) => r.label),
  );
}

export function groupsOf(cols: readonly ActionColumn[]): string[] {
  return cols.map((c) => c.group);
}

function titleLine(x: MatrixScreenInput, layout: MatrixLayout, top: number, slots: readonly ColumnSlot[]): Line {
  const { view, state } = x;
  const rows = view.rows.length;
  const cols = view.cols.length;
  const lastRow = Math.min(rows, top + layout.bodyRows);
  const first = slots[0]?.index ?? 0;
  const last = slots[slots.length - 1]?.index ?? -1;
  const where = rows && cols ? `rows ${top + 1}–${lastRow}/${rows}  cols ${first + 1}–${last + 1}/${cols}` : 'nothing shown';
  // The short things first (diff counts, the filter, the position), the condition context (which
  // can be long) after them: a narrow terminal cuts the end of the line.
  const parts: Segment[] = [{ text: ' kmsim ', inverse: true, bold: true }, { text: ` ${x.source}  ` }];
  if (x.diffTotals) parts.push({ text: `+${x.diffTotals.gained} -${x.diffTotals.lost} ~${x.diffTotals.changed}  `, bold: true });
  if (x.diff && state.changesOnly) parts.push({ text: 'changes only  ', color: 'yellow', bold: true });
  const search = state.panel.kind === 'filter' ? state.panel.draft.trim() : state.filter;
  if (search) parts.push({ text: `filter "${search}"  `, color: 'cyan' });
  parts.push({ text: where, dim: true });
  const ctx = describeSelection(state.context, x.choices);
  if (ctx) parts.push({ text: `  context ${ctx}`, color: 'yellow' });
  // What the findings panel (f) holds, so a risky or broken policy does not look like a clean one.
  const problems = [
    ...(x.findings > 0 ? [{ text: `${x.findings} finding${x.findings === 1 ? '' : 's'}`, color: SEVERITY_COLOR[x.topSeverity ?? ''] ?? 'yellow' }] : []),
    ...((x.warnings ?? 0) > 0 ? [{ text: `${x.warnings} warning${x.warnings === 1 ? '' : 's'}`, color: 'yellow' }] : []),
  ];
  for (const [i, p] of problems.entries()) parts.push({ text: i === 0 ? '  ' : ', ', dim: true }, { ...p, bold: true });
  return parts;
}

function groupLine(x: MatrixScreenInput, layout: MatrixLayout, slots: readonly ColumnSlot[]): Line {
  const canvas = new Canvas(layout.width);
  if (!x.state.grouped) {
    // Where a group's name would start: above the first glyph.
    canvas.write(layout.labelWidth + 1, 'A–Z', { dim: true });
    return canvas.line();
  }
  let i = 0;
  while (i < slots.length) {
    const first = slots[i] as ColumnSlot;
    const group = x.view.cols[first.index]?.group ?? '';
    let j = i;
    while (j + 1 < slots.length && x.view.cols[(slots[j + 1] as ColumnSlot).index]?.group === group) j++;
    const last = slots[j] as ColumnSlot;
    const span = last.x + 3 - (first.x + 1);
    // The name may run past a narrow group, up to the next group's name.
    const room = (slots[j + 1] ? (slots[j + 1] as ColumnSlot).x : layout.width) - (first.x + 1);
    const label = `${group} `.slice(0, Math.max(span, room));
    canvas.write(first.x + 1, label + '─'.repeat(Math.max(0, span - label.length)), { color: 'blue', bold: true });
    i = j + 1;
  }
  return canvas.line();
}

function cellSegments(x: MatrixScreenInput, row: PrincipalRow, col: ActionColumn, focused: boolean): Segment[] {
  const cell = x.matrix.cell(row.id, col.name);
  if (!cell) return [{ text: '   ' }];
  const r = restrictCell(cell, x.state.context, x.choices);
  const diff = x.diff?.get(cellKey(row.id, col.name));
  const inverse = focused ? { inverse: true } : {};
  // Under a decision filter, the cells it does not match are drawn faint.
  const hit = x.view.query.decisions.length === 0 || x.view.matches(row, col);
  // The focused cell is inverse and bracketed (visible without colours too), a changed one with its
  // brackets in the colour of its mark (the mark itself is in the status line); unfocused, a diff
  // mark takes the left place. An incomplete cell's mark comes first on the right, since its outcome
  // is not known for every request.
  const left: Segment = focused
    ? diff
      ? { text: '[', color: 'black', backgroundColor: DIFF_MARK_COLOR[diff.mark], bold: true }
      : { text: '[', ...inverse }
    : diff
      ? { text: diff.mark, color: 'black', backgroundColor: DIFF_MARK_COLOR[diff.mark], bold: true }
      : { text: ' ' };
  const right: Segment = !cell.complete
    ? { text: INCOMPLETE_MARK, color: INCOMPLETE_COLOR, bold: true, ...inverse }
    : r.changed
      ? { text: CONTEXT_MARK, color: 'yellow', bold: true, ...inverse }
      : focused && diff
        ? { text: ']', color: 'black', backgroundColor: DIFF_MARK_COLOR[diff.mark], bold: true }
        : { text: focused ? ']' : ' ', ...inverse };
  return [
    left,
    hit
      ? { text: GLYPH[r.outcome], color: OUTCOME_COLOR[r.outcome], ...(r.outcome === 'ImplicitDeny' ? { dim: true } : { bold: true }), ...inverse }
      : { text: GLYPH[r.outcome], dim: true, ...inverse },
    right,
  ];
}

function bodyLine(x: MatrixScreenInput, layout: MatrixLayout, row: PrincipalRow, focused: boolean, focusCol: number, slots: readonly ColumnSlot[]): Line {
  const segs: Segment[] = [
    { text: focused ? '›' : ' ', color: 'cyan', bold: true },
    { text: fit(middleLabel(row.label, layout.labelWidth - 2), layout.labelWidth - 2), ...(focused ? { bold: true, color: 'cyan' } : {}) },
    { text: ' ' },
  ];
  let x0 = layout.labelWidth;
  for (const slot of slots) {
    const col = x.view.cols[slot.index];
    if (!col) continue;
    const gap = slot.x - x0;
    if (gap > 0) segs.push({ text: slot.separator ? `${' '.repeat(gap - 1)}│` : ' '.repeat(gap), dim: true });
    segs.push(...cellSegments(x, row, col, focused && slot.index === focusCol));
    x0 = slot.x + 3;
  }
  return segs;
}

function legendLine(x: MatrixScreenInput): Line {
  const segs: Segment[] = [];
  // One space between entries when marks are explained too, so the line fits 80 columns.
  const gap = x.diff || Object.keys(x.state.context).length > 0 ? ' ' : '  ';
  for (const o of ['Allow', 'ExplicitDeny', 'ImplicitDeny', 'Conditional'] as const) {
    segs.push({ text: GLYPH[o], color: OUTCOME_COLOR[o], bold: o !== 'ImplicitDeny' }, { text: ` ${OUTCOME_TEXT[o]}${gap}`, dim: true });
  }
  if (Object.keys(x.state.context).length > 0) segs.push({ text: CONTEXT_MARK, color: 'yellow', bold: true }, { text: ` differs from any${gap}`, dim: true });
  if (x.matrix.cells.some((c) => !c.complete))
    segs.push({ text: INCOMPLETE_MARK, color: INCOMPLETE_COLOR, bold: true }, { text: ` incomplete${gap}`, dim: true });
  if (x.diff) {
    for (const [mark, text] of [
      ['+', 'gained'],
      ['-', 'lost'],
      ['~', 'changed'],
    ] as const) {
      segs.push({ text: mark, color: 'black', backgroundColor: DIFF_MARK_COLOR[mark], bold: true }, { text: ` ${text} `, dim: true });
    }
  }
  return segs;
}

function statusLines(x: MatrixScreenInput, row: PrincipalRow | undefined, col: ActionColumn | undefined): Line[] {
  if (!row || !col) {
    const search = x.state.panel.kind === 'filter' ? x.state.panel.draft.trim() : x.state.filter;
    const why = x.view.matched === 'none' ? `no cell matches "${search}" (Esc clears the filter)` : 'nothing to show';
    return [[{ text: why, color: 'yellow' }], []];
  }
  const who = row.description.startsWith(row.arn) ? row.description : `${row.arn} — ${row.description}`;
  const first: Line = [{ text: row.label, bold: true, color: 'cyan' }, { text: `  ${who}` }];
  const cell = x.matrix.cell(row.id, col.name);
  if (!cell) return [first, [{ text: col.name, bold: true }]];
  const r = restrictCell(cell, x.state.context, x.choices);
  const second: Segment[] = [{ text: col.name, bold: true }, { text: ': ' }];
  if (r.restricted) {
    second.push({ text: `${OUTCOME_TEXT[r.outcome]} under the context`, color: OUTCOME_COLOR[r.outcome], bold: true }, { text: ` (any: ${cell.summary})` });
  } else {
    second.push({ text: cell.summary, color: OUTCOME_COLOR[cell.outcome] });
  }
  const diff = x.diff?.get(cellKey(row.id, col.name));
  if (diff) {
    const e = diff.entries[0];
    second.push({ text: '  ' }, { text: diff.mark, color: 'black', backgroundColor: DIFF_MARK_COLOR[diff.mark], bold: true });
    // In the words of `kmsim diff` and the explanation: "lost allow → implicit deny".
    if (e)
      second.push({
        text: ` ${e.change} ${DECISION_TEXT[e.before]} → ${DECISION_TEXT[e.after]}${diff.entries.length > 1 ? ` (+${diff.entries.length - 1} more)` : ''}`,
      });
  }
  const unfinished = incompleteReason(cell);
  if (unfinished) second.push({ text: '  ' }, { text: `${INCOMPLETE_MARK} incomplete: ${unfinished}`, color: INCOMPLETE_COLOR, bold: true });
  return [first, second];
}

function hintLine(x: MatrixScreenInput): Line {
  const p = x.state.panel;
  if (p.kind === 'filter') {
    return [{ text: '/', color: 'cyan', bold: true }, { text: p.draft }, { text: ' ', inverse: true }, { text: `   ${SEARCH_HINT}`, dim: true }];
  }
  if (x.state.note) return [{ text: x.state.note, color: 'yellow' }];
  return [{ text: x.diff ? DIFF_HINTS : HINTS, dim: true }];
}

/**
 * Row lines drawn for a view (the view changes with the search, the column order, the context and
 * the changes-only switch) at one horizontal scroll and width: a move draws only the rows whose
 * focus changed, and hands back the very same Line objects for the others, so the components
 * printing them (memoised on the line) do not render again.
 */
const ROWS = new WeakMap<MatrixSelection, { readonly at: string; readonly lines: Map<string, Line> }>();

function rowCache(view: MatrixSelection, at: string): Map<string, Line> {
  const cached = ROWS.get(view);
  if (cached && cached.at === at) return cached.lines;
  const lines = new Map<string, Line>();
  ROWS.set(view, { at, lines });
  return lines;
}

export function matrixScreen(x: MatrixScreenInput): MatrixScreen {
  const { view, state, size } = x;
  const layout = viewLayout(view, size);
  const groups = groupsOf(view.cols);
  const rowIndex = Math.max(
    0,
    view.rows.findIndex((r) => r.id === state.focusRow),
  );
  const colIndex = Math.max(
    0,
    view.cols.findIndex((c) => c.name === state.focusAction),
  );
  const top = fitOffset(state.top, rowIndex, layout.bodyRows, view.rows.length);
  const left = fitLeft(groups, state.left, colIndex, layout, state.grouped);
  const slots = columnSlots(groups, left, layout, state.grouped);
  const focus = { row: rowIndex, col: colIndex };
  if (layout.tooSmall) {
    return {
      lines: [
        plain('Terminal too small', { color: 'yellow', bold: true }),
        plain(`${size.columns}×${size.rows}, needs 40×12`, { color: 'yellow' }),
        plain('q quits', { dim: true }),
      ],
      layout,
      top,
      left,
      slots,
      focus,
    };
  }

  const headerLines = codeHeader(
    view.cols.map((c) => c.name),
    slots,
    layout,
    colIndex,
  );

  const cache = rowCache(view, `${left}|${layout.width}|${layout.labelWidth}`);
  const body: Line[] = view.rows.slice(top, top + layout.bodyRows).map((row, i) => {
    const focused = top + i === rowIndex;
    const key = focused ? `${row.id}\n${colIndex}` : row.id;
    let line = cache.get(key);
    if (!line) {
      line = bodyLine(x, layout, row, focused, colIndex, slots);
      cache.set(key, line);
    }
    return line;
  });
  while (body.length < Math.min(layout.bodyRows, Math.max(1, view.rows.length))) body.push([]);

  const lines: Line[] = [
    titleLine(x, layout, top, slots),
    groupLine(x, layout, slots),
    ...headerLines,
    ...body,
    legendLine(x),
    ...statusLines(x, view.rows[rowIndex], view.cols[colIndex]),
    hintLine(x),
  ];
  return { lines, layout, top, left, slots, focus };
}
