/**
 * Numeric and Date values: the bounds the policies name cut the line into regions — below the
 * first bound, each bound, between consecutive bounds, above the last — and every value in one
 * region compares alike with every bound. One witness per region: a neighbour of a bound (±1, or
 * ±1 second for dates) when it stays inside, else a midpoint.
 */
import { toDate, toNumber, type ContextScalar } from '@kmsim/core';
import type { PolicyValue } from './clauses.js';
import type { Candidate } from './types.js';

export type LineFamily = 'Numeric' | 'Date';

interface Bound {
  readonly at: number;
  readonly text: string;
  readonly witness: ContextScalar;
  readonly order: number;
}

type Side = 'lt' | 'le' | 'gt' | 'ge';

interface Family {
  readonly parse: (v: ContextScalar) => number | undefined;
  readonly step: number;
  /** A witness when the policies name no bound. */
  readonly anywhere: number;
  readonly words: Readonly<Record<Side | 'any', string>>;
  readonly show: (at: number) => ContextScalar;
  /** The witness at a bound: a number (not the literal's text) for numbers core reads back alike; dates as written. */
  readonly atBound: (at: number, raw: ContextScalar) => ContextScalar;
}

/** ISO 8601 like the policies write it (`2025-01-01T00:00:00Z`); epoch seconds when a year has no four digits. */
function showDate(ms: number): ContextScalar {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999 || !Number.isInteger(ms)) return ms / 1000;
  return date.toISOString().replace('.000Z', 'Z');
}

const FAMILIES: Readonly<Record<LineFamily, Family>> = {
  Numeric: {
    parse: toNumber,
    step: 1,
    anywhere: 0,
    words: { lt: 'below', le: 'at most', gt: 'above', ge: 'at least', any: 'any number' },
    show: (at) => at,
    atBound: (at, raw) => (Number.isFinite(at) ? at : raw),
  },
  Date: {
    parse: toDate,
    step: 1000,
    anywhere: Date.UTC(2025, 0, 1),
    words: { lt: 'before', le: 'at or before', gt: 'after', ge: 'at or after', any: 'any date' },
    show: showDate,
    atBound: (_, raw) => raw,
  },
};

/** Both ends of a run, worded together. */
const PAIRS: Readonly<Record<string, (a: string, b: string) => string>> = {
  'ge/le': (a, b) => `from ${a} to ${b}`,
  'gt/lt': (a, b) => `between ${a} and ${b}`,
};

function bounds(family: Family, values: readonly PolicyValue[]): Bound[] {
  const byAt = new Map<number, Bound>();
  for (const v of values) {
    let at: number | undefined;
    try {
      at = family.parse(v.raw);
    } catch {
      at = undefined;
    }
    if (at === undefined || Number.isNaN(at) || byAt.has(at)) continue;
    byAt.set(at, { at, text: v.text.trim(), witness: family.atBound(at, v.raw), order: v.order });
  }
  return [...byAt.values()].sort((a, b) => a.at - b.at);
}

function pick(family: Family, lo: number | undefined, hi: number | undefined): number | undefined {
  const { step } = family;
  const inside = (p: number): boolean => Number.isFinite(p) && (lo === undefined || p > lo) && (hi === undefined || p < hi);
  const tries = [
    lo === undefined ? (hi === undefined ? family.anywhere : hi - step) : lo + step,
    hi === undefined ? NaN : hi - step,
    lo === undefined || hi === undefined ? NaN : lo / 2 + hi / 2,
    lo === undefined ? NaN : lo + Math.abs(lo) + step,
    hi === undefined ? NaN : hi - Math.abs(hi) - step,
    0,
  ];
  return tries.find(inside);
}

/** Region i: even i = the open interval below bound i/2, odd i = bound (i-1)/2 itself. */
export function lineCandidates(kind: LineFamily, values: readonly PolicyValue[]): Candidate[] {
  const family = FAMILIES[kind];
  const bs = bounds(family, values);
  const n = bs.length;
  const line = {};
  const text = (i: number): string => bs[i]?.text ?? '';
  const lower = (i: number): [Side, string] | undefined => (i === 0 ? undefined : i % 2 === 1 ? ['ge', text((i - 1) / 2)] : ['gt', text(i / 2 - 1)]);
  const upper = (j: number): [Side, string] | undefined => (j === 2 * n ? undefined : j % 2 === 1 ? ['le', text((j - 1) / 2)] : ['lt', text(j / 2)]);
  const run = (i: number, j: number): { id: string; label: string } => {
    if (i === j && i % 2 === 1) return { id: `eq:${text((i - 1) / 2)}`, label: `exactly ${text((i - 1) / 2)}` };
    const lo = lower(i);
    const hi = upper(j);
    const ends = [lo, hi].filter((e): e is [Side, string] => e !== undefined);
    const id = ends.map(([s, t]) => `${s}:${t}`).join(',') || 'any';
    const pair = lo && hi ? PAIRS[`${lo[0]}/${hi[0]}`] : undefined;
    const label = pair && lo && hi ? pair(lo[1], hi[1]) : ends.map(([s, t]) => `${family.words[s]} ${t}`).join(' and ') || family.words.any;
    return { id, label };
  };
  const out: Candidate[] = [];
  for (let i = 0; i <= 2 * n; i++) {
    const point = { line, index: i, run };
    const bound = i % 2 === 1 ? bs[(i - 1) / 2] : undefined;
    if (bound) {
      out.push({ value: bound.witness, tier: 1, order: bound.order, point, ...run(i, i) });
      continue;
    }
    const at = pick(family, bs[i / 2 - 1]?.at, bs[i / 2]?.at);
    if (at !== undefined) out.push({ value: family.show(at), tier: 2, point, ...run(i, i) });
  }
  return out;
}
