/**
 * user-can-create-grants — a principal can create grants for anything, not only for AWS resources.
 *
 * A principal allowed kms:CreateGrant can give any grantee (itself included) the grant operations —
 * kms:Decrypt, kms:Encrypt, kms:GenerateDataKey*, … — without a key policy change. AWS's default key
 * policy lets key users create grants only when an integrated AWS service asks for them:
 * `"Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}`.
 * Reported (medium) when a principal's kms:CreateGrant cell is Allow, or Conditional with an allowing
 * term that does not require kms:GrantIsForAWSResource to be true. Principals with the same outcome
 * are reported together. The key account's root and the unnamed-role rows are not checked (they
 * stand for the account and its IAM policies); the outsider row is public-access's.
 *
 * Decision: the console default's administrator statement (`kms:Create*`) allows kms:CreateGrant
 * without the condition, so it is reported for administrators too, saying they can grant themselves
 * use of the key (see admin-can-use-key for why that path is not a high finding).
 *
 * AWS: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-service-integration
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource
 */
import { hasWildcard, type ConditionClause } from '@kmsim/core';
import type { Cell, OutcomeTerm } from '../../matrix/types.js';
import type { PrincipalRow } from '../../principals.js';
import type { FindingContext } from '../context.js';
import { allows, allowTerms, isBareRole, isIamRole, isKeyAccountRoot, isOutsider } from '../rows.js';
import { decidingAll } from '../evidence.js';
import { listText } from '../text.js';
import type { Finding, FindingRule } from '../types.js';

const ID = 'user-can-create-grants';
const TITLE = 'A principal can create grants that are not for AWS resources';
const ACTION = 'kms:CreateGrant';
const CONDITION_KEY = 'kms:grantisforawsresource';

const isTrue = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
const requiresAwsResource = (t: OutcomeTerm): boolean =>
  t.when.some((c) => c.key.toLowerCase() === CONDITION_KEY && c.classes.length > 0 && c.classes.every((v) => isTrue(v.value)));

/** `"Bool": {"kms:GrantIsForAWSResource": "true"}` (or a true-only equality on it). */
const pinsAwsResource = (c: ConditionClause): boolean =>
  c.key.toLowerCase() === CONDITION_KEY && /^(Bool|StringEquals(IgnoreCase)?)$/i.test(c.operator) && c.values.length > 0 && c.values.every(isTrue);

const checked = (r: PrincipalRow): boolean => !isKeyAccountRoot(r) && !isIamRole(r) && !isBareRole(r) && !isOutsider(r) && r.origin !== 'unnamed-service';

function run(ctx: FindingContext): Finding[] {
  const { matrix } = ctx;
  const groups = new Map<string, { rows: PrincipalRow[]; cell: Cell }>();
  for (const row of matrix.principals.filter(checked)) {
    const cell = matrix.cell(row.id, ACTION);
    if (!allows(cell)) continue;
    if (cell.outcome === 'Conditional' && allowTerms(cell).every(requiresAwsResource)) continue;
    const group = groups.get(cell.summary);
    if (group) group.rows.push(row);
    else groups.set(cell.summary, { rows: [row], cell });
  }
  return [...groups.values()].map(({ rows, cell }) => {
    // The statements that allow it; those that require kms:GrantIsForAWSResource are the right ones, not the cause.
    const statements = decidingAll(
      ctx,
      rows.flatMap((row) => {
        const c = matrix.cell(row.id, ACTION);
        return c ? [{ row, cells: [c] }] : [];
      }),
      'Allow',
    ).filter((s) => !s.statement.conditions.some(pinsAwsResource));
    const admins = rows.filter((r) => ctx.administrators.has(r.id));
    const wildcards = statements.filter((s) => (s.statement.action ?? []).some((a) => hasWildcard(a) && s.matchesAction(ACTION)));
    const when = cell.outcome === 'Allow' ? 'with no condition' : `when the conditions hold (${cell.summary})`;
    const many = rows.length > 1;
    return {
      id: ID,
      severity: 'medium' as const,
      title: TITLE,
      message:
        `${listText(rows.map((r) => r.label))} can call ${ACTION} ${when}` +
        `${statements.length ? ` — allowed by ${listText(statements.map((s) => s.name))}` : ''}. ` +
        `kms:GrantIsForAWSResource is not required, so ${many ? 'they' : 'it'} can create grants for any grantee, ${many ? 'themselves' : 'itself'} included, ` +
        'giving kms:Decrypt and the other grant operations without a key policy change.' +
        `${admins.length ? ` ${listText(admins.map((r) => r.label))} ${admins.length > 1 ? 'are key administrators' : 'is a key administrator'}: ${admins.length > 1 ? 'they' : 'it'} can grant ${admins.length > 1 ? 'themselves' : 'itself'} cryptographic use of the key.` : ''}`,
      statements: statements.map((s) => s.ref),
      principals: rows.map((r) => r.id),
      actions: [ACTION],
      fix:
        `Allow ${ACTION} only with "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}, as the default key policy's "Allow attachment of persistent resources" statement does` +
        `${wildcards.length ? `; in ${listText(wildcards.map((s) => s.name))}, replace the wildcard that matches ${ACTION} (such as "kms:Create*") by the actions it is meant to allow (such as kms:CreateAlias)` : ''}.`,
    };
  });
}

export const rule: FindingRule = {
  id: ID,
  severity: 'medium',
  title: TITLE,
  checks:
    "A principal (other than the key account's root, its unnamed roles and the outsider) is allowed kms:CreateGrant without a condition requiring kms:GrantIsForAWSResource = true.",
  docs: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-service-integration',
    'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource',
  ],
  run,
};
