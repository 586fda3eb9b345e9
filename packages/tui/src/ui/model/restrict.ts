/**
 * The condition-space context: pick one value class per condition key ("any" = no choice) and see
 * each cell's outcome restricted to the evaluated points that fall in the chosen classes.
 *
 * Classes are cut per cell, so a key can have different classes in different cells. A choice is
 * matched in a cell by class id, then by witness value; a cell that does not vary the key, or has
 * no class matching the choice, is not restricted by it (its outcome there stays as computed).
 */
import type { DecisionKind } from '@kmsim/core';
import type { Cell, CellOutcome, Matrix, ValueClass } from '@kmsim/simulator';

/** A condition key varied somewhere in the matrix, with the union of its classes (first seen first). */
export interface ConditionKeyChoices {
  /** As first written in the policies. */
  readonly key: string;
  readonly classes: readonly ValueClass[];
}

/** The chosen class id per condition key (keys lower-cased). A key not in the record is "any". */
export type ContextSelection = Readonly<Record<string, string>>;

export interface RestrictedCell {
  readonly outcome: CellOutcome;
  /** The outcome differs from the unrestricted one. */
  readonly changed: boolean;
  /** At least one choice applied to this cell. */
  readonly restricted: boolean;
  /** Evaluated points left after the restriction. */
  readonly points: number;
}

export const keyId = (key: string): string => key.toLowerCase();

export function conditionKeys(matrix: Pick<Matrix, 'cells'>): ConditionKeyChoices[] {
  const keys = new Map<string, { key: string; classes: ValueClass[] }>();
  for (const cell of matrix.cells) {
    for (const space of cell.keys) {
      const id = keyId(space.key);
      let entry = keys.get(id);
      if (!entry) {
        entry = { key: space.key, classes: [] };
        keys.set(id, entry);
      }
      for (const c of space.classes) if (!entry.classes.some((x) => x.id === c.id)) entry.classes.push(c);
    }
  }
  return [...keys.values()].sort((a, b) => a.key.localeCompare(b.key));
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The class of `space` a chosen class stands for: same id, else same witness value. */
function classIndex(classes: readonly ValueClass[], chosen: ValueClass | string): number {
  const id = typeof chosen === 'string' ? chosen : chosen.id;
  const byId = classes.findIndex((c) => c.id === id);
  if (byId >= 0 || typeof chosen === 'string') return byId;
  return classes.findIndex((c) => sameValue(c.value, chosen.value));
}

function outcomeOf(decisions: ReadonlySet<DecisionKind>): CellOutcome | undefined {
  if (decisions.size === 0) return undefined;
  if (decisions.size > 1) return 'Conditional';
  return [...decisions][0];
}

/**
 * The outcome of `cell` when each key of `selection` takes the chosen class. `choices` (from
 * `conditionKeys`) lets a choice match a class of another cell by witness value.
 */
export function restrictCell(cell: Cell, selection: ContextSelection, choices: readonly ConditionKeyChoices[] = []): RestrictedCell {
  const constraints: { key: number; cls: number }[] = [];
  for (const [key, id] of Object.entries(selection)) {
    const k = cell.keys.findIndex((s) => keyId(s.key) === key);
    const space = cell.keys[k];
    if (!space) continue;
    const chosen = choices.find((c) => keyId(c.key) === key)?.classes.find((c) => c.id === id) ?? id;
    const cls = classIndex(space.classes, chosen);
    if (cls >= 0) constraints.push({ key: k, cls });
  }
  if (constraints.length === 0) return { outcome: cell.outcome, changed: false, restricted: false, points: cell.points.length };
  const points = cell.points.filter((p) => constraints.every((c) => p.classes[c.key] === c.cls));
  const outcome = outcomeOf(new Set(points.map((p) => p.decision)));
  // No evaluated point in the region (a cell cut at the combination limit): keep what was computed.
  if (!outcome) return { outcome: cell.outcome, changed: false, restricted: false, points: 0 };
  return { outcome, changed: outcome !== cell.outcome, restricted: true, points: points.length };
}

/** "kms:GrantIsForAWSResource = true, kms:ViaService = other" (empty for "any" everywhere). */
export function describeSelection(selection: ContextSelection, choices: readonly ConditionKeyChoices[]): string {
  return Object.entries(selection)
    .map(([key, id]) => {
      const c = choices.find((x) => keyId(x.key) === key);
      const label = c?.classes.find((x) => x.id === id)?.label ?? id;
      return `${c?.key ?? key} = ${label}`;
    })
    .join(', ');
}
