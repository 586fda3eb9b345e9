/**
 * no-iam-delegation — the key policy does not let IAM policies of the key's account grant access.
 *
 * Read from the matrix: the "any role (IAM kms:*)" row is a principal of the key's account whose IAM
 * policy allows kms:*. Where it is not allowed an action that a key policy can allow on the key, IAM
 * policies cannot grant that action: the key policy has no account statement
 * (`"Principal": {"AWS": "arn:aws:iam::ACCOUNT:root"}`) for it, or a Deny overrides it.
 * - medium: IAM policies can grant no key action at all — only the principals the key policy names
 *   can use or manage the key, and if those roles are deleted the key cannot be managed.
 * - info: IAM policies can grant some actions but not others (listed); often deliberate (a Deny that
 *   reserves key deletion to a break-glass role), worth knowing.
 * Alias actions (CreateAlias, …) are left out: they also need an IAM permission on the alias, which
 * the matrix does not give.
 *
 * AWS: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 * https://docs.aws.amazon.com/kms/latest/developerguide/iam-policies.html
 */
import { explainCell } from '../../matrix/explain.js';
import type { FindingContext } from '../context.js';
import { allows, isIamRole } from '../rows.js';
import { statementName } from '../statements.js';
import { listText } from '../text.js';
import type { Finding, FindingRule } from '../types.js';

const ID = 'no-iam-delegation';
const TITLE = 'IAM policies cannot grant access to this key';
/** The partial case says so: IAM policies can grant the other actions. */
const PARTIAL_TITLE = 'IAM policies cannot grant some actions on this key';

function run(ctx: FindingContext): Finding[] {
  const { matrix } = ctx;
  const row = matrix.principals.find(isIamRole);
  if (!row) return [];
  const columns = matrix.actions.filter((a) => a.action.keyPolicy && a.action.resource === 'key');
  const missing = columns.filter((a) => !allows(matrix.cell(row.id, a.name)));
  if (missing.length === 0 || columns.length === 0) return [];
  const caller = ctx.caller(row);
  const accountStatements = ctx.statements.filter(
    (s) => s.statement.effect === 'Allow' && s.coversKey && caller !== undefined && s.covers(caller) === 'account',
  );
  const root = ctx.keyAccountRoot;
  const statement = `{"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "${root}"}, "Action": "kms:*", "Resource": "*"}`;
  if (missing.length === columns.length) {
    return [
      {
        id: ID,
        severity: 'medium',
        title: TITLE,
        message:
          `No statement of the key policy enables IAM policies for the key's account ${ctx.keyAccount}: a principal of that account whose IAM policy allows kms:* ("${row.label}") is allowed none of the key's actions. ` +
          'Only the principals the key policy names can ever use or manage the key; if they are deleted, nobody can.',
        statements: [],
        principals: [row.id],
        actions: missing.map((a) => a.name),
        fix: `Add the account statement ${statement} (narrow its actions if needed), so that IAM policies in ${ctx.keyAccount} can grant access and an IAM administrator can always recover the key.`,
      },
    ];
  }
  const names = accountStatements.map((s) => statementName(s.statement));
  // The Deny statements that decide the missing actions for this row (in some or every request).
  const denies = new Map<string, string>();
  for (const a of missing) {
    for (const t of explainCell(matrix, row.id, a.name).terms) {
      if (t.decision !== 'ExplicitDeny') continue;
      for (const d of t.statements)
        if (d.effect === 'Deny' && d.source === 'key-policy') denies.set(d.path, d.sid !== undefined ? `statement "${d.sid}"` : `statement ${d.path}`);
    }
  }
  const denyNames = [...denies.values()];
  const it = missing.length === 1 ? 'it' : 'them';
  // IAM policies can grant the other actions, so the account is enabled: when Deny statements take
  // these away, the fix is to narrow them, not to add the account statement again.
  const fix = denyNames.length
    ? `${listText(denyNames)} ${denyNames.length === 1 ? 'denies' : 'deny'} ${it} even to principals whose IAM policies allow ${it}. If IAM administrators should be able to do ${missing.length === 1 ? 'it' : 'these'}, narrow those Deny statements; if not, nothing to do.`
    : `If IAM administrators should be able to do ${missing.length === 1 ? 'it' : 'these'}, allow ${it} to ${root} (as ${statement} does); if not, nothing to do.`;
  return [
    {
      id: ID,
      severity: 'info',
      title: PARTIAL_TITLE,
      message:
        `IAM policies of the key's account ${ctx.keyAccount} cannot grant ${listText(missing.map((a) => a.name))}: even a principal whose IAM policy allows kms:* ("${row.label}") is denied ${it}` +
        `${denyNames.length ? ` by ${listText(denyNames)}` : ''}` +
        `${names.length ? ` (the account is enabled by ${listText(names)} for the other actions)` : ''}. Only the principals the key policy names can do ${missing.length === 1 ? 'it' : 'these'}.`,
      statements: [...accountStatements.map((s) => s.ref), ...ctx.statements.filter((s) => denies.has(s.ref.path)).map((s) => s.ref)],
      principals: [row.id],
      actions: missing.map((a) => a.name),
      fix,
    },
  ];
}

export const rule: FindingRule = {
  id: ID,
  severity: 'medium',
  title: TITLE,
  checks:
    "A role of the key's account whose IAM policy allows kms:* is allowed none (medium) or only some (info) of the key actions a key policy can allow: the key policy does not enable IAM policies for its account.",
  docs: ['https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam'],
  run,
};
