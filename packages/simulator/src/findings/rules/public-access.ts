/**
 * public-access — anyone can use or manage the key.
 *
 * Read from the matrix:
 * - the `outsider` rows (any principal of an account the policies do not name, whose IAM policies
 *   are assumed to allow everything): a key policy statement with `Principal: "*"` (or
 *   NotPrincipal) lets them in. One finding per row and severity, naming the outside principal with
 *   its account (`*`), the actions and the conditions.
 * The "any principal (no IAM)" row of the key's account is not outside access: account-wide-access.ts
 * reports it, with this module's grouping (`accessFindings`).
 * Severity comes from severity.ts (`accessSeverity`) by how far the caller reaches each cell
 * (reach.ts): access whose only conditions are on keys the caller controls (the encryption context,
 * aws:SourceIp, an outside principal's own tags, … — caller-controlled.ts) is as severe as access
 * with no condition. Only key actions count: groups crypto, admin and grants (CreateGrant hands out
 * cryptographic use).
 *
 * AWS: "Do not set the Principal to an asterisk (*) in any key policy statement that allows
 * permissions unless you use conditions to limit the key policy."
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements
 */
import type { ActionGroup } from '@kmsim/core';
import type { Cell } from '../../matrix/types.js';
import type { PrincipalRow } from '../../principals.js';
import type { FindingContext } from '../context.js';
import { callerControlled } from '../caller-controlled.js';
import { deciding } from '../evidence.js';
import { outsidePrincipal } from '../outside.js';
import { cellReach, controlledKeys, type CallerKind, type Reach } from '../reach.js';
import { allowedCells, isOutsider } from '../rows.js';
import { accessSeverity, type Audience } from '../severity.js';
import { listText } from '../text.js';
import type { Finding, FindingRule, OutsidePrincipal, Severity } from '../types.js';

const GROUPS: ReadonlySet<ActionGroup> = new Set<ActionGroup>(['crypto', 'admin', 'grants']);

const ID = 'public-access';
const TITLE = 'Anyone can use or manage the key';
const TITLES: Readonly<Record<Audience, string>> = {
  public: TITLE,
  'key-account': "Every principal of the key's account can use or manage the key, whatever its IAM policies",
  'external-account': TITLE,
};
const IDS: Readonly<Record<Audience, string>> = { public: ID, 'key-account': 'account-wide-access', 'external-account': ID };

const FIX: Readonly<Record<Audience, Partial<Record<Reach, string>>>> = {
  public: {
    open: 'Replace Principal "*" in {statements} with the principals that need access, or limit it with a condition on the caller\'s identity: kms:CallerAccount (your accounts) or aws:PrincipalOrgID (your organization). Conditions on values the caller chooses (encryption context, source IP, its own tags) keep no one out.',
    'request-bound':
      "Add a condition on the caller's identity to {statements}: kms:CallerAccount or aws:PrincipalOrgID. Conditions on the request (kms:ViaService, aws:SourceVpce, kms:GrantIsForAWSResource, encryption context) can be met from other accounts.",
    'identity-bound': 'Check that the organization, account or source these conditions name in {statements} is yours and is meant to have this access.',
  },
  'key-account': {
    open: 'Name the principals that need access in {statements} instead of Principal "*", or let IAM decide by allowing the account ({root}) instead; keep "*" only with conditions such as kms:ViaService.',
  },
  'external-account': {},
};

interface Group {
  readonly severity: Severity;
  readonly reach: Reach;
  readonly cells: Cell[];
}

