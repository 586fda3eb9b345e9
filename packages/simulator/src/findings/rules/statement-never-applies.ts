/**
 * statement-never-applies — a statement that no request can ever match.
 *
 * Checked on the statement itself (no simulation), as core's evaluator reads it:
 * - no valid Effect; no Principal/NotPrincipal, a Principal naming nobody who can make a request
 *   (IAM groups, partial wildcards, malformed ARNs), or `NotPrincipal: "*"`;
 * - no Action/NotAction, an empty Action, actions that match no KMS action, or key permissions
 *   that do not exist for this key's type (kms:Sign on a symmetric key) — statements whose only
 *   actions are IAM-only are iam-only-action-in-key-policy's;
 * - no Resource/NotResource, or one that does not cover this key (in a key policy it is "*");
 * - a condition that can never hold: an unknown operator; a non-negated operator whose values are
 *   all invalid for its type ("seven" for NumericLessThan, "yes" for Bool, a bad CIDR), unless
 *   IfExists/ForAllValues lets an absent key pass; Null with values other than true/false; a kms:
 *   key that is not a KMS condition key, or that none of the statement's actions has in its request
 *   (kms:GrantIsForAWSResource with kms:Decrypt), under an operator that needs the key present.
 * A Deny that never applies is still low, but its message says what it fails to forbid.
 *
 * AWS: "If either of the required Resource or Action elements are missing from a key policy
 * statement, the policy statement has no effect." https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html (condition keys per action)
 */
import {
  findConditionKey,
  hasVariables,
  parseCaller,
  parseOperator,
  type ConditionClause,
  type ConditionValue,
  type KmsAction,
  type PrincipalSet,
  VARIABLE_VERSION,
} from '@kmsim/core';
import { accountOfEntry, actionSupportsKey, isValidConditionValue } from '@kmsim/core/internal';
import type { FindingContext } from '../context.js';
import type { StatementInfo } from '../statements.js';
import { listText } from '../text.js';
import type { Finding, FindingRule } from '../types.js';

const ID = 'statement-never-applies';
const TITLE = 'A key policy statement never applies';

export interface NeverReason {
  readonly why: string;
  readonly fix: string;
}

const q = (values: readonly (string | number | boolean)[]): string =>
  listText(
    values.map((v) => JSON.stringify(v)),
    6,
  );

function canRequest(entry: string): boolean {
  if (accountOfEntry(entry) !== undefined) return true;
  if (entry.includes('*')) return false;
  try {
    parseCaller(entry);
    return true;
  } catch {
    return false;
  }
}

function principalReasons(principal: PrincipalSet | undefined, notPrincipal: PrincipalSet | undefined): NeverReason[] {
  if (!principal && !notPrincipal) return [{ why: 'it has no Principal', fix: 'add a Principal naming who the statement is for' }];
  if (!principal && notPrincipal?.wildcard) {
    return [{ why: 'NotPrincipal "*" excludes every principal', fix: 'name the principals to exclude instead of "*"' }];
  }
  if (!principal || principal.wildcard) return [];
  const others = principal.service.length + principal.federated.length + principal.canonicalUser.length;
  if (others > 0 || principal.aws.some(canRequest)) return [];
  if (principal.aws.length === 0) return [{ why: 'its Principal names no principal', fix: 'name the principals the statement is for' }];
  return [
    {
      why: `its Principal names nobody who can make a request (${q(principal.aws)}: IAM groups, partial wildcards and malformed ARNs match no caller)`,
      fix: "name IAM users, roles or accounts (arn:aws:iam::ACCOUNT:root); for a group, allow the account and grant access in the group's IAM policy",
    },
  ];
}

function actionReasons(info: StatementInfo, keyActions: ReadonlySet<string>, keySpec: string): NeverReason[] {
  const { action, notAction } = info.statement;
  if (!action && !notAction) return [{ why: 'it has no Action or NotAction', fix: 'add the actions it should allow or deny' }];
  if (action && action.length === 0) return [{ why: 'its Action list is empty', fix: 'list the actions it should allow or deny' }];
  if (info.actions.length === 0) {
    return action
      ? [{ why: `its Action ${q(action)} matches no KMS action`, fix: 'use KMS action names such as "kms:Decrypt" (check the spelling)' }]
      : [{ why: `its NotAction ${q(notAction ?? [])} excludes every KMS action`, fix: 'list in NotAction only the actions to leave out' }];
  }
  const keyPermissions = info.actions.filter((a) => a.keyPolicy);
  if (keyPermissions.length > 0 && keyPermissions.every((a) => !keyActions.has(a.name))) {
    return [
      {
        why: `its actions (${listText(
          keyPermissions.map((a) => a.name),
          6,
        )}) do not exist for this key (${keySpec})`,
        fix: "list the actions of this key's type, or move the statement to the key it was written for",
      },
    ];
  }
  return [];
}

