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
import type { PreparedInput } from './input.js';

export type PrincipalOrigin =
  | 'named'
  | 'identity-policy'
  | 'grantee'
  | 'key-account-root'
  | 'unnamed-role'
  | 'external-account'
  | 'outsider'
  | 'unnamed-service'
  | 'custom';

export type IamAssumption = 'given' | 'none' | 'allow-all' | 'not-applicable';

export interface PrincipalRow {
  /** Stable id: the ARN, with `#iam` for the row that assumes IAM allows everything. */
  readonly id: string;
  /** The principal the row evaluates as. */
  readonly arn: string;
  /** Short name for tables: `role/App`, `root`, `444455556666 role/*`. */
  readonly label: string;
  readonly origin: PrincipalOrigin;
  readonly account: string | undefined;
  readonly iam: IamAssumption;
  /** One sentence: who this row stands for and what it assumes. */
  readonly description: string;
  /** The identity policies this row is evaluated with. */
  readonly identityPolicies: readonly Policy[];
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

/** An account id not used anywhere in the input, for the outsider row. */
function unusedAccount(used: ReadonlySet<string>): string {
  for (let n = 999988887777; ; n--) {
    const candidate = String(n);
    if (!used.has(candidate)) return candidate;
  }
}

export function enumeratePrincipals(input: PreparedInput, custom: readonly CustomPrincipal[] = []): PrincipalRow[] {
  const keyAccount = input.key.arn.split(':')[4] ?? '';
  const partition = input.key.arn.split(':')[1] ?? 'aws';
  const rows = new Map<string, PrincipalRow>();
  const accounts = new Set<string>([keyAccount]);
  const externalAccounts: string[] = [];
  let anyoneCanMatch = false;

  const add = (row: PrincipalRow): void => {
    if (!rows.has(row.id)) rows.set(row.id, row);
  };
  const namedRow = (arn: string, origin: PrincipalOrigin): void => {
    if (SERVICE.test(arn)) {
      add({ id: arn, arn, label: arn, origin, account: undefined, iam: 'not-applicable', description: `the AWS service ${arn}`, identityPolicies: [] });
      return;
    }
    const account = accountOf(arn);
    // Only principals that can make a request become rows (not IAM groups, wildcards or typos).
    if (account === undefined || arn.includes('*') || !CALLER.test(arn)) {
      if (account !== undefined && (ACCOUNT_ROOT.test(arn) || /^\d{12}$/.test(arn))) {
        if (account !== keyAccount && !externalAccounts.includes(account)) externalAccounts.push(account);
        accounts.add(account);
      }
      return;
    }
    accounts.add(account);
    if (ACCOUNT_ROOT.test(arn) || /^\d{12}$/.test(arn)) {
      if (account !== keyAccount && !externalAccounts.includes(account)) externalAccounts.push(account);
      return;
    }
    const given = input.identityPolicies.get(arn);
    const external = account !== keyAccount;
    const iam: IamAssumption = given ? 'given' : external ? 'allow-all' : 'none';
    add({
      id: arn,
      arn,
      label: shortLabel(arn, keyAccount),
      origin,
      account,
      iam,
      description: `${arn}${
        iam === 'given' ? ', with the identity policies given' : iam === 'allow-all' ? ', assuming its account\'s IAM policies allow everything' : ', with no identity policy'
      }`,
      identityPolicies: given ?? (external ? [ALLOW_ALL_IAM] : []),
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

  // The key account itself: its root user and any role, without and with IAM access.
  const root = `arn:${partition}:iam::${keyAccount}:root`;
  add({ id: root, arn: root, label: 'root', origin: 'key-account-root', account: keyAccount, iam: 'not-applicable', description: `the root user of the key's account ${keyAccount}`, identityPolicies: [] });
  const anyRole = `arn:${partition}:iam::${keyAccount}:role/kmsim-unnamed-role`;
  add({ id: anyRole, arn: anyRole, label: 'any role (no IAM)', origin: 'unnamed-role', account: keyAccount, iam: 'none', description: `a role of ${keyAccount} the policies do not name, with no IAM policy`, identityPolicies: [] });
  add({ id: `${anyRole}#iam`, arn: anyRole, label: 'any role (IAM kms:*)', origin: 'unnamed-role', account: keyAccount, iam: 'allow-all', description: `a role of ${keyAccount} the policies do not name, whose IAM policy allows kms:*`, identityPolicies: [ALLOW_ALL_IAM] });

  for (const account of externalAccounts) {
    const r = `arn:${partition}:iam::${account}:root`;
    add({ id: r, arn: r, label: `${account} root`, origin: 'external-account', account, iam: 'not-applicable', description: `the root user of the named external account ${account}`, identityPolicies: [] });
    const role = `arn:${partition}:iam::${account}:role/kmsim-unnamed-role`;
    add({ id: role, arn: role, label: `${account} any role`, origin: 'external-account', account, iam: 'allow-all', description: `any principal of the named external account ${account}, assuming its IAM policies allow everything`, identityPolicies: [ALLOW_ALL_IAM] });
  }

  const outsiderAccount = unusedAccount(accounts);
  const outsider = `arn:${partition}:iam::${outsiderAccount}:role/kmsim-outsider`;
  add({ id: outsider, arn: outsider, label: 'outsider', origin: 'outsider', account: outsiderAccount, iam: 'allow-all', description: `a principal of an unrelated account (${outsiderAccount}), assuming its IAM policies allow everything`, identityPolicies: [ALLOW_ALL_IAM] });
  // Principals named only through conditions (`Principal: "*"` with aws:PrincipalArn or
  // aws:PrincipalAccount / kms:CallerAccount): a row that matches each pattern or account, since
  // those keys follow from the principal and are not varied within a row.
  for (const row of conditionNamedRows(input, keyAccount, outsiderAccount, partition)) {
    if (row.account !== undefined) accounts.add(row.account);
    add(row);
  }
  if (anyoneCanMatch) {
    const service = 'kmsim-unnamed-service.amazonaws.com';
    add({ id: service, arn: service, label: 'any AWS service', origin: 'unnamed-service', account: undefined, iam: 'not-applicable', description: 'an AWS service principal the policy does not name', identityPolicies: [] });
  }

  for (const c of custom) {
    const account = accountOf(c.arn);
    const given = input.identityPolicies.get(c.arn);
    const iam: IamAssumption = c.iam ?? (given ? 'given' : account !== undefined && account !== keyAccount ? 'allow-all' : 'none');
    const id = iam === 'allow-all' && account === keyAccount ? `${c.arn}#iam` : c.arn;
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
    });
  }
  return [...rows.values()];
}

const PRINCIPAL_ARN_KEYS = new Set(['aws:principalarn']);
const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'kms:calleraccount']);

