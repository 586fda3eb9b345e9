/**
 * Witness principals for a class row. A class ("any principal of another account", "any AWS
 * service" …) has members with many identities; the policies can only tell them apart through the
 * identity condition keys. This module finds one member for every combination of the policies'
 * string patterns on those keys that some member meets: each kind of member is a template of fixed
 * text and free parts (the account id, the name, the unique id …), every key's value is a
 * concatenation of some of those parts, and a breadth-first search of the product of the patterns'
 * automata (core's wildcard elements) fills the free parts character by character, one character
 * per class of characters the patterns treat alike. Members found are real principals: the search
 * only writes names AWS allows, and the values of the keys agree (a role's account is in its ARN …).
 *
 * aws:PrincipalType, aws:PrincipalIsAWSService and aws:PrincipalServiceName follow from the kind
 * (core derives them from the witness), so they are covered by trying every kind.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable (aws:userid per principal type)
 */
import { parseOperator, type ConditionClause, type ContextValue } from '@kmsim/core';
import { closePositions, elemAccepts, stepPositions, wildcardElems, type WildcardElem } from '@kmsim/core/internal';
import { isAttributeKey } from './attributes.js';
import { specKind } from './strings.js';

/** The kinds of principal a class can hold. */
export type MemberKind = 'root' | 'user' | 'role' | 'federated-user' | 'service';

export interface IdentityClass {
  readonly partition: string;
  readonly kinds: readonly MemberKind[];
  /** The members' account; undefined: any account but `excludedAccounts`. */
  readonly account?: string;
  readonly excludedAccounts: readonly string[];
  /** Principals (ARNs, service names) that are rows of their own, so not members. */
  readonly excludedPrincipals: readonly string[];
  /**
   * A named principal (one kind, no service): its ARN is fixed, and the search ranges over what it
   * still leaves open (a role's unique id and session name, a user's unique id), so that a policy
   * testing aws:userid is read as it would be for that principal.
   */
  readonly principal?: string;
}

export interface IdentityWitness {
  readonly kind: MemberKind;
  /** The request's principal (a role ARN stands for a session of the role, as in core). */
  readonly principal: string;
  /** Identity keys core does not derive from the principal, with this member's values. */
  readonly context: Readonly<Record<string, ContextValue>>;
}

export interface IdentitySearch {
  readonly witnesses: readonly IdentityWitness[];
  /** Undefined when the search covered every combination; else which bound was reached. */
  readonly incomplete?: string;
}

/** Lower-cased identity keys a class decides; they are never varied as free keys for a class row. */
export const IDENTITY_KEYS: ReadonlySet<string> = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'kms:calleraccount',
  'aws:userid',
  'aws:username',
  'aws:principaltype',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principalorgid',
  'aws:principalorgpaths',
]);

/** An identity key (lower or any case): one of IDENTITY_KEYS, or a principal tag (aws:PrincipalTag/*). */
export const isIdentityKeyName = (key: string): boolean => {
  const lower = key.toLowerCase();
  return IDENTITY_KEYS.has(lower) || isAttributeKey(lower);
};

/** Keys whose values a member's kind and parts spell: 0 ARN, 1 account, 2 user id, 3 user name, 4 service name. */
const KEY_SLOT: Readonly<Record<string, number>> = {
  'aws:principalarn': 0,
  'aws:principalaccount': 1,
  'kms:calleraccount': 1,
  'aws:userid': 2,
  'aws:username': 3,
  'aws:principalservicename': 4,
};

interface Hole {
  readonly name: string;
  readonly alphabet: string;
  readonly min: number;
  readonly max: number;
  /** An IAM path: empty, or ending with `/`. */
  readonly path?: boolean;
}
type Segment = { readonly text: string; readonly feeds: readonly number[] } | { readonly hole: Hole; readonly feeds: readonly number[] };

// IAM names: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names
const NAME = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-';
const DIGITS = '1234567890';
const ID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SERVICE = 'abcdefghijklmnopqrstuvwxyz0123456789.-';

const holes = {
  account: { name: 'account', alphabet: DIGITS, min: 12, max: 12 },
  id: { name: 'id', alphabet: ID, min: 17, max: 17 },
  path: { name: 'path', alphabet: `${NAME}/`, min: 0, max: 512, path: true },
  role: { name: 'name', alphabet: NAME, min: 1, max: 64 },
  user: { name: 'name', alphabet: NAME, min: 1, max: 64 },
  session: { name: 'session', alphabet: NAME, min: 2, max: 64 },
  federated: { name: 'name', alphabet: NAME, min: 2, max: 32 },
  service: { name: 'service', alphabet: SERVICE, min: 1, max: 64 },
} satisfies Record<string, Hole>;

