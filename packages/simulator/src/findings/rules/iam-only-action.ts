/**
 * iam-only-action-in-key-policy — a key policy statement lists a permission only IAM can grant.
 *
 * Permissions that are not authorized against a key (kms:CreateKey, kms:ListKeys, kms:ListAliases,
 * kms:GenerateRandom, the custom key store operations, …) and kms:RetireGrant ("not effective in a
 * key policy") have no effect in a key policy: the catalogue marks them `keyPolicy: false`.
 * Reported (low) per statement, for Action entries that name only such permissions — a wildcard
 * such as `kms:Create*` that also matches key permissions is fine (the console's default uses it).
 *
 * AWS: https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
 * ("Policy type": IAM policy only), https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html
 */
import type { FindingContext } from '../context.js';
import { actionsOfPattern } from '../statements.js';
import { listText } from '../text.js';
import type { Finding, FindingRule } from '../types.js';

const ID = 'iam-only-action-in-key-policy';
const TITLE = 'A key policy statement lists a permission only an IAM policy can grant';

function run(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const info of ctx.statements) {
    const entries = info.statement.action ?? [];
    const iamOnly = entries.filter((e) => {
      const matched = actionsOfPattern(e);
      return matched.length > 0 && matched.every((a) => !a.keyPolicy);
    });
    if (iamOnly.length === 0) continue;
    const names = [...new Set(iamOnly.flatMap((e) => actionsOfPattern(e).map((a) => a.name)))];
    const exact = iamOnly.every((e) => names.some((n) => n.toLowerCase() === e.toLowerCase()));
    const effective = info.actions.some((a) => a.keyPolicy);
    out.push({
      id: ID,
      severity: 'low',
      title: TITLE,
      message:
        `${info.name} lists ${listText(iamOnly.map((e) => `"${e}"`))}${exact ? '' : ` (${listText(names)})`}: ${names.length === 1 ? 'a permission' : 'permissions'} a key policy cannot grant, so ${iamOnly.length === 1 ? 'it has' : 'they have'} no effect there` +
        `${effective ? '' : '; the statement has no other action, so it never applies'}.`,
      statements: [info.ref],
      actions: names,
      fix: `Remove ${listText(iamOnly.map((e) => `"${e}"`))} from ${info.name}; grant ${names.length === 1 ? 'it' : 'them'} in an IAM policy (with "Resource": "*" for permissions not tied to a key).`,
    });
  }
  return out;
}

export const rule: FindingRule = {
  id: ID,
  severity: 'low',
  title: TITLE,
  checks:
    'An Action entry of a key policy statement names only permissions the catalogue marks IAM-only (kms:CreateKey, kms:ListKeys, kms:ListAliases, kms:GenerateRandom, kms:RetireGrant, …).',
  docs: ['https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html'],
  run,
};
