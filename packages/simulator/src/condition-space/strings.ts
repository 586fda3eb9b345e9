/**
 * String-like values (String, ARN and Binary operators). Every policy value becomes a small
 * automaton over UTF-16 code units — exact text, text without case, an IAM wildcard pattern, or an
 * ARN pattern — and a breadth-first search of their product finds one shortest string for every
 * reachable combination of matches. That covers what fixed rules cannot, such as the strings
 * matching both `a*` and `*b`.
 */
import { hasWildcard, withLiterals } from '@kmsim/core';
import { closePositions, matcherOf, stepPositions, wildcardElems, type WildcardElem } from '@kmsim/core/internal';
import type { ClauseInfo, PolicyValue } from './clauses.js';
import type { Candidate } from './types.js';

type SpecKind = 'exact' | 'fold' | 'glob' | 'arn';
type Elem = WildcardElem;

export interface StringSpec {
  readonly kind: SpecKind;
  readonly text: string;
  readonly variable?: string;
  readonly order: number;
  /** core's wildcard elements (compile/wildcard.ts): the one reading of `*`, `?`, ARN components and literal stand-ins. */
  readonly elems: readonly Elem[];
  readonly matches: (value: string) => boolean;
}

function spec(kind: SpecKind, value: PolicyValue): StringSpec {
  const elems = wildcardElems(value.text, kind);
  return {
    kind,
    text: withLiterals(value.text),
    order: value.order,
    elems,
    matches: matcherOf(elems),
    ...(value.variable === undefined ? {} : { variable: value.variable }),
  };
}

/** The comparison each string-like operator makes with one policy value (core/src/conditions/values.ts). */
const KIND_OF: Readonly<Record<string, (text: string) => SpecKind>> = {
  'String/equals': () => 'exact',
  'String/equalsIgnoreCase': () => 'fold',
  'String/like': (t) => (hasWildcard(t) ? 'glob' : 'exact'),
  'Binary/equals': () => 'exact',
  'ARN/like': (t) => (hasWildcard(t) ? 'arn' : 'exact'),
};

/** How a string-like operator (family and comparison, as core parses it) reads one policy value; undefined for other operators. */
export function specKind(family: string, comparison: string, text: string): SpecKind | undefined {
  return KIND_OF[`${family}/${comparison}`]?.(text);
}

export function stringSpecs(infos: readonly ClauseInfo[]): StringSpec[] {
  return infos.flatMap((info) => {
    const kindOf = info.op ? KIND_OF[`${info.op.base.family}/${info.op.base.comparison}`] : undefined;
    return kindOf ? info.values.map((v) => spec(kindOf(v.text), v)) : [];
  });
}

// --- the automaton -------------------------------------------------------------------------------

const run = (s: StringSpec, value: string): boolean => s.matches(value);

/** One policy value's automaton over an alphabet, its position sets interned to small numbers and its steps memoised. */
class Automaton {
  private readonly ids = new Map<string, number>();
  private readonly sets: number[][] = [];
  private readonly table: number[][] = [];
  readonly start: number;
  constructor(
    readonly elems: readonly Elem[],
    private readonly alphabet: readonly string[],
  ) {
    this.start = this.intern(closePositions(elems, [0]));
  }
  private intern(positions: number[]): number {
    const k = positions.join(',');
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.sets.length;
      this.ids.set(k, id);
      this.sets.push(positions);
      this.table.push([]);
    }
    return id;
  }
  /** The state after character number `c` of the alphabet. */
  next(state: number, c: number): number {
    const row = this.table[state] ?? [];
    let id = row[c];
    if (id === undefined) {
      id = this.intern(stepPositions(this.elems, this.sets[state] ?? [], this.alphabet[c] ?? ''));
      row[c] = id;
    }
    return id;
  }
  accepts(state: number): boolean {
    return this.sets[state]?.includes(this.elems.length) ?? false;
  }
}

/** States the search visits at most per key; beyond it the key's classes are incomplete (and said so). */
export const MAX_STATES = 50000;

/** Readable characters first: the fresh one, lower-case letters, then the rest. */
const readability = (c: string, fresh: string | undefined): number => (c === fresh ? 0 : /[a-z]/.test(c) ? 1 : /[A-Z0-9]/.test(c) ? 2 : 3);