function resourceReasons(info: StatementInfo, keyArn: string): NeverReason[] {
  const { resource, notResource } = info.statement;
  if (!resource && !notResource) return [{ why: 'it has no Resource', fix: 'add "Resource": "*" (in a key policy, "*" means this key)' }];
  if (info.coversKey) return [];
  return resource
    ? [{ why: `its Resource ${q(resource)} does not match this key (${keyArn})`, fix: 'use "Resource": "*" (in a key policy, "*" means this key)' }]
    : [{ why: `its NotResource ${q(notResource ?? [])} excludes this key`, fix: 'use "Resource": "*" instead of NotResource' }];
}

function clauseReason(c: ConditionClause, version: string | undefined, actions: readonly KmsAction[]): NeverReason | undefined {
  const at = `${c.operator} on ${c.key}`;
  const op = parseOperator(c.operator);
  if (!op)
    return {
      why: `"${c.operator}" is not a condition operator, so its condition on ${c.key} never holds`,
      fix: `use a valid operator (StringEquals, StringLike, Bool, …) at ${c.path}`,
    };
  const family = op.base.family;
  const variable = (v: ConditionValue): boolean => version === VARIABLE_VERSION && typeof v === 'string' && hasVariables(v);
  const valid = c.values.filter((v) => variable(v) || isValidConditionValue(op.base, v));
  if (family === 'Null') {
    if (valid.length === 0)
      return {
        why: `${at} has no value "true" or "false" (${c.values.length ? q(c.values) : 'no value'})`,
        fix: `use "true" (absent) or "false" (present) at ${c.path}`,
      };
  } else if (!op.base.negated && !op.ifExists && op.set !== 'ForAllValues' && valid.length === 0) {
    return {
      why: `${at} has no valid ${family} value (${c.values.length ? q(c.values) : 'no value'})`,
      fix: `write values of type ${family} at ${c.path}`,
    };
  }
  // A kms: key no request of the statement's actions carries.
  const lower = c.key.toLowerCase();
  if (!lower.startsWith('kms:')) return undefined;
  const known = findConditionKey(c.key);
  const carried = known !== undefined && (actions.length === 0 || actions.some((a) => actionSupportsKey(a, c.key)));
  if (carried) return undefined;
  const passesAbsent = family === 'Null' ? valid.some((v) => String(v).toLowerCase() === 'true') : op.ifExists || op.set === 'ForAllValues' || op.base.negated;
  if (passesAbsent) return undefined;
  return known
    ? {
        why: `${c.key} is never in the request of ${listText(
          actions.map((a) => a.name),
          6,
        )}, so ${at} never holds`,
        fix: `remove the condition at ${c.path}, or move it to a statement for actions that have ${known.name}`,
      }
    : {
        why: `${c.key} is not a KMS condition key, so ${at} never holds`,
        fix: `check the key's spelling at ${c.path} (KMS condition keys: kms:ViaService, kms:CallerAccount, kms:EncryptionContext:…)`,
      };
}

/** Why the statement can never match a request (empty: it can). Shared with statement-shadowed. */
export function neverApplies(ctx: FindingContext, info: StatementInfo): NeverReason[] {
  const s = info.statement;
  const { keyActions } = ctx;
  const reasons: NeverReason[] = [];
  if (s.effect === undefined) reasons.push({ why: 'its Effect is missing or is not "Allow" or "Deny"', fix: 'set "Effect": "Allow" or "Deny"' });
  reasons.push(...principalReasons(s.principal, s.notPrincipal));
  reasons.push(...actionReasons(info, keyActions, ctx.matrix.key.keySpec ?? 'SYMMETRIC_DEFAULT'));
  reasons.push(...resourceReasons(info, ctx.matrix.key.arn));
  const applicable = info.actions.filter((a) => a.keyPolicy && keyActions.has(a.name));
  for (const c of s.conditions) {
    const r = clauseReason(c, ctx.prepared.keyPolicy.version, applicable);
    if (r) reasons.push(r);
  }
  return reasons;
}

function run(ctx: FindingContext): Finding[] {
  return ctx.statements.flatMap((info): Finding[] => {
    const reasons = neverApplies(ctx, info);
    if (reasons.length === 0) return [];
    const deny = info.statement.effect === 'Deny';
    return [
      {
        id: ID,
        severity: 'low',
        title: TITLE,
        message:
          `${info.name} never applies: ${reasons.map((r) => r.why).join('; ')}.` +
          (deny ? ' It is a Deny, so what it was written to forbid is not forbidden by it.' : ''),
        statements: [info.ref],
        actions: info.actions.filter((a) => a.keyPolicy).map((a) => a.name),
        fix: `In ${info.name}: ${reasons.map((r) => r.fix).join('; ')} — or remove the statement.`,
      },
    ];
  });
}

export const rule: FindingRule = {
  id: ID,
  severity: 'low',
  title: TITLE,
  checks:
    'A statement no request can match: no valid Effect, no (usable) Principal, no Action or none matching a KMS action of this key, no Resource or one not covering this key, or a condition that can never hold (unknown operator, values of the wrong type, a kms: key the actions never carry).',
  docs: [
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
  ],
  run,
};
