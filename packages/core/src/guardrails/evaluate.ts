/**
 * Guardrails at request time: which apply (guardrails/rules.ts), what each says about the request,
 * and the Decision they leave. The evaluator calls `createGuard` once and, per request, `decide`
 * with the decision the key policy, identity policies and grants gave; the explanation (sentence,
 * references, trace) is written when read.
 */
import type { Facts, Verdict } from '../authorize/decide.js';
import { indexContext, type ContextLookup, type ContextRecord, type ContextValue } from '../conditions/context.js';
import { statementTrace, type CompiledStatement } from '../compile/statement.js';
import { LruCache } from '../common/lru.js';
import type {
  Decision,
  DecisionKind,
  EvaluationRequest,
  Grant,
  GuardrailPlace,
  GuardrailVerdict,
  StatementRef,
  StatementTrace,
  Trace,
} from '../evaluate/types.js';
import type { Caller } from '../principal/caller.js';
import { PrincipalValues } from '../principal/context.js';
import { roleKey } from '../principal/match.js';
import type { CompiledGuardrails, Level, MemberAccount, OwnedPolicy } from './compile.js';
import { checkOrgContext, principalOrgContext, resourceOrgContext, sourceOrgContext } from './org-context.js';
import { permissionPaths } from './paths.js';
import {
  decideGuardrails,
  endpointOf,
  ENDPOINT_KEY,
  boundaryCaps,
  levelVote,
  sessionPolicyCaps,
  notPrincipalDenyBinds,
  rcpApplies,
  scpApplies,
  stackOutcome,
  type Applies,
  type CapOutcome,
  type GuardrailRule,
  type PermissionPath,
  type StackOutcome,
} from './rules.js';

/** The principal's condition keys plus the organization's (aws:PrincipalOrgID, aws:PrincipalOrgPaths). */
class OrgPrincipalValues extends PrincipalValues {
  constructor(
    caller: Caller,
    private readonly org: ReadonlyMap<string, ContextValue>,
  ) {
    super(caller);
  }

  override get(lowerKey: string): ContextValue | undefined {
    return super.get(lowerKey) ?? this.org.get(lowerKey);
  }
}

/** What the request is checked against: the action, where, who, with which context. */
interface Ask {
  readonly lower: string;
  /** The key (and the alias for CreateAlias/UpdateAlias/DeleteAlias), or "*" for actions not made on a key. */
  readonly resources: readonly string[];
  readonly caller: Caller;
  readonly context: ContextLookup;
}

/** Whether a statement applies to one resource of the request (Principal, Action, Resource, Condition). */
function applies(s: CompiledStatement, ask: Ask, resource: string): boolean {
  if (s.statement.effect === undefined || !s.matchesAction(ask.lower)) return false;
  if (s.source === 'vpc-endpoint-policy' && s.principal(ask.caller) === 'none') return false;
  return s.matchesResource(resource, ask.context) && s.conditionsHold(ask.context);
}

interface Vote {
  readonly denies: readonly CompiledStatement[];
  readonly allowed: boolean;
}

/** Per list of statements: those whose Action covers an action (a bounded set: the catalogue's actions). */
const byAction = new WeakMap<readonly CompiledStatement[], Map<string, Candidates>>();

interface Candidates {
  readonly statements: readonly CompiledStatement[];
  /** No candidate reads the context (no Condition, no variable in Resource, no Principal to test): the vote depends on the resources only. */
  readonly fixed: LruCache<string, Vote> | undefined;
}

function candidatesOf(statements: readonly CompiledStatement[], lower: string): Candidates {
  let m = byAction.get(statements);
  if (m === undefined) byAction.set(statements, (m = new Map()));
  let c = m.get(lower);
  if (c === undefined) {
    const list = statements.filter((s) => s.statement.effect !== undefined && s.matchesAction(lower));
    const fixed = list.every((s) => s.clauses.length === 0 && !s.resourceVaries && s.source !== 'vpc-endpoint-policy');
    c = { statements: list, fixed: fixed ? new LruCache(FIXED_VOTES) : undefined };
    m.set(lower, c);
  }
  return c;
}

/** Votes kept per candidate list that reads no context, one per set of resources asked about. */
const FIXED_VOTES = 64;

