/**
 * IAM wildcard patterns, compiled once into elements and matched in time linear in the value
 * (times the pattern's length at worst): no regular expression, no backtracking. The same elements
 * are the states of the automata the simulator searches, so matching has one implementation.
 *
 * - `*` matches any run of characters (including none), `?` exactly one.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 * - Resource ARNs: wildcards stay within one colon-separated segment, except a `*` that ends its
 *   segment, which "can expand to match beyond the colon boundaries".
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 * - ARN condition operators match each of the six colon-separated components on its own (the
 *   resource, last, may hold colons); a pattern with fewer than six components is matched whole.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 * - `${*}` and `${?}` in a pattern are literal characters: variable resolution
 *   (conditions/variables.ts, `resolvePattern`) gives their positions, which become plain
 *   character elements here. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
 */

/** One element of a compiled pattern. `colon`: whether a wildcard may match a `:`. */
export type WildcardElem = { readonly kind: 'char'; readonly ch: string; readonly fold: boolean } | { readonly kind: 'one' | 'star'; readonly colon: boolean };

/** How a pattern's text is read. */
export type WildcardKind =
  /** the text itself, case-sensitive */
  | 'exact'
  /** the text itself, without case */
  | 'fold'
  /** `*` and `?` are wildcards */
  | 'glob'
  /** `*` and `?` are wildcards, without case (Action elements) */
  | 'glob-fold'
  /** an ARN pattern of an ARN condition operator, component by component */
  | 'arn'
  /** a Resource element: wildcards within a segment, a segment-final `*` across colons */
  | 'resource';

/** Positions of a pattern's text that are literal characters whatever they are (from `${*}` / `${?}`). */
export type LiteralPositions = ReadonlySet<number>;

const NONE: LiteralPositions = new Set();

const charElem = (ch: string, fold: boolean): WildcardElem => ({ kind: 'char', ch: fold ? ch.toLowerCase() : ch, fold });

function globElems(text: string, colon: (i: number) => boolean, fold: boolean, literals: LiteralPositions, offset = 0): WildcardElem[] {
  const out: WildcardElem[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (literals.has(offset + i)) out.push(charElem(ch, fold));
    else if (ch === '*') {
      // Consecutive stars match what one star matches.
      const prev = out[out.length - 1];
      if (prev?.kind === 'star' && prev.colon === colon(i)) continue;
      out.push({ kind: 'star', colon: colon(i) });
    } else if (ch === '?') out.push({ kind: 'one', colon: colon(i) });
    else out.push(charElem(ch, fold));
  }
  return out;
}

function arnElems(text: string, literals: LiteralPositions): WildcardElem[] {
  const parts = text.split(':');
  if (parts.length < 6) return globElems(text, () => true, false, literals);
  const out: WildcardElem[] = [];
  let offset = 0;
  for (const p of parts.slice(0, 5)) {
    out.push(...globElems(p, () => false, false, literals, offset), charElem(':', false));
    offset += p.length + 1;
  }
  out.push(...globElems(parts.slice(5).join(':'), () => true, false, literals, offset));
  return out;
}

/**
 * The elements of a pattern read as `kind`; characters at `literals` positions are plain
 * characters even when they are `*` or `?`.
 */
export function wildcardElems(text: string, kind: WildcardKind, literals: LiteralPositions = NONE): WildcardElem[] {
  switch (kind) {
    case 'exact':
    case 'fold':
      return text.split('').map((ch) => charElem(ch, kind === 'fold'));
    case 'glob':
    case 'glob-fold':
      return globElems(text, () => true, kind === 'glob-fold', literals);
    case 'arn':
      return arnElems(text, literals);
    case 'resource':
      return globElems(text, (i) => text.charAt(i) === '*' && (i === text.length - 1 || text.charAt(i + 1) === ':'), false, literals);
  }
}

/** Whether element `e` accepts the character `c` (a `star` stays, the others advance). */
export function elemAccepts(e: WildcardElem, c: string): boolean {
  if (e.kind === 'char') return (e.fold ? c.toLowerCase() : c) === e.ch;
  return e.colon || c !== ':';
}

/**
 * The positions reachable from `positions` by letting stars match nothing, in ascending order
 * (position `elems.length` is the accepting one).
 */