/** A named principal's template: its ARN and account fixed, its unique id (and a role's session name) open. */
function fixedTemplate(kind: MemberKind, arn: string, account: string): Segment[] {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  switch (kind) {
    case 'role':
      return [
        { text: 'AROA', feeds: [2] },
        { hole: holes.id, feeds: [2] },
        { text: ':', feeds: [2] },
        // A named session (`…:assumed-role/Role/session`): its session name is fixed too.
        arn.includes(':assumed-role/') ? { text: name, feeds: [2] } : { hole: holes.session, feeds: [2] },
        { text: arn, feeds: [0] },
        { text: account, feeds: [1] },
      ];
    case 'user':
      return [
        { text: 'AIDA', feeds: [2] },
        { hole: holes.id, feeds: [2] },
        { text: arn, feeds: [0] },
        { text: account, feeds: [1] },
        { text: name, feeds: [3] },
      ];
    case 'federated-user':
      return [
        { text: arn, feeds: [0] },
        { text: account, feeds: [1, 2] },
        { text: `:${name}`, feeds: [2] },
      ];
    default:
      return [
        { text: arn, feeds: [0] },
        { text: account, feeds: [1, 2] },
      ];
  }
}

/** The template of each kind; `A` is the account (a hole, or the class's fixed account). */
function template(kind: MemberKind, partition: string, account: string | undefined, fixed?: string): Segment[] {
  if (fixed !== undefined && account !== undefined) return fixedTemplate(kind, fixed, account);
  const A: Segment = account === undefined ? { hole: holes.account, feeds: [0, 1, 2] } : { text: account, feeds: [0, 1, 2] };
  const Aarn: Segment = account === undefined ? { hole: holes.account, feeds: [0, 1] } : { text: account, feeds: [0, 1] };
  switch (kind) {
    case 'root':
      return [{ text: `arn:${partition}:iam::`, feeds: [0] }, A, { text: ':root', feeds: [0] }];
    case 'user':
      return [
        { text: 'AIDA', feeds: [2] },
        { hole: holes.id, feeds: [2] },
        { text: `arn:${partition}:iam::`, feeds: [0] },
        Aarn,
        { text: ':user/', feeds: [0] },
        { hole: holes.path, feeds: [0] },
        { hole: holes.user, feeds: [0, 3] },
      ];
    case 'role':
      return [
        { text: 'AROA', feeds: [2] },
        { hole: holes.id, feeds: [2] },
        { text: ':', feeds: [2] },
        { hole: holes.session, feeds: [2] },
        { text: `arn:${partition}:iam::`, feeds: [0] },
        Aarn,
        { text: ':role/', feeds: [0] },
        { hole: holes.path, feeds: [0] },
        { hole: holes.role, feeds: [0] },
      ];
    case 'federated-user':
      return [
        { text: `arn:${partition}:sts::`, feeds: [0] },
        A,
        { text: ':federated-user/', feeds: [0] },
        { text: ':', feeds: [2] },
        { hole: holes.federated, feeds: [0, 2] },
      ];
    case 'service':
      return [
        { hole: holes.service, feeds: [4] },
        { text: partition === 'aws-cn' ? '.amazonaws.com.cn' : '.amazonaws.com', feeds: [4] },
      ];
  }
}

interface Spec {
  readonly slot: number;
  readonly elems: readonly WildcardElem[];
}

/** The string patterns the clauses test on identity keys, each on its slot. */
/** A value the search must tell apart (an excluded principal or account), and how it is read. */
interface Named {
  readonly slot: number;
  readonly text: string;
  readonly kind: 'exact' | 'fold' | 'glob-fold';
}

export function identitySpecs(clauses: readonly ConditionClause[], extra: readonly Named[] = []): Spec[] {
  const out: Spec[] = extra.map((e) => ({ slot: e.slot, elems: wildcardElems(e.text, e.kind) }));
  for (const c of clauses) {
    const slot = KEY_SLOT[String(c.key).toLowerCase()];
    if (slot === undefined) continue;
    let family: string;
    let comparison: string;
    try {
      const op = parseOperator(String(c.operator));
      if (!op) continue;
      family = op.base.family;
      comparison = op.base.comparison;
    } catch {
      continue;
    }
    for (const v of Array.isArray(c.values) ? c.values : []) {
      const text = String(v);
      const kind = specKind(family, comparison, text);
      if (kind) out.push({ slot, elems: wildcardElems(text, kind) });
    }
  }
  return out;
}