/** A list of statements: its Denies that apply to any resource; whether Allows cover every resource. */
function vote(all: readonly CompiledStatement[], ask: Ask): Vote {
  const c = candidatesOf(all, ask.lower);
  const key = c.fixed === undefined ? undefined : ask.resources.join('\n');
  const known = key === undefined ? undefined : c.fixed?.get(key);
  if (known !== undefined) return known;
  const statements = c.statements;
  const denies = statements.filter((s) => s.statement.effect === 'Deny' && ask.resources.some((r) => applies(s, ask, r)));
  const allowed = ask.resources.every((r) => statements.some((s) => s.statement.effect === 'Allow' && applies(s, ask, r)));
  const v = { denies, allowed };
  if (key !== undefined) c.fixed?.set(key, v);
  return v;
}

interface StackResult {
  readonly outcome: StackOutcome;
  readonly denies: readonly StatementRef[];
}

const refOf = (s: CompiledStatement, place: GuardrailPlace): StatementRef => ({
  source: s.source,
  policyIndex: s.policyIndex,
  index: s.statement.index,
  sid: s.statement.sid,
  path: s.statement.path,
  ...place,
});

function stack(levels: readonly Level[], owner: string, ask: Ask): StackResult {
  const denies: StatementRef[] = [];
  const votes = levels.map((level, i) => {
    if (level.byDefault) return 'allow';
    const v = vote(level.statements, ask);
    for (const s of v.denies) denies.push(refOf(s, { owner, level: i, target: level.target }));
    return levelVote(v.denies.length > 0, v.allowed);
  });
  return { outcome: stackOutcome(votes), denies };
}

function cap(policy: OwnedPolicy | undefined, ask: Ask, denies: StatementRef[]): CapOutcome {
  if (policy === undefined) return undefined;
  const v = vote(policy.statements, ask);
  for (const s of v.denies) denies.push(refOf(s, { owner: policy.owner }));
  return v.allowed ? 'allow' : 'no-allow';
}

const NO_PATHS: readonly PermissionPath[] = Object.freeze([]);

/** Everything the guardrails found for one request. */
interface GuardState {
  readonly ask: Ask;
  readonly scp: Applies | undefined;
  readonly rcp: Applies | undefined;
  readonly scpResult: StackResult | undefined;
  readonly rcpResult: StackResult | undefined;
  readonly endpoint: OwnedPolicy | undefined;
  readonly endpointOutcome: CapOutcome;
  readonly boundary: OwnedPolicy | undefined;
  readonly boundaryOutcome: CapOutcome;
  readonly session: OwnedPolicy | undefined;
  readonly sessionOutcome: CapOutcome;
  /** Explicit Denies, in the order SCP, RCP, endpoint, boundary, session policy. */
  readonly denies: readonly StatementRef[];
  /** Key policy Denies with NotPrincipal that bind the caller because it has a boundary. */
  readonly notPrincipalDenies: readonly StatementRef[];
  readonly paths: readonly PermissionPath[];
  /** The caller is in the key's account. */
  readonly sameAccount: boolean;
}

export interface Guard {
  /** The principal's condition keys with the organization's. */
  principalValues(caller: Caller): PrincipalValues;
  /** The organization's keys for a caller's account (for traces). */
  principalOrgContext(caller: Caller): Record<string, ContextValue>;
  /** The organization's keys for a key's account (aws:ResourceOrgID, aws:ResourceOrgPaths). */
  resourceOrgContext(keyAccount: string | undefined): Record<string, ContextValue>;
  /** Throws a RequestError when the request's context contradicts the organization. */
  checkRequest(context: ContextRecord, caller: Caller, keyAccount: string | undefined): void;
  /** The request with what the organization adds to its context (aws:SourceOrgID, aws:SourceOrgPaths), or itself. */
  withOrgContext(request: EvaluationRequest): EvaluationRequest;
  /** The decision once the guardrails have had their say. */
  decide(base: Decision, v: Verdict, f: Facts, request: EvaluationRequest, context: ContextLookup, keyArn: string): Decision;
}

const SOURCE_LABEL: Readonly<Record<string, string>> = {
  scp: 'SCP',
  rcp: 'RCP',
  'permissions-boundary': 'permissions boundary',
  'session-policy': 'session policy',
  'vpc-endpoint-policy': 'VPC endpoint policy',
};

const refLabel = (r: StatementRef): string => (r.sid !== undefined ? `"${r.sid}"` : `#${r.index + 1}`);

