/**
 * Cut each tested condition key's values into classes that every clause on the key treats alike.
 * Candidate witnesses come from the operator families used on the key (and its catalogue type);
 * core's `compileClause` then gives each candidate its signature — one bit per clause — and equal
 * signatures make one class. Classes are therefore sound by construction (they are decided by
 * the evaluator's own code); the candidate rules make them complete.
 */
import { findConditionKey, type ConditionClause, type ConditionKey, type ContextRecord, type OperatorFamily } from '@kmsim/core';
import { boolCandidates } from './bool.js';
import { readClauses, valuesOf, type ClauseInfo } from './clauses.js';
import { layered, safeTest, signer } from './context.js';
import { ipCandidates } from './ip.js';
import { describeClass } from './labels.js';
import { lineCandidates } from './lines.js';
import { setCandidates } from './sets.js';
import { otherString, stringCandidates, stringSpecs } from './strings.js';
import type { Candidate, KeySpace, PartitionOptions, ValueClass } from './types.js';

const ABSENT: Candidate = { value: undefined, tier: 0, id: 'absent', label: 'absent' };
/** IAM treats an empty set like a missing key; it stays a witness for multi-valued keys. */
const EMPTY: Candidate = { value: [], tier: 0, id: 'empty', label: 'empty set' };

type Domain = 'string' | 'Numeric' | 'Date' | 'IPAddress' | 'Bool';

/** The candidate domain each operator family (and each catalogue key type) opens. */
const DOMAIN_OF: Readonly<Record<OperatorFamily, Domain | undefined>> = {
  String: 'string',
  ARN: 'string',
  Binary: 'string',
  Numeric: 'Numeric',
  Date: 'Date',
  IPAddress: 'IPAddress',
  Bool: 'Bool',
  Null: undefined,
};

/** How a catch-all that no operator on the key can read is called, by the key's one typed domain. */
const NOT_TYPED: Readonly<Record<Exclude<Domain, 'string'>, string>> = {
  Numeric: 'a non-numeric value',
  Date: 'a value that is not a date',
  IPAddress: 'a value that is not an IP address',
  Bool: 'a value that is neither true nor false',
};

const CANDIDATES: Readonly<Record<Exclude<Domain, 'string'>, (infos: readonly ClauseInfo[]) => Candidate[]>> = {
  Numeric: (infos) =>
    lineCandidates(
      'Numeric',
      valuesOf(infos, ['Numeric']).map((x) => x.value),
    ),
  Date: (infos) =>
    lineCandidates(
      'Date',
      valuesOf(infos, ['Date']).map((x) => x.value),
    ),
  IPAddress: (infos) => ipCandidates(valuesOf(infos, ['IPAddress']).map((x) => x.value)),
  Bool: (infos) => boolCandidates(valuesOf(infos, ['Bool']).map((x) => x.value)),
};

function catalogueEntry(key: string): ConditionKey | undefined {
  try {
    return findConditionKey(key);
  } catch {
    return undefined;
  }
}

/** Candidates sorted best first: tier, then policy order for literals, then as generated (sort is stable). */
function rank(candidates: readonly Candidate[]): Candidate[] {
  const last = Number.MAX_SAFE_INTEGER;
  return [...candidates].sort((a, b) => a.tier - b.tier || (a.order ?? last) - (b.order ?? last));
}

function scalarCandidates(infos: readonly ClauseInfo[], entry: ConditionKey | undefined, incomplete: string[]): Candidate[] {
  const domains = new Set<Domain>();
  for (const info of infos) {
    const d = info.op ? DOMAIN_OF[info.op.base.family] : undefined;
    if (d) domains.add(d);
  }
  const own = entry ? DOMAIN_OF[entry.type] : 'string';
  if (own) domains.add(own);
  const specs = domains.has('string') ? stringSpecs(infos) : [];
  const typed = [...domains].filter((d): d is Exclude<Domain, 'string'> => d !== 'string');
  const other: Candidate = domains.has('string')
    ? { value: otherString(specs) ?? 'other', tier: 2, id: 'other', label: 'any other value' }
    : { value: 'other', tier: 2, id: 'other', label: typed.length === 1 && typed[0] ? NOT_TYPED[typed[0]] : 'a value of another type', illTyped: true };
  const strings = domains.has('string') ? stringCandidates(specs) : undefined;
  if (strings?.incomplete) incomplete.push(strings.incomplete);
  return [...(strings?.candidates ?? []), ...typed.flatMap((d) => CANDIDATES[d](infos)), other];
}

/** The keys policy variables (`${aws:username}` …) in the clauses' values read. */
function variablesOf(clauses: readonly ConditionClause[]): string[] {
  const out = new Set<string>();
  for (const c of clauses)
    for (const v of c.values) if (typeof v === 'string') for (const m of v.matchAll(/\$\{([^}]+)\}/g)) out.add((m[1] ?? '').split(',')[0]?.trim() ?? '');
  return [...out].filter((v) => v !== '' && v !== '*' && v !== '?' && v !== '$');
}