/** Spec automata: position sets interned per spec, steps memoised. */
class Automata {
  private readonly ids: Map<string, number>[];
  private readonly sets: number[][][];
  private readonly table: Map<string, number>[];
  readonly start: number[];
  constructor(private readonly specs: readonly Spec[]) {
    this.ids = specs.map(() => new Map());
    this.sets = specs.map(() => []);
    this.table = specs.map(() => new Map());
    this.start = specs.map((s, i) => this.intern(i, closePositions(s.elems, [0])));
  }
  private intern(i: number, positions: number[]): number {
    const k = positions.join(',');
    const ids = this.ids[i] as Map<string, number>;
    let id = ids.get(k);
    if (id === undefined) {
      id = (this.sets[i] as number[][]).push(positions) - 1;
      ids.set(k, id);
    }
    return id;
  }
  next(i: number, state: number, c: string): number {
    const table = this.table[i] as Map<string, number>;
    const k = `${state}\n${c}`;
    let id = table.get(k);
    if (id === undefined) {
      const positions = (this.sets[i] as number[][])[state] ?? [];
      id = positions.length === 0 ? state : this.intern(i, stepPositions((this.specs[i] as Spec).elems, positions, c));
      table.set(k, id);
    }
    return id;
  }
  accepts(i: number, state: number): boolean {
    return ((this.sets[i] as number[][])[state] ?? []).includes((this.specs[i] as Spec).elems.length);
  }
}

/** One character per class of `alphabet` that the specs reading the hole accept alike (readable first: alphabet order). */
function representatives(alphabet: string, specs: readonly Spec[], feeds: readonly number[]): string[] {
  const reading = specs.filter((s) => feeds.includes(s.slot));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of alphabet) {
    const sig = reading.map((s) => s.elems.map((e) => (elemAccepts(e, c) ? '1' : '0')).join('')).join('|');
    if (seen.has(sig)) continue;
    seen.add(sig);
    out.push(c);
  }
  return out;
}

/** States visited per kind at most. */
export const MAX_IDENTITY_STATES = 20000;

interface Item {
  readonly seg: number;
  readonly len: number;
  readonly states: readonly number[];
  readonly parts: readonly string[];
  readonly last: string;
}

/** One member per reachable combination of pattern results, for one kind. */
function searchKind(kind: MemberKind, cls: IdentityClass, specs: readonly Spec[]): { found: string[][]; complete: boolean } {
  const segments = template(kind, cls.partition, cls.account, cls.principal);
  const automata = new Automata(specs);
  const reps = segments.map((s) => ('hole' in s ? representatives(s.hole.alphabet, specs, s.feeds) : []));
  const feed = (states: readonly number[], feeds: readonly number[], text: string): number[] => {
    const out = [...states];
    specs.forEach((s, i) => {
      if (!feeds.includes(s.slot)) return;
      let st = out[i] ?? 0;
      for (const c of text) st = automata.next(i, st, c);
      out[i] = st;
    });
    return out;
  };
  const queue: Item[] = [{ seg: 0, len: 0, states: automata.start, parts: [], last: '' }];
  const seen = new Set<string>();
  const found = new Map<string, string[]>();
  let complete = true;
  for (let q = 0; q < queue.length; q++) {
    let item = queue[q] as Item;
    // Fixed text advances without branching.
    while (item.seg < segments.length) {
      const s = segments[item.seg] as Segment;
      if ('hole' in s) break;
      item = { seg: item.seg + 1, len: 0, states: feed(item.states, s.feeds, s.text), parts: [...item.parts, s.text], last: '' };
    }
    if (item.seg >= segments.length) {
      const vector = specs.map((_, i) => (automata.accepts(i, item.states[i] ?? 0) ? '1' : '0')).join('');
      if (!found.has(vector)) found.set(vector, [...item.parts]);
      continue;
    }
    const s = segments[item.seg] as Segment & { hole: Hole };
    const push = (next: Item): void => {
      const k = `${next.seg}|${Math.min(next.len, (segments[next.seg] as { hole?: Hole } | undefined)?.hole?.min ?? 0)}|${next.last === '/' ? '/' : ''}|${next.states.join(',')}`;
      if (seen.has(k)) return;
      if (seen.size >= MAX_IDENTITY_STATES) {
        complete = false;
        return;
      }
      seen.add(k);
      queue.push(next);
    };
    const parts = item.parts;
    const current = item.len === 0 ? '' : (parts[parts.length - 1] ?? '');
    const done = item.len >= s.hole.min && (!s.hole.path || item.len === 0 || item.last === '/');
    if (done) push({ seg: item.seg + 1, len: 0, states: item.states, parts: item.len === 0 ? [...parts, ''] : parts, last: '' });
    if (item.len < s.hole.max) {
      for (const c of reps[item.seg] ?? []) {
        const next = feed(item.states, s.feeds, c);
        const base = item.len === 0 ? parts : parts.slice(0, -1);
        push({ seg: item.seg, len: item.len + 1, states: next, parts: [...base, current + c], last: c });
      }
    }
  }
  return { found: [...found.values()], complete };
}

