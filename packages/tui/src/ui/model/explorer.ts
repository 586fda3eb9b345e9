/**
 * Everything the explorer derives from its data for one state and terminal size: the lines to
 * print and the environment the key reducer needs. Memoised per data set; pure otherwise.
 */
import type { Policy } from '@kmsim/core';
import { LruCache } from '@kmsim/core/internal';
import { prepare, type ActionColumn, type PrincipalRow } from '@kmsim/simulator';
import { cellKey, diffMarks, type CellDiff } from './diff-marks.js';
import { explanationLines } from './explanation.js';
import { findingChanges } from './finding-changes.js';
import type { DiffMark } from './glyphs.js';
import { findingTarget } from './findings.js';
import { fitLeft, fitOffset, type TerminalSize } from './layout.js';
import { contextLines, contextOptions, findingsLines, helpLines, listScroll, panelPage, panelScreen } from './panels.js';
import { conditionKeys, restrictCell, type ConditionKeyChoices } from './restrict.js';
import { nextMatch } from './search.js';
import { groupsOf, matrixScreen, viewLayout } from './screen.js';
import type { ContextOption, ExplorerState, KeyEnv } from './state.js';
import { wrapLines } from './text.js';
import type { ExplorerData, Line } from './types.js';
import { selectView, type CellFactsOf, type MatrixSelection } from './view.js';

export interface ExplorerFrame {
  readonly lines: readonly Line[];
  readonly env: KeyEnv;
}

export interface ExplorerModel {
  frame(state: ExplorerState, size: TerminalSize): ExplorerFrame;
}

/** What the view is filtered by: the draft while it is typed (a live preview), else the search kept. */
export const searchText = (state: ExplorerState): string => (state.panel.kind === 'filter' ? state.panel.draft : state.filter);

/** Where `]` goes first: gained access, then other changes, then lost access. */
const CHANGE_RANK: Readonly<Record<DiffMark, number>> = { '+': 0, '~': 1, '-': 2 };

const BACK = 'Esc back · ↑↓ PgUp PgDn Home End scroll · q quit';
const EXPLAIN_BACK = 'Esc back · ↑↓ PgUp PgDn scroll · s statement JSON · q quit';

