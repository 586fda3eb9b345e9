/**
 * The explorer's state and what each key does to it: a pure reducer, so every binding is tested
 * without a terminal. The hook (hooks/use-explorer.ts) feeds it Ink's key events.
 */
import type { ActionColumn, PrincipalRow } from '@kmsim/simulator';
import type { ContextSelection } from './restrict.js';
import type { ExplorerFinding } from './types.js';

export type Panel =
  | { readonly kind: 'matrix' }
  | { readonly kind: 'filter'; readonly draft: string }
  | { readonly kind: 'explain'; readonly scroll: number; readonly json?: boolean }
  | { readonly kind: 'context'; readonly index: number }
  | { readonly kind: 'findings'; readonly index: number }
  | { readonly kind: 'help'; readonly scroll: number };

export interface ExplorerState {
  readonly panel: Panel;
  /** The focused cell, by identity (row id and action name), so it survives filtering and regrouping. */
  readonly focusRow: string | undefined;
  readonly focusAction: string | undefined;
  /** First shown row and column. */
  readonly top: number;
  readonly left: number;
  readonly filter: string;
  readonly grouped: boolean;
  /** Diff mode: only the rows and columns holding a change. */
  readonly changesOnly: boolean;
  readonly context: ContextSelection;
  /** A one-line message for the key hints line, until the next key. */
  readonly note: string | undefined;
  readonly quit: boolean;
  /** Bumped by Ctrl+L: the screen is cleared and drawn again. */
  readonly redraw: number;
}

export const initialState: ExplorerState = {
  panel: { kind: 'matrix' },
  focusRow: undefined,
  focusAction: undefined,
  top: 0,
  left: 0,
  filter: '',
  grouped: true,
  changesOnly: false,
  context: {},
  note: undefined,
  quit: false,
  redraw: 0,
};

/** The key flags the reducer reads (a subset of Ink's `Key`). */
export interface KeyFlags {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly tab?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
}

/** One choice of the condition-context panel; `classId` undefined is "any". */
export interface ContextOption {
  readonly key: string;
  readonly keyLabel: string;
  readonly classId: string | undefined;
  readonly label: string;
}

export interface CellTarget {
  readonly principal: string;
  readonly action: string;
}

/** What the reducer needs from the current screen. */
export interface KeyEnv {
  /** The rows and columns shown (after the filter), in screen order. */
  readonly rows: readonly PrincipalRow[];
  readonly cols: readonly ActionColumn[];
  /** Every row and column, for jumps to a cell the filter hides. */
  readonly allRows: readonly PrincipalRow[];
  readonly allCols: readonly ActionColumn[];
  /** Rows per page (PgUp/PgDn). */
  readonly page: number;
  /** Scroll offsets that keep a focused index visible. */
  fitTop(top: number, focus: number): number;
  fitLeft(left: number, focus: number): number;
  /** Lines of the text panel shown (explanation, help) and how many fit. */
  readonly panelLines: number;
  readonly panelPage: number;
  readonly contextOptions: readonly ContextOption[];
  readonly findings: readonly ExplorerFinding[];
  /** The next cell of the shown rows and columns that matches the search (`direction` -1: the previous one). */
  nextMatch(from: { readonly row: number; readonly col: number }, direction: 1 | -1, inclusive?: boolean): { row: number; col: number } | undefined;
  /** Diff mode (`d`, `]`, `[` work only there). */
  readonly diff: boolean;
  /** The next changed cell of the view (gained first, then changed, then lost), or the previous one. */
  nextChange(from: { readonly row: number; readonly col: number }, direction: 1 | -1): { row: number; col: number } | undefined;
  /** The first cell a finding involves, if the matrix has it. */
  target(finding: ExplorerFinding): CellTarget | undefined;
}

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

/** The focused indices in the shown rows and columns (the first when the focus is hidden). */
export function focusIndex(state: ExplorerState, env: Pick<KeyEnv, 'rows' | 'cols'>): { row: number; col: number } {
  const row = env.rows.findIndex((r) => r.id === state.focusRow);
  const col = env.cols.findIndex((c) => c.name === state.focusAction);
  return { row: Math.max(0, row), col: Math.max(0, col) };
}

function moveTo(state: ExplorerState, env: KeyEnv, row: number, col: number): ExplorerState {
  if (env.rows.length === 0 || env.cols.length === 0) return state;
  const r = clamp(row, 0, env.rows.length - 1);
  const c = clamp(col, 0, env.cols.length - 1);
  return {
    ...state,
    focusRow: env.rows[r]?.id,
    focusAction: env.cols[c]?.name,
    top: env.fitTop(state.top, r),
    left: env.fitLeft(state.left, c),
  };
}

