/**
 * The search (`/`) as k9s has it: words, each matching principals (label, ARN) or actions, combined
 * (`role/App Decrypt`: that principal's Decrypt cell), and decision filters that start with `:`
 * (`:allow`, `:deny`, `:cond`, `:changed` …); cells of the view that match are what `n`/`N` visit.
 */
import type { CellOutcome } from '@kmsim/simulator';

export type DecisionFilter = 'allow' | 'deny' | 'explicit' | 'implicit' | 'cond' | 'changed' | 'incomplete';

/** The words of a decision filter (after the colon), and what each keeps. */
export const DECISION_FILTERS: readonly { readonly words: readonly string[]; readonly filter: DecisionFilter; readonly keeps: string }[] = [
  { words: ['allow', 'a'], filter: 'allow', keeps: 'allowed cells' },
  { words: ['deny', 'd'], filter: 'deny', keeps: 'denied cells, explicitly or implicitly' },
  { words: ['explicit', 'x'], filter: 'explicit', keeps: 'explicitly denied cells' },
  { words: ['implicit', 'i'], filter: 'implicit', keeps: 'implicitly denied cells' },
  { words: ['cond', 'c', 'conditional'], filter: 'cond', keeps: 'conditional cells (the outcome depends on the request)' },
  { words: ['changed', 'ch', 'diff'], filter: 'changed', keeps: 'cells marked + - ~ in a diff (or * under a condition context)' },
  { words: ['incomplete', 'inc'], filter: 'incomplete', keeps: 'cells the simulator could not finish' },
];

export interface SearchQuery {
  /** Words matched against principals and actions. */
  readonly terms: readonly string[];
  /** Decision filters (a cell matches when it matches any of them). */
  readonly decisions: readonly DecisionFilter[];
}

export function parseSearch(text: string): SearchQuery {
  const terms: string[] = [];
  const decisions: DecisionFilter[] = [];
  for (const word of text.trim().split(/\s+/)) {
    if (word === '') continue;
    if (!word.startsWith(':')) {
      terms.push(word);
      continue;
    }
    const name = word.slice(1).toLowerCase();
    if (name === '') continue;
    const f = DECISION_FILTERS.find((d) => d.words.includes(name))?.filter;
    // Any other word after a colon is text (`:root` matches the ARNs ending in it).
    if (f === undefined) terms.push(word);
    else if (!decisions.includes(f)) decisions.push(f);
  }
  return { terms, decisions };
}

/** What a decision filter looks at in one cell: its shown outcome and its marks. */
export interface CellFacts {
  readonly outcome: CellOutcome;
  /** A diff mark, or a context mark. */
  readonly changed: boolean;
  readonly incomplete: boolean;
}

export function decisionMatches(filter: DecisionFilter, cell: CellFacts): boolean {
  switch (filter) {
    case 'allow':
      return cell.outcome === 'Allow';
    case 'deny':
      return cell.outcome === 'ExplicitDeny' || cell.outcome === 'ImplicitDeny';
    case 'explicit':
      return cell.outcome === 'ExplicitDeny';
    case 'implicit':
      return cell.outcome === 'ImplicitDeny';
    case 'cond':
      return cell.outcome === 'Conditional';
    case 'changed':
      return cell.changed;
    case 'incomplete':
      return cell.incomplete;
  }
}

/**
 * The next matching cell after (row, col) in reading order (`direction` -1: before), wrapping
 * around; with `inclusive`, (row, col) itself when it matches.
 */
export function nextMatch(
  rows: number,
  cols: number,
  from: { readonly row: number; readonly col: number },
  direction: 1 | -1,
  matches: (row: number, col: number) => boolean,
  inclusive = false,
): { row: number; col: number } | undefined {
  const total = rows * cols;
  if (total === 0) return undefined;
  const start = from.row * cols + from.col;
  for (let step = inclusive ? 0 : 1; step <= total; step++) {
    const i = (((start + direction * step) % total) + total) % total;
    const row = Math.floor(i / cols);
    const col = i % cols;
    if (matches(row, col)) return { row, col };
  }
  return undefined;
}
