/**
 * `simulate`: the principal × action × condition matrix. For each cell, the condition keys of the
 * statements that can apply are cut into classes (condition-space), every combination of classes
 * is evaluated with the core evaluator, and the results are merged into readable terms. Nothing is
 * sampled: a cell whose product exceeds `maxCombinations` says how many it evaluated.
 */
import {
  actionsForKey,
  findAction,
  findConditionKey,
  indexContext,
  KMS_ACTIONS,
  RequestError,
  type Caller,
  type ConditionClause,
  type ContextRecord,
  type ContextValue,
  type DecisionKind,
  type EvaluationRequest,
  type Evaluator,
  type KmsAction,
} from '@kmsim/core';
import { didYouMean } from '@kmsim/core/internal';
import type { KeySpace } from '../condition-space/index.js';
import { freeKeyClauses, partitionKeyClauses, type KeyClauses } from '../condition-space/partition.js';
import { guardrailClauses, organizationKeys, prepare, sharedEvaluators, type PreparedInput, type SimulationInput } from '../input.js';
import { enumeratePrincipals, type CustomPrincipal, type PrincipalRow } from '../principals.js';
import { identitySpace } from '../condition-space/identity-space.js';
import { planRow, type RowPlan } from './rows.js';
import { mergePoints, mergeTerms, type RawTerm } from './merge.js';
import { searchCell, type SearchInput } from './search.js';
import { grantClauses, relevanceIndex, relevantClauses, relevantGroups } from './relevance.js';
import { summarize } from './summary.js';
import { cellFor, RowShare } from './row-share.js';
import { answerForAnyAlias, outcomeOverAliases, type AliasAnswer } from './alias.js';
import type { ActionColumn, Cell, CellPoint, Matrix, OutcomeTerm } from './types.js';

export interface SimulateOptions {
  /** More principals to include as rows. */
  readonly principals?: readonly CustomPrincipal[];
  /** More actions to include as columns (e.g. kms:ReplicateKey on a single-Region key). */
  readonly actions?: readonly string[];
  /** Only these actions (instead of every action for the key's type). */
  readonly onlyActions?: readonly string[];
  /** The most combinations evaluated per cell, or regions searched (default 4096). */
  readonly maxCombinations?: number;
  /** Cells with more combinations than this are searched by statement instead of enumerated (default 256). */
  readonly searchAbove?: number;
}

const GROUP_ORDER = ['admin', 'crypto', 'grants', 'account'] as const;
const EC_PREFIX = 'kms:encryptioncontext:';

const KMS_ACTION_NAMES: readonly string[] = KMS_ACTIONS.map((a) => a.name);

export function columns(input: PreparedInput, options: SimulateOptions): ActionColumn[] {
  const key = input.key;
  const base: KmsAction[] = options.onlyActions
    ? []
    : actionsForKey({
        keySpec: key.keySpec ?? 'SYMMETRIC_DEFAULT',
        ...(key.keyUsage ? { keyUsage: key.keyUsage } : {}),
        ...(key.origin ? { origin: key.origin } : {}),
        ...(key.multiRegion !== undefined ? { multiRegion: key.multiRegion } : {}),
      });
  const extra = [...(options.onlyActions ?? []), ...(options.actions ?? [])].map((name) => {
    const a = findAction(name);
    if (!a) throw new RequestError('action', `"${name}" is not a KMS action kmsim knows.${didYouMean(name, KMS_ACTION_NAMES)}`);
    return a;
  });
  const seen = new Set<string>();
  const all = [...base, ...extra].filter((a) => (seen.has(a.name) ? false : (seen.add(a.name), true)));
  return all.map((action) => ({ name: action.name, group: action.group, action })).sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
}

/** kms: condition keys the action does not support are never in its request context. */
export function supportedBy(action: KmsAction, key: string): boolean {
  const info = findConditionKey(key);
  if (!info || info.global) return true;
  return action.conditionKeys.includes(info.name);
}

/**
 * Keys the simulator varies. Derived keys follow from the principal and the key; so do
 * aws:PrincipalIsAWSService and aws:PrincipalServiceName, which core derives from the caller
 * (a service principal always has aws:PrincipalIsAWSService = true). For a class row every identity
 * key follows from the witness member (see rows.ts).
 */
export const isFree = (key: string): boolean => !(findConditionKey(key)?.derived ?? false) && !CALLER_DERIVED.has(key.toLowerCase());
const CALLER_DERIVED = new Set(['aws:principalisawsservice', 'aws:principalservicename']);

