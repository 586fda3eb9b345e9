/**
 * cross-account-access — who outside the key's account can do what.
 *
 * One finding per external account the input names (its principals: the account as a whole, its
 * root, named roles and users, grantees): every action allowed, and every conditional one with its
 * conditions, naming each principal with its account. The rows of an external account assume its
 * IAM policies allow everything, because that account, not you, writes them; what the key policy and
 * grants allow is the most it can get. Severity: severity.ts (`external-account`). The outsider rows
 * (accounts nobody names) are public-access's.
 *
 * AWS: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 */
import type { FindingContext } from '../context.js';
import { allowedCells, cellsText, isOutsider } from '../rows.js';
import { decidingAll } from '../evidence.js';
import { isOutside, outsidePrincipal } from '../outside.js';
import { cellReach } from '../reach.js';
import { accessSeverity, SEVERITY_ORDER } from '../severity.js';
import { listText } from '../text.js';
import type { Finding, FindingRule, Severity } from '../types.js';
import type { PrincipalRow } from '../../principals.js';

const ID = 'cross-account-access';
const TITLE = 'Another AWS account has access to the key';

function run(ctx: FindingContext): Finding[] {
  const { matrix } = ctx;
  const byAccount = new Map<string, PrincipalRow[]>();
  for (const row of matrix.principals) {
    if (!isOutside(ctx, row) || isOutsider(row) || row.account === undefined) continue;
    byAccount.set(row.account, [...(byAccount.get(row.account) ?? []), row]);
  }
  const out: Finding[] = [];
  for (const [account, rows] of byAccount) {
    const access = rows.map((row) => ({ row, cells: allowedCells(matrix, row) })).filter((a) => a.cells.length > 0);
    if (access.length === 0) continue;
    const actions = [...new Set(access.flatMap((a) => a.cells.map((c) => c.action)))];
    const statements = decidingAll(
      ctx,
      access.map(({ row, cells }) => ({ row, cells })),
      'Allow',
    );
    const severities = access.flatMap((a) => a.cells.flatMap((c) => accessSeverity('external-account', cellReach('outside', c)) ?? []));
    const severity: Severity = SEVERITY_ORDER.find((s) => severities.includes(s)) ?? 'info';
    const outside = access.map((a) => outsidePrincipal(a.row));
    // Principals with the same access are listed together.
    const byText = new Map<string, string[]>();
    access.forEach(({ row, cells }, i) => {
      const text = cellsText(cells);
      const p = outside[i];
      const iam = row.iam === 'allow-all' ? ', if its IAM policies allow it' : '';
      byText.set(text, [...(byText.get(text) ?? []), p ? `${p.principal} (${p.who}${iam})` : row.label]);
    });
    const parts = [...byText].map(([text, labels]) => `${listText(labels)}: ${text}`);
    out.push({
      id: ID,
      severity,
      title: TITLE,
      message:
        `Account ${account} can use this key${statements.length ? `, through ${listText(statements.map((s) => s.name))}` : ''}. ` + `${parts.join('. ')}.`,
      statements: statements.map((s) => s.ref),
      principals: access.map((a) => a.row.id),
      outside,
      actions,
      fix:
        `Confirm that account ${account} should have this access. To narrow it, ` +
        `${access.some((a) => a.row.origin === 'external-account') ? `name the roles that need it instead of ${ctx.keyAccountRoot.replace(`::${ctx.keyAccount}:`, `::${account}:`)}, ` : ''}` +
        'limit the actions, or add conditions (kms:ViaService, kms:EncryptionContext:…); to end it, remove its principals from the statements listed.',
    });
  }
  return out;
}

export const rule: FindingRule = {
  id: ID,
  severity: 'info',
  title: TITLE,
  checks: 'Lists every external account (and its principals, with their account) the input names with any allowed or conditional action, and which.',
  docs: ['https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html'],
  run,
};
