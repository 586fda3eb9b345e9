/**
 * The rows of the matrix: every principal the policies and grants name, plus the ones they don't
 * that people ask about. Each row says which identity (IAM) policies it assumes:
 * - `given`: the identity policies in the input for that principal (a concrete question);
 * - `none`: a principal of the key's account with no identity policy given;
 * - `allow-all`: a principal of another account, or the "any role with IAM access" row: its
 *   account writes its IAM policies, so an audit assumes they allow everything and only the key
 *   policy and grants stand in the way;
 * - `not-applicable`: the root user and service principals, which IAM policies do not limit.
 */
import { toPolicy, type Policy, type PolicyDocument, type PrincipalSet } from '@kmsim/core';
import type { IdentityClass, MemberKind } from './condition-space/identity.js';
import type { PreparedInput } from './input.js';

export type PrincipalOrigin =
  | 'named'
  | 'identity-policy'
  | 'grantee'
  | 'guardrail'
  | 'key-account-root'
  | 'unnamed-role'
  | 'external-account'
  | 'outsider'
  | 'unnamed-service'
  | 'custom';

export type IamAssumption = 'given' | 'none' | 'allow-all' | 'not-applicable';

export interface PrincipalRow {
  /** Stable id: the ARN (a pattern for a class), with `#iam` for the row that assumes IAM allows everything. */
  readonly id: string;
  /** The principal the row evaluates as; for a class a label (`arn:aws:iam::*:*`), never evaluated as such. */
  readonly arn: string;
  /** Short name for tables: `role/App`, `root`, `444455556666 any principal`. */
  readonly label: string;
  readonly origin: PrincipalOrigin;
  readonly account: string | undefined;
  readonly iam: IamAssumption;
  /** One sentence: who this row stands for and what it assumes. */
  readonly description: string;
  /** The identity policies this row is evaluated with (for a class: each member's). */
  readonly identityPolicies: readonly Policy[];
  /** A named principal, or a class of principals whose every member a cell's answer covers. */
  readonly kind: 'principal' | 'class';
  /** For a class: who is in it, in words. */
  readonly members?: string;
  /** For a class: what the search for witness members ranges over. */
  readonly identity?: IdentityClass;
}

export interface CustomPrincipal {
  readonly arn: string;
  /** Defaults: `given` when the input has identity policies for it, else `none` in the key's account and `allow-all` elsewhere. */
  readonly iam?: 'none' | 'allow-all';
}

const ALLOW_ALL_DOC: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'kmsim: assumed IAM policy allowing kms:*', Effect: 'Allow', Action: 'kms:*', Resource: '*' }],
};
export const ALLOW_ALL_IAM: Policy = toPolicy(ALLOW_ALL_DOC as unknown as Parameters<typeof toPolicy>[0]);

const ACCOUNT_ROOT = /^arn:[a-z-]+:iam::(\d{12}):root$/;
const IAM_ARN = /^arn:([a-z-]+):(iam|sts)::(\d{12}):(.+)$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;
/** The principal forms the evaluator accepts as callers. */
const CALLER = /^arn:[a-z-]+:(iam::\d{12}:(root|user\/.+|role\/.+)|sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+))$/;

function accountOf(entry: string): string | undefined {
  if (/^\d{12}$/.test(entry)) return entry;
  return ACCOUNT_ROOT.exec(entry)?.[1] ?? IAM_ARN.exec(entry)?.[3];
}

function shortLabel(arn: string, keyAccount: string): string {
  const m = IAM_ARN.exec(arn);
  if (!m) return arn;
  const [, , , account, rest = ''] = m;
  return account === keyAccount ? rest : `${account} ${rest}`;
}

/** Kinds in the order their witnesses are preferred (a role session is the most common caller). */
const AWS_KINDS: readonly MemberKind[] = ['role', 'user', 'federated-user', 'root'];
const KEY_ACCOUNT_KINDS: readonly MemberKind[] = ['role', 'user', 'federated-user'];