/** The request context of one combination, keeping the encryption context and its key list consistent. */
export function contextOf(
  keys: readonly KeySpace[],
  classes: readonly number[],
  identity?: Readonly<Record<string, ContextValue>>,
): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = { ...identity };
  let ecKeysEntry: string | undefined;
  keys.forEach((k, i) => {
    const cls = k.classes[classes[i] ?? 0];
    const v = cls?.value;
    if (k.key.toLowerCase() === 'kms:encryptioncontextkeys') ecKeysEntry = k.key;
    // A class row's principal: the witness's own identity keys (core derives the rest from it).
    if (cls?.principal !== undefined) Object.assign(ctx, cls.context);
    else if (v !== undefined) ctx[k.key] = v;
  });
  // kms:EncryptionContextKeys lists exactly the request's encryption context keys.
  const pairs = Object.keys(ctx)
    .filter((k) => k.toLowerCase().startsWith(EC_PREFIX))
    .map((k) => k.slice(EC_PREFIX.length));
  const listed = ecKeysEntry && ctx[ecKeysEntry] !== undefined ? ([ctx[ecKeysEntry]].flat() as ContextValue[]).map(String) : [];
  for (const name of listed) if (!pairs.includes(name)) ctx[`kms:EncryptionContext:${name}`] = 'kmsim-value';
  const all = [...new Set([...listed, ...pairs])];
  if (all.length > 0) ctx[ecKeysEntry ?? 'kms:EncryptionContextKeys'] = all;
  return ctx;
}

/**
 * Whether contextOf sends a combination as its classes say: kms:EncryptionContextKeys (when varied)
 * names a varied pair exactly when that pair's class is present. Otherwise contextOf fills in the
 * pair or the list, and the request is another combination's.
 */
export function linkedFaithful(keys: readonly KeySpace[], classes: readonly number[]): boolean {
  const list = keys.findIndex((k) => k.key.toLowerCase() === 'kms:encryptioncontextkeys');
  if (list < 0) return true;
  const value = keys[list]?.classes[classes[list] ?? 0]?.value;
  const listed = value === undefined ? [] : ([value].flat() as ContextValue[]).map(String);
  return keys.every((k, i) => {
    if (!k.key.toLowerCase().startsWith(EC_PREFIX)) return true;
    const present = k.classes[classes[i] ?? 0]?.value !== undefined;
    return listed.includes(k.key.slice(EC_PREFIX.length)) === present;
  });
}

/**
 * A region's first combination that linkedFaithful accepts, varying only the linked keys. A region
 * with none holds no request (every request's classes are faithful), so its first combination
 * stands: contextOf sends it as a request of another region, as enumeration does. `onCut` is
 * called when the look gave up before finding one.
 */
export function faithfulPick(keys: readonly KeySpace[], onCut: () => void): ((region: readonly (readonly number[])[]) => number[]) | undefined {
  const linked = keys.flatMap((k, i) => (k.key.toLowerCase() === 'kms:encryptioncontextkeys' || k.key.toLowerCase().startsWith(EC_PREFIX) ? [i] : []));
  if (linked.length < 2 || !linked.some((i) => keys[i]?.key.toLowerCase() === 'kms:encryptioncontextkeys')) return undefined;
  return (region) => {
    const base = region.map((r) => r[0] ?? 0);
    let steps = PICK_AT_MOST;
    for (const choice of combinations(linked.map((i) => region[i]?.length ?? 0))) {
      if (--steps < 0) {
        onCut();
        break;
      }
      const classes = [...base];
      linked.forEach((i, j) => {
        classes[i] = region[i]?.[choice[j] ?? 0] ?? 0;
      });
      if (linkedFaithful(keys, classes)) return classes;
    }
    return base;
  };
}

const PICK_AT_MOST = 4096;

export function* combinations(counts: readonly number[]): Generator<number[]> {
  const current = counts.map(() => 0);
  if (counts.some((c) => c === 0)) return;
  while (true) {
    yield [...current];
    let i = counts.length - 1;
    while (i >= 0) {
      current[i] = (current[i] ?? 0) + 1;
      if ((current[i] ?? 0) < (counts[i] ?? 1)) break;
      current[i] = 0;
      i--;
    }
    if (i < 0) return;
  }
}

/** The principal a combination is sent as: a class's witness member, or the row's own (or default witness). */
export function principalOf(keys: readonly KeySpace[], classes: readonly number[], fallback: string): string {
  for (let i = 0; i < keys.length; i++) {
    const p = keys[i]?.classes[classes[i] ?? 0]?.principal;
    if (p !== undefined) return p;
  }
  return fallback;
}

