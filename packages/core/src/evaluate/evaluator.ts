/**
 * The KMS authorizer. Compiles the key policy, identity policies and grants once; `evaluate`
 * answers one request. The rules, with their sources:
 *
 * 1. An explicit Deny in the key policy or in the caller's identity policies wins over every
 *    Allow and every grant. https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html
 * 2. Actions not authorized against a key (CreateKey, ListKeys, …) are allowed only by identity
 *    policies with a Resource matching "*"; a key policy never applies to them.
 *    https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
 * 3. A key policy statement that names the caller (or `*`) allows it in the key's own account
 *    without any IAM policy. One that names the caller's account (`arn:aws:iam::ACCT:root`)
 *    allows nothing by itself: it makes the account's IAM policies effective, for that
 *    statement's actions and conditions. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 * 4. A caller in another account needs both: the key policy (naming it, its account or `*`) and
 *    an identity policy in its own account, for operations that can be used across accounts.
 *    https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 * 5. The root user is the account itself: it is never limited by IAM policies, and the account
 *    statement lets it in. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 * 6. CreateAlias/UpdateAlias/DeleteAlias also need the action allowed on the alias, which only an
 *    identity policy can do. https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html
 * 7. A grant allows its grantee its operations under its constraints (see grants.ts).
 *
 * One code path decides; `explain` only adds the trace (every statement, not just candidates).
 */
import { findAction } from '../catalogue/index.js';
import type { KmsAction } from '../catalogue/types.js';
import { indexContext, LayeredContext, type ContextRecord, type ContextValue } from '../conditions/context.js';
import { RequestError } from '../errors.js';
import type { Policy } from '../model/policy.js';
import { parseCaller, type Caller } from './caller.js';
import { compileStatement, statementTrace, type CompiledStatement } from './compiled-statement.js';
import { LazyDecision } from './decision.js';
import { keyContext, principalContext } from './derived-context.js';
import { explainGrant } from './grants.js';
import { resolveKey } from './key.js';
import { policyFromInput } from './policy-input.js';
import { accountOfEntry, type PrincipalMatch } from './principal-match.js';
import type {
  Decision,
  DecisionKind,
  EvaluationRequest,
  EvaluatorInput,
  Grant,
  GrantTrace,
  KeyAttributes,
  StatementRef,
  StatementTrace,
  Trace,
} from './types.js';

export interface Evaluator {
  readonly keyPolicy: Policy;
  readonly key: KeyAttributes;
  readonly grants: readonly Grant[];
  evaluate(request: EvaluationRequest): Decision;
  /**
   * The condition keys the evaluator fills in for a caller of its key (from the principal and the
   * key): the `trace.context` of a key-scoped request without context of its own, without running
   * the explaining pass. Optional, so that other implementations of this interface stay valid.
   */
  callerContext?(principal: string, principalAccount?: string): Record<string, ContextValue>;
}

type AllowRef = Decision['allowedBy'][number];

interface Outcome {
  decision: DecisionKind;
  reason: string;
  deniedBy: StatementRef[];
  allowedBy: AllowRef[];
}

interface Candidate {
  readonly s: CompiledStatement;
  readonly principal: PrincipalMatch;
}

interface CallerEntry {
  readonly caller: Caller;
  readonly principalContext: Record<string, ContextValue>;
  /** Key-policy statements whose Principal covers the caller, by action. */
  readonly byAction: Map<string, Candidate[]>;
  /** How each key-policy statement's Principal covers the caller (by statement position), matched once. */
  readonly principals: (PrincipalMatch | undefined)[];
  readonly identity: CompiledStatement[];
  /** The principal's derived context, indexed once. */
  principalIndex?: Map<string, ContextValue>;
  /** Derived context (principal + the evaluator's own key), indexed once. */
  derived?: Map<string, ContextValue>;
}

const ref = (s: CompiledStatement): StatementRef => ({
  source: s.source,
  policyIndex: s.policyIndex,
  index: s.statement.index,
  sid: s.statement.sid,
  path: s.statement.path,
});

