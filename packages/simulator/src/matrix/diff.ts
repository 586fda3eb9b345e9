/**
 * `diffPolicies(before, after)`: every principal × action × condition class whose outcome
 * changed — the check a reviewer wants before PutKeyPolicy. Both sides are evaluated over one
 * condition space (the union of both policies' clauses), so a change is never hidden by
 * classes that exist on one side only.
 */
import { KmsimError, type Caller, type DecisionKind, type EvaluationRequest, type Evaluator } from '@kmsim/core';
import { guardrailClauses, organizationKeys, prepare, sharedEvaluators, type PreparedInput, type SimulationInput } from '../input.js';
import { enumeratePrincipals, type PrincipalRow } from '../principals.js';
import { mergePoints } from './merge.js';
import { grantClauses, relevanceIndex, type RowClauses } from './relevance.js';
import { RowShare } from './row-share.js';
import { planRow, type RowPlan } from './rows.js';
import { describeCondition, DECISION_TEXT } from './summary.js';
import {
  answersFor,
  baseContext,
  CellPlanner,
  columns,
  combinations,
  completeness,
  contextOf,
  isFree,
  principalOf,
  SpaceCache,
  type SimulateOptions,
} from './simulate.js';
import type { ActionColumn, TermCondition } from './types.js';

export type ChangeKind = 'gained' | 'lost' | 'changed';

export interface DiffEntry {
  readonly principal: string;
  readonly label: string;
  readonly action: string;
  /** gained: not allowed before, allowed after; lost: the reverse; changed: deny kind changed. */
  readonly change: ChangeKind;
  readonly before: DecisionKind;
  readonly after: DecisionKind;
  /** Where in the condition space; empty = everywhere. */
  readonly when: readonly TermCondition[];
  readonly count: number;
  /** A concrete request showing the change. */
  readonly example: EvaluationRequest;
  readonly summary: string;
}

export interface PolicyDiff {
  readonly entries: readonly DiffEntry[];
  readonly gained: number;
  readonly lost: number;
  readonly changed: number;
  /** Cells compared and combinations evaluated (each on both sides). */
  readonly cells: number;
  readonly evaluated: number;
  readonly incompleteCells: number;
}

/** One change of a row's cells, whoever the row is. */
interface RowChange {
  readonly action: string;
  readonly change: ChangeKind;
  readonly before: DecisionKind;
  readonly after: DecisionKind;
  readonly when: readonly TermCondition[];
  readonly count: number;
  readonly example: EvaluationRequest;
}

/** A row's changes and what comparing its cells took; `readsBase`: its principal reaches its cells (not shared). */
interface PairChanges {
  /** The row they were worked out for: another row's examples are sent as that row's principal. */
  readonly arn: string;
  readonly changes: RowChange[];
  cells: number;
  evaluated: number;
  incomplete: number;
  readsBase: boolean;
}

function kind(before: DecisionKind, after: DecisionKind): ChangeKind {
  if (after === 'Allow') return 'gained';
  if (before === 'Allow') return 'lost';
  return 'changed';
}

/**
 * The organization both sides are simulated in. Rows and witnesses depend on who is in the
 * organization, so BEFORE and AFTER must agree on its id and accounts (their policies may differ:
 * comparing two sets of RCPs is a diff like any other).
 */
function sameOrganization(a: PreparedInput, b: PreparedInput): Pick<PreparedInput, 'guardrails'> {
  const [x, y] = [a.guardrails?.organization, b.guardrails?.organization];
  const members = (o: typeof x): string => (o === undefined ? '' : `${o.id} ${o.managementAccount} ${Object.keys(o.accounts).sort().join(',')}`);
  if (x !== undefined && y !== undefined && members(x) !== members(y)) {
    throw new KmsimError(
      'usage',
      `diffPolicies: BEFORE and AFTER are in different organizations (${members(x)} / ${members(y)}); give both the same organization`,
    );
  }
  const guardrails = a.guardrails?.organization !== undefined ? a.guardrails : b.guardrails;
  return guardrails === undefined ? {} : { guardrails };
}