/**
 * How a column's requests are answered: alias columns over every alias of the key's account and
 * Region (alias.ts), the others by the evaluator. Remembers, per combination, the witness alias a
 * point's request needs and why an answer may not hold for every alias.
 */
class ColumnAnswers {
  /** Made on first use: most cells never need one. */
  private aliases: Map<string, string> | undefined;
  varies: string | undefined;
  partial = false;
  constructor(
    private readonly evaluator: Evaluator,
    private readonly aliasColumn: boolean,
  ) {}
  decide(request: EvaluationRequest, classes: readonly number[]): DecisionKind {
    if (!this.aliasColumn) return this.evaluator.evaluate(request).decision;
    const a: AliasAnswer = answerForAnyAlias(this.evaluator, request);
    if (a.aliasArn !== undefined) (this.aliases ??= new Map()).set(classes.join(','), a.aliasArn);
    this.varies ??= a.varies;
    this.partial ||= a.partial === true;
    return a.decision;
  }
  /** The request of a point: with the witness alias its answer was reached with, if any. */
  withAlias(request: EvaluationRequest, classes: readonly number[]): EvaluationRequest {
    const aliasArn = this.aliases?.get(classes.join(','));
    return aliasArn === undefined ? request : { ...request, aliasArn };
  }
}

export const answersFor = (evaluator: Evaluator, column: ActionColumn): ColumnAnswers =>
  new ColumnAnswers(evaluator, column.action.resource === 'alias-and-key');

/**
 * Conditional means "allowed only under some conditions". A cell that can never be allowed is a
 * deny: explicit when every combination is explicitly denied, else implicit (its summary still says
 * when a Deny statement applies).
 */
export function cellOutcome(points: readonly CellPoint[]): Cell['outcome'] {
  const allow = points.filter((p) => p.decision === 'Allow').length;
  if (allow === points.length) return 'Allow';
  if (allow > 0) return 'Conditional';
  return points.every((p) => p.decision === 'ExplicitDeny') ? 'ExplicitDeny' : 'ImplicitDeny';
}

/**
 * Work cells of one simulation share. Cells repeat the same few shapes: the same varied keys (the
 * space cache hands out one array per clause list) and, much more often, the same class counts
 * with the same decisions. So: the request context of each combination, by keys; the merged
 * terms, by class counts and decisions (a cell's points are the first combinations of its counts,
 * in order, so these decide the merge); the terms and summary, by keys and that same merge key.
 */
class CellMemo {
  /** By keys, then by the default witness (a class row's principal when no key varies it). */
  readonly contexts = new WeakMap<readonly KeySpace[], Map<string, Record<string, ContextValue>[]>>();
  readonly merges = new Map<string, RawTerm<DecisionKind>[]>();
  readonly outcomes = new WeakMap<readonly KeySpace[], Map<string, { readonly terms: readonly OutcomeTerm[]; readonly summary: string }>>();
  /** Cells no key varies: the request context by the subject's context (the evaluator only reads it). */
  private readonly constantContexts = new WeakMap<object, Record<string, ContextValue>>();
  private noContext: Record<string, ContextValue> | undefined;
  private readonly constantOutcomes = new Map<DecisionKind, { readonly term: OutcomeTerm; readonly summary: string }>();

  constantContext(identity: Readonly<Record<string, ContextValue>> | undefined): Record<string, ContextValue> {
    if (identity === undefined) return (this.noContext ??= contextOf(NO_KEYS, NO_CLASSES));
    let ctx = this.constantContexts.get(identity);
    if (!ctx) {
      ctx = contextOf(NO_KEYS, NO_CLASSES, identity);
      this.constantContexts.set(identity, ctx);
    }
    return ctx;
  }

  constantOutcome(decision: DecisionKind): { readonly term: OutcomeTerm; readonly summary: string } {
    let o = this.constantOutcomes.get(decision);
    if (!o) {
      const term: OutcomeTerm = { decision, count: 1, when: [] };
      o = { term, summary: summarize([term]) };
      this.constantOutcomes.set(decision, o);
    }
    return o;
  }
}

/** Who a cell's requests are sent as when no key varies the principal: the row's principal, or a class's one witness. */
export interface CellSubject {
  readonly principal: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** Set when something other than the cell's own combinations was cut short (the class's member search). */
  readonly incomplete?: string;
}