function scrollBy(scroll: number, delta: number, env: KeyEnv): number {
  return clamp(scroll + delta, 0, Math.max(0, env.panelLines - env.panelPage));
}

/** Scrolling keys of a text panel: the new offset, or undefined when the key is not one. */
function scrollKey(scroll: number, input: string, key: KeyFlags, env: KeyEnv): number | undefined {
  if (key.upArrow || input === 'k') return scrollBy(scroll, -1, env);
  if (key.downArrow || input === 'j') return scrollBy(scroll, 1, env);
  if (key.pageUp) return scrollBy(scroll, -env.panelPage, env);
  if (key.pageDown || input === ' ') return scrollBy(scroll, env.panelPage, env);
  if (key.home) return 0;
  if (key.end) return scrollBy(0, env.panelLines, env);
  return undefined;
}

/** Moves through a list of `count` items: the new index, or undefined when the key is not one. */
function listKey(index: number, count: number, page: number, input: string, key: KeyFlags): number | undefined {
  const last = Math.max(0, count - 1);
  if (key.upArrow || input === 'k') return clamp(index - 1, 0, last);
  if (key.downArrow || input === 'j') return clamp(index + 1, 0, last);
  if (key.pageUp) return clamp(index - page, 0, last);
  if (key.pageDown) return clamp(index + page, 0, last);
  if (key.home) return 0;
  if (key.end) return last;
  return undefined;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what typed input must not contain
const PRINTABLE = /^[^\u0000-\u001F\u007F]+$/;

function matrixKey(state: ExplorerState, input: string, key: KeyFlags, env: KeyEnv): ExplorerState {
  const { row, col } = focusIndex(state, env);
  if (key.upArrow || input === 'k') return moveTo(state, env, row - 1, col);
  if (key.downArrow || input === 'j') return moveTo(state, env, row + 1, col);
  if (key.leftArrow || input === 'h') return moveTo(state, env, row, col - 1);
  if (key.rightArrow || input === 'l') return moveTo(state, env, row, col + 1);
  if (key.pageUp) return moveTo(state, env, row - env.page, col);
  if (key.pageDown) return moveTo(state, env, row + env.page, col);
  if (key.home) return moveTo(state, env, row, 0);
  if (key.end) return moveTo(state, env, row, env.cols.length - 1);
  if (key.return) {
    if (env.rows.length === 0 || env.cols.length === 0) return { ...state, note: 'nothing to explain: no cell is shown' };
    return { ...moveTo(state, env, row, col), panel: { kind: 'explain', scroll: 0 } };
  }
  if (input === '/') return { ...state, panel: { kind: 'filter', draft: state.filter ? `${state.filter} ` : '' } };
  if (key.escape) return state.filter ? { ...state, filter: '', note: 'filter cleared' } : state;
  if (input === 'n' || input === 'N') {
    if (!state.filter) return { ...state, note: 'no search: / to search, then n and N go from match to match' };
    const next = env.nextMatch({ row, col }, input === 'n' ? 1 : -1);
    return next ? moveTo(state, env, next.row, next.col) : { ...state, note: 'no cell matches the search' };
  }
  if (input === 'd' || input === ']' || input === '[') {
    if (!env.diff) return { ...state, note: 'd, ] and [ are for diff mode: kmsim BEFORE AFTER' };
    if (input === 'd') return { ...state, changesOnly: !state.changesOnly, note: state.changesOnly ? 'every row and column' : 'changes only' };
    const next = env.nextChange({ row, col }, input === ']' ? 1 : -1);
    return next ? moveTo(state, env, next.row, next.col) : { ...state, note: 'no change in this view' };
  }
  if (input === 'g') return { ...state, grouped: !state.grouped, left: 0, note: state.grouped ? 'columns A–Z' : 'columns grouped: admin, crypto, grants' };
  if (input === 'c') {
    if (env.contextOptions.length === 0) return { ...state, note: 'no condition key is varied anywhere in this matrix' };
    const first = env.contextOptions[0]?.key;
    const chosen = first !== undefined ? state.context[first] : undefined;
    const index = Math.max(
      0,
      env.contextOptions.findIndex((o) => o.key === first && o.classId === chosen),
    );
    return { ...state, panel: { kind: 'context', index } };
  }
  if (input === 'x') return Object.keys(state.context).length > 0 ? { ...state, context: {}, note: 'condition context: any' } : state;
  if (input === 'f') return { ...state, panel: { kind: 'findings', index: 0 } };
  if (input === '?') return { ...state, panel: { kind: 'help', scroll: 0 } };
  return state;
}

/** The search prompt: the view follows the draft as it is typed; Enter keeps it, Esc clears the search. */
function filterKey(state: ExplorerState, draft: string, input: string, key: KeyFlags, env: KeyEnv): ExplorerState {
  if (key.escape) return { ...state, filter: '', panel: { kind: 'matrix' }, ...(state.filter ? { note: 'filter cleared' } : {}) };
  if (key.return) {
    // The focus goes to the first match from where it is (it stays when it is on one).
    const kept = { ...state, filter: draft.trim(), panel: { kind: 'matrix' } as const };
    const match = env.nextMatch(focusIndex(state, env), 1, true);
    return match ? moveTo(kept, env, match.row, match.col) : kept;
  }
  if (key.backspace || key.delete) return { ...state, panel: { kind: 'filter', draft: [...draft].slice(0, -1).join('') } };
  if (key.ctrl && input === 'u') return { ...state, panel: { kind: 'filter', draft: '' } };
  if (!key.ctrl && !key.meta && input && PRINTABLE.test(input)) return { ...state, panel: { kind: 'filter', draft: draft + input } };
  return state;
}

function contextKey(state: ExplorerState, index: number, input: string, key: KeyFlags, env: KeyEnv): ExplorerState {
  if (key.escape || input === 'c') return { ...state, panel: { kind: 'matrix' } };
  const moved = listKey(index, env.contextOptions.length, env.panelPage, input, key);
  if (moved !== undefined) return { ...state, panel: { kind: 'context', index: moved } };
  if (input === 'x') return { ...state, context: {}, note: 'condition context: any' };
  // Enter (or Space) sets the chosen class and stays, so several keys are set in one visit; Esc closes.
  if (key.return || input === ' ') {
    const option = env.contextOptions[index];
    if (!option) return state;
    const context: Record<string, string> = { ...state.context };
    if (option.classId === undefined) delete context[option.key];
    else context[option.key] = option.classId;
    return { ...state, context, note: `${option.keyLabel} = ${option.label}` };
  }
  return state;
}

function findingsKey(state: ExplorerState, index: number, input: string, key: KeyFlags, env: KeyEnv): ExplorerState {
  if (key.escape || input === 'f') return { ...state, panel: { kind: 'matrix' } };
  const moved = listKey(index, env.findings.length, env.panelPage, input, key);
  if (moved !== undefined) return { ...state, panel: { kind: 'findings', index: moved } };
  if (key.return) {
    const finding = env.findings[index];
    const target = finding ? env.target(finding) : undefined;
    if (!target) return { ...state, note: finding ? 'this finding names no cell of the matrix' : 'no findings' };
    const shown = env.rows.some((r) => r.id === target.principal) && env.cols.some((c) => c.name === target.action);
    return {
      ...state,
      panel: { kind: 'matrix' },
      focusRow: target.principal,
      focusAction: target.action,
      ...(shown ? {} : { filter: '', top: 0, left: 0 }),
      note: `${finding?.title ?? ''}`,
    };
  }
  return state;
}

/** The state after one key press. */
export function reduceKey(state: ExplorerState, input: string, key: KeyFlags, env: KeyEnv): ExplorerState {
  const s = state.note === undefined ? state : { ...state, note: undefined };
  if (key.ctrl && input === 'c') return { ...s, quit: true };
  // A Ctrl+letter is never the letter: Ctrl+L redraws, Ctrl+U clears the search being typed, the
  // others do nothing.
  if (key.ctrl && input === 'l') return { ...s, redraw: s.redraw + 1 };
  if (key.ctrl && !(s.panel.kind === 'filter' && input === 'u')) return s;
  const panel = s.panel;
  if (panel.kind === 'filter') return filterKey(s, panel.draft, input, key, env);
  if (input === 'q') return { ...s, quit: true };
  switch (panel.kind) {
    case 'matrix':
      return matrixKey(s, input, key, env);
    case 'explain': {
      if (key.escape || key.backspace || key.delete) return { ...s, panel: { kind: 'matrix' } };
      if (input === 's') return { ...s, panel: { ...panel, json: !panel.json } };
      const scroll = scrollKey(panel.scroll, input, key, env);
      return scroll === undefined ? s : { ...s, panel: { ...panel, scroll } };
    }
    case 'help': {
      if (key.escape || input === '?') return { ...s, panel: { kind: 'matrix' } };
      const scroll = scrollKey(panel.scroll, input, key, env);
      return scroll === undefined ? s : { ...s, panel: { kind: 'help', scroll } };
    }
    case 'context':
      return contextKey(s, panel.index, input, key, env);
    case 'findings':
      return findingsKey(s, panel.index, input, key, env);
  }
}
