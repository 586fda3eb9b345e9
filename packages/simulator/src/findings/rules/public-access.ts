/**
 * public-access — anyone can use or manage the key.
 *
 * Read from the matrix:
 * - the `outsider` row (a principal of an unrelated account whose IAM policies are assumed to allow
 *   everything): a key policy statement with `Principal: "*"` (or NotPrincipal) lets it in.
 *   Allow → critical. Conditional → medium, naming the conditions: a condition on the request
 *   (kms:ViaService, aws:SourceVpce, kms:GrantIsForAWSResource, …) can be met from another account.
 *   Conditional where every allowing term pins the caller's identity (aws:PrincipalOrgID,
 *   aws:PrincipalAccount, aws:SourceAccount, … to a value of the policy) → low: access is limited to
 *   that organization or account, which the reader should confirm.
 * - the "any role (no IAM)" row of the key's account: Allow → high. Every principal of the account,
 *   even one with no IAM permission, can do it (e.g. `*` with only kms:CallerAccount); IAM's least
 *   privilege no longer applies to this key. Conditional is left alone: `*` + kms:CallerAccount +
 *   kms:ViaService is the documented pattern of AWS managed keys.
 * Only key actions count: groups crypto, admin and grants (CreateGrant hands out cryptographic use).
 *
 * AWS: "Do not set the Principal to an asterisk (*) in any key policy statement that allows
 * permissions unless you use conditions to limit the key policy."
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
 */
import type { ActionGroup } from '@kmsim/core';
import type { Cell, OutcomeTerm, TermCondition } from '../../matrix/types.js';
import type { PrincipalRow } from '../../principals.js';
import type { FindingContext } from '../context.js';
import { allowedCells, allowTerms, isBareRole, isOutsider } from '../rows.js';
import { deciding } from '../evidence.js';
import { listText } from '../text.js';
import type { Finding, FindingRule, Severity } from '../types.js';

const GROUPS: ReadonlySet<ActionGroup> = new Set<ActionGroup>(['crypto', 'admin', 'grants']);

/** Keys AWS sets from the caller's identity (or the calling service's source): an outsider cannot choose them. */
const IDENTITY_KEYS = new Set(
  [
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:userid',
    'aws:username',
    'aws:PrincipalIsAWSService',
    'aws:PrincipalServiceName',
    'aws:PrincipalServiceNamesList',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceOwner',
    'kms:CallerAccount',
  ].map((k) => k.toLowerCase()),
);

/** The term requires an identity key to take values the policy names (not "absent" or "any other value"). */
const pinsIdentity = (c: TermCondition): boolean =>
  IDENTITY_KEYS.has(c.key.toLowerCase()) &&
  c.classes.length > 0 &&
  c.classes.every((v) => v.value !== undefined && v.id !== 'absent' && v.id !== 'empty' && !v.id.startsWith('other'));
const identityBound = (t: OutcomeTerm): boolean => t.when.some(pinsIdentity);

const ID = 'public-access';
const TITLE = 'Anyone can use or manage the key';

function make(
  ctx: FindingContext,
  row: PrincipalRow,
  cells: readonly Cell[],
  severity: Severity,
  who: string,
  how: string,
  fix: string,
): Finding {
  const actions = cells.map((c) => c.action);
  const statements = deciding(ctx, row, cells, 'Allow');
  const via = statements.length ? ` — allowed by ${listText(statements.map((s) => s.name))}` : '';
  return {
    id: ID,
    severity,
    title: TITLE,
    message: `${who} can call ${how}${via}.`,
    statements: statements.map((s) => s.ref),
    principals: [row.id],
    actions,
    fix: fix.replace('{statements}', statements.length ? listText(statements.map((s) => s.name)) : 'the statements with Principal "*"'),
  };
}

function outsiderFindings(ctx: FindingContext, row: PrincipalRow): Finding[] {
  const cells = allowedCells(ctx.matrix, row, GROUPS);
  const out: Finding[] = [];
  const who = `Any principal of any AWS account (kmsim's "${row.label}" row: account ${row.account ?? '?'}, whose IAM policies allow everything)`;
  const open = cells.filter((c) => c.outcome === 'Allow');
  if (open.length) {
    out.push(
      make(ctx, row, open, 'critical', who, `${listText(open.map((c) => c.action))} on this key with no condition`,
        'Replace Principal "*" in {statements} with the principals that need access, or limit it with a condition on the caller\'s identity: kms:CallerAccount (your accounts) or aws:PrincipalOrgID (your organization).'),
    );
  }
  // Conditional cells, grouped by their summary, in column order.
  const bySummary = new Map<string, Cell[]>();
  for (const c of cells.filter((c) => c.outcome === 'Conditional')) bySummary.set(c.summary, [...(bySummary.get(c.summary) ?? []), c]);
  for (const [summary, group] of bySummary) {
    const bound = group.every((c) => allowTerms(c).every(identityBound));
    const how = `${listText(group.map((c) => c.action))} on this key when the conditions hold: ${summary}`;
    out.push(
      bound
        ? make(ctx, row, group, 'low', who, how,
            'Check that the organization, account or source these conditions name in {statements} is yours and is meant to have this access.')
        : make(ctx, row, group, 'medium', who, how,
            'Add a condition on the caller\'s identity to {statements}: kms:CallerAccount or aws:PrincipalOrgID. Conditions on the request (kms:ViaService, aws:SourceVpce, kms:GrantIsForAWSResource, encryption context) can be met from other accounts.'),
    );
  }
  return out;
}

function bareRoleFindings(ctx: FindingContext, row: PrincipalRow): Finding[] {
  const open = allowedCells(ctx.matrix, row, GROUPS).filter((c) => c.outcome === 'Allow');
  if (open.length === 0) return [];
  const who = `Every principal of the key's account ${ctx.keyAccount}, even one whose IAM policies allow nothing (kmsim's "${row.label}" row),`;
  return [
    make(ctx, row, open, 'high', who, `${listText(open.map((c) => c.action))} on this key with no condition`,
      `Name the principals that need access in {statements} instead of Principal "*", or let IAM decide by allowing the account (${ctx.keyAccountRoot}) instead; keep "*" only with conditions such as kms:ViaService.`),
  ];
}

export const rule: FindingRule = {
  id: ID,
  severity: 'critical',
  title: TITLE,
  checks:
    'The outsider row (an unrelated account, IAM assumed to allow everything) is allowed a cryptographic, administrative or grant action: Allow = critical, Conditional = medium (low when every allowing condition pins the caller\'s organization or account); the "any role (no IAM)" row of the key\'s account allowed without condition = high.',
  docs: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements',
    'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account',
  ],
  run(ctx) {
    return ctx.matrix.principals.flatMap((row) =>
      isOutsider(row) ? outsiderFindings(ctx, row) : isBareRole(row) ? bareRoleFindings(ctx, row) : [],
    );
  },
};
