/**
 * Fold evaluated combinations into terms: two regions with the same decision that differ in one
 * key merge into one, repeatedly; a key that takes every class in a term is dropped from it.
 */
export interface RawTerm<D extends string = string> {
  readonly decision: D;
  /** Per key, the sorted class indices; `null` = any class. */
  readonly sets: readonly (readonly number[] | null)[];
  readonly count: number;
}

/** A point to merge: a class index per key, and what it evaluated to. */
export interface MergeablePoint<D extends string> {
  readonly classes: readonly number[];
  readonly decision: D;
}

function keyExcept(t: RawTerm, d: number): string {
  return `${t.decision}|${t.sets.map((s, i) => (i === d ? '' : s === null ? '*' : s.join(','))).join('|')}`;
}

export function mergePoints<D extends string>(points: readonly MergeablePoint<D>[], classCounts: readonly number[]): RawTerm<D>[] {
  return mergeTerms(
    points.map((p) => ({ decision: p.decision, sets: p.classes.map((c) => [c]), count: 1 })),
    classCounts,
  );
}

/** Merge disjoint regions (terms) the same way: two with one decision that differ in one key become one. */
export function mergeTerms<D extends string>(start: readonly RawTerm<D>[], classCounts: readonly number[]): RawTerm<D>[] {
  let terms: RawTerm<D>[] = [...start];
  let changed = true;
  while (changed) {
    changed = false;
    for (let d = 0; d < classCounts.length; d++) {
      const groups = new Map<string, RawTerm<D>[]>();
      for (const t of terms) {
        const k = keyExcept(t, d);
        const g = groups.get(k);
        if (g) g.push(t);
        else groups.set(k, [t]);
      }
      const next: RawTerm<D>[] = [];
      for (const g of groups.values()) {
        const first = g[0] as RawTerm<D>;
        if (g.length === 1) {
          next.push(first);
          continue;
        }
        changed = true;
        const union = new Set<number>();
        let any = false;
        for (const t of g) {
          const s = t.sets[d];
          if (s === null || s === undefined) any = true;
          else for (const c of s) union.add(c);
        }
        const all = any || union.size >= (classCounts[d] ?? 0);
        const sets = first.sets.map((s, i) => (i === d ? (all ? null : [...union].sort((a, b) => a - b)) : s));
        next.push({ decision: first.decision, sets, count: g.reduce((n, t) => n + t.count, 0) });
      }
      terms = next;
    }
  }
  return terms.map((t) => ({ ...t, sets: t.sets.map((s, i) => (s !== null && s.length >= (classCounts[i] ?? 0) ? null : s)) }));
}