function partitionKey(key: string, clauses: readonly ConditionClause[], options: PartitionOptions): KeySpace {
  const base: ContextRecord = options.base ?? {};
  const version = options.policyVersion;
  const entry = catalogueEntry(key);
  const infos = readClauses(clauses, version, layered([base]));
  const multiValued = (entry?.multiValued ?? false) || infos.some((i) => i.op?.set !== undefined);
  const signature = signer(
    key,
    clauses.map((c) => safeTest(c, version)),
    base,
  );
  const incomplete: string[] = [];
  const varying = options.identityVaries ? variablesOf(clauses).filter((v) => options.identityVaries?.(v)) : [];
  if (varying.length > 0) incomplete.push(`a policy variable reads \${${varying[0]}}, which differs between the members of the row`);
  const scalars = rank(scalarCandidates(infos, entry, incomplete));
  // A key AWS puts in every request is never absent: its classes are cut among present values only.
  const always = (options.alwaysPresent ? options.alwaysPresent(key) : (entry?.alwaysPresent ?? false)) && scalars.length > 0;
  const sets = multiValued ? setCandidates(scalars, signature) : undefined;
  if (sets?.incomplete) incomplete.push(sets.incomplete);
  const candidates = rank([...(always ? [] : [ABSENT]), ...(sets ? [EMPTY, ...sets.candidates] : scalars)]);

  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const sig = signature(c.value);
    const group = groups.get(sig);
    if (group) group.push(c);
    else groups.set(sig, [c]);
  }
  const present = candidates.filter((c) => c.tier !== 0).length;
  const used = new Set<string>();
  const classes = [...groups.values()].map((members): ValueClass => {
    const { id, label } = describeClass(members, present, multiValued);
    let unique = id;
    for (let n = 2; used.has(unique); n++) unique = `${id}~${n}`;
    used.add(unique);
    return { key, id: unique, label, value: members[0]?.value };
  });
  return {
    key,
    type: entry?.type ?? 'String',
    multiValued,
    classes,
    ...(incomplete.length ? { incomplete: `${key}: ${incomplete.join('; ')}: some classes may be missing` } : {}),
  };
}

const EC_LIST = 'kms:encryptioncontextkeys';
const EC_PREFIX = 'kms:encryptioncontext:';

/** A tested key and its clauses (the key spelled as first written). */
export interface KeyClauses {
  readonly key: string;
  readonly clauses: readonly ConditionClause[];
}

/** The clauses grouped by key (case-insensitive), sorted by key, free keys only: what `partitionConditionSpace` partitions one by one. */
export function freeKeyClauses(clauses: readonly ConditionClause[], options: PartitionOptions = {}): KeyClauses[] {
  // IAM condition key names are case-insensitive: group by lower case, keep the first spelling.
  const groups = new Map<string, { key: string; clauses: ConditionClause[] }>();
  for (const clause of Array.isArray(clauses) ? clauses : []) {
    if (typeof clause !== 'object' || clause === null) continue;
    const key = typeof clause.key === 'string' ? clause.key : String(clause.key ?? '');
    const lower = key.toLowerCase();
    const group = groups.get(lower);
    if (group) group.clauses.push(clause);
    else groups.set(lower, { key, clauses: [clause] });
  }
  // kms:EncryptionContextKeys lists the request's encryption context keys: its sets are told apart
  // by whether they hold each kms:EncryptionContext:<name> the clauses test, so that a set and the
  // pairs can agree (a tested pair is present exactly when its name is listed).
  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context-keys
  const list = groups.get(EC_LIST);
  if (list) {
    for (const lower of groups.keys()) {
      if (!lower.startsWith(EC_PREFIX)) continue;
      const pair = groups.get(lower);
      if (!pair) continue;
      const name = pair.key.slice(EC_PREFIX.length);
      list.clauses.push({ operator: 'ForAnyValue:StringEquals', key: list.key, values: [name], path: `(the pair ${name} is in the request)` });
      // And the pair's absence is a class of its own, never merged with a present value.
      pair.clauses.push({ operator: 'Null', key: pair.key, values: ['true'], path: `(the pair ${name} is absent)` });
    }
  }
  const isFree = (key: string): boolean => {
    try {
      return options.isFree?.(key) ?? true;
    } catch {
      return true;
    }
  };
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([, g]) => isFree(g.key))
    .map(([, g]) => g);
}

/** The classes of one key, from its clauses (one group of `freeKeyClauses`). */
export function partitionKeyClauses(group: KeyClauses, options: PartitionOptions = {}): KeySpace {
  return partitionKey(group.key, group.clauses, options);
}

export function partitionConditionSpace(clauses: readonly ConditionClause[], options: PartitionOptions = {}): KeySpace[] {
  return freeKeyClauses(clauses, options).map((g) => partitionKey(g.key, g.clauses, options));
}