export function buildCell(
  row: PrincipalRow,
  column: ActionColumn,
  keys: KeySpace[],
  evaluator: Evaluator,
  limit: number,
  memo: CellMemo,
  subject: CellSubject = { principal: row.arn },
  search?: () => Omit<SearchInput, 'keys' | 'decide' | 'limit'>,
  searchAbove = SEARCH_ABOVE,
): Cell {
  if (keys.length === 0 && limit >= 1) return constantCell(row, column, keys, evaluator, memo, subject);
  const counts = keys.map((k) => k.classes.length);
  const total = counts.reduce((n, c) => n * c, 1);
  if (search && total > searchAbove) return searchedCell(row, column, keys, evaluator, limit, subject, search());
  const answers = answersFor(evaluator, column);
  const action = column.name;
  const request = (classes: readonly number[]): EvaluationRequest =>
    answers.withAlias({ principal: principalOf(keys, classes, subject.principal), action, context: contextOf(keys, classes, subject.context) }, classes);
  let bySubject = memo.contexts.get(keys);
  if (!bySubject) {
    bySubject = new Map();
    memo.contexts.set(keys, bySubject);
  }
  let contexts = bySubject.get(subject.principal);
  if (!contexts) {
    contexts = [];
    bySubject.set(subject.principal, contexts);
  }
  const points: CellPoint[] = [];
  const decisions: DecisionKind[] = [];
  for (const classes of combinations(counts)) {
    if (points.length >= limit) break;
    // The context of the n-th combination of these keys, made once (the evaluator only reads it).
    const context = (contexts[points.length] ??= contextOf(keys, classes, subject.context));
    const principal = principalOf(keys, classes, subject.principal);
    const decision = answers.decide({ principal, action, context }, classes);
    points.push({ classes, decision });
    decisions.push(decision);
  }
  const mergeKey = `${counts.join(',')}|${decisions.join(',')}`;
  let outcomes = memo.outcomes.get(keys);
  if (!outcomes) {
    outcomes = new Map();
    memo.outcomes.set(keys, outcomes);
  }
  let outcome = outcomes.get(mergeKey);
  if (!outcome) {
    let raw = memo.merges.get(mergeKey);
    if (!raw) {
      raw = mergePoints(points, counts);
      memo.merges.set(mergeKey, raw);
    }
    const terms: OutcomeTerm[] = raw.map((t) => ({
      decision: t.decision,
      count: t.count,
      when: t.sets.flatMap((s, i) => {
        const k = keys[i];
        return s === null || !k ? [] : [{ key: k.key, classes: s.map((c) => k.classes[c]).filter((c) => c !== undefined) }];
      }),
    }));
    outcome = { terms, summary: summarize(terms) };
    outcomes.set(mergeKey, outcome);
  }
  // Each cell its own list; the terms in it are shared by the cells of the same shape (like their keys).
  const terms = [...outcome.terms];
  const { summary } = outcome;
  return {
    principal: row.id,
    action: column.name,
    outcome: outcomeOverAliases(cellOutcome(points), answers.partial),
    keys,
    points,
    terms,
    summary,
    total,
    evaluated: points.length,
    merged: points.length - terms.length,
    ...completeness(points.length, total, [subject.incomplete, answers.varies, ...keys.map((k) => k.incomplete)]),
    requestFor: (point) => request(point.classes),
  };
}

/**
 * A cell no key varies (most cells): one combination, one request, so one point and one term
 * everywhere. The same cell `buildCell`'s loop and merge would make, without them; the term and
 * summary of each decision are made once per simulation.
 */
function constantCell(row: PrincipalRow, column: ActionColumn, keys: KeySpace[], evaluator: Evaluator, memo: CellMemo, subject: CellSubject): Cell {
  const answers = answersFor(evaluator, column);
  const action = column.name;
  const request = (): EvaluationRequest =>
    answers.withAlias({ principal: subject.principal, action, context: contextOf(NO_KEYS, NO_CLASSES, subject.context) }, NO_CLASSES);
  const context = memo.constantContext(subject.context);
  const decision = answers.decide({ principal: subject.principal, action, context }, NO_CLASSES);
  const outcome = memo.constantOutcome(decision);
  const incomplete = [subject.incomplete, answers.varies].filter((r) => r !== undefined);
  return {
    principal: row.id,
    action,
    outcome: outcomeOverAliases(decision, answers.partial),
    keys,
    points: [{ classes: [], decision }],
    terms: [outcome.term],
    summary: outcome.summary,
    total: 1,
    evaluated: 1,
    merged: 0,
    ...(incomplete.length === 0 ? COMPLETE : { complete: false, incompleteReason: incomplete.join('; ') }),
    requestFor: request,
  };
}