/** `SCP at level 1 (ou-…) of account 1111…, policy 2 statement "Sid"`, and the like. */
export function guardrailLabel(r: StatementRef): string {
  const statement = `statement ${refLabel(r)}`;
  const name = SOURCE_LABEL[r.source] ?? r.source;
  if (r.level !== undefined) return `${name} ${r.policyIndex + 1} at level ${r.level} (${r.target}) of account ${r.owner}, ${statement}`;
  if (r.source === 'session-policy') return `session policy ${r.policyIndex + 1} of ${r.owner}, ${statement}`;
  return `${name} of ${r.owner}, ${statement}`;
}

function levelText(account: MemberAccount, level: number, stackOf: 'scps' | 'rcps'): string {
  return `level ${level} (${(account[stackOf][level] as Level).target})`;
}

/** `keyStatements`: the key policy's, for the NotPrincipal rule of boundaries. */
export function createGuard(g: CompiledGuardrails, grants: readonly Grant[], keyStatements: readonly CompiledStatement[]): Guard {
  const org = g.organization;
  const orgIndexes = new Map<string, ReadonlyMap<string, ContextValue>>();
  const orgIndexOf = (account: string | undefined): ReadonlyMap<string, ContextValue> => {
    const k = account ?? '';
    let index = orgIndexes.get(k);
    if (index === undefined) orgIndexes.set(k, (index = indexContext(org ? principalOrgContext(org, account) : {})));
    return index;
  };

  function boundaryOf(caller: Caller): OwnedPolicy | undefined {
    if (g.boundaries.size === 0) return undefined;
    if (caller.kind === 'user') return g.boundaries.get(caller.arn);
    if ((caller.kind === 'role' || caller.kind === 'assumed-role') && caller.account !== undefined && caller.roleName !== undefined) {
      return g.boundaries.get(caller.arn) ?? g.roleBoundaries.get(roleKey(caller.account, caller.roleName));
    }
    return undefined;
  }

  function stateOf(v: Verdict, f: Facts, request: EvaluationRequest, context: ContextLookup, keyArn: string): GuardState {
    const caller = f.caller;
    const keyScoped = f.action.resource !== 'none';
    const resources = !keyScoped ? ['*'] : f.action.resource === 'alias-and-key' && request.aliasArn !== undefined ? [keyArn, request.aliasArn] : [keyArn];
    const ask: Ask = { lower: f.action.name.toLowerCase(), resources, caller, context };
    const denies: StatementRef[] = [];
    const scp = org ? scpApplies(caller, org) : undefined;
    const rcp = org ? rcpApplies(f.keyAccount, caller, f.action, org) : undefined;
    const scpResult = scp?.applies ? stack(scp.account.scps, scp.account.id, ask) : undefined;
    const rcpResult = rcp?.applies ? stack(rcp.account.rcps, rcp.account.id, ask) : undefined;
    if (scpResult) denies.push(...scpResult.denies);
    if (rcpResult) denies.push(...rcpResult.denies);
    const endpointId = g.endpointPolicies.size === 0 ? undefined : endpointOf(context.get(ENDPOINT_KEY), (id) => g.endpointPolicies.has(id));
    const endpoint = endpointId === undefined ? undefined : g.endpointPolicies.get(endpointId);
    const endpointOutcome = cap(endpoint, ask, denies);
    const boundary = boundaryOf(caller);
    const boundaryOutcome = cap(boundary, ask, denies);
    const session = g.sessionPolicies.size === 0 ? undefined : g.sessionPolicies.get(caller.arn);
    const sessionOutcome = cap(session, ask, denies);
    // Only statements NotPrincipal exempted: one that applied is already in the base decision.
    const notPrincipalDenies = keyScoped
      ? keyStatements
          .filter(
            (s) =>
              notPrincipalDenyBinds(boundary !== undefined, s.statement.effect, s.statement.notPrincipal !== undefined) &&
              s.principal(caller) === 'none' &&
              ask.resources.some((r) => applies(s, ask, r)),
          )
          .map((s) => refOf(s, {}))
      : [];
    return {
      ask,
      scp,
      rcp,
      scpResult,
      rcpResult,
      endpoint,
      endpointOutcome,
      boundary,
      boundaryOutcome,
      session,
      sessionOutcome,
      denies,
      notPrincipalDenies,
      // Only the caps read how the Allow came (and only when there is one to cap).
      paths: boundary !== undefined || session !== undefined ? permissionPaths(v, f, grants) : NO_PATHS,
      sameAccount: caller.account !== undefined && caller.account === f.keyAccount,
    };
  }

  return {
    principalValues: (caller) => new OrgPrincipalValues(caller, orgIndexOf(caller.account)),
    principalOrgContext: (caller) => (org ? principalOrgContext(org, caller.account) : {}),
    resourceOrgContext: (keyAccount) => (org ? resourceOrgContext(org, keyAccount) : {}),
    checkRequest(context, caller, keyAccount) {
      if (org) checkOrgContext(context, org, caller.account, keyAccount);
    },
    withOrgContext(request) {
      const added = org && request.context !== undefined ? sourceOrgContext(request.context, org) : undefined;
      return added === undefined ? request : { ...request, context: { ...request.context, ...added } };
    },
    decide(base, v, f, request, context, keyArn) {
      const state = stateOf(v, f, request, context, keyArn);
      const verdict = decideGuardrails(base.decision, {
        denied: state.denies.length > 0,
        notPrincipalDeny: state.notPrincipalDenies.length > 0,
        rcp: state.rcpResult?.outcome,
        scp: state.scpResult?.outcome,
        endpoint: state.endpointOutcome,
        boundary: state.boundaryOutcome,
        session: state.sessionOutcome,
        paths: state.paths,
        sameAccount: state.sameAccount,
      });
      return new GuardedDecision(base, verdict.decision, verdict.rule, state, f);
    },
  };
}