/** The witness a kind's filled-in template spells. */
function witnessOf(kind: MemberKind, segments: readonly Segment[], parts: readonly string[]): IdentityWitness {
  const spell = (slot: number): string => segments.map((seg, i) => (seg.feeds.includes(slot) ? (parts[i] ?? '') : '')).join('');
  if (kind === 'service') return { kind, principal: spell(4), context: {} };
  // The principal is what aws:PrincipalArn holds: a role ARN stands for a session of the role (as in core).
  return { kind, principal: spell(0), context: { 'aws:userid': spell(2) } };
}

const accountOfWitness = (w: IdentityWitness): string | undefined => (w.kind === 'service' ? undefined : w.principal.split(':')[4]);

/**
 * Members of the class, one for every combination of the clauses' pattern results some member
 * meets (for every kind). Excluded accounts and principals are named as exact values so that the
 * search tells them apart, then dropped.
 */
export function searchIdentities(cls: IdentityClass, clauses: readonly ConditionClause[]): IdentitySearch {
  const excludedAccounts = new Set(cls.excludedAccounts);
  const excludedPrincipals = new Set(cls.excludedPrincipals.map(principalKey));
  const witnesses: IdentityWitness[] = [];
  const kinds: string[] = [];
  for (const kind of cls.kinds) {
    // Excluded accounts and principals are few that a witness can hit: each one hit is named to the
    // search as an exact value (so it tells it apart) and the search runs again.
    const named: Named[] = [];
    const namedTexts = new Set<string>();
    for (let round = 0; ; round++) {
      const { found, complete } = searchKind(kind, cls, identitySpecs(clauses, named));
      const hits: Named[] = [];
      const members: IdentityWitness[] = [];
      const segments = template(kind, cls.partition, cls.account, cls.principal);
      for (const parts of found) {
        const w = witnessOf(kind, segments, parts);
        const account = accountOfWitness(w);
        if (cls.account === undefined && account !== undefined && excludedAccounts.has(account)) hits.push({ slot: 1, text: account, kind: 'exact' });
        else if (excludedPrincipals.has(principalKey(w.principal))) hits.push(...namedSpecs(w));
        else members.push(w);
      }
      // A hit the search already tells apart (an exact value it was given) is dropped: the members
      // with the same results but another value have their own combination.
      const fresh = hits.filter((h) => !namedTexts.has(`${h.slot}\n${h.text}`));
      if (fresh.length === 0 || round >= MAX_ROUNDS) {
        if (!complete || fresh.length > 0) kinds.push(kind);
        witnesses.push(...members);
        break;
      }
      for (const h of fresh) namedTexts.add(`${h.slot}\n${h.text}`);
      named.push(...fresh);
    }
  }
  return {
    witnesses,
    ...(kinds.length
      ? { incomplete: `the search for members of the class reached its bound (${MAX_IDENTITY_STATES} states or ${MAX_ROUNDS} rounds) for ${kinds.join(', ')}` }
      : {}),
  };
}

const IAM_NAME = /^(arn:[a-z-]+:iam::\d{12}:(?:role|user)\/)(?:.*\/)?([^/]+)$/;

/**
 * Who a principal is, for telling members from principals with rows of their own: IAM role and
 * user names are unique in an account whatever their case and path, so `role/a/APP` is the role
 * `role/App` names. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-names
 */
function principalKey(principal: string): string {
  const m = IAM_NAME.exec(principal);
  return (m ? `${m[1]}${m[2]}` : principal).toLowerCase();
}

/** The specs that tell a hit principal apart: itself in any case, and for a role or user, under any path. */
function namedSpecs(w: IdentityWitness): Named[] {
  const slot = w.kind === 'service' ? 4 : 0;
  const m = IAM_NAME.exec(w.principal);
  if (!m) return [{ slot, text: w.principal, kind: 'fold' }];
  const [, prefix = '', name = ''] = m;
  return [
    { slot, text: `${prefix}${name}`, kind: 'fold' },
    { slot, text: `${prefix}*/${name}`, kind: 'glob-fold' },
  ];
}

/** Searches per kind at most (each names the excluded values the last one hit). */
const MAX_ROUNDS = 32;