const NO_KEYS: readonly KeySpace[] = [];
const NO_CLASSES: readonly number[] = [];
const COMPLETE = { complete: true } as const;

const MERGE_AT_MOST = 4096;

/** Cells with more combinations than this are searched by statement (search.ts) instead of enumerated. */
export const SEARCH_ABOVE = 256;

/** A cell by the search by need: one point per region, merged into terms. */
function searchedCell(
  row: PrincipalRow,
  column: ActionColumn,
  keys: KeySpace[],
  evaluator: Evaluator,
  limit: number,
  subject: CellSubject,
  search: Omit<SearchInput, 'keys' | 'decide' | 'limit'>,
): Cell {
  const counts = keys.map((k) => k.classes.length);
  const total = counts.reduce((n, c) => n * c, 1);
  const answers = answersFor(evaluator, column);
  const action = column.name;
  const bare = (classes: readonly number[]): EvaluationRequest => ({
    principal: principalOf(keys, classes, subject.principal),
    action,
    context: contextOf(keys, classes, subject.context),
  });
  const request = (classes: readonly number[]): EvaluationRequest => answers.withAlias(bare(classes), classes);
  // A region is decided on a combination contextOf sends as its classes say (faithfulPick).
  let unfaithful: string | undefined;
  const pick = faithfulPick(keys, () => {
    unfaithful = `the search for a request whose kms:EncryptionContextKeys lists exactly its kms:EncryptionContext:* pairs stopped after ${PICK_AT_MOST} combinations`;
  });
  const decide = (classes: readonly number[]): DecisionKind => answers.decide(bare(classes), classes);
  const result = searchCell({ ...search, keys, limit, decide, ...(pick ? { pick } : {}) });
  // Merging costs terms × keys per pass: beyond a size the regions stay as they are (still exact).
  const merge = keys.length * result.terms.length <= MERGE_AT_MOST;
  const terms: OutcomeTerm[] = (merge ? mergeTerms(result.terms, counts) : result.terms).map((t) => ({
    decision: t.decision,
    count: t.count,
    when: t.sets.flatMap((s, i) => {
      const k = keys[i];
      return s === null || !k ? [] : [{ key: k.key, classes: s.map((c) => k.classes[c]).filter((c) => c !== undefined) }];
    }),
  }));
  // A region's decision comes from one representative. Keys a request links (kms:EncryptionContextKeys
  // lists exactly the kms:EncryptionContext:* pairs sent, so contextOf fills or adds what a point's
  // classes leave out) can make another point of the region a different request: each point is
  // decided again on its own request, and a disagreement makes the cell incomplete, never silent.
  let linked: string | undefined;
  const points: CellPoint[] = result.points.map((p) => {
    const decision = answers.decide(bare(p.classes), p.classes);
    if (decision === p.decision) return p;
    linked =
      'kms:EncryptionContextKeys and the encryption-context pairs it lists are linked in a request; the search took them apart, so its regions may not hold';
    return { classes: p.classes, decision };
  });
  const covered = result.terms.reduce((n, t) => n + t.count, 0);
  return {
    principal: row.id,
    action,
    outcome: points.length ? outcomeOverAliases(cellOutcome(points), answers.partial) : 'ImplicitDeny',
    keys,
    points,
    terms,
    summary: summarize(terms),
    total,
    evaluated: points.length,
    merged: points.length - terms.length,
    ...completeness(covered, total, [subject.incomplete, result.incomplete, linked, unfaithful, answers.varies, ...keys.map((k) => k.incomplete)]),
    requestFor: (point) => request(point.classes),
  };
}

/** `complete` and, when false, why: every bound reached is said, never silent. */
export function completeness(evaluated: number, total: number, other: readonly (string | undefined)[]): { complete: boolean; incompleteReason?: string } {
  const reasons = [
    ...(evaluated < total ? [`only ${evaluated} of ${total} combinations were covered (maxCombinations)`] : []),
    ...new Set(other.filter((r): r is string => r !== undefined)),
  ];
  return reasons.length === 0 ? { complete: true } : { complete: false, incompleteReason: reasons.join('; ') };
}

/** The condition clauses that can matter for a row × action (key policy, identity policies, grants). */
export function cellClauses(prepared: PreparedInput, row: PrincipalRow, caller: Caller, column: ActionColumn): ConditionClause[] {
  return [
    ...relevantClauses(prepared.keyPolicy, row.identityPolicies, caller, column.name.toLowerCase()),
    ...grantClauses(prepared.grants, caller, column.name.slice(4), prepared.key),
    ...guardrailClauses(prepared, column.name.toLowerCase()),
  ];
}