/** A decision the guardrails had their say on; the explanation is written when read. */
class GuardedDecision implements Decision {
  private memo: { reason?: string; deniedBy?: readonly StatementRef[]; trace?: Trace } = {};

  constructor(
    private readonly base: Decision,
    readonly decision: DecisionKind,
    readonly rule: GuardrailRule,
    private readonly state: GuardState,
    private readonly facts: Facts,
  ) {}

  get reason(): string {
    return (this.memo.reason ??= reasonOf(this.rule, this.base, this.state, this.facts));
  }

  get deniedBy(): readonly StatementRef[] {
    const { rule, state } = this;
    return (this.memo.deniedBy ??=
      rule === 'guardrail/explicit-deny' ? state.denies : rule === 'boundary/not-principal-deny' ? state.notPrincipalDenies : this.base.deniedBy);
  }

  get allowedBy(): Decision['allowedBy'] {
    return this.decision === 'Allow' ? this.base.allowedBy : [];
  }

  get guardrail(): GuardrailVerdict | undefined {
    return verdictOf(this.rule, this.state);
  }

  get trace(): Trace {
    return (this.memo.trace ??= traceOf(this.base.trace, this.rule, this.state));
  }

  toJSON(): Omit<Decision, never> {
    const guardrail = this.guardrail;
    return {
      decision: this.decision,
      reason: this.reason,
      deniedBy: this.deniedBy,
      allowedBy: this.allowedBy,
      trace: this.trace,
      ...(guardrail ? { guardrail } : {}),
    };
  }
}

/** The place of the level where a stack failed. */
function failedPlace(applies: Applies | undefined, result: StackResult | undefined, stackOf: 'scps' | 'rcps'): GuardrailPlace {
  const o = result?.outcome;
  if (!applies?.applies || o === undefined || o.kind === 'allow') return {};
  return { owner: applies.account.id, level: o.level, target: (applies.account[stackOf][o.level] as Level).target };
}

function verdictOf(rule: GuardrailRule, s: GuardState): GuardrailVerdict | undefined {
  switch (rule) {
    case 'passed':
      return undefined;
    case 'guardrail/explicit-deny': {
      const first = s.denies[0] as StatementRef;
      const { owner, level, target } = first;
      return {
        source: first.source as GuardrailVerdict['source'],
        kind: 'deny',
        ...(owner !== undefined ? { owner } : {}),
        ...(level !== undefined ? { level, target } : {}),
      };
    }
    case 'boundary/not-principal-deny':
      return { source: 'key-policy', kind: 'deny', ...(s.boundary ? { owner: s.boundary.owner } : {}) };
    case 'rcp/no-allow':
      return { source: 'rcp', kind: 'no-allow', ...failedPlace(s.rcp, s.rcpResult, 'rcps') };
    case 'scp/no-allow':
      return { source: 'scp', kind: 'no-allow', ...failedPlace(s.scp, s.scpResult, 'scps') };
    case 'vpc-endpoint-policy/no-allow':
      return { source: 'vpc-endpoint-policy', kind: 'no-allow', ...(s.endpoint ? { owner: s.endpoint.owner } : {}) };
    case 'permissions-boundary/no-allow':
      return { source: 'permissions-boundary', kind: 'no-allow', ...(s.boundary ? { owner: s.boundary.owner } : {}) };
    case 'session-policy/no-allow':
      return { source: 'session-policy', kind: 'no-allow', ...(s.session ? { owner: s.session.owner } : {}) };
  }
}

