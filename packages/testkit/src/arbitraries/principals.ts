/**
 * Principals: IAM roles, users, role sessions and root users of an account; AWS service
 * principals; and "anyone outside this account". Principal arbitraries of this module know their
 * own domain (`accepts`) and can bias themselves towards the principals a key policy mentions
 * (`forKey`) — the helpers of properties/ use that to find counterexamples quickly.
 */
import { accountOfPrincipalArn, arnParts, isCallerArn, isCallerText } from '@kmsim/core/internal';
import fc, { type Arbitrary, type Random, type Stream, type Value } from 'fast-check';
import type { KeyLike } from '../key-under-test.js';
import { arbAccountId } from './accounts.js';
import { keyPrincipals } from './key-principals.js';

export type PrincipalKind = 'role' | 'user' | 'assumed-role' | 'root';

export interface PrincipalArnOptions {
  /** The account (or accounts) of the principal; default: any account. */
  readonly account?: string | Arbitrary<string>;
  /** Default: role, user, assumed-role and root. */
  readonly kinds?: readonly PrincipalKind[];
  readonly partition?: string;
}

/** Characters of IAM names that read well in counterexamples. */
const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'.split('');
const COMMON_NAMES = ['App', 'Admin', 'KMSAdminRole', 'Web', 'Analytics', 'Batch'];

/** IAM user, role and session names. */
export function arbIamName(): Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...COMMON_NAMES) },
    { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 12 }) },
  );
}

/** Whether the evaluator understands the principal (an IAM/STS ARN or a service principal). */
export const isPrincipal = (p: string): boolean => isCallerText(p);

export const accountOf = (principal: string): string | undefined => accountOfPrincipalArn(principal);

/**
 * A principal arbitrary that knows its domain. Used alone (or in `test.prop`) it is a plain
 * arbitrary; `forKey(key)` gives the same domain biased towards what the key's policies mention.
 */
export class PrincipalArbitrary extends fc.Arbitrary<string> {
  constructor(
    private readonly base: Arbitrary<string>,
    /** Whether a principal belongs to this arbitrary's domain. */
    readonly accepts: (principal: string) => boolean,
    /** Accounts of the domain, to instantiate patterns such as `arn:aws:iam::*:role/app-*`. */
    readonly accounts: Arbitrary<string>,
    /** For messages: "any principal outside account 111122223333". */
    readonly description: string,
  ) {
    super();
  }

  generate(mrng: Random, biasFactor: number | undefined): Value<string> {
    return this.base.generate(mrng, biasFactor);
  }

  canShrinkWithoutContext(value: unknown): value is string {
    return this.base.canShrinkWithoutContext(value);
  }

  shrink(value: string, context: unknown): Stream<Value<string>> {
    return this.base.shrink(value, context);
  }

  /** This domain, biased towards the principals, accounts and principal patterns of the key's policies. */
  forKey(key: KeyLike): Arbitrary<string> {
    const biased = keyPrincipals(key, { accounts: this.accounts, accepts: this.accepts });
    const self: Arbitrary<string> = this;
    return biased ? fc.oneof({ weight: 1, arbitrary: self }, { weight: 3, arbitrary: biased }) : self;
  }
}

function principalOf(partition: string, account: string, kind: PrincipalKind, name: string, session: string): string {
  switch (kind) {
    case 'root':
      return `arn:${partition}:iam::${account}:root`;
    case 'user':
      return `arn:${partition}:iam::${account}:user/${name}`;
    case 'assumed-role':
      return `arn:${partition}:sts::${account}:assumed-role/${name}/${session}`;
    case 'role':
      return `arn:${partition}:iam::${account}:role/${name}`;
  }
}

function arnArbitrary(accounts: Arbitrary<string>, kinds: readonly PrincipalKind[], partition: string): Arbitrary<string> {
  const kind = fc.constantFrom(...(kinds.length ? kinds : (['role'] as const)));
  return fc
    .tuple(accounts, kind, arbIamName(), fc.constantFrom('session', 'i-0abc', 'ci'))
    .map(([account, k, name, session]) => principalOf(partition, account, k, name, session));
}

const DEFAULT_KINDS: readonly PrincipalKind[] = ['role', 'user', 'assumed-role', 'root'];

/** IAM principal ARNs (role, user, role session, root) of one account or any. */
export function arbPrincipalArn(options: PrincipalArnOptions = {}): PrincipalArbitrary {
  const account = options.account;
  const accounts = account === undefined ? arbAccountId() : typeof account === 'string' ? fc.constant(account) : account;
  const kinds = options.kinds ?? DEFAULT_KINDS;
  const partition = options.partition ?? 'aws';
  const accepts = (p: string): boolean =>
    isCallerArn(p) && (typeof account !== 'string' || accountOf(p) === account) && (arnParts(p)?.partition ?? '') === partition;
  const description = typeof account === 'string' ? `a principal of account ${account}` : 'an IAM principal of any account';
  return new PrincipalArbitrary(arnArbitrary(accounts, kinds, partition), accepts, accounts, description);
}

/** Any IAM principal (role, user, role session, root) of any account except `account`. */
export function anyOutsideAccount(account: string, options: Omit<PrincipalArnOptions, 'account'> = {}): PrincipalArbitrary {
  const accounts = arbAccountId({ exclude: [account] });
  const kinds = options.kinds ?? DEFAULT_KINDS;
  const partition = options.partition ?? 'aws';
  const accepts = (p: string): boolean => isCallerArn(p) && accountOf(p) !== account;
  return new PrincipalArbitrary(arnArbitrary(accounts, kinds, partition), accepts, accounts, `any principal outside account ${account}`);
}

const SERVICES = ['ec2', 's3', 'rds', 'lambda', 'dynamodb', 'secretsmanager', 'logs', 'sns', 'sqs', 'cloudtrail', 'ebs', 'autoscaling'];

/** AWS service principals (`s3.amazonaws.com`); mostly real ones, sometimes any name. */
export function arbServicePrincipal(): Arbitrary<string> {
  const name = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SERVICES) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')), minLength: 1, maxLength: 8 }) },
  );
  return name.map((n) => `${n}.amazonaws.com`);
}

export const SERVICE_NAMES: readonly string[] = SERVICES;
