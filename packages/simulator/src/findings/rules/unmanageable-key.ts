/**
 * unmanageable-key — nobody can change the key policy any more.
 *
 * Every row's kms:PutKeyPolicy cell is a deny: the key account's root, the "any role (IAM kms:*)"
 * row (a principal whose IAM policy allows everything), the named principals, everyone. Once such a
 * policy is attached, no one can fix it: AWS calls this an unmanageable key. CreateKey and
 * PutKeyPolicy refuse such a policy unless BypassPolicyLockoutSafetyCheck is set.
 *
 * AWS: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 * ("… reduces the risk of the KMS key becoming unmanageable …"),
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html (BypassPolicyLockoutSafetyCheck).
 */
import type { FindingContext } from '../context.js';
import { allows, isIamRole, isKeyAccountRoot } from '../rows.js';
import { decidingAll } from '../evidence.js';
import { listText } from '../text.js';
import type { FindingRule } from '../types.js';

const ACTION = 'kms:PutKeyPolicy';

function why(ctx: FindingContext, rowId: string): string | undefined {
  const cell = ctx.matrix.cell(rowId, ACTION);
  const point = cell?.points[0];
  return cell && point ? ctx.matrix.explainPoint(cell, point).reason : undefined;
}

const ID = 'unmanageable-key';
const TITLE = 'No principal can change the key policy';

export const rule: FindingRule = {
  id: ID,
  severity: 'critical',
  title: TITLE,
  checks: "Every row, including the key account's root and a role whose IAM policy allows kms:*, is denied kms:PutKeyPolicy.",
  docs: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam',
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html',
  ],
  run(ctx) {
    const { matrix } = ctx;
    if (!matrix.actions.some((a) => a.name === ACTION)) return [];
    if (matrix.principals.some((r) => allows(matrix.cell(r.id, ACTION)))) return [];
    const root = matrix.principals.find(isKeyAccountRoot);
    const iam = matrix.principals.find(isIamRole);
    const denies = decidingAll(
      ctx,
      matrix.principals.flatMap((row) => {
        const c = matrix.cell(row.id, ACTION);
        return c ? [{ row, cells: [c] }] : [];
      }),
      'ExplicitDeny',
    );
    const reasons = [root, iam].flatMap((r) => {
      const w = r ? why(ctx, r.id) : undefined;
      return r && w ? [`${r.label}: ${w}`] : [];
    });
    return [
      {
        id: ID,
        severity: 'critical',
        title: TITLE,
        message:
          `No principal can call ${ACTION}: all ${matrix.principals.length} rows are denied it (${listText(
            matrix.principals.map((r) => r.label),
            8,
          )})` +
          `${denies.length ? `; ${listText(denies.map((s) => s.name))} denies it` : ''}. ${reasons.join(' ')} ` +
          'Once attached, this policy can never be changed, and the key can no longer be managed (AWS rejects it unless BypassPolicyLockoutSafetyCheck is set).',
        statements: denies.map((s) => s.ref),
        principals: matrix.principals.map((r) => r.id),
        actions: [ACTION],
        fix:
          `Add the statement that enables IAM policies for the key's account: {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "${ctx.keyAccountRoot}"}, "Action": "kms:*", "Resource": "*"}` +
          `${denies.length ? `, and narrow ${listText(denies.map((s) => s.name))} so that it does not deny kms:PutKeyPolicy to everyone` : ''}.`,
      },
    ];
  },
};