function reasonOf(rule: GuardrailRule, base: Decision, s: GuardState, f: Facts): string {
  const name = f.action.name;
  switch (rule) {
    case 'passed':
      return base.reason;
    case 'guardrail/explicit-deny':
      return `Explicitly denied by ${guardrailLabel(s.denies[0] as StatementRef)}.`;
    case 'boundary/not-principal-deny':
      return `Explicitly denied by key policy statement ${refLabel(s.notPrincipalDenies[0] as StatementRef)}: a Deny with NotPrincipal always denies a principal with a permissions boundary (${s.boundary?.owner}), whatever NotPrincipal lists.`;
    case 'rcp/no-allow': {
      const at = failedAt(s.rcp, s.rcpResult, 'rcps');
      return `No RCP at ${at} (the key's account) allows ${name}: every level of the key's account's path must allow it (${lowerFirst(base.reason)}).`;
    }
    case 'scp/no-allow': {
      const at = failedAt(s.scp, s.scpResult, 'scps');
      return `No SCP at ${at} (the caller's account) allows ${name}: every level from the root to the caller's account must allow it (${lowerFirst(base.reason)}).`;
    }
    case 'vpc-endpoint-policy/no-allow':
      return `The VPC endpoint policy of ${s.endpoint?.owner} (the request's aws:SourceVpce) does not allow ${name} for ${f.caller.arn}.`;
    case 'permissions-boundary/no-allow':
      return `The permissions boundary of ${s.boundary?.owner} does not allow ${name}: it caps the identity-based permissions${
        s.paths.includes('role') ? ' and a key policy or grant naming the role' : ''
      } (${lowerFirst(base.reason)}).`;
    case 'session-policy/no-allow':
      return `The session policy of ${s.session?.owner} does not allow ${name}: it caps the session's identity-based permissions${
        s.paths.includes('role') || s.paths.includes('user') ? ' and a key policy or grant naming its role or user' : ''
      } (${lowerFirst(base.reason)}).`;
  }
}

/** The base decision's sentence, as an aside in the guardrail's. */
/** Where a stack failed: `level 1 (ou-…) of account 1111…`. */
function failedAt(applies: Applies | undefined, result: StackResult | undefined, stackOf: 'scps' | 'rcps'): string {
  const o = result?.outcome;
  if (!applies?.applies || o === undefined || o.kind === 'allow') return 'some level';
  return `${levelText(applies.account, o.level, stackOf)} of account ${applies.account.id}`;
}

const lowerFirst = (text: string): string => {
  const t = text.endsWith('.') ? text.slice(0, -1) : text;
  return `${t.charAt(0).toLowerCase()}${t.slice(1)}`;
};

function stackNote(kind: 'SCPs' | 'RCPs', applies: Applies | undefined, result: StackResult | undefined, stackOf: 'scps' | 'rcps'): string | undefined {
  if (applies === undefined) return undefined;
  if (!applies.applies) return applies.why;
  const a = applies.account;
  const whose = kind === 'SCPs' ? "the caller's account" : "the key's account";
  const o = result?.outcome;
  if (o?.kind === 'deny') return `${kind} of ${whose} ${a.id} (${a.orgPath}): a Deny at ${levelText(a, o.level, stackOf)}`;
  if (o?.kind === 'no-allow') return `${kind} of ${whose} ${a.id} (${a.orgPath}): nothing allows it at ${levelText(a, o.level, stackOf)}`;
  return `${kind} of ${whose} ${a.id} (${a.orgPath}): allowed at every level`;
}

const CAPPED_BY: Readonly<Record<PermissionPath, string>> = {
  root: 'the root user',
  service: 'a service principal',
  iam: 'an identity policy',
  user: 'a key policy or grant naming the user',
  role: 'a key policy or grant naming the role',
  session: 'a key policy or grant naming the session',
  everyone: 'a key policy statement naming "*"',
};

