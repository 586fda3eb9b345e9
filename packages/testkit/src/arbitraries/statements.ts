/**
 * Key policy statements and whole key policies, for properties over policies (the evaluator
 * never throws on them, a Deny always wins, …). Statements draw from the shapes real policies
 * use: the account, a role, `*` or a service as Principal; single actions, lists and wildcards;
 * conditions on kms:ViaService, kms:CallerAccount, aws:PrincipalArn patterns, the encryption
 * context and kms:GrantIsForAWSResource.
 */
import { programmaticDefaultKeyPolicy, type ConditionValue, type PolicyDocument, type PrincipalDocument, type StatementDocument } from '@kmsim/core';
import { ENCRYPTION_CONTEXT_PREFIX } from '@kmsim/core/internal';
import fc, { type Arbitrary } from 'fast-check';
import { arbAccountId } from './accounts.js';
import { arbKmsAction } from './actions.js';
import { arbViaService } from './context.js';
import { arbIamName, arbServicePrincipal } from './principals.js';

export interface StatementOptions {
  /** The key's account, named by account statements and roles. Default 111122223333. */
  readonly account?: string;
  readonly effect?: 'Allow' | 'Deny';
  /** Whether statements may carry a Condition block. Default true. */
  readonly conditions?: boolean;
}

export interface KeyPolicyOptions extends StatementOptions {
  /** Start with the account statement (`arn:aws:iam::ACCOUNT:root`, kms:*). Default true. */
  readonly accountStatement?: boolean;
  readonly maxStatements?: number;
}

type ConditionBlock = Record<string, Record<string, ConditionValue | ConditionValue[]>>;
type Clause = readonly [operator: string, key: string, values: ConditionValue | ConditionValue[]];

const DEFAULT_ACCOUNT = '111122223333';

function arbPrincipalElement(account: string): Arbitrary<PrincipalDocument> {
  const role = arbIamName().map((n) => `arn:aws:iam::${account}:role/${n}`);
  const otherAccount = arbAccountId().map((a) => `arn:aws:iam::${a}:root`);
  return fc.oneof(
    fc.constant<PrincipalDocument>('*'),
    fc.constant<PrincipalDocument>({ AWS: `arn:aws:iam::${account}:root` }),
    role.map((r): PrincipalDocument => ({ AWS: r })),
    fc.uniqueArray(fc.oneof(role, otherAccount), { minLength: 1, maxLength: 3 }).map((l): PrincipalDocument => ({ AWS: l })),
    arbServicePrincipal().map((s): PrincipalDocument => ({ Service: s })),
  );
}

function arbActionElement(): Arbitrary<string | string[]> {
  return fc.oneof(
    arbKmsAction(),
    fc.uniqueArray(arbKmsAction(), { minLength: 1, maxLength: 4 }),
    fc.constantFrom('kms:*', 'kms:Get*', 'kms:Describe*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Encrypt', 'kms:Decrypt'),
  );
}

function arbClause(account: string): Arbitrary<Clause> {
  return fc.oneof(
    arbViaService().map((v): Clause => ['StringEquals', 'kms:ViaService', v]),
    fc.constantFrom<Clause>(
      ['StringEquals', 'kms:CallerAccount', account],
      ['Bool', 'kms:GrantIsForAWSResource', 'true'],
      ['Bool', 'aws:SecureTransport', 'false'],
    ),
    arbIamName().map((n): Clause => ['StringLike', 'aws:PrincipalArn', `arn:aws:iam::*:role/${n.slice(0, 4)}*`]),
    fc.tuple(fc.constantFrom('app', 'purpose', 'Department'), arbIamName()).map(([k, v]): Clause => ['StringEquals', `${ENCRYPTION_CONTEXT_PREFIX}${k}`, v]),
  );
}

function toBlock(clauses: readonly Clause[]): ConditionBlock {
  const block: ConditionBlock = {};
  for (const [op, key, values] of clauses) (block[op] ??= {})[key] = values;
  return block;
}

/** One key policy statement. */
export function arbStatement(options: StatementOptions = {}): Arbitrary<StatementDocument> {
  const account = options.account ?? DEFAULT_ACCOUNT;
  const effect = options.effect ? fc.constant(options.effect) : fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny');
  const conditions =
    options.conditions === false ? fc.constant([] as Clause[]) : fc.uniqueArray(arbClause(account), { maxLength: 2, selector: (c) => `${c[0]} ${c[1]}` });
  return fc
    .record({
      sid: fc.option(arbIamName(), { nil: undefined }),
      effect,
      principal: arbPrincipalElement(account),
      action: arbActionElement(),
      conditions,
    })
    .map(({ sid, effect: e, principal, action, conditions: c }) => ({
      ...(sid !== undefined ? { Sid: sid } : {}),
      Effect: e,
      Principal: principal,
      Action: action,
      Resource: '*',
      ...(c.length ? { Condition: toBlock(c) } : {}),
    }));
}

/** The statement every default key policy starts with (core's): the account may use IAM policies for everything. */
export const accountStatement = (account: string): StatementDocument => {
  const [first] = [programmaticDefaultKeyPolicy({ account }).Statement].flat();
  if (!first) throw new Error('the default key policy has no statement');
  return first;
};

/** A whole key policy: the account statement (by default) and a few statements. */
export function arbKeyPolicy(options: KeyPolicyOptions = {}): Arbitrary<PolicyDocument> {
  const account = options.account ?? DEFAULT_ACCOUNT;
  const first = options.accountStatement === false ? [] : [accountStatement(account)];
  return fc.array(arbStatement({ ...options, account }), { minLength: first.length ? 0 : 1, maxLength: options.maxStatements ?? 4 }).map((statements) => ({
    Version: '2012-10-17',
    Statement: [...first, ...statements],
  }));
}