/**
 * Partitions worked out during one simulation (or diff): per cell, by the text of its clauses (as
 * before), and per key, by everything a key's classes depend on — its clauses, the policy version
 * and, when they matter, the row (policy variables) and the row's own value for the key. Cells
 * whose clause lists differ mostly share the keys they test, so a key is partitioned once.
 */
export class SpaceCache {
  readonly cells = new Map<string, KeySpace[]>();
  readonly keys = new Map<string, KeySpace>();
  private readonly texts = new WeakMap<ConditionClause, string>();
  private readonly bases = new WeakMap<ContextRecord, Map<string, ContextValue>>();

  /** A clause's part of the cell key, written once per clause. */
  text(c: ConditionClause): string {
    let text = this.texts.get(c);
    if (text === undefined) {
      text = `${c.operator}|${c.key}|${JSON.stringify(c.values)}`;
      this.texts.set(c, text);
    }
    return text;
  }

  /** The base context by lower-cased key, as the condition space reads it (first spelling wins). */
  base(base: ContextRecord): Map<string, ContextValue> {
    let index = this.bases.get(base);
    if (!index) {
      index = indexContext(base);
      this.bases.set(base, index);
    }
    return index;
  }
}

/** Values JSON writes exactly (so that equal text means equal values). */
const exactJson = (v: unknown): boolean =>
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0)) ||
  (Array.isArray(v) && v.every(exactJson));

/**
 * What one key's classes depend on (see partitionKey): its clauses (operator, key, values, in
 * order), the policy version, the base context through policy variables (then the row) and
 * through the key's own base value (used for the "absent" witness). `undefined` for clauses whose
 * values JSON cannot write exactly: those are partitioned without the cache.
 */
function keyMemo(group: KeyClauses, version: string, rowId: string, base: ReadonlyMap<string, ContextValue>): string | undefined {
  let variables = false;
  for (const c of group.clauses) {
    if (typeof c.operator !== 'string' || typeof c.key !== 'string' || !Array.isArray(c.values) || !c.values.every(exactJson)) return undefined;
    if (!variables) variables = c.values.some((v) => typeof v === 'string' && v.includes('${'));
  }
  const own = base.get(group.key.toLowerCase());
  if (own !== undefined && !exactJson(own)) return undefined;
  return JSON.stringify([version, variables ? rowId : null, own === undefined ? null : [own], group.clauses.map((c) => [c.operator, c.key, c.values])]);
}

/** The varied keys of a cell: free keys the action supports, with more than one class. */
export function cellSpace(
  clauses: readonly ConditionClause[],
  column: ActionColumn,
  base: ContextRecord,
  policyVersion: string | undefined,
  rowId: string,
  cache: SpaceCache,
  /** For a row whose principal is a dimension: the identity keys its witnesses decide (then not free). */
  identity?: RowPlan['isIdentity'],
  /** Keys the guardrails make derived for this whole simulation (organizationKeys): never free. */
  fixed?: (key: string) => boolean,
): KeySpace[] {
  if (clauses.length === 0) return [];
  const usesVariables = clauses.some((c) => c.values.some((v) => typeof v === 'string' && v.includes('${')));
  const cacheKey = `${usesVariables ? rowId : ''}|${identity ? identity.tag : ''}|${column.name}|${clauses.map((c) => cache.text(c)).join(';')}`;
  let keys = cache.cells.get(cacheKey);
  if (!keys) {
    const own = fixed ? (k: string) => isFree(k) && !fixed(k) : isFree;
    const free = identity ? (k: string) => own(k) && !identity(k) : own;
    // A request on a key goes to the key's Region: aws:RequestedRegion is fixed there (regionOf).
    const keyScoped = column.action.resource !== 'none';
    const options = {
      policyVersion: policyVersion ?? '2012-10-17',
      base,
      isFree: keyScoped ? (k: string) => free(k) && k.toLowerCase() !== REQUESTED_REGION : free,
      ...(identity ? { identityVaries: identity } : {}),
    };
    const baseIndex = cache.base(base);
    keys = freeKeyClauses(clauses, options)
      .map((group) => {
        const memo = keyMemo(group, options.policyVersion, rowId, baseIndex);
        if (memo === undefined) return partitionKeyClauses(group, options);
        let space = cache.keys.get(memo);
        if (!space) {
          space = partitionKeyClauses(group, options);
          cache.keys.set(memo, space);
        }
        return space;
      })
      .map((k) => (supportedBy(column.action, k.key) ? k : { ...k, classes: k.classes.filter((c) => c.value === undefined) }))
      // A key every request carries (aws:SecureTransport …) stays with its one class: its value is in each request.
      .filter((k) => k.classes.length > 1 || k.classes[0]?.value !== undefined || k.incomplete !== undefined);
    cache.cells.set(cacheKey, keys);
  }
  return keys;
}

