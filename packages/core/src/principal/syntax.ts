/**
 * How principals are written: every pattern kmsim reads principal text with, in one place. The
 * evaluator (principal/caller.ts, principal/match.ts) reads callers and policy entries leniently
 * (what it cannot place matches nothing); the validator (validate/principals.ts) checks entries
 * strictly, with a message per mistake. Both read the same grammar from here.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */

/** An AWS account ID: exactly 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;
/** Partitions: aws, aws-cn, aws-us-gov, … */
export const PARTITION = /^aws(-[a-z]+)*$/;
/** IAM names: letters, digits and `+=,.@_-`; user and role ARNs may carry a path. */
export const IAM_NAME = /^[\w+=,.@-]+$/;
export const IAM_PATH_AND_NAME = /^([\w+=,.@-]+\/)*[\w+=,.@-]+$/;
/** A role session name: 2 to 64 of the IAM name characters. */
export const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** Unique IDs that GetKeyPolicy shows in place of a deleted user (AIDA…) or role (AROA…). */
export const UNIQUE_ID = /^A(ID|RO)A[A-Z0-9]{12,}$/;
/** A host name (identity providers such as accounts.google.com). */
export const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
/** A service principal, strictly (validation). */
export const SERVICE_PRINCIPAL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.amazonaws\.com(\.cn)?$/;
/** SAML / OIDC provider ARNs (Federated principals). */
export const IDENTITY_PROVIDER_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:(saml-provider|oidc-provider)\/.+$/;
/** A canonical user ID (Amazon S3): 64 hexadecimal digits. */
export const CANONICAL_USER = /^[0-9a-f]{64}$/;

/** Callers the evaluator accepts (leniently): IAM root/user/role ARNs, STS session and federated-user ARNs, service names. */
export const CALLER_IAM_ARN = /^arn:([a-z-]+):iam::(\d{12}):(root|user\/.+|role\/.+)$/;
export const CALLER_STS_ARN = /^arn:([a-z-]+):sts::(\d{12}):(assumed-role\/([^/]+)\/.+|federated-user\/.+)$/;
export const CALLER_SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/** Policy entries the evaluator places: an account's root ARN, a role ARN. */
export const ACCOUNT_ROOT_ARN = /^arn:[a-z-]+:iam::(\d{12}):root$/;
export const ROLE_ARN = /^arn:([a-z-]+):iam::(\d{12}):role\/(.+)$/;

/** The last element of an IAM path (`path/to/Name` → `Name`). */
export const lastSegment = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** The parts of an ARN: `arn:partition:service:region:account:resource` (`undefined` when fewer than six parts). */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
  /** The resource's type (`user`, `role`, `assumed-role`, …, or the whole resource when it has no `/`). */
  readonly type: string;
  /** What follows the type's `/` ('' when none). */
  readonly rest: string;
}

export function arnParts(text: string): ArnParts | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  const slash = resource.indexOf('/');
  return {
    partition,
    service,
    region,
    account,
    resource,
    type: slash < 0 ? resource : resource.slice(0, slash),
    rest: slash < 0 ? '' : resource.slice(slash + 1),
  };
}

/** What a principal text names, as kmsim reads it (for tools that group or generate principals). */
export type PrincipalTextKind = 'everyone' | 'account' | 'root' | 'user' | 'role' | 'assumed-role' | 'federated-user' | 'service' | 'unknown';

/** Classify a principal text the way the evaluator reads it (an account ID and an account's root ARN both name the account). */
export function classifyPrincipal(text: string): PrincipalTextKind {
  if (text === '*') return 'everyone';
  if (ACCOUNT_ID.test(text)) return 'account';
  if (ACCOUNT_ROOT_ARN.test(text)) return 'root';
  const iam = CALLER_IAM_ARN.exec(text);
  if (iam) return iam[3]?.startsWith('user/') ? 'user' : 'role';
  const sts = CALLER_STS_ARN.exec(text);
  if (sts) return sts[3]?.startsWith('assumed-role/') ? 'assumed-role' : 'federated-user';
  if (CALLER_SERVICE.test(text)) return 'service';
  return 'unknown';
}

/** The account of an IAM or STS principal ARN (`undefined` for anything else). */
export function accountOfPrincipalArn(text: string): string | undefined {
  return /^arn:[a-z-]+:(?:iam|sts)::(\d{12}):/.exec(text)?.[1];
}

/** Whether the text is a caller ARN `parseCaller` accepts (IAM root/user/role, STS session or federated user). */
export function isCallerArn(text: string): boolean {
  return CALLER_IAM_ARN.test(text) || CALLER_STS_ARN.test(text);
}
