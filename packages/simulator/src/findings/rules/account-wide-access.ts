/**
 * account-wide-access — every principal of the key's account, even one whose IAM policies allow
 * nothing, can use or manage the key (e.g. `Principal: "*"` limited only by kms:CallerAccount or
 * aws:PrincipalAccount): IAM's least privilege no longer applies to this key. Not outside access
 * (public-access and cross-account-access report that), but high: the account's IAM policies,
 * permissions boundaries and least-privilege roles no longer stand in the way.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
import type { FindingContext } from '../context.js';
import { isBareRole } from '../rows.js';
import type { Finding, FindingRule } from '../types.js';
import { accessFindings } from './public-access.js';

function bareRoleFindings(ctx: FindingContext, row: Parameters<typeof accessFindings>[1]): Finding[] {
  const who = `Every principal of the key's account ${ctx.keyAccount}, even one whose IAM policies allow nothing (kmsim's "${row.label}" row),`;
  return accessFindings(ctx, row, 'key-account', 'key-account', who, undefined);
}

export const rule: FindingRule = {
  id: 'account-wide-access',
  severity: 'high',
  title: "Every principal of the key's account can use or manage the key, whatever its IAM policies",
  checks:
    'The "any principal (no IAM)" row of the key\'s account is allowed a cryptographic, administrative or grant action with no condition or only conditions the caller controls: the key policy, not IAM, lets every principal of the account in.',
  docs: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam',
    'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account',
  ],
  run(ctx) {
    return ctx.matrix.principals.flatMap((row) => (isBareRole(row) ? bareRoleFindings(ctx, row) : []));
  },
};