/** A concrete ARN matching an ARN pattern: `*` in the account field → the outsider account, elsewhere → `x`. */
function instantiate(pattern: string, outsiderAccount: string): string {
  const parts = pattern.split(':');
  if (parts.length >= 5 && /[*?]/.test(parts[4] ?? '')) parts[4] = outsiderAccount;
  return parts.join(':').replace(/\*/g, 'x').replace(/\?/g, 'x');
}

function conditionNamedRows(input: PreparedInput, keyAccount: string, outsiderAccount: string, partition: string): PrincipalRow[] {
  const out: PrincipalRow[] = [];
  for (const s of input.keyPolicy.statements) {
    if (s.effect !== 'Allow') continue;
    for (const c of s.conditions) {
      const key = c.key.toLowerCase();
      for (const v of c.values) {
        if (typeof v !== 'string' || v.includes('${')) continue;
        if (PRINCIPAL_ARN_KEYS.has(key)) {
          const arn = instantiate(v, outsiderAccount);
          const account = accountOf(arn);
          if (!CALLER.test(arn) || account === undefined || ACCOUNT_ROOT.test(arn)) continue;
          const given = input.identityPolicies.get(arn);
          const external = account !== keyAccount;
          out.push({
            id: arn,
            arn,
            label: account === outsiderAccount ? `outsider ${shortLabel(arn, account)}` : shortLabel(arn, keyAccount),
            origin: account === outsiderAccount ? 'outsider' : 'named',
            account,
            iam: given ? 'given' : external ? 'allow-all' : 'none',
            description: `${arn}, a principal matching ${c.key} ${v} in ${s.sid !== undefined ? `statement "${s.sid}"` : s.path}${external && !given ? ", assuming its account's IAM policies allow everything" : ''}`,
            identityPolicies: given ?? (external ? [ALLOW_ALL_IAM] : []),
          });
        } else if (ACCOUNT_KEYS.has(key) && /^\d{12}$/.test(v) && v !== keyAccount) {
          const role = `arn:${partition}:iam::${v}:role/kmsim-unnamed-role`;
          out.push({ id: role, arn: role, label: `${v} any role`, origin: 'external-account', account: v, iam: 'allow-all', description: `any principal of account ${v} (named in ${c.key}), assuming its IAM policies allow everything`, identityPolicies: [ALLOW_ALL_IAM] });
        }
      }
    }
  }
  return out;
}