export function enumeratePrincipals(input: PreparedInput, custom: readonly CustomPrincipal[] = []): PrincipalRow[] {
  const keyAccount = input.key.arn.split(':')[4] ?? '';
  const partition = input.key.arn.split(':')[1] ?? 'aws';
  const rows = new Map<string, PrincipalRow>();
  const accounts = new Set<string>([keyAccount]);
  const externalAccounts: string[] = [];
  const namedServices = new Set<string>();
  let anyoneCanMatch = false;

  const add = (row: PrincipalRow): void => {
    if (!rows.has(row.id)) rows.set(row.id, row);
  };
  const external = (account: string): void => {
    accounts.add(account);
    if (account !== keyAccount && !externalAccounts.includes(account)) externalAccounts.push(account);
  };
  const namedRow = (arn: string, origin: PrincipalOrigin): void => {
    if (SERVICE.test(arn)) {
      namedServices.add(arn);
      add({
        id: arn,
        arn,
        label: arn,
        origin,
        account: undefined,
        iam: 'not-applicable',
        description: `the AWS service ${arn}`,
        identityPolicies: [],
        kind: 'principal',
      });
      return;
    }
    const account = accountOf(arn);
    // Only principals that can make a request become rows (not IAM groups, wildcards or typos).
    if (account === undefined || arn.includes('*') || !CALLER.test(arn)) {
      if (account !== undefined && (ACCOUNT_ROOT.test(arn) || /^\d{12}$/.test(arn))) external(account);
      return;
    }
    // Its account stays in the classes: they leave out the principal (excludedPrincipals), not its
    // account's other principals, which no other row covers.
    if (ACCOUNT_ROOT.test(arn) || /^\d{12}$/.test(arn)) {
      external(account);
      return;
    }
    const given = input.identityPolicies.get(arn);
    const outside = account !== keyAccount;
    const iam: IamAssumption = given ? 'given' : outside ? 'allow-all' : 'none';
    add({
      id: arn,
      arn,
      label: shortLabel(arn, keyAccount),
      origin,
      account,
      iam,
      description: `${arn}${
        iam === 'given'
          ? ', with the identity policies given'
          : iam === 'allow-all'
            ? ", assuming its account's IAM policies allow everything"
            : ', with no identity policy'
      }`,
      identityPolicies: given ?? (outside ? [ALLOW_ALL_IAM] : []),
      kind: 'principal',
    });
  };
  const fromSet = (set: PrincipalSet | undefined): void => {
    if (!set) return;
    if (set.wildcard) anyoneCanMatch = true;
    for (const e of set.aws) namedRow(e, 'named');
    for (const s of set.service) namedRow(s, 'named');
  };

  for (const s of input.keyPolicy.statements) {
    fromSet(s.principal);
    if (s.notPrincipal) {
      anyoneCanMatch = true;
      fromSet(s.notPrincipal);
    }
  }
  for (const arn of input.identityPolicies.keys()) namedRow(arn, 'identity-policy');
  for (const g of input.grants) namedRow(g.granteePrincipal, 'grantee');
  // Principals a permissions boundary or a session policy is attached to: rows of their own, so that
  // no class holds a member whose own guardrail caps it (the classes answer for members without one).
  for (const arn of Object.keys(input.guardrails?.permissionsBoundaries ?? {})) namedRow(arn, 'guardrail');
  for (const arn of Object.keys(input.guardrails?.sessionPolicies ?? {})) namedRow(arn, 'guardrail');
  // Principals a VPC endpoint policy names: its Allow or Deny sets them apart from their class.
  for (const s of input.guardrailStatements ?? []) {
    if (s.source !== 'vpc-endpoint-policy') continue;
    for (const set of [s.statement.principal, s.statement.notPrincipal]) for (const e of set?.aws ?? []) namedRow(e, 'guardrail');
  }
  // Principals and accounts named only through conditions (`Principal: "*"` with aws:PrincipalArn,
  // aws:PrincipalAccount or kms:CallerAccount): a row for each ARN, a class row for each account.
  for (const named of conditionNamed(input, keyAccount)) {
    if (named.arn !== undefined) namedRow(named.arn, 'named');
    else if (named.account !== undefined) external(named.account);
  }

  // The key account itself: its root user, and any other principal of it, without and with IAM access.
  const root = `arn:${partition}:iam::${keyAccount}:root`;
  add({
    id: root,
    arn: root,
    label: 'root',
    origin: 'key-account-root',
    account: keyAccount,
    iam: 'not-applicable',
    description: `the root user of the key's account ${keyAccount}`,
    identityPolicies: [],
    kind: 'principal',
  });

  for (const c of custom) {
    const account = accountOf(c.arn);
    const given = input.identityPolicies.get(c.arn);
    const iam: IamAssumption = c.iam ?? (given ? 'given' : account !== undefined && account !== keyAccount ? 'allow-all' : 'none');
    const id = iam === 'allow-all' && account === keyAccount ? `${c.arn}#iam` : c.arn;
    if (account !== undefined) accounts.add(account);
    rows.delete(id);
    add({
      id,
      arn: c.arn,
      label: shortLabel(c.arn, keyAccount),
      origin: 'custom',
      account,
      iam,
      description: `${c.arn} (added)`,
      identityPolicies: iam === 'given' ? (given ?? []) : iam === 'allow-all' ? [ALLOW_ALL_IAM] : [],
      kind: 'principal',
    });
  }

  // Classes: members are every principal of their scope that is not a row of its own.
  const concrete = [...rows.values()].map((r) => r.arn);
  const cls = (kinds: readonly MemberKind[], account: string | undefined): IdentityClass => ({
    partition,
    kinds,
    ...(account === undefined ? {} : { account }),
    excludedAccounts: account === undefined ? [...accounts].sort() : [],
    excludedPrincipals: concrete,
  });
  const anyInKey = `arn:${partition}:iam::${keyAccount}:*`;
  const keyMembers = `every user, role (session) and federated user of ${keyAccount} the policies do not name`;
  add({
    id: anyInKey,
    arn: anyInKey,
    label: 'any principal (no IAM)',
    origin: 'unnamed-role',
    account: keyAccount,
    iam: 'none',
    description: `any principal of ${keyAccount} the policies do not name, with no IAM policy`,
    identityPolicies: [],
    kind: 'class',
    members: keyMembers,
    identity: cls(KEY_ACCOUNT_KINDS, keyAccount),
  });
  add({
    id: `${anyInKey}#iam`,
    arn: anyInKey,
    label: 'any principal (IAM kms:*)',
    origin: 'unnamed-role',
    account: keyAccount,
    iam: 'allow-all',
    description: `any principal of ${keyAccount} the policies do not name, whose IAM policy allows kms:*`,
    identityPolicies: [ALLOW_ALL_IAM],
    kind: 'class',
    members: keyMembers,
    identity: cls(KEY_ACCOUNT_KINDS, keyAccount),
  });

  /** The class "any principal of ACCOUNT" (its root user included), its IAM assumed to allow everything. */
  const accountRow = (account: string, description: string): void => {
    const any = `arn:${partition}:iam::${account}:*`;
    add({
      id: any,
      arn: any,
      label: `${account} any principal`,
      origin: 'external-account',
      account,
      iam: 'allow-all',
      description,
      identityPolicies: [ALLOW_ALL_IAM],
      kind: 'class',
      members: `the root user and every user, role (session) and federated user of ${account} the policies do not name`,
      identity: cls(AWS_KINDS, account),
    });
  };
  for (const account of externalAccounts) {
    accountRow(account, `any principal of the named external account ${account}, its root user included, assuming its IAM policies allow everything`);
  }

  // With an organization given, "any other account" splits: each account of the organization is a
  // row of its own (its SCPs, and the organization keys AWS fills in for it, decide its cells), and
  // the outsider class holds the accounts outside the organization.
  const organization = input.guardrails?.organization;
  if (organization) {
    const members = [...Object.keys(organization.accounts), organization.managementAccount].filter((a) => a !== keyAccount && !externalAccounts.includes(a));
    for (const account of [...new Set(members)].sort()) {
      accounts.add(account);
      const management = account === organization.managementAccount ? ' (its management account)' : '';
      accountRow(
        account,
        `any principal of ${account}, an account of the organization ${organization.id}${management}, assuming its IAM policies allow everything (within its SCPs)`,
      );
    }
  }
  const outsider = `arn:${partition}:iam::*:*`;
  const others = [...accounts].sort().join(', ');
  add({
    id: outsider,
    arn: outsider,
    label: organization ? 'outsider (outside the organization)' : 'outsider',
    origin: 'outsider',
    account: undefined,
    iam: 'allow-all',
    description: organization
      ? `any principal of any account outside the organization ${organization.id} the policies do not name, assuming its account's IAM policies allow everything (no SCP of its own organization is assumed to help)`
      : "any principal of any account the policies do not name, assuming its account's IAM policies allow everything",
    identityPolicies: [ALLOW_ALL_IAM],
    kind: 'class',
    members: organization
      ? `the root user and every user, role (session) and federated user of every account outside the organization ${organization.id} other than ${others}`
      : `the root user and every user, role (session) and federated user of every account other than ${others}`,
    identity: cls(AWS_KINDS, undefined),
  });
  if (anyoneCanMatch) {
    const service = '*.amazonaws.com';
    add({
      id: service,
      arn: service,
      label: 'any AWS service',
      origin: 'unnamed-service',
      account: undefined,
      iam: 'not-applicable',
      description: 'any AWS service principal the policy does not name',
      identityPolicies: [],
      kind: 'class',
      members: `every AWS service principal other than ${[...namedServices].join(', ') || 'none named'}`,
      identity: { partition, kinds: ['service'], excludedAccounts: [], excludedPrincipals: [...namedServices] },
    });
  }
  return [...rows.values()];
}

const PRINCIPAL_ARN_KEYS = new Set(['aws:principalarn']);
const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'kms:calleraccount']);

/** ARNs (without wildcards) and accounts the Allow statements name in identity conditions. */
function conditionNamed(input: PreparedInput, keyAccount: string): { arn?: string; account?: string }[] {
  const out: { arn?: string; account?: string }[] = [];
  for (const s of input.keyPolicy.statements) {
    if (s.effect !== 'Allow') continue;
    for (const c of s.conditions) {
      const key = c.key.toLowerCase();
      for (const v of c.values) {
        if (typeof v !== 'string' || v.includes('${')) continue;
        if (PRINCIPAL_ARN_KEYS.has(key)) {
          const account = v.split(':')[4] ?? '';
          if (!/[*?]/.test(v) && CALLER.test(v) && !ACCOUNT_ROOT.test(v)) out.push({ arn: v });
          else if (/^\d{12}$/.test(account) && account !== keyAccount) out.push({ account });
        } else if (ACCOUNT_KEYS.has(key) && /^\d{12}$/.test(v) && v !== keyAccount) out.push({ account: v });
      }
    }
  }
  return out;
}
