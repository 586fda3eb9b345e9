/**
 * Search by need: the cells whose product of classes is large are not enumerated. A cell's decision
 * depends on the condition values only through which of its statements (and grants) have all their
 * clauses hold, so the search splits on statements, not on keys: Denies first, then Allows, each
 * either holds (every clause true: each key keeps the classes where the statement's clauses on it
 * hold) or fails (some key keeps the classes where they do not — one branch per key, disjoint). A
 * branch whose key has no class left is dropped. A branch where a statement holds stops when one
 * point of it, where every other undecided statement of the same effect fails, is decided by that
 * statement (explicit deny, or allow): more matching Denies never lift a deny, more matching Allows
 * never take an allow away. Every other branch ends when every statement is decided, so its whole
 * region has one decision. Each region's decision is core's, on a witness of the region.
 */
import { indexContext, LayeredContext, type ConditionClause, type ContextValue, type DecisionKind } from '@kmsim/core';
import { layered, safeTest, type Lookup } from '../condition-space/context.js';
import { isIdentityKeyName } from '../condition-space/identity.js';
import type { KeySpace } from '../condition-space/index.js';
import type { RawTerm } from './merge.js';
import type { ClauseGroup } from './relevance.js';

export interface SearchResult {
  /** One point per region, in search order: its classes (the region's first) and decision. */
  readonly points: { classes: number[]; decision: DecisionKind }[];
  readonly terms: RawTerm<DecisionKind>[];
  /** Set when the search reached its bound. */
  readonly incomplete?: string;
}

type Region = readonly (readonly number[])[];

/** Per group, per key: the clauses of the group on that key (keys the cell does not vary are constant). */
interface Split {
  readonly effect: 'Allow' | 'Deny';
  readonly parts: readonly { readonly key: number; readonly holds: Uint8Array }[];
}

export interface SearchInput {
  readonly keys: readonly KeySpace[];
  readonly groups: readonly ClauseGroup[];
  readonly version: string | undefined;
  /** The context each key's class is read in: the row's base (a class row's principal classes carry their own). */
  readonly base: Readonly<Record<string, ContextValue>>;
  readonly derived: (principal: string) => Readonly<Record<string, ContextValue>>;
  /** core's decision at one combination of classes. */
  readonly decide: (classes: readonly number[]) => DecisionKind;
  /** The most regions (and witness searches) visited. */
  readonly limit: number;
  /** The combination a region is decided on (default: its first classes); see searchedCell in simulate.ts. */
  readonly pick?: (region: readonly (readonly number[])[]) => number[];
  /**
   * Truth tables shared by the cells of a simulation: a clause without policy variables reads only
   * its key's value, so its table over a key's classes is the same in every cell with that key.
   */
  readonly truths?: WeakMap<KeySpace, Map<ConditionClause, Uint8Array>>;
}

function splits(input: SearchInput): Split[] {
  const index = new Map<string, number>();
  for (const [i, k] of input.keys.entries()) index.set(k.key.toLowerCase(), i);
  const principalKey = input.keys.findIndex((k) => k.classes.some((c) => c.principal !== undefined));
  const keyOf = (c: ConditionClause): number | undefined => {
    const lower = String(c.key).toLowerCase();
    const i = index.get(lower);
    if (i !== undefined && i !== principalKey) return i;
    // The principal classes decide every identity key (see condition-space/identity.ts).
    if (principalKey >= 0 && isIdentityKeyName(lower)) return principalKey;
    return i;
  };
  // Each class's context, made once: its value over the base (a principal class: its member's own context).
  const baseIndex = indexContext(input.base);
  const contexts = new Map<number, Lookup[]>();
  const contextsOf = (k: number): Lookup[] => {
    let list = contexts.get(k);
    if (!list) {
      const space = input.keys[k] as KeySpace;
      const lower = space.key.toLowerCase();
      list = space.classes.map((cls) => {
        if (cls.principal !== undefined) return layered([cls.context ?? {}, input.derived(cls.principal)]);
        const index = new Map(baseIndex);
        if (cls.value === undefined) index.delete(lower);
        else index.set(lower, cls.value);
        return new LayeredContext({}, index);
      });
      contexts.set(k, list);
    }
    return list;
  };
  const local = new Map<ConditionClause, Uint8Array>();
  const holds = (c: ConditionClause, k: number): Uint8Array => {
    const space = input.keys[k] as KeySpace;
    const shared = input.truths && k !== principalKey && !c.values.some((v) => typeof v === 'string' && v.includes('${'));
    let table = local;
    if (shared && input.truths) {
      table = input.truths.get(space) ?? new Map();
      input.truths.set(space, table);
    }
    let t = table.get(c);
    if (!t) {
      const test = safeTest(c, input.version);
      t = Uint8Array.from(contextsOf(k), (context) => (test(context) ? 1 : 0));
      table.set(c, t);
    }
    return t;
  };
  return input.groups.map((g) => {
    const byKey = new Map<number, Uint8Array[]>();
    for (const c of g.clauses) {
      const k = keyOf(c);
      if (k === undefined) continue;
      const list = byKey.get(k) ?? [];
      list.push(holds(c, k));
      byKey.set(k, list);
    }
    const parts = [...byKey].map(([key, list]) => {
      const all = new Uint8Array((input.keys[key] as KeySpace).classes.length).fill(1);
      for (const t of list) for (let i = 0; i < all.length; i++) all[i] = (all[i] ?? 0) & (t[i] ?? 0);
      return { key, holds: all };
    });
    return { effect: g.effect, parts };
  });
}