const DECIDED_BY: Readonly<Record<Exclude<GuardrailRule, 'passed'>, string>> = {
  'guardrail/explicit-deny': 'decided by a guardrail Deny',
  'boundary/not-principal-deny': 'decided by a key policy Deny with NotPrincipal: it binds every principal with a permissions boundary',
  'rcp/no-allow': 'decided by the RCPs: every level must allow',
  'scp/no-allow': 'decided by the SCPs: every level must allow',
  'vpc-endpoint-policy/no-allow': 'decided by the VPC endpoint policy',
  'permissions-boundary/no-allow': 'decided by the permissions boundary',
  'session-policy/no-allow': 'decided by the session policy',
};

function guardrailNotes(rule: GuardrailRule, s: GuardState): string[] {
  const notes: string[] = [];
  const scp = stackNote('SCPs', s.scp, s.scpResult, 'scps');
  if (scp) notes.push(scp);
  const rcp = stackNote('RCPs', s.rcp, s.rcpResult, 'rcps');
  if (rcp) notes.push(rcp);
  const allows = (o: CapOutcome): string => (o === 'allow' ? 'allows it' : 'does not allow it');
  if (s.endpoint) notes.push(`VPC endpoint policy of ${s.endpoint.owner}: ${allows(s.endpointOutcome)}`);
  const paths = [...new Set(s.paths)];
  const via = paths.length > 0 ? ` (allowed through ${paths.map((p) => CAPPED_BY[p]).join(', ')})` : '';
  /** What a cap that does not allow leaves standing. */
  const uncapped = (caps: (p: PermissionPath, same: boolean) => boolean, o: CapOutcome): string => {
    const free = o === 'no-allow' ? paths.filter((p) => !caps(p, s.sameAccount)) : [];
    return free.length > 0 ? `; it does not cap ${free.map((p) => CAPPED_BY[p]).join(', ')}` : '';
  };
  if (s.boundary) notes.push(`permissions boundary of ${s.boundary.owner}: ${allows(s.boundaryOutcome)}${via}${uncapped(boundaryCaps, s.boundaryOutcome)}`);
  if (s.session) notes.push(`session policy of ${s.session.owner}: ${allows(s.sessionOutcome)}${via}${uncapped(sessionPolicyCaps, s.sessionOutcome)}`);
  if (rule === 'guardrail/explicit-deny') notes.push(`${DECIDED_BY[rule]}: ${guardrailLabel(s.denies[0] as StatementRef)}`);
  else if (rule === 'rcp/no-allow') notes.push(`${DECIDED_BY[rule]}: nothing allows it at ${failedAt(s.rcp, s.rcpResult, 'rcps')}`);
  else if (rule === 'scp/no-allow') notes.push(`${DECIDED_BY[rule]}: nothing allows it at ${failedAt(s.scp, s.scpResult, 'scps')}`);
  else if (rule !== 'passed') notes.push(DECIDED_BY[rule]);
  return notes;
}

function traces(statements: readonly CompiledStatement[], place: (s: CompiledStatement) => GuardrailPlace, ask: Ask): StatementTrace[] {
  return statements.map((s) => {
    const principal = s.source === 'vpc-endpoint-policy' || s.source === 'rcp' ? s.principal(ask.caller) : 'n/a';
    const resource = ask.resources.some((r) => s.matchesResource(r, ask.context));
    return { ...statementTrace(s, principal, s.matchesAction(ask.lower), resource, s.explainConditions(ask.context)), ...place(s) };
  });
}

function levelTraces(applies: Applies | undefined, stackOf: 'scps' | 'rcps', ask: Ask): StatementTrace[] {
  if (!applies?.applies) return [];
  const a = applies.account;
  return a[stackOf].flatMap((level, i) => traces(level.statements, () => ({ owner: a.id, level: i, target: level.target }), ask));
}

function traceOf(base: Trace, rule: GuardrailRule, s: GuardState): Trace {
  const owned = (p: OwnedPolicy | undefined): StatementTrace[] => (p ? traces(p.statements, () => ({ owner: p.owner }), s.ask) : []);
  return {
    ...base,
    statements: [
      ...base.statements,
      ...levelTraces(s.scp, 'scps', s.ask),
      ...levelTraces(s.rcp, 'rcps', s.ask),
      ...owned(s.endpoint),
      ...owned(s.boundary),
      ...owned(s.session),
    ],
    notes: [...base.notes, ...guardrailNotes(rule, s)],
  };
}
