/**
 * The aliases of one account and Region as a class. A request for kms:CreateAlias, UpdateAlias or
 * DeleteAlias is authorized on the alias as well as on the key; without an alias, an answer holds
 * only if every alias the account could name is treated alike. This searches the product of the
 * alias names with the Resource patterns of some statements (core's wildcard elements, so matching
 * keeps one implementation) and gives every reachable combination of matches with its shortest
 * witness: a real alias name, never one a policy could exclude.
 *
 * Alias names: `alias/` then 1–250 letters, digits, `/`, `_` or `-` (256 characters in all), never
 * beginning with `alias/aws/` (reserved for AWS managed keys).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
 */
import { closePositions, stepPositions, type WildcardElem } from './wildcard.js';

/** One statement's Resource (or NotResource, `negated`): the patterns, each as wildcard elements. */
export interface ResourcePatterns {
  readonly negated: boolean;
  /** Patterns that match nothing (a policy variable without a value) are left out. */
  readonly patterns: readonly (readonly WildcardElem[])[];
}

/** Aliases every statement treats alike: which statements' Resource matches them, and one of them. */
export interface AliasClass {
  readonly matches: readonly boolean[];
  /** The shortest alias ARN of the class. */
  readonly witness: string;
}

export interface AliasClasses {
  readonly classes: readonly AliasClass[];
  /** False when the search stopped at its bound (then `classes` may miss some). */
  readonly complete: boolean;
}

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_-';
const NAME_MAX = 250;
const RESERVED = 'aws/';
/** Reserved-prefix states: 0..3 = that much of `aws/` read, DEAD = read it all, FREE = it can no longer be read. */
const DEAD = 4;
const FREE = 5;
/** Product states searched before giving up (said as `complete: false`). */
export const ALIAS_STATES_LIMIT = 20_000;

/** `arn:PARTITION:kms:REGION:ACCOUNT:alias/` for a key ARN (`undefined` when it has no account and Region). */
export function aliasPrefixOf(keyArn: string): string | undefined {
  const parts = keyArn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !parts[1] || !parts[3] || !parts[4]) return undefined;
  return `arn:${parts[1]}:kms:${parts[3]}:${parts[4]}:alias/`;
}

function reservedStep(r: number, c: string): number {
  if (r === FREE || r === DEAD) return r;
  return c === RESERVED.charAt(r) ? r + 1 : FREE;
}

/** The characters worth trying: those the patterns name, those of `aws/`, and one that is none of them. */
function alphabetOf(sets: readonly ResourcePatterns[]): string[] {
  const named = new Set<string>(RESERVED);
  for (const set of sets) {
    for (const p of set.patterns) {
      for (const e of p) {
        if (e.kind !== 'char') continue;
        for (const c of e.fold ? [e.ch.toLowerCase(), e.ch.toUpperCase()] : [e.ch]) if (NAME_CHARS.includes(c)) named.add(c);
      }
    }
  }
  const other = [...NAME_CHARS].find((c) => !named.has(c));
  return [...named, ...(other === undefined ? [] : [other])].filter((c) => NAME_CHARS.includes(c));
}

/**
 * Every combination of matches the aliases under `prefix` (from `aliasPrefixOf`) reach, each with
 * its shortest witness, in breadth-first order.
 */
export function aliasClasses(prefix: string, sets: readonly ResourcePatterns[], limit = ALIAS_STATES_LIMIT): AliasClasses {
  const flat: { readonly set: number; readonly elems: readonly WildcardElem[] }[] = [];
  sets.forEach((s, set) => {
    for (const elems of s.patterns) flat.push({ set, elems });
  });
  let start = flat.map((p) => closePositions(p.elems, [0]));
  for (const c of prefix) start = start.map((pos, i) => stepPositions((flat[i] as (typeof flat)[number]).elems, pos, c));
  const alphabet = alphabetOf(sets);
  const classes = new Map<string, AliasClass>();
  const seen = new Set<string>();
  type State = { readonly r: number; readonly positions: number[][]; readonly name: string };
  const keyOf = (s: State): string => `${s.r}|${s.positions.map((p) => p.join(',')).join(';')}`;
  let layer: State[] = [{ r: 0, positions: start, name: '' }];
  seen.add(keyOf(layer[0] as State));
  for (let depth = 0; depth < NAME_MAX && layer.length > 0; depth++) {
    const next: State[] = [];
    for (const state of layer) {
      for (const c of alphabet) {
        const r = reservedStep(state.r, c);
        if (r === DEAD) continue;
        const s: State = {
          r,
          positions: state.positions.map((pos, i) => stepPositions((flat[i] as (typeof flat)[number]).elems, pos, c)),
          name: state.name + c,
        };
        const k = keyOf(s);
        if (seen.has(k)) continue;
        if (seen.size >= limit) return { classes: [...classes.values()], complete: false };
        seen.add(k);
        next.push(s);
        const matches = sets.map((set, j) => {
          const hit = flat.some((p, i) => p.set === j && (s.positions[i] as number[]).includes(p.elems.length));
          return set.negated ? !hit : hit;
        });
        const mk = matches.map((m) => (m ? 1 : 0)).join('');
        if (!classes.has(mk)) classes.set(mk, { matches, witness: prefix + s.name });
      }
    }
    layer = next;
  }
  return { classes: [...classes.values()], complete: true };
}

/** How one statement's Resource covers the aliases under `prefix`: all of them, none, or some. */
export function aliasCoverage(prefix: string, resource: ResourcePatterns): 'all' | 'none' | 'some' {
  const { classes, complete } = aliasClasses(prefix, [resource]);
  if (!complete || classes.length !== 1) return 'some';
  return (classes[0] as AliasClass).matches[0] ? 'all' : 'none';
}