export function createExplorerModel(data: ExplorerData): ExplorerModel {
  const { matrix } = data;
  const keyPolicy: Policy = prepare(data.input).keyPolicy;
  const choices: readonly ConditionKeyChoices[] = conditionKeys(matrix);
  const options: readonly ContextOption[] = contextOptions(choices);
  const rowLabels = new Map(matrix.principals.map((p) => [p.id, p.label] as const));
  const labelOf = (id: string): string | undefined => rowLabels.get(id);
  const marks: ReadonlyMap<string, CellDiff> | undefined = data.diff ? diffMarks(data.diff.entries) : undefined;
  const changes = data.diff?.findingsBefore ? findingChanges(data.diff.findingsBefore, data.findings) : undefined;
  const explanations = new LruCache<string, Line[]>(64);
  let last: { state: ExplorerState; size: TerminalSize; frame: ExplorerFrame } | undefined;

  const explanation = (principal: string, action: string, state: ExplorerState, json: boolean): Line[] => {
    const key = `${principal}\n${action}\n${JSON.stringify(state.context)}\n${json}`;
    let lines = explanations.get(key);
    if (!lines) {
      const diff = marks?.get(`${principal}\n${action.toLowerCase()}`);
      lines = explanationLines({ matrix, keyPolicy, principal, action, context: state.context, choices, json, ...(diff ? { diff } : {}) });
      explanations.set(key, lines);
    }
    return lines;
  };

  const facts =
    (context: ExplorerState['context']): CellFactsOf =>
    (row, col) => {
      const cell = matrix.cell(row.id, col.name);
      if (!cell) return undefined;
      const r = restrictCell(cell, context, choices);
      return { outcome: r.outcome, changed: r.changed || (marks?.has(cellKey(row.id, col.name)) ?? false), incomplete: !cell.complete };
    };
  // The view changes only with the search, the column order and the context: moves reuse it.
  let lastView: { text: string; grouped: boolean; changesOnly: boolean; context: ExplorerState['context']; view: MatrixSelection } | undefined;
  const viewOf = (state: ExplorerState): MatrixSelection => {
    const text = searchText(state);
    const { grouped, context } = state;
    const changesOnly = state.changesOnly && marks !== undefined;
    const l = lastView;
    if (l && l.text === text && l.grouped === grouped && l.changesOnly === changesOnly && l.context === context) return l.view;
    const selected = selectView(matrix, text, grouped, facts(context));
    const view = changesOnly ? onlyChanges(selected) : selected;
    lastView = { text, grouped, changesOnly, context, view };
    return view;
  };
  const changed = (row: PrincipalRow, col: ActionColumn): boolean => marks?.has(cellKey(row.id, col.name)) ?? false;
  /** The rows and columns of a view that hold a changed cell. */
  const onlyChanges = (view: MatrixSelection): MatrixSelection => {
    const rows = view.rows.filter((r) => view.cols.some((c) => changed(r, c)));
    const cols = view.cols.filter((c) => rows.some((r) => changed(r, c)));
    return rows.length > 0 && cols.length > 0 ? { ...view, rows, cols } : { ...view, rows: [], cols: [], matched: 'none' };
  };
  /** The changed cells of a view in the order `]` visits them: gained, then changed, then lost; by row, then column. */
  const changeOrder = (view: MatrixSelection): { row: number; col: number }[] => {
    const cells: { row: number; col: number; rank: number }[] = [];
    for (const [i, r] of view.rows.entries()) {
      for (const [j, c] of view.cols.entries()) {
        const mark = marks?.get(cellKey(r.id, c.name))?.mark;
        if (mark) cells.push({ row: i, col: j, rank: CHANGE_RANK[mark] });
      }
    }
    return cells.sort((a, b) => a.rank - b.rank || a.row - b.row || a.col - b.col).map(({ row, col }) => ({ row, col }));
  };

  const compute = (state: ExplorerState, size: TerminalSize): ExplorerFrame => {
    const view = viewOf(state);
    const layout = viewLayout(view, size);
    const groups = groupsOf(view.cols);
    const width = Math.max(20, size.columns);
    const page = panelPage(size);
    const envBase = {
      rows: view.rows,
      cols: view.cols,
      allRows: matrix.principals,
      allCols: matrix.actions,
      page: layout.bodyRows,
      fitTop: (top: number, focus: number) => fitOffset(top, focus, layout.bodyRows, view.rows.length),
      fitLeft: (left: number, focus: number) => fitLeft(groups, left, focus, layout, state.grouped),
      panelPage: page,
      contextOptions: options,
      findings: data.findings,
      nextMatch: (from: { row: number; col: number }, direction: 1 | -1, inclusive?: boolean) =>
        nextMatch(
          view.rows.length,
          view.cols.length,
          from,
          direction,
          (r, c) => {
            const row = view.rows[r];
            const col = view.cols[c];
            return row !== undefined && col !== undefined && view.matches(row, col);
          },
          inclusive,
        ),
      diff: marks !== undefined,
      nextChange: (from: { row: number; col: number }, direction: 1 | -1) => {
        const order = changeOrder(view);
        if (order.length === 0) return undefined;
        const at = order.findIndex((c) => c.row === from.row && c.col === from.col);
        const next = at < 0 ? (direction === 1 ? 0 : order.length - 1) : (at + direction + order.length) % order.length;
        return order[next];
      },
      target: (f: Parameters<KeyEnv['target']>[0]) => findingTarget(f, matrix.principals, matrix.actions),
    };
    const panel = state.panel;
    switch (panel.kind) {
      case 'explain': {
        const row = view.rows.find((r) => r.id === state.focusRow) ?? view.rows[0];
        const col = view.cols.find((c) => c.name === state.focusAction) ?? view.cols[0];
        const body = row && col ? wrapLines(explanation(row.id, col.name, state, panel.json === true), width) : [];
        const screen = panelScreen(row && col ? `${row.label} × ${col.name}` : 'explanation', body, panel.scroll, size, EXPLAIN_BACK);
        return { lines: screen.lines, env: { ...envBase, panelLines: screen.total } };
      }
      case 'help': {
        const screen = panelScreen(
          'kmsim explorer — keys',
          helpLines(
            width,
            view.cols.map((c) => c.name),
          ),
          panel.scroll,
          size,
          BACK,
        );
        return { lines: screen.lines, env: { ...envBase, panelLines: screen.total } };
      }
      case 'context': {
        const { lines, selectedLine } = contextLines(options, state.context, panel.index, width);
        const screen = panelScreen(
          'Condition context',
          lines,
          listScroll(selectedLine, size),
          size,
          '↑↓ choose · Enter set (stays open) · x all "any" · Esc done',
        );
        return { lines: screen.lines, env: { ...envBase, panelLines: screen.total } };
      }
      case 'findings': {
        const { lines, selectedLine } = findingsLines(data.findings, data.warnings, panel.index, width, labelOf, changes);
        const screen = panelScreen(
          `Findings (${data.findings.length})`,
          lines,
          listScroll(selectedLine, size),
          size,
          '↑↓ choose · Enter go to the cell · Esc back',
        );
        return { lines: screen.lines, env: { ...envBase, panelLines: screen.total } };
      }
      case 'matrix':
      case 'filter': {
        const screen = matrixScreen({
          matrix,
          view,
          state,
          size,
          source: data.source,
          choices,
          ...(marks ? { diff: marks } : {}),
          ...(data.diff ? { diffTotals: data.diff } : {}),
          findings: data.findings.length,
          ...(data.findings[0] ? { topSeverity: data.findings[0].severity } : {}),
          warnings: data.warnings.length,
        });
        return { lines: screen.lines, env: { ...envBase, panelLines: 0 } };
      }
    }
  };

  return {
    frame(state, size) {
      if (last && last.state === state && last.size.columns === size.columns && last.size.rows === size.rows) return last.frame;
      const frame = compute(state, size);
      last = { state, size, frame };
      return frame;
    },
  };
}
