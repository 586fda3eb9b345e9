/**
 * admin-can-use-key — separation of duties: a principal that manages the key can also use it.
 *
 * A principal "manages" the key when it is a declared administrator or is allowed (Allow or
 * Conditional) kms:PutKeyPolicy, kms:ScheduleKeyDeletion, kms:DisableKey or
 * kms:DeleteImportedKeyMaterial. It is reported (high) when it is also allowed a cryptographic
 * action (group `crypto`: Decrypt, Encrypt, GenerateDataKey*, Sign, …), with or without conditions.
 * Only principals the input names are checked: the key account's root and the synthetic
 * "any role (IAM kms:*)" row can do everything by design (that is what enabling IAM means).
 *
 * Decision — indirect use is not reported here:
 * - kms:PutKeyPolicy lets an administrator rewrite the policy and give itself anything. That is
 *   inherent in being an administrator: AWS's own console default key policy gives administrators
 *   `kms:Put*`, and a key must have someone who can change its policy (see unmanageable-key).
 *   Reporting it would flag every manageable key; the change is visible in CloudTrail.
 * - kms:CreateGrant without kms:GrantIsForAWSResource lets a principal grant itself cryptographic
 *   use without a policy change. The console default's administrator statement has `kms:Create*`,
 *   which includes kms:CreateGrant. That path is reported by user-can-create-grants (medium), which
 *   says when the principal is an administrator; so the console default has no high finding.
 *
 * AWS: key administrators "have permission to manage the KMS key, but do not have permission to use
 * the KMS key in cryptographic operations" — the console separates the two statements.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-users-crypto
 */
import type { ActionGroup } from '@kmsim/core';
import type { FindingContext } from '../context.js';
import { allowedCells, allows, cellsText, isNamed } from '../rows.js';
import { deciding } from '../evidence.js';
import { listText } from '../text.js';
import type { Finding, FindingRule } from '../types.js';

const ID = 'admin-can-use-key';
const TITLE = 'A key administrator can also use the key';
const CONTROL = ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DeleteImportedKeyMaterial'];
const CRYPTO: ReadonlySet<ActionGroup> = new Set<ActionGroup>(['crypto']);

function run(ctx: FindingContext): Finding[] {
  const { matrix } = ctx;
  const out: Finding[] = [];
  for (const row of matrix.principals.filter(isNamed)) {
    const manages = CONTROL.filter((a) => allows(matrix.cell(row.id, a)));
    const declared = ctx.administratorsDeclared && ctx.administrators.has(row.id);
    if (manages.length === 0 && !declared) continue;
    const uses = allowedCells(matrix, row, CRYPTO);
    if (uses.length === 0) continue;
    const cryptoActions = uses.map((c) => c.action);
    const giving = deciding(ctx, row, uses, 'Allow');
    const managing = deciding(
      ctx,
      row,
      manages.flatMap((a) => matrix.cell(row.id, a) ?? []),
      'Allow',
    );
    const role = [...(declared ? ['is a declared key administrator'] : []), ...(manages.length ? [`can manage the key (${listText(manages)})`] : [])].join(
      ' and ',
    );
    out.push({
      id: ID,
      severity: 'high',
      title: TITLE,
      message:
        `${row.label} (${row.arn}) ${role}, and can also use it: ${cellsText(uses, 8)}` +
        `${giving.length ? ` — use allowed by ${listText(giving.map((s) => s.name))}` : ''}` +
        `${managing.length ? `, management by ${listText(managing.map((s) => s.name))}` : ''}.`,
      statements: [...new Map([...giving, ...managing].map((s) => [s.ref.index, s.ref])).values()].sort((a, b) => a.index - b.index),
      principals: [row.id],
      actions: [...manages, ...cryptoActions],
      fix:
        `Remove ${row.arn} from the cryptographic actions${giving.length ? ` of ${listText(giving.map((s) => s.name))}` : ''} and give use of the key to separate key-user principals, ` +
        'as the default key policy separates "Allow access for Key Administrators" from "Allow use of the key".',
    });
  }
  return out;
}

export const rule: FindingRule = {
  id: ID,
  severity: 'high',
  title: TITLE,
  checks:
    'A named principal that is a declared administrator or can call kms:PutKeyPolicy, ScheduleKeyDeletion, DisableKey or DeleteImportedKeyMaterial can also call a cryptographic action (Allow or Conditional). The key account\'s root and the "any role (IAM kms:*)" row are not checked; indirect use (rewriting the policy, creating a grant) is not reported here.',
  docs: ['https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators'],
  run,
};