export function closePositions(elems: readonly WildcardElem[], positions: Iterable<number>): number[] {
  const out = new Set<number>();
  for (let p of positions) {
    out.add(p);
    while (elems[p]?.kind === 'star') out.add(++p);
  }
  return [...out].sort((a, b) => a - b);
}

/** The positions after reading `c` from `positions` (closed). */
export function stepPositions(elems: readonly WildcardElem[], positions: readonly number[], c: string): number[] {
  const next: number[] = [];
  for (const p of positions) {
    const e = elems[p];
    if (e && elemAccepts(e, c)) next.push(e.kind === 'star' ? p : p + 1);
  }
  return closePositions(elems, next);
}

export type WildcardMatcher = (value: string) => boolean;

/**
 * Thompson simulation over pattern positions: O(value × pattern) in the worst case, with no
 * backtracking. Positions are kept in a reusable bitmap-like array.
 */
function simulate(elems: readonly WildcardElem[]): WildcardMatcher {
  const m = elems.length;
  return (value) => {
    let current = new Uint8Array(m + 1);
    let next = new Uint8Array(m + 1);
    const close = (set: Uint8Array): void => {
      for (let p = 0; p < m; p++) if (set[p] === 1 && elems[p]?.kind === 'star') set[p + 1] = 1;
    };
    current[0] = 1;
    close(current);
    for (let i = 0; i < value.length; i++) {
      const c = value.charAt(i);
      next.fill(0);
      let any = false;
      for (let p = 0; p < m; p++) {
        if (current[p] !== 1) continue;
        const e = elems[p] as WildcardElem;
        if (!elemAccepts(e, c)) continue;
        next[e.kind === 'star' ? p : p + 1] = 1;
        any = true;
      }
      if (!any) return false;
      close(next);
      const t = current;
      current = next;
      next = t;
    }
    return current[m] === 1;
  };
}

/**
 * Stars that match anything (colon included) split a pattern into segments of characters and
 * `?`; the leftmost match of each middle segment is the right one, so one forward scan decides.
 */
function segments(elems: readonly WildcardElem[]): WildcardMatcher {
  const parts: WildcardElem[][] = [[]];
  for (const e of elems) {
    if (e.kind === 'star') parts.push([]);
    else (parts[parts.length - 1] as WildcardElem[]).push(e);
  }
  const first = parts[0] as WildcardElem[];
  const last = parts[parts.length - 1] as WildcardElem[];
  const middle = parts.slice(1, -1).filter((p) => p.length > 0);
  const fits = (seg: readonly WildcardElem[], value: string, at: number): boolean => {
    for (let j = 0; j < seg.length; j++) if (!elemAccepts(seg[j] as WildcardElem, value.charAt(at + j))) return false;
    return true;
  };
  if (parts.length === 1) return (value) => value.length === first.length && fits(first, value, 0);
  return (value) => {
    if (value.length < first.length + last.length) return false;
    if (!fits(first, value, 0) || !fits(last, value, value.length - last.length)) return false;
    let at = first.length;
    const end = value.length - last.length;
    for (const seg of middle) {
      let found = -1;
      for (let i = at; i + seg.length <= end; i++) {
        if (fits(seg, value, i)) {
          found = i;
          break;
        }
      }
      if (found < 0) return false;
      at = found + seg.length;
    }
    return true;
  };
}

/** A matcher for the elements: plain equality, one forward scan, or the position simulation. */
export function matcherOf(elems: readonly WildcardElem[]): WildcardMatcher {
  const wild = elems.filter((e) => e.kind !== 'char');
  if (wild.length === 0) {
    const fold = elems.some((e) => e.kind === 'char' && e.fold);
    const text = elems.map((e) => (e.kind === 'char' ? e.ch : '')).join('');
    if (!fold) return (value) => value === text;
    return (value) => value.length === text.length && value.toLowerCase() === text;
  }
  if (elems.length === 1 && elems[0]?.kind === 'star' && elems[0].colon) return () => true;
  if (wild.every((e) => e.kind === 'one' || e.colon)) {
    // `?` never cares about colons when every wildcard may cross them; stars split segments.
    return segments(elems);
  }
  return simulate(elems);
}

/** Compile a pattern read as `kind` into a matcher (`literals`: positions that are plain characters). */
export function compileWildcard(text: string, kind: WildcardKind, literals?: LiteralPositions): WildcardMatcher {
  return matcherOf(wildcardElems(text, kind, literals));
}