const keep = (region: Region, key: number, want: 0 | 1, holds: Uint8Array): Region | undefined => {
  const next = (region[key] ?? []).filter((c) => (holds[c] ?? 0) === want);
  if (next.length === 0) return undefined;
  return region.map((r, i) => (i === key ? next : r));
};

/** Region where the group holds. */
const holdIn = (region: Region, s: Split): Region | undefined => {
  let r: Region | undefined = region;
  for (const p of s.parts) if (r) r = keep(r, p.key, 1, p.holds);
  return r;
};

/** Disjoint regions where the group fails: the i-th part fails, the parts before it hold. */
function failIn(region: Region, s: Split): Region[] {
  const out: Region[] = [];
  let prefix: Region | undefined = region;
  for (const p of s.parts) {
    if (!prefix) break;
    const fails = keep(prefix, p.key, 0, p.holds);
    if (fails) out.push(fails);
    prefix = keep(prefix, p.key, 1, p.holds);
  }
  return out;
}

/** Whether the group's truth is the same over the whole region (then there is nothing to split). */
function constant(region: Region, s: Split): 0 | 1 | undefined {
  let allHold = true;
  for (const p of s.parts) {
    const cls = region[p.key] ?? [];
    const ones = cls.filter((c) => p.holds[c] === 1).length;
    if (ones === 0) return 0;
    if (ones < cls.length) allHold = false;
  }
  return allHold ? 1 : undefined;
}

export function searchCell(input: SearchInput): SearchResult {
  const groups = splits(input).filter((g) => g.parts.length > 0);
  const points: { classes: number[]; decision: DecisionKind }[] = [];
  const terms: RawTerm<DecisionKind>[] = [];
  let budget = input.limit;
  let cut = false;
  const first = input.pick ?? ((region: Region): number[] => region.map((r) => r[0] ?? 0));
  const emit = (region: Region, decision?: DecisionKind): void => {
    const classes = first(region);
    const d = decision ?? input.decide(classes);
    points.push({ classes, decision: d });
    const sets = region.map((r, i) => (r.length >= (input.keys[i]?.classes.length ?? 0) ? null : [...r].sort((a, b) => a - b)));
    terms.push({ decision: d, sets, count: region.reduce((n, r) => n * r.length, 1) });
  };
  /** A point of the region where every listed group fails, found by a small search (undefined if none within the budget). */
  const allFail = (region: Region, others: readonly Split[]): Region | undefined => {
    // Linear when each group can fail on its own; a little backtracking beyond that.
    let steps = 2 * others.length + 64;
    const go = (r: Region, i: number): Region | undefined => {
      if (--steps < 0) return undefined;
      const s = others[i];
      if (!s) return r;
      if (constant(r, s) === 0) return go(r, i + 1);
      for (const f of failIn(r, s)) {
        const found = go(f, i + 1);
        if (found) return found;
      }
      return undefined;
    };
    return go(region, 0);
  };
  const visit = (region: Region, at: number): void => {
    if (cut) return;
    if (--budget < 0) {
      cut = true;
      return;
    }
    // Skip the groups whose truth the region already fixes.
    let i = at;
    while (i < groups.length && constant(region, groups[i] as Split) !== undefined) i++;
    const g = groups[i];
    if (!g) {
      emit(region);
      return;
    }
    const held = holdIn(region, g);
    if (held) {
      const wanted: DecisionKind = g.effect === 'Deny' ? 'ExplicitDeny' : 'Allow';
      const others = groups.slice(i + 1).filter((o) => o.effect === g.effect);
      const witness = allFail(held, others);
      const d = witness ? input.decide(first(witness)) : undefined;
      if (d === wanted) emit(held, d);
      else visit(held, i + 1);
    }
    for (const f of failIn(region, g)) visit(f, i + 1);
  };
  visit(
    input.keys.map((k) => k.classes.map((_, c) => c)),
    0,
  );
  return {
    points,
    terms,
    ...(cut ? { incomplete: `the search by statement stopped after ${input.limit} regions` } : {}),
  };
}
