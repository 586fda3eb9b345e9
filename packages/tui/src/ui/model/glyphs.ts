/** One glyph and colour per cell outcome, and the marks drawn beside it. */
import type { CellOutcome, ChangeKind } from '@kmsim/simulator';

export const GLYPH: Readonly<Record<CellOutcome, string>> = {
  Allow: '✓',
  ExplicitDeny: '✗',
  ImplicitDeny: '·',
  Conditional: '?',
};

export const OUTCOME_COLOR: Readonly<Record<CellOutcome, string>> = {
  Allow: 'green',
  ExplicitDeny: 'red',
  ImplicitDeny: 'gray',
  Conditional: 'yellow',
};

export const OUTCOME_TEXT: Readonly<Record<CellOutcome, string>> = {
  Allow: 'allow',
  ExplicitDeny: 'explicit deny',
  ImplicitDeny: 'implicit deny',
  Conditional: 'conditional',
};

/** A cell's diff mark: `+` gained, `-` lost, `~` changed (or both gained and lost somewhere in its condition space). */
export type DiffMark = '+' | '-' | '~';

export const DIFF_MARK_COLOR: Readonly<Record<DiffMark, string>> = { '+': 'green', '-': 'red', '~': 'yellow' };

/** The mark of a cell whose outcome under the chosen condition context differs from "any". */
export const CONTEXT_MARK = '*';

/** The mark of a cell the simulator could not finish (`complete: false`): it takes the place of the context mark. */
export const INCOMPLETE_MARK = '!';
export const INCOMPLETE_COLOR = 'red';

export function diffMarkOf(changes: readonly ChangeKind[]): DiffMark | undefined {
  if (changes.length === 0) return undefined;
  const kinds = new Set(changes);
  if (kinds.size === 1 && kinds.has('gained')) return '+';
  if (kinds.size === 1 && kinds.has('lost')) return '-';
  return '~';
}

/** `kms:Decrypt` → `Decrypt`: columns drop the service prefix. */
export function shortAction(name: string): string {
  return name.toLowerCase().startsWith('kms:') ? name.slice(4) : name;
}
