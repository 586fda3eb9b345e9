/**
 * The calling principal, as the evaluator reasons about it (patterns in principal/syntax.ts). Accepted forms (see
 * shared/conformance/README.md): IAM user ARN; IAM role ARN (standing for a session of the role);
 * `arn:aws:sts::ACCT:assumed-role/Role/session`; `arn:aws:iam::ACCT:root` (the account's root
 * user); a service principal such as `cloudtrail.amazonaws.com`; federated-user ARNs.
 */
import { RequestError } from '../errors.js';
import { CALLER_IAM_ARN as IAM_ARN, CALLER_SERVICE as SERVICE, CALLER_STS_ARN as STS_ARN, lastSegment } from './syntax.js';

export type CallerKind = 'root' | 'user' | 'role' | 'assumed-role' | 'federated-user' | 'service';

export interface Caller {
  readonly arn: string;
  readonly kind: CallerKind;
  /** Undefined for service principals. */
  readonly account: string | undefined;
  readonly partition: string;
  /** Role name for roles and role sessions (the last element of the role's path). */
  readonly roleName?: string;
  readonly userName?: string;
}

export function parseCaller(principal: string, principalAccount?: string): Caller {
  const iam = IAM_ARN.exec(principal);
  if (iam) {
    const [, partition = 'aws', account = '', rest = ''] = iam;
    checkAccount(account, principalAccount);
    if (rest === 'root') return { arn: principal, kind: 'root', account, partition };
    if (rest.startsWith('user/')) return { arn: principal, kind: 'user', account, partition, userName: lastSegment(rest) };
    return { arn: principal, kind: 'role', account, partition, roleName: lastSegment(rest) };
  }
  const sts = STS_ARN.exec(principal);
  if (sts) {
    const [, partition = 'aws', account = '', rest = '', roleName] = sts;
    checkAccount(account, principalAccount);
    if (rest.startsWith('assumed-role/') && roleName !== undefined) {
      return { arn: principal, kind: 'assumed-role', account, partition, roleName };
    }
    return { arn: principal, kind: 'federated-user', account, partition };
  }
  if (SERVICE.test(principal)) return { arn: principal, kind: 'service', account: undefined, partition: 'aws' };
  throw new RequestError(
    'principal',
    `"${principal}" is not a principal kmsim understands (an IAM user, role or root ARN, an assumed-role session ARN, or a service principal such as cloudtrail.amazonaws.com)`,
  );
}

/** principalAccount, when given, must be the account in the principal's ARN. */
export function checkAccount(fromArn: string, given: string | undefined): void {
  if (given !== undefined && given !== fromArn) {
    throw new RequestError('principalAccount', `"${given}" does not match the principal ARN's account ${fromArn}`);
  }
}

/** The value AWS puts in aws:PrincipalArn: for a role session, the role's ARN. */
export function principalArnOf(caller: Caller): string | undefined {
  if (caller.kind === 'service') return undefined;
  if (caller.kind === 'assumed-role') return `arn:${caller.partition}:iam::${caller.account}:role/${caller.roleName}`;
  return caller.arn;
}

/** aws:PrincipalType values: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype */
export function principalTypeOf(caller: Caller): string {
  switch (caller.kind) {
    case 'root':
      return 'Account';
    case 'user':
      return 'User';
    case 'role':
    case 'assumed-role':
      return 'AssumedRole';
    case 'federated-user':
      return 'FederatedUser';
    case 'service':
      return 'AWSService';
  }
}

const ASSUMED_ROLE = ':assumed-role/';

/**
 * For an assumed-role session ARN, the part that names the role (`arn:aws:sts::ACCT:assumed-role/Role/`),
 * found without a regular expression; `undefined` for any other text. Two sessions of one role
 * that no policy names one by one are the same caller to every rule: the evaluator reads the role
 * part once. `sessionNameOk` says whether the rest is a session name `parseCaller` accepts.
 */
export function roleSessionPrefix(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const at = arn.indexOf(ASSUMED_ROLE);
  if (at < 0) return undefined;
  const slash = arn.indexOf('/', at + ASSUMED_ROLE.length);
  if (slash < 0 || slash === arn.length - 1) return undefined;
  return arn.slice(0, slash + 1);
}

/** The session name after a role prefix is what `.+` accepts: one or more characters, no line terminator. */
export function sessionNameOk(arn: string, prefixLength: number): boolean {
  if (arn.length <= prefixLength) return false;
  for (let i = prefixLength; i < arn.length; i++) {
    const c = arn.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}