/**
 * Classes of characters every element of `specs` treats alike, in alphabet order. Two characters
 * are alike when the same elements accept them; rather than asking every element about every
 * character, the elements are indexed by what they accept (see `accepts`): a character element
 * accepts its own character (or, folded, any character that lower-cases to it), a `?`/`*` any
 * character but `:` unless it may cross one.
 */
function classes(alphabet: readonly string[], specs: readonly StringSpec[]): string[][] {
  const exact = new Map<string, number[]>();
  const folded = new Map<string, number[]>();
  const wild: number[] = [];
  const wildColon: number[] = [];
  let n = 0;
  for (const s of specs) {
    for (const e of s.elems) {
      const at = n++;
      if (e.kind === 'char') {
        const index = e.fold ? folded : exact;
        const list = index.get(e.ch);
        if (list) list.push(at);
        else index.set(e.ch, [at]);
      } else {
        wild.push(at);
        if (e.colon) wildColon.push(at);
      }
    }
  }
  const bySig = new Map<string, string[]>();
  for (const c of alphabet) {
    // The elements that accept c, in element order (one signature per set of accepting elements).
    const accepting = [...(exact.get(c) ?? []), ...(folded.get(c.toLowerCase()) ?? []), ...(c === ':' ? wildColon : wild)].sort((a, b) => a - b);
    const sig = accepting.join(',');
    const members = bySig.get(sig);
    if (members) members.push(c);
    else bySig.set(sig, [c]);
  }
  return [...bySig.values()];
}

/** The exact literals as one trie: state 0 is "no longer a prefix of any literal", 1 the root. */
class Trie {
  private readonly children: Map<string, number>[] = [new Map(), new Map()];
  private readonly ends: string[] = ['', ''];
  constructor(texts: readonly string[]) {
    for (const text of texts) {
      let node = 1;
      for (const c of text.split('')) {
        const children = this.children[node] ?? new Map<string, number>();
        let child = children.get(c);
        if (child === undefined) {
          child = this.children.length;
          children.set(c, child);
          this.children.push(new Map());
          this.ends.push('');
        }
        node = child;
      }
      this.ends[node] = text;
    }
  }
  next(state: number, c: string): number {
    return this.children[state]?.get(c) ?? 0;
  }
  chars(state: number): string[] {
    return [...(this.children[state]?.keys() ?? [])];
  }
  /** The literal a state spells out, `''` for none. */
  end(state: number): string {
    return this.ends[state] ?? '';
  }
}

/**
 * One shortest string per reachable combination of matches. Characters that no policy value names
 * all behave alike, so the alphabet is the policy's characters (both cases) plus one fresh character,
 * cut to one character per class of interchangeable ones. Exact literals share one trie: they only
 * matter while the string is still a prefix of one, and once none is, the classes ignore them.
 */
export function searchStrings(specs: readonly StringSpec[]): { words: string[]; complete: boolean } {
  const named = new Set<string>(':');
  for (const s of specs) for (const c of s.text.split('')) for (const v of [c, c.toLowerCase(), c.toUpperCase()]) if (v.length === 1) named.add(v);
  const fresh = [...'xyzqjkw0123456789'].find((c) => !named.has(c));
  const sorted = [...named, ...(fresh ? [fresh] : [])].sort((a, b) => readability(a, fresh) - readability(b, fresh) || (a < b ? -1 : 1));
  const alphabet = classes(sorted, specs).flatMap(([first]) => (first === undefined ? [] : [first]));
  const index = new Map(alphabet.map((c, i) => [c, i]));
  const patterns = specs.filter((s) => s.kind !== 'exact');
  const coarse = classes(alphabet, patterns).map((members) => members.map((c) => index.get(c) ?? 0));
  const autos = patterns.map((s) => new Automaton(s.elems, alphabet));
  const trie = new Trie(specs.filter((s) => s.kind === 'exact').map((s) => s.text));
  // From a trie node: the characters that extend a literal, and for the rest one per class of what the patterns see.
  const movesOf = new Map<number, number[]>();
  const moves = (node: number): number[] => {
    let out = movesOf.get(node);
    if (!out) {
      const extend = new Set(trie.chars(node).map((c) => index.get(c) ?? 0));
      const leave = coarse.flatMap((members) => members.find((i) => !extend.has(i)) ?? []);
      out = [...new Set([...extend, ...leave])].sort((a, b) => a - b);
      movesOf.set(node, out);
    }
    return out;
  };
  // A state: the trie node, then one state per pattern automaton.
  const start = [1, ...autos.map((a) => a.start)];
  const queue: { state: number[]; word: string }[] = [{ state: start, word: '' }];
  const seen = new Set([start.join(',')]);
  const found = new Map<string, string>();
  let complete = true;
  for (let i = 0; i < queue.length; i++) {
    const item = queue[i];
    if (!item) break;
    const { state, word } = item;
    const node = state[0] ?? 0;
    let vector = trie.end(node);
    for (let n = 0; n < autos.length; n++) vector += autos[n]?.accepts(state[n + 1] ?? 0) ? '|1' : '|0';
    if (!found.has(vector)) found.set(vector, word);
    for (const c of moves(node)) {
      const next = [trie.next(node, alphabet[c] ?? '')];
      for (let n = 0; n < autos.length; n++) next.push(autos[n]?.next(state[n + 1] ?? 0, c) ?? 0);
      const k = next.join(',');
      if (seen.has(k)) continue;
      if (seen.size >= MAX_STATES) {
        complete = false;
        continue;
      }
      seen.add(k);
      queue.push({ state: next, word: word + (alphabet[c] ?? '') });
    }
  }
  return { words: [...found.values()], complete };
}