/** The clauses of a row × action, from every kind of member a row holds (once each, in order). */
function unionClauses(lists: readonly ConditionClause[][]): ConditionClause[] {
  if (lists.length === 1) return lists[0] ?? [];
  const seen = new Set<ConditionClause>();
  const out: ConditionClause[] = [];
  for (const list of lists) for (const c of list) if (!seen.has(c)) seen.add(c), out.push(c);
  return out;
}

/**
 * A cell's keys and who its requests are sent as. For a class row, the principal is one more key
 * when the cell's clauses on identity keys tell witness members apart (identity-space.ts), else
 * the class's best witness. Worked out once per row and clause list.
 */
export class CellPlanner {
  private readonly spaces = new Map<string, { keys: KeySpace[]; subject: CellSubject }>();
  constructor(
    readonly cache: SpaceCache,
    private readonly version: string | undefined,
    /** Keys the guardrails make derived (organizationKeys). */
    private readonly fixed?: (key: string) => boolean,
  ) {}

  plan(
    plan: RowPlan,
    evaluator: Evaluator,
    column: ActionColumn,
    clauses: readonly ConditionClause[],
    base: ContextRecord,
  ): { keys: KeySpace[]; subject: CellSubject } {
    const planned = this.planIdentity(plan, evaluator, column, clauses, base);
    const region = regionFixed(column, clauses, evaluator.key.arn);
    if (!region) return planned;
    return { keys: planned.keys, subject: { ...planned.subject, context: { ...planned.subject.context, ...region } } };
  }

  private planIdentity(
    plan: RowPlan,
    evaluator: Evaluator,
    column: ActionColumn,
    clauses: readonly ConditionClause[],
    base: ContextRecord,
  ): { keys: KeySpace[]; subject: CellSubject } {
    const witnesses = plan.witnesses;
    const keys = cellSpace(clauses, column, base, this.version, plan.id, this.cache, witnesses === undefined ? undefined : plan.isIdentity, this.fixed);
    if (!witnesses) return { keys, subject: { principal: plan.arn } };
    const idClauses = clauses.filter((c) => typeof c.key === 'string' && plan.isIdentity(c.key));
    const memo = `${plan.id}|${idClauses.map((c) => this.cache.text(c)).join(';')}`;
    let identity = this.spaces.get(memo);
    if (!identity) {
      const space = identitySpace(witnesses, idClauses, this.version, (w) => evaluator.callerContext?.(w.principal) ?? {});
      const first = space.classes[0];
      const subject: CellSubject = {
        principal: first?.principal ?? plan.arn,
        ...(first?.context ? { context: first.context } : {}),
        ...(plan.incomplete === undefined ? {} : { incomplete: plan.incomplete }),
      };
      identity = { keys: space.classes.length > 1 ? [space] : [], subject };
      this.spaces.set(memo, identity);
    }
    return { keys: identity.keys.length ? [...identity.keys, ...keys] : keys, subject: identity.subject };
  }
}

const REQUESTED_REGION = 'aws:requestedregion';

/**
 * aws:RequestedRegion of a request on the key: KMS keys are regional and a request on a key is
 * sent to the key's Region (the Region in its ARN), so the key fixes the value.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN
 */
export function regionFixed(column: ActionColumn, clauses: readonly ConditionClause[], keyArn: string): Record<string, ContextValue> | undefined {
  if (column.action.resource === 'none') return undefined;
  if (!clauses.some((c) => typeof c.key === 'string' && c.key.toLowerCase() === REQUESTED_REGION)) return undefined;
  const region = keyArn.split(':')[3];
  return region ? { 'aws:RequestedRegion': region } : undefined;
}

/** The context a row's first principal gets from core: the base its keys are partitioned on. */
export function baseContext(evaluator: Evaluator, principal: string): ContextRecord {
  return evaluator.callerContext?.(principal) ?? evaluator.evaluate({ principal, action: 'kms:DescribeKey' }).trace.context;
}

