/**
 * Everything the explorer derives from its data for one state and terminal size: the lines to
 * print and the environment the key reducer needs. Memoised per data set; pure otherwise.
 */
import type { Policy } from '@kmsim/core';
import { LruCache } from '@kmsim/core/internal';
import { prepare } from '@kmsim/simulator';
import { cellKey, diffMarks, type CellDiff } from './diff-marks.js';
import { explanationLines } from './explanation.js';
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

const BACK = 'Esc back · ↑↓ PgUp PgDn Home End scroll · q quit';

export function createExplorerModel(data: ExplorerData): ExplorerModel {
  const { matrix } = data;
  const keyPolicy: Policy = prepare(data.input).keyPolicy;
  const choices: readonly ConditionKeyChoices[] = conditionKeys(matrix);
  const options: readonly ContextOption[] = contextOptions(choices);
  const rowLabels = new Map(matrix.principals.map((p) => [p.id, p.label] as const));
  const labelOf = (id: string): string | undefined => rowLabels.get(id);
  const marks: ReadonlyMap<string, CellDiff> | undefined = data.diff ? diffMarks(data.diff.entries) : undefined;
  const explanations = new LruCache<string, Line[]>(64);
  let last: { state: ExplorerState; size: TerminalSize; frame: ExplorerFrame } | undefined;

  const explanation = (principal: string, action: string, state: ExplorerState): Line[] => {
    const key = `${principal}\n${action}\n${JSON.stringify(state.context)}`;
    let lines = explanations.get(key);
    if (!lines) {
      const diff = marks?.get(`${principal}\n${action.toLowerCase()}`);
      lines = explanationLines({ matrix, keyPolicy, principal, action, context: state.context, choices, ...(diff ? { diff } : {}) });
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
  let lastView: { text: string; grouped: boolean; context: ExplorerState['context']; view: MatrixSelection } | undefined;
  const viewOf = (text: string, grouped: boolean, context: ExplorerState['context']): MatrixSelection => {
    if (lastView && lastView.text === text && lastView.grouped === grouped && lastView.context === context) return lastView.view;
    const view = selectView(matrix, text, grouped, facts(context));
    lastView = { text, grouped, context, view };
    return view;
  };

  const compute = (state: ExplorerState, size: TerminalSize): ExplorerFrame => {
    const view = viewOf(searchText(state), state.grouped, state.context);
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
      target: (f: Parameters<KeyEnv['target']>[0]) => findingTarget(f, matrix.principals, matrix.actions),
    };
    const panel = state.panel;
    switch (panel.kind) {
      case 'explain': {
        const row = view.rows.find((r) => r.id === state.focusRow) ?? view.rows[0];
        const col = view.cols.find((c) => c.name === state.focusAction) ?? view.cols[0];
        const body = row && col ? wrapLines(explanation(row.id, col.name, state), width) : [];
        const screen = panelScreen(row && col ? `${row.label} × ${col.name}` : 'explanation', body, panel.scroll, size, BACK);
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
        const screen = panelScreen('Condition context', lines, listScroll(selectedLine, size), size, '↑↓ choose · Enter apply · x all "any" · Esc back');
        return { lines: screen.lines, env: { ...envBase, panelLines: screen.total } };
      }
      case 'findings': {
        const { lines, selectedLine } = findingsLines(data.findings, data.warnings, panel.index, width, labelOf);
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