export function diffPolicies(before: SimulationInput, after: SimulationInput, options: SimulateOptions = {}): PolicyDiff {
  const a = prepare(before);
  const b = prepare(after);
  // The same key for both sides: a diff is about the policy, not the key.
  const bOnKey = { ...b, key: a.key };
  const rowsA = enumeratePrincipals(a, options.principals);
  const rowsB = enumeratePrincipals(bOnKey, options.principals);
  const rows = new Map<string, { a: PrincipalRow | undefined; b: PrincipalRow | undefined }>();
  for (const r of rowsA) rows.set(r.id, { a: r, b: undefined });
  for (const r of rowsB) rows.set(r.id, { a: rows.get(r.id)?.a, b: r });
  // A row named on one side only is evaluated on the other as that principal with the same IAM
  // assumption; a class row's members are searched over both policies' clauses.
  // With guardrails: the witnesses range over both sides' guardrail conditions, in the one organization both sides share.
  const both: PreparedInput = {
    ...a,
    keyPolicy: { ...a.keyPolicy, statements: [...a.keyPolicy.statements, ...b.keyPolicy.statements] },
    ...sameOrganization(a, b),
    guardrailStatements: [...(a.guardrailStatements ?? []), ...(b.guardrailStatements ?? [])],
  };
  const pairs = [...rows.values()].map((pair) => {
    const ra = pair.a ?? (pair.b as PrincipalRow);
    const rb = pair.b ?? ra;
    return {
      label: (pair.b ?? pair.a)?.label ?? ra.id,
      plan: planRow(both, { ...ra, identityPolicies: [...ra.identityPolicies, ...(rb === ra ? [] : rb.identityPolicies)] }),
      ra,
      rb,
    };
  });
  const plansA = pairs.map((p) => ({ ...p.plan, identityPolicies: p.ra.identityPolicies }));
  const plansB = pairs.map((p) => ({ ...p.plan, identityPolicies: p.rb.identityPolicies }));
  const evaluatorA = sharedEvaluators(a, plansA);
  const evaluatorB = sharedEvaluators(bOnKey, plansB);
  const relevanceA = relevanceIndex(a.keyPolicy);
  const relevanceB = relevanceIndex(bOnKey.keyPolicy);

  const cols = new Map<string, ActionColumn>();
  for (const c of [...columns(a, options), ...columns(bOnKey, options)]) if (!cols.has(c.name)) cols.set(c.name, c);
  const limit = options.maxCombinations ?? 4096;
  const planner = new CellPlanner(new SpaceCache(), a.keyPolicy.version ?? b.keyPolicy.version, organizationKeys(both));
  const entries: DiffEntry[] = [];
  let cellsCompared = 0;
  let evaluated = 0;
  let incomplete = 0;

  /** Every change of one row, cell by cell (the row's own principal in its examples). */
  const pairChanges = (
    plan: RowPlan,
    ofA: readonly { caller: Caller; clauses: RowClauses }[],
    ofB: readonly { caller: Caller; clauses: RowClauses }[],
  ): PairChanges => {
    const ea: Evaluator = evaluatorA(plan);
    const eb: Evaluator = evaluatorB(plan);
    const base = baseContext(ea, plan.principals[0] ?? plan.arn);
    const baseIndex = planner.cache.base(base);
    const out: PairChanges = { arn: plan.arn, changes: [], cells: 0, evaluated: 0, incomplete: 0, readsBase: false };
    for (const column of cols.values()) {
      out.cells++;
      const lower = column.name.toLowerCase();
      const operation = column.name.slice(4);
      const clauses = [
        ...ofA.flatMap(({ caller, clauses: of }) => [...of(lower), ...grantClauses(a.grants, caller, operation, a.key)]),
        ...ofB.flatMap(({ caller, clauses: of }) => [...of(lower), ...grantClauses(bOnKey.grants, caller, operation, bOnKey.key)]),
        ...guardrailClauses(a, lower),
        ...guardrailClauses(bOnKey, lower),
      ];
      if (!out.readsBase) out.readsBase = clauses.some((c) => typeof c.key !== 'string' || baseIndex.has(c.key.toLowerCase()));
      const { keys, subject } = planner.plan(plan, ea, column, [...new Set(clauses)], base);
      const counts = keys.map((k) => k.classes.length);
      // Alias columns: answered over every alias on each side (an example carries the witness alias of either side).
      const answersA = answersFor(ea, column);
      const answersB = answersFor(eb, column);
      const bare = (classes: readonly number[]): EvaluationRequest => ({
        principal: principalOf(keys, classes, subject.principal),
        action: column.name,
        context: contextOf(keys, classes, subject.context),
      });
      const requestOf = (classes: readonly number[]): EvaluationRequest => answersB.withAlias(answersA.withAlias(bare(classes), classes), classes);
      const points: { classes: number[]; decision: string; before: DecisionKind; after: DecisionKind }[] = [];
      let n = 0;
      const total = counts.reduce((x, c) => x * c, 1);
      for (const classes of combinations(counts)) {
        if (n >= limit) break;
        n++;
        const request = bare(classes);
        const da = answersA.decide(request, classes);
        const db = answersB.decide(request, classes);
        if (da !== db) points.push({ classes, decision: `${da}>${db}`, before: da, after: db });
      }
      if (!completeness(n, total, [subject.incomplete, answersA.varies, answersB.varies, ...keys.map((k) => k.incomplete)]).complete) out.incomplete++;
      out.evaluated += n;
      if (points.length === 0) continue;
      for (const t of mergePoints(points, counts)) {
        const [bd, ad] = t.decision.split('>') as [DecisionKind, DecisionKind];
        const when: TermCondition[] = t.sets.flatMap((s, i) => {
          const k = keys[i];
          return s === null || !k ? [] : [{ key: k.key, classes: s.map((c) => k.classes[c]).filter((c) => c !== undefined) }];
        });
        const first = points.find((p) => p.decision === t.decision && t.sets.every((s, i) => s === null || s.includes(p.classes[i] ?? -1)));
        out.changes.push({ action: column.name, change: kind(bd, ad), before: bd, after: ad, when, count: t.count, example: requestOf(first?.classes ?? []) });
      }
    }
    return out;
  };

  const shareA = new RowShare(a.keyPolicy, a.grants.length, isFree);
  const shareB = new RowShare(bOnKey.keyPolicy, bOnKey.grants.length, isFree);
  /** A pair's changes by the signatures of its two sides: rows alike on both sides change alike. */
  const byPair = new Map<string, PairChanges>();

  for (const [p, { label, plan, ra, rb }] of pairs.entries()) {
    const id = plan.id;
    const ofA = plan.callers.map((caller) => ({ caller, clauses: relevanceA(caller, ra.identityPolicies) }));
    const ofB = plan.callers.map((caller) => ({ caller, clauses: relevanceB(caller, rb.identityPolicies) }));
    // Guardrails read the caller's account and organization: rows share nothing then.
    const guarded = a.guardrails !== undefined || bOnKey.guardrails !== undefined;
    const sigA = ofA.length === 1 && !guarded ? shareA.signature(plansA[p] as RowPlan, (ofA[0] as (typeof ofA)[0]).clauses.covering) : undefined;
    const sigB = sigA === undefined || ofB.length !== 1 ? undefined : shareB.signature(plansB[p] as RowPlan, (ofB[0] as (typeof ofB)[0]).clauses.covering);
    const signature = sigA === undefined || sigB === undefined ? undefined : `${sigA}\u0000${sigB}`;
    let changes = signature === undefined ? undefined : byPair.get(signature);
    if (!changes) {
      changes = pairChanges(plan, ofA, ofB);
      if (signature !== undefined && !changes.readsBase) byPair.set(signature, changes);
    }
    cellsCompared += changes.cells;
    evaluated += changes.evaluated;
    incomplete += changes.incomplete;
    for (const c of changes.changes) {
      const where = c.when.length ? ` when ${c.when.map(describeCondition).join(' and ')}` : '';
      entries.push({
        principal: id,
        label,
        action: c.action,
        change: c.change,
        before: c.before,
        after: c.after,
        when: c.when,
        count: c.count,
        example: changes.arn === plan.arn ? c.example : { ...c.example, principal: plan.arn },
        summary: `${c.change === 'gained' ? 'GAINED' : c.change === 'lost' ? 'LOST' : 'CHANGED'}: ${label} ${c.action}${where}: ${DECISION_TEXT[c.before]} → ${DECISION_TEXT[c.after]}`,
      });
    }
  }
  const order: ChangeKind[] = ['gained', 'lost', 'changed'];
  entries.sort((x, y) => order.indexOf(x.change) - order.indexOf(y.change));
  return {
    entries,
    gained: entries.filter((e) => e.change === 'gained').length,
    lost: entries.filter((e) => e.change === 'lost').length,
    changed: entries.filter((e) => e.change === 'changed').length,
    cells: cellsCompared,
    evaluated,
    incompleteCells: incomplete,
  };
}