/** `kms:Decrypt with no condition`, `kms:Encrypt when …`, with what the caller controls. */
function how(caller: CallerKind, cells: readonly Cell[]): string {
  const open = cells.filter((c) => c.outcome === 'Allow');
  const bySummary = new Map<string, Cell[]>();
  for (const c of cells.filter((c) => c.outcome !== 'Allow')) bySummary.set(c.summary, [...(bySummary.get(c.summary) ?? []), c]);
  const parts = [
    ...(open.length ? [`${listText(open.map((c) => c.action))} on this key with no condition`] : []),
    ...[...bySummary].map(([summary, group]) => `${listText(group.map((c) => c.action))} on this key when the conditions hold: ${summary}`),
  ];
  const keys = [...new Set(cells.flatMap((c) => (c.outcome === 'Allow' ? [] : controlledKeys(caller, c))))];
  const chosen = keys.length ? `. The caller chooses ${listText(keys)} (${keys.map((k) => `${k}: ${callerControlled(k)?.reason ?? ''}`).join('; ')})` : '';
  return `${parts.join('; ')}${chosen}`;
}

/** One finding per reach of the row's allowed key actions, worded for the audience. */
export function accessFindings(
  ctx: FindingContext,
  row: PrincipalRow,
  audience: Audience,
  caller: CallerKind,
  who: string,
  outside: OutsidePrincipal | undefined,
): Finding[] {
  const groups = new Map<string, Group>();
  for (const cell of allowedCells(ctx.matrix, row, GROUPS)) {
    const reach = cellReach(caller, cell);
    const severity = accessSeverity(audience, reach);
    if (!severity) continue;
    const group = groups.get(reach) ?? { severity, reach, cells: [] };
    group.cells.push(cell);
    groups.set(reach, group);
  }
  return [...groups.values()].map(({ severity, reach, cells }) => {
    const statements = deciding(ctx, row, cells, 'Allow');
    const via = statements.length ? ` — allowed by ${listText(statements.map((s) => s.name))}` : '';
    const fix = FIX[audience][reach] ?? FIX.public['request-bound'] ?? '';
    return {
      id: IDS[audience],
      severity,
      title: TITLES[audience],
      message: `${who} can call ${how(caller, cells)}${via}.`,
      statements: statements.map((s) => s.ref),
      principals: [row.id],
      ...(outside ? { outside: [outside] } : {}),
      actions: cells.map((c) => c.action),
      fix: fix
        .replace('{statements}', statements.length ? listText(statements.map((s) => s.name)) : 'the statements with Principal "*"')
        .replace('{root}', ctx.keyAccountRoot),
    };
  });
}

/**
 * With an organization given, why its guardrails leave the access open: RCPs apply to keys of
 * member accounts only, never to the management account's
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html).
 */
function guardrailsNote(ctx: FindingContext): string {
  const organization = ctx.prepared.guardrails?.organization;
  if (!organization) return '';
  const account = ctx.keyAccount;
  const why =
    account === organization.managementAccount
      ? `the key's account ${account} is the management account of ${organization.id}, whose keys no RCP limits`
      : Object.hasOwn(organization.accounts, account)
        ? `no RCP on the path of the key's account ${account} in ${organization.id} denies it`
        : `the key's account ${account} is not in the organization ${organization.id}, so no RCP applies to it`;
  return ` The guardrails given leave it open: ${why}.`;
}

function outsiderFindings(ctx: FindingContext, row: PrincipalRow): Finding[] {
  const outside = outsidePrincipal(row);
  const who = `${outside.who.charAt(0).toUpperCase()}${outside.who.slice(1)} (${outside.principal}, account ${outside.account}; its IAM policies assumed to allow everything)`;
  const note = guardrailsNote(ctx);
  return accessFindings(ctx, row, 'public', 'outside', who, outside).map((f) => (note ? { ...f, message: `${f.message}${note}` } : f));
}

export const rule: FindingRule = {
  id: ID,
  severity: 'critical',
  title: TITLE,
  checks:
    "The outsider rows (any principal of an account the policies do not name, IAM assumed to allow everything) are allowed a cryptographic, administrative or grant action: critical when no condition or only conditions on values the caller controls (encryption context, source IP, its own tags, …) stand in the way, medium when a condition on the request path does (kms:ViaService, aws:SourceVpce), low when every allowing condition pins the caller's organization, account or source.",
  docs: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements',
    'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
  ],
  run(ctx) {
    return ctx.matrix.principals.flatMap((row) => (isOutsider(row) ? outsiderFindings(ctx, row) : []));
  },
};