export function simulate(input: SimulationInput, options: SimulateOptions = {}): Matrix {
  const prepared = prepare(input);
  const principals = enumeratePrincipals(prepared, options.principals);
  const plans = principals.map((row) => planRow(prepared, row));
  const actions = columns(prepared, options);
  const limit = options.maxCombinations ?? 4096;
  const evaluatorOf = sharedEvaluators(prepared, plans);
  const relevance = relevanceIndex(prepared.keyPolicy);
  const planner = new CellPlanner(new SpaceCache(), prepared.keyPolicy.version, organizationKeys(prepared));
  const cellMemo = new CellMemo();
  const truths = new WeakMap<KeySpace, Map<ConditionClause, Uint8Array>>();

  const share = new RowShare(prepared.keyPolicy, prepared.grants.length, isFree);
  const spaceCache = planner.cache;

  const cells: Cell[] = [];
  for (const plan of plans) {
    const { row } = plan;
    const rowClauses = plan.callers.map((caller) => ({ caller, clauses: relevance(caller, row.identityPolicies) }));
    // Guardrails read the caller's account and organization: rows share nothing then.
    const signature =
      rowClauses.length === 1 && prepared.guardrails === undefined
        ? share.signature(plan, (rowClauses[0] as (typeof rowClauses)[0]).clauses.covering)
        : undefined;
    const same = signature === undefined ? undefined : share.get(signature);
    if (same) {
      for (const c of same) cells.push(cellFor(c, row.id, row.arn));
      continue;
    }
    const evaluator = evaluatorOf(row);
    // What the trace of a key-scoped request shows as its context (callerContext skips the explaining pass).
    const base = baseContext(evaluator, plan.principals[0] ?? row.arn);
    const start = cells.length;
    let readsBase = false;
    for (const column of actions) {
      const lower = column.name.toLowerCase();
      // As cellClauses, with the key policy indexed by action and Principal matched once per row.
      const clauses = unionClauses([
        ...rowClauses.map(({ caller, clauses: of }) => [...of(lower), ...grantClauses(prepared.grants, caller, column.name.slice(4), prepared.key)]),
        guardrailClauses(prepared, lower),
      ]);
      if (signature !== undefined && !readsBase) readsBase = share.readsBase(clauses, spaceCache.base(base));
      const { keys, subject } = planner.plan(plan, evaluator, column, clauses, base);
      const search = () => ({
        groups: relevantGroups(prepared.keyPolicy, row.identityPolicies, plan.callers, prepared.grants, lower, column.name.slice(4), prepared.key),
        version: prepared.keyPolicy.version,
        base,
        derived: (principal: string) => evaluator.callerContext?.(principal) ?? {},
        truths,
      });
      // The search by statement reads the key policy's and identity policies' statements, not the
      // guardrails': with guardrails every combination is evaluated (up to maxCombinations, then said).
      const searchAbove = prepared.guardrails === undefined ? options.searchAbove : Number.POSITIVE_INFINITY;
      cells.push(buildCell(row, column, keys, evaluator, limit, cellMemo, subject, search, searchAbove));
    }
    if (signature !== undefined && !readsBase) share.set(signature, cells.slice(start));
  }

  // Cells are row-major (one per row and column): a cell is found by its row's and column's positions.
  const rowAt = new Map<string, number>();
  for (const [r, row] of principals.entries()) rowAt.set(row.id, r);
  const columnAt = new Map<string, number>();
  for (const [k, column] of actions.entries()) columnAt.set(column.name.toLowerCase(), k);
  return {
    key: prepared.key,
    principals,
    actions,
    cells,
    stats: {
      cells: cells.length,
      combinations: cells.reduce((n, c) => n + c.total, 0),
      evaluated: cells.reduce((n, c) => n + c.evaluated, 0),
      merged: cells.reduce((n, c) => n + c.merged, 0),
      incompleteCells: cells.filter((c) => !c.complete).length,
    },
    cell: (principal, action) => {
      const r = rowAt.get(principal);
      const k = columnAt.get(action.toLowerCase());
      return r === undefined || k === undefined ? undefined : cells[r * actions.length + k];
    },
    explainPoint(cell, point) {
      const row = principals.find((p) => p.id === cell.principal);
      if (!row) throw new RequestError('principal', `no row ${cell.principal} in this matrix`);
      const request = cell.requestFor(point);
      const d = evaluatorOf(row).evaluate(request);
      const refs = [...d.deniedBy, ...d.allowedBy];
      const deciding = d.trace.statements.filter((t) =>
        refs.some((r) => r.source === t.source && 'policyIndex' in r && r.policyIndex === t.policyIndex && r.index === t.index),
      );
      return { request, decision: d.decision, reason: d.reason, statements: d.trace.statements, deciding };
    },
  };
}