// --- witnesses and their words -------------------------------------------------------------------

const join = (items: readonly string[]): string => [...new Set(items)].join(' and ');

/** Id and label of a string witness, from the policy values it satisfies. */
export function describeString(value: string, specs: readonly StringSpec[]): { id: string; label: string } {
  const literal = specs.find((s) => (s.kind === 'exact' || s.kind === 'fold') && s.text === value);
  if (literal) return { id: `eq:${value}`, label: literal.variable ? `${value} (${literal.variable})` : value };
  const hit = specs.filter((s) => run(s, value));
  const folds = hit.filter((s) => s.kind === 'fold').map((s) => s.text);
  const patterns = hit.filter((s) => s.kind === 'glob' || s.kind === 'arn').map((s) => s.text);
  if (folds.length === 0 && patterns.length === 0) return { id: 'other', label: 'any other value' };
  const ids = [...(folds.length ? [`case:${join(folds)}`] : []), ...(patterns.length ? [`like:${join(patterns)}`] : [])];
  const label = folds.length
    ? `${[...new Set(folds)].join(' or ')} in another case${patterns.length ? `, matching ${join(patterns)}` : ''}`
    : `a value matching ${join(patterns)}`;
  return { id: ids.join('&'), label };
}

/** Readable catch-alls, tried in order: the first that no policy value matches. */
const OTHER_TEXTS = ['other', 'other-value', 'something-else', 'zzz', '#'];

export function otherString(specs: readonly StringSpec[]): string | undefined {
  return OTHER_TEXTS.find((t) => specs.every((s) => !run(s, t)));
}

/** Literals (tier 1), pattern instances and case variants (tier 2), then searched strings (tier 3). */
export function stringCandidates(specs: readonly StringSpec[]): { candidates: Candidate[]; incomplete?: string } {
  const make = (value: string, tier: Candidate['tier'], order?: number): Candidate => ({
    value,
    tier,
    ...(order === undefined ? {} : { order }),
    ...describeString(value, specs),
  });
  const literals = specs.filter((s) => s.kind === 'exact' || s.kind === 'fold').map((s) => make(s.text, 1, s.order));
  // A pattern instance: `*` as one character, then as none; `?` as one character.
  const instances = specs
    .filter((s) => s.kind === 'glob' || s.kind === 'arn')
    .flatMap((s) => ['x', ''].map((star) => s.text.replace(/\*/g, star).replace(/\?/g, 'x')));
  const cases = specs.filter((s) => s.kind === 'fold').flatMap((s) => [s.text.toUpperCase(), s.text.toLowerCase()]);
  const other = otherString(specs);
  const searched = searchStrings(specs);
  return {
    candidates: [
      ...literals,
      ...[...instances, ...cases, ...(other === undefined ? [] : [other])].map((v) => make(v, 2)),
      ...searched.words.map((v) => make(v, 3)),
    ],
    ...(searched.complete ? {} : { incomplete: `the string search stopped after ${MAX_STATES} states` }),
  };
}