export const statementLabel = (s: { source: string; policyIndex: number; index: number; sid: string | undefined }): string =>
  `${s.source === 'key-policy' ? 'key policy' : `identity policy ${s.policyIndex + 1}`} statement ${
    s.sid !== undefined ? `"${s.sid}"` : `#${s.index + 1}`
  }`;
const label = (s: CompiledStatement): string => statementLabel(ref(s));

const CACHE_LIMIT = 4096;

export function createEvaluator(input: EvaluatorInput): Evaluator {
  const keyPolicy = policyFromInput(input.keyPolicy, 'keyPolicy');
  const key = resolveKey(input.key, keyPolicy);
  const grants = input.grants ?? [];
  const keyStatements = keyPolicy.statements.map((s) => compileStatement(s, keyPolicy, 'key-policy', 0));
  const identity = new Map<string, CompiledStatement[]>();
  for (const [principal, list] of Object.entries(input.identityPolicies ?? {})) {
    identity.set(
      principal,
      list.flatMap((p, i) => {
        const policy = policyFromInput(p, `identityPolicies["${principal}"][${i}]`);
        return policy.statements.map((s) => compileStatement(s, policy, 'identity-policy', i));
      }),
    );
  }
  const keyAccount = (arn: string): string | undefined => arn.split(':')[4];
  const ownAccount = keyAccount(key.arn);
  const ownKeyContext = keyContext(key, ownAccount);

  const actionCache = new Map<string, KmsAction>();
  const callerCache = new Map<string, CallerEntry>();

  function actionOf(name: string): KmsAction {
    let action = actionCache.get(name);
    if (!action) {
      if (typeof name !== 'string' || !/^kms:/i.test(name)) throw new RequestError('action', `"${String(name)}" is not a KMS action (expected kms:Name)`);
      action = findAction(name);
      if (!action) throw new RequestError('action', `"${name}" is not a KMS action kmsim knows`);
      if (actionCache.size >= CACHE_LIMIT) actionCache.clear();
      actionCache.set(name, action);
    }
    return action;
  }

  function callerOf(request: EvaluationRequest): CallerEntry {
    const cacheKey = request.principalAccount === undefined ? request.principal : `${request.principal}\n${request.principalAccount}`;
    let entry = callerCache.get(cacheKey);
    if (!entry) {
      if (typeof request.principal !== 'string' || request.principal === '') throw new RequestError('principal', 'is required');
      const caller = parseCaller(request.principal, request.principalAccount);
      entry = {
        caller,
        principalContext: principalContext(caller),
        byAction: new Map(),
        principals: [],
        // Identity policies never apply to the root user.
        identity: caller.kind === 'root' ? [] : (identity.get(request.principal) ?? []),
      };
      if (callerCache.size >= CACHE_LIMIT) callerCache.clear();
      callerCache.set(cacheKey, entry);
    }
    return entry;
  }

  /** Positions of the key-policy statements with an Effect whose Action covers the action, found once per action. */
  const statementsByAction = new Map<string, number[]>();
  function statementsFor(action: KmsAction): number[] {
    let list = statementsByAction.get(action.name);
    if (!list) {
      const lower = action.name.toLowerCase();
      list = [];
      for (let i = 0; i < keyStatements.length; i++) {
        const s = keyStatements[i] as CompiledStatement;
        if (s.statement.effect !== undefined && s.matchesAction(lower)) list.push(i);
      }
      statementsByAction.set(action.name, list);
    }
    return list;
  }

  function candidates(entry: CallerEntry, action: KmsAction): Candidate[] {
    let list = entry.byAction.get(action.name);
    if (!list) {
      list = [];
      for (const i of statementsFor(action)) {
        const s = keyStatements[i] as CompiledStatement;
        const principal = (entry.principals[i] ??= s.principal(entry.caller));
        if (principal !== 'none') list.push({ s, principal });
      }
      entry.byAction.set(action.name, list);
    }
    return list;
  }

  /** The context a trace shows: what kmsim derived (principal, then the key for key-scoped actions), under the request's own values. */
  function traceContext(entry: CallerEntry, keyRecord: ContextRecord | undefined, requestContext: ContextRecord): Record<string, ContextValue> {
    return { ...entry.principalContext, ...keyRecord, ...requestContext };
  }

  function run(request: EvaluationRequest, trace?: Trace & { statements: StatementTrace[]; grants: GrantTrace[]; notes: string[] }): Outcome {
    const explain = trace !== undefined;
    const action = actionOf(request.action);
    const entry = callerOf(request);
    const { caller } = entry;
    const notes = trace?.notes;
    const requestContext: ContextRecord = request.context ?? {};

    const keyScoped = action.resource !== 'none';
    const keyArn = request.keyArn ?? key.arn;
    const ownKey = keyArn === key.arn && request.keySpec === undefined && request.keyUsage === undefined;
    // Derived context: the principal's, plus the key's for key-scoped actions (the evaluator's own key
    // unless the request names another key or spec, which is then derived for this request only).
    const keyRecord: ContextRecord | undefined = !keyScoped
      ? undefined
      : ownKey
        ? ownKeyContext
        : keyContext({ ...key, arn: keyArn, keySpec: request.keySpec ?? key.keySpec, keyUsage: request.keyUsage ?? key.keyUsage }, keyAccount(keyArn));
    const principalIndex = (entry.principalIndex ??= indexContext(entry.principalContext));
    const derived = !keyRecord
      ? principalIndex
      : ownKey
        ? (entry.derived ??= indexContext(keyRecord, new Map(principalIndex)))
        : indexContext(keyRecord, new Map(principalIndex));
    const context = new LayeredContext(requestContext, derived);
    if (trace) {
      (trace as { context: Record<string, ContextValue> }).context = traceContext(entry, keyRecord, requestContext);
      if (caller.kind === 'root' && identity.has(request.principal)) notes?.push('identity policies do not apply to the root user');
    }
    const resource = keyScoped ? keyArn : '*';

    const denies: CompiledStatement[] = [];
    const direct: CompiledStatement[] = [];
    const viaAccount: CompiledStatement[] = [];
    const iamAllows: CompiledStatement[] = [];
    const aliasAllows: CompiledStatement[] = [];

    const classify = (s: CompiledStatement, principal: PrincipalMatch): void => {
      if (s.statement.effect === 'Deny') denies.push(s);
      else if (principal === 'direct') direct.push(s);
      else viaAccount.push(s);
    };

    // Key policy (only for key-scoped actions).
    if (keyScoped && !explain) {
      for (const { s, principal } of candidates(entry, action)) {
        if (s.matchesResource(keyArn, context) && s.conditionsHold(context)) classify(s, principal);
      }
    } else if (keyScoped && trace) {
      const lower = action.name.toLowerCase();
      for (const s of keyStatements) {
        const p = s.principal(caller);
        const a = s.matchesAction(lower);
        const r = s.matchesResource(keyArn, context);
        const conds = s.explainConditions(context);
        const t = statementTrace(s, p, a, r, conds, s.statement.effect === undefined ? 'no valid Effect: never applies' : undefined);
        trace.statements.push(t);
        if (t.matched) classify(s, p);
      }
    } else {
      notes?.push(`${action.name} is not authorized against a key: only identity policies with Resource "*" can allow it; the key policy does not apply`);
    }

    // Identity policies: matched against the key (or "*"), and for alias actions the alias too.
    const aliasArn = action.resource === 'alias-and-key' ? request.aliasArn : undefined;
    const lower = action.name.toLowerCase();
    for (const s of entry.identity) {
      const effect = s.statement.effect;
      const a = s.matchesAction(lower);
      if (!explain && (!a || effect === undefined)) continue;
      const r = s.matchesResource(resource, context);
      const ra = aliasArn !== undefined && s.matchesResource(aliasArn, context);
      // Identity policies have no Principal element: they apply to the identity they are attached to.
      const hasPrincipal = s.statement.principal !== undefined || s.statement.notPrincipal !== undefined;
      let holds: boolean;
      if (trace) {
        const conds = s.explainConditions(context);
        holds = a && effect !== undefined && !hasPrincipal && (r || ra) && conds.every((c) => c.result);
        trace.statements.push(
          statementTrace(s, hasPrincipal ? 'none' : 'n/a', a, r || ra, conds, hasPrincipal ? 'identity policies cannot have a Principal element' : undefined),
        );
      } else {
        holds = (r || ra) && !hasPrincipal && s.conditionsHold(context);
      }
      if (!holds) continue;
      if (effect === 'Deny') denies.push(s);
      else {
        if (r) iamAllows.push(s);
        if (ra) aliasAllows.push(s);
      }
    }

    if (denies.length > 0) {
      return { decision: 'ExplicitDeny', reason: `Explicitly denied by ${label(denies[0] as CompiledStatement)}.`, deniedBy: denies.map(ref), allowedBy: [] };
    }
    const allow = (reason: string, allowedBy: AllowRef[]): Outcome => ({ decision: 'Allow', reason, deniedBy: [], allowedBy });
    const implicit = (reason: string): Outcome => ({
    decision: 'ImplicitDeny',
    reason: reason.charAt(0).toUpperCase() + reason.slice(1),
    deniedBy: [],
    allowedBy: [],
  });

    if (!keyScoped) {
      if (caller.kind === 'root') {
        notes?.push('the root user is not limited by IAM policies');
        return allow(`The root user of ${caller.account} can call ${action.name}.`, []);
      }
      if (iamAllows.length > 0) return allow(`Allowed by ${label(iamAllows[0] as CompiledStatement)}.`, iamAllows.map(ref));
      return implicit(`No identity policy allows ${action.name} on "*" for ${caller.arn}; a key policy cannot allow it.`);
    }

    const keyAcct = keyArn === key.arn ? ownAccount : keyAccount(keyArn);
    // A service principal has no account and no identity policies: the key policy statement that
    // names it is all it needs, as for a principal of the key's own account.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
    const crossAccount = caller.account !== undefined && caller.account !== keyAcct;
    if (crossAccount && !action.crossAccount) {
      notes?.push(`${action.name} cannot be used on a KMS key in another account`);
      return implicit(`${action.name} cannot be called on a key in another account (caller ${caller.account}, key ${keyAcct}).`);
    }

    if (aliasArn === undefined && action.resource === 'alias-and-key') notes?.push(`${action.name} also needs the alias resource (request.aliasArn)`);
    const aliasOk = action.resource !== 'alias-and-key' || caller.kind === 'root' || aliasAllows.length > 0;

    // An IAM-only permission authorized against the key (kms:RetireGrant): key policy statements
    // are not effective for it; an identity policy in the key's account is.
    // https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html ("not effective in a key policy")
    if (!action.keyPolicy) {
      if (direct.length + viaAccount.length > 0) notes?.push(`${action.name} is not effective in a key policy`);
      direct.length = 0;
      viaAccount.length = 0;
      if (!crossAccount && caller.kind === 'root') {
        return allow(`The root user of the key's account ${caller.account} can call ${action.name} (not limited by IAM policies).`, []);
      }
      if (!crossAccount && iamAllows.length > 0) {
        return allow(`Allowed by ${label(iamAllows[0] as CompiledStatement)} (${action.name} is granted by IAM policies of the key's account).`, iamAllows.map(ref));
      }
    }
    const keySide = direct[0] ?? viaAccount[0];
    if (keySide && aliasOk) {
      if (caller.kind === 'root') {
        return allow(`Allowed by ${label(keySide)}, which names the account of the root user (not limited by IAM policies).`, [ref(keySide)]);
      }
      if (!crossAccount && direct.length > 0) {
        return allow(`Allowed by ${label(direct[0] as CompiledStatement)}, which names the principal; no IAM policy is needed in the key's account.`, direct.map(ref));
      }
      if (iamAllows.length > 0) {
        const iam = iamAllows[0] as CompiledStatement;
        return allow(
          crossAccount
            ? `Allowed across accounts: ${label(keySide)} allows it and ${label(iam)} in the caller's account allows it too.`
            : `Allowed: ${label(keySide)} enables IAM policies for account ${caller.account} and ${label(iam)} allows it.`,
          [ref(keySide), ...iamAllows.map(ref)],
        );
      }
    }
    if (keySide && !aliasOk) notes?.push(`no identity policy allows ${action.name} on the alias ${aliasArn ?? '(none given)'}`);

    // Grants (alias operations are not grant operations).
    if (action.grantOperation && grants.length > 0) {
      const operation = action.name.slice(4);
      const byGrant: AllowRef[] = [];
      for (let i = 0; i < grants.length; i++) {
        const t = explainGrant(grants[i] as Grant, i, caller, operation, requestContext);
        trace?.grants.push(t);
        if (t.matched) {
          byGrant.push({ source: 'grant', index: i });
          if (!explain) break;
        }
      }
      const first = byGrant[0] as { index: number } | undefined;
      if (first) return allow(`Allowed by grant #${first.index + 1} to ${(grants[first.index] as Grant).granteePrincipal}.`, byGrant);
      // A retiring principal that is an account delegates RetireGrant to its IAM principals.
      // https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html
      if (operation === 'RetireGrant' && iamAllows.length > 0) {
        const byAccount = grants.findIndex((g) => g.retiringPrincipal !== undefined && accountOfEntry(g.retiringPrincipal) === caller.account);
        if (byAccount >= 0) {
          return allow(
            `Allowed: grant #${byAccount + 1} names account ${caller.account} as its retiring principal and ${label(iamAllows[0] as CompiledStatement)} allows kms:RetireGrant.`,
            [{ source: 'grant', index: byAccount }, ...iamAllows.map(ref)],
          );
        }
      }
    }

    if (keySide) {
      if (!aliasOk) return implicit(`No identity policy allows ${action.name} on the alias; the key side alone is not enough.`);
      return implicit(
        crossAccount
          ? `${label(keySide)} allows the caller's account or the caller, but no identity policy of ${caller.arn} (in its own account) allows ${action.name} on this key.`
          : `${label(keySide)} enables IAM policies for account ${caller.account}, but no identity policy of ${caller.arn} allows ${action.name} on this key.`,
      );
    }
    if (iamAllows.length > 0) {
      return implicit(
        `${label(iamAllows[0] as CompiledStatement)} allows it, but the key policy does not allow ${
          crossAccount ? 'the caller or its account' : 'the caller and does not enable IAM policies for its account'
        } for ${action.name}: the IAM permission is not effective.`,
      );
    }
    return implicit(`No statement in the key policy${entry.identity.length ? ', the identity policies' : ''} or grants allows ${action.name} for ${caller.arn}.`);
  }

  return {
    keyPolicy,
    key,
    grants,
    callerContext: (principal, principalAccount) =>
      traceContext(callerOf(principalAccount === undefined ? { principal, action: '' } : { principal, principalAccount, action: '' }), ownKeyContext, {}),
    evaluate(request: EvaluationRequest): Decision {
      const o = run(request);
      return new LazyDecision(o.decision, o.reason, o.deniedBy, o.allowedBy, () => {
        const trace = { statements: [], grants: [], notes: [], context: {} };
        const again = run(request, trace);
        // The explaining pass visits every statement; it must reach the same decision.
        if (again.decision !== o.decision) throw new Error(`kmsim internal error: trace decided ${again.decision}, evaluation ${o.decision}`);
        return trace;
      });
    },
  };
}
