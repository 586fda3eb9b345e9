/**
 * Default key policy generators: the policy CreateKey applies when called without one, and the policy the AWS KMS
 * console generates from its key administrators / key users pages.
 *
 * Source: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */

import type { PolicyDocument, PrincipalDocument, StatementDocument } from '../model/policy.js';
import { DefaultPolicyOptionsError } from './errors.js';
import {
  ACCOUNT_STATEMENT_ACTION,
  ADMIN_BASE_ACTIONS,
  ADMIN_DELETION_ACTIONS,
  ADMIN_IMPORTED_MATERIAL_ACTIONS,
  ADMIN_MULTI_REGION_ACTIONS,
  ADMIN_ROTATE_ON_DEMAND_ACTIONS,
  CONSOLE_POLICY_ID,
  DEFAULT_KEY_TYPES,
  DEFAULT_POLICY_VERSION,
  GRANT_ACTIONS,
  GRANT_CONDITION,
  GRANTS_STATEMENT_FOR,
  KEY_USER_ACTIONS,
  PROGRAMMATIC_POLICY_ID,
  SID,
  type DefaultKeyType,
} from './tables.js';

export interface ProgrammaticDefaultOptions {
  /** The 12-digit ID of the account that owns the key. */
  account: string;
  /** AWS partition of the key, `aws` by default (`aws-cn`, `aws-us-gov`, …). */
  partition?: string;
}

export interface ConsoleDefaultOptions {
  /** The 12-digit ID of the account that owns the key. */
  account: string;
  /** AWS partition of the key, `aws` by default (`aws-cn`, `aws-us-gov`, …). */
  partition?: string;
  /** Which key users statement the console writes, and whether it adds the grants statement. */
  keyType: DefaultKeyType;
  /** Key administrators: IAM user or role ARNs (or `arn:…:iam::<account>:root`), kept in the order given. */
  administrators?: string[];
  /** Key users: IAM user or role ARNs (or `arn:…:iam::<account>:root`), kept in the order given. */
  users?: string[];
  /** "Other AWS accounts": 12-digit IDs, added as `arn:<partition>:iam::<id>:root` after `users` in the key user statements. */
  externalAccounts?: string[];
  /** "Allow key administrators to delete this key" (default `true`): kms:ScheduleKeyDeletion and kms:CancelKeyDeletion. */
  allowAdministratorsToDelete?: boolean;
  /** The key is created with no key material (origin EXTERNAL): administrators also get kms:ImportKeyMaterial. */
  importedKeyMaterial?: boolean;
  /** The key is a multi-Region primary or replica key: administrators also get kms:ReplicateKey and kms:UpdatePrimaryRegion. */
  multiRegion?: boolean;
}

const ACCOUNT_ID = /^\d{12}$/;
/** `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`, `aws-eusc`, … */
const PARTITION = /^aws(?:-[a-z]+)*$/;
/**
 * IAM principals the console can name: the account principal, IAM users and IAM roles (with optional path).
 * Names: 1-64 characters of `[\w+=,.@-]` (IAM user and role name limits); path segments: printable ASCII other than `/`.
 */
const IAM_PRINCIPAL_ARN = /^arn:([a-z-]+):iam::(\d{12}):(?:root|(?:user|role)\/(?:[!-.0-~]+\/)*[\w+=,.@-]{1,64})$/;

function resolvePartition(partition: string | undefined): string {
  const value = partition ?? 'aws';
  if (typeof value !== 'string' || !PARTITION.test(value)) {
    throw new DefaultPolicyOptionsError(
      'InvalidPartition',
      'partition',
      `partition ${JSON.stringify(value)} is not an AWS partition name such as "aws", "aws-cn" or "aws-us-gov"`,
    );
  }
  return value;
}

function checkAccountId(value: unknown, option: string): string {
  if (typeof value !== 'string' || !ACCOUNT_ID.test(value)) {
    throw new DefaultPolicyOptionsError('InvalidAccountId', option, `${option}: ${JSON.stringify(value)} is not a 12-digit AWS account ID`);
  }
  return value;
}

function checkPrincipals(values: readonly unknown[] | undefined, option: string, partition: string): string[] {
  if (values === undefined) return [];
  if (!Array.isArray(values)) {
    throw new DefaultPolicyOptionsError('InvalidPrincipal', option, `${option} must be an array of IAM ARNs`);
  }
  return values.map((value) => {
    const match = typeof value === 'string' ? IAM_PRINCIPAL_ARN.exec(value) : null;
    if (match === null || typeof value !== 'string') {
      throw new DefaultPolicyOptionsError(
        'InvalidPrincipal',
        option,
        `${option}: ${JSON.stringify(value)} is not an IAM user, role or account root ARN ` +
          `(arn:${partition}:iam::<account>:user/<name>, …:role/<name> or …:root)`,
      );
    }
    if (match[1] !== partition) {
      throw new DefaultPolicyOptionsError(
        'InvalidPrincipal',
        option,
        `${option}: ${JSON.stringify(value)} is in partition "${match[1] ?? ''}", not in the key's partition "${partition}"`,
      );
    }
    return value;
  });
}

function checkKeyType(value: unknown): DefaultKeyType {
  const found = DEFAULT_KEY_TYPES.find((keyType) => keyType === value);
  if (found === undefined) {
    throw new DefaultPolicyOptionsError('InvalidKeyType', 'keyType', `keyType ${JSON.stringify(value)} is not one of ${DEFAULT_KEY_TYPES.join(', ')}`);
  }
  return found;
}

function accountRoot(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:root`;
}

/** Drops repeated entries, keeping the first occurrence, so output is deterministic and has no duplicates. */
function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * `{"AWS": "<arn>"}` for one principal, `{"AWS": [...]}` for several, as the page and the console print them
 * (key-policy-default.html: single-principal examples use a string, multi-principal examples an array).
 */
function awsPrincipal(arns: readonly string[]): PrincipalDocument {
  return { AWS: arns.length === 1 && arns[0] !== undefined ? arns[0] : [...arns] };
}

/**
 * Statement that gives the owning account full access and enables IAM policies.
 * key-policy-default.html#key-policy-default-allow-root-enable-iam: "the entire default key policy for KMS keys
 * created programmatically" and "the first policy statement in the default key policy for KMS keys created in the
 * AWS KMS console".
 */
function accountStatement(partition: string, account: string): StatementDocument {
  return {
    Sid: SID.enableIam,
    Effect: 'Allow',
    Principal: awsPrincipal([accountRoot(partition, account)]),
    Action: ACCOUNT_STATEMENT_ACTION,
    Resource: '*',
  };
}

/**
 * The default key policy AWS KMS applies when CreateKey (or ReplicateKey) is called without a policy: a single
 * statement allowing `kms:*` to the owning account's principal, which enables IAM policies.
 * Source: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html ("Default key policy when you
 * create a KMS key programmatically").
 *
 * @throws {DefaultPolicyOptionsError} `InvalidAccountId` if `account` is not 12 digits; `InvalidPartition` if
 *   `partition` is not an AWS partition name.
 */
export function programmaticDefaultKeyPolicy(options: ProgrammaticDefaultOptions): PolicyDocument {
  const partition = resolvePartition(options.partition);
  const account = checkAccountId(options.account, 'account');
  return {
    Version: DEFAULT_POLICY_VERSION,
    Id: PROGRAMMATIC_POLICY_ID,
    Statement: [accountStatement(partition, account)],
  };
}

/**
 * The key policy the AWS KMS console generates: the account statement, then the key administrators statement, the
 * key users statement and (for symmetric encryption keys) the grants statement for AWS services. A statement whose
 * principal list would be empty is left out, as the console does. Principals keep the order given (duplicates
 * dropped); external accounts follow `users` as `arn:<partition>:iam::<id>:root`.
 * Source: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html ("Default key policy when you
 * create a KMS key with the AWS Management Console").
 *
 * @throws {DefaultPolicyOptionsError}
 *   `InvalidAccountId` if `account` or an `externalAccounts` entry is not 12 digits;
 *   `InvalidPartition` if `partition` is not an AWS partition name;
 *   `InvalidPrincipal` if an `administrators` or `users` entry is not an IAM user, role or account-root ARN in
 *   the key's partition;
 *   `InvalidKeyType` if `keyType` is not a {@link DefaultKeyType}.
 */
export function consoleDefaultKeyPolicy(options: ConsoleDefaultOptions): PolicyDocument {
  const partition = resolvePartition(options.partition);
  const account = checkAccountId(options.account, 'account');
  const keyType = checkKeyType(options.keyType);
  const administrators = unique(checkPrincipals(options.administrators, 'administrators', partition));
  const externalRoots = (options.externalAccounts ?? []).map((id) => accountRoot(partition, checkAccountId(id, 'externalAccounts')));
  const keyUsers = unique([...checkPrincipals(options.users, 'users', partition), ...externalRoots]);

  // key-policy-default.html#key-policy-default-allow-administrators: base actions, the two deletion actions unless the
  // delete option is cleared, the special-purpose additions, then kms:RotateKeyOnDemand. The page does not say where
  // the console places the special-purpose actions; they go before kms:RotateKeyOnDemand here.
  const adminActions = [
    ...ADMIN_BASE_ACTIONS,
    ...((options.allowAdministratorsToDelete ?? true) ? ADMIN_DELETION_ACTIONS : []),
    ...(options.importedKeyMaterial === true ? ADMIN_IMPORTED_MATERIAL_ACTIONS : []),
    ...(options.multiRegion === true ? ADMIN_MULTI_REGION_ACTIONS : []),
    ...ADMIN_ROTATE_ON_DEMAND_ACTIONS,
  ];

  const statements: StatementDocument[] = [accountStatement(partition, account)];
  if (administrators.length > 0) {
    statements.push({
      Sid: SID.administrators,
      Effect: 'Allow',
      Principal: awsPrincipal(administrators),
      Action: adminActions,
      Resource: '*',
    });
  }
  if (keyUsers.length > 0) {
    // key-policy-default.html#key-policy-users-crypto: the key-type specific key users statement.
    statements.push({
      Sid: SID.keyUse,
      Effect: 'Allow',
      Principal: awsPrincipal(keyUsers),
      Action: [...KEY_USER_ACTIONS[keyType]],
      Resource: '*',
    });
    // key-policy-default.html#key-policy-service-integration: grants for AWS services, symmetric keys only.
    if (GRANTS_STATEMENT_FOR[keyType]) {
      statements.push({
        Sid: SID.grants,
        Effect: 'Allow',
        Principal: awsPrincipal(keyUsers),
        Action: [...GRANT_ACTIONS],
        Resource: '*',
        Condition: { Bool: { ...GRANT_CONDITION.Bool } },
      });
    }
  }

  return { Version: DEFAULT_POLICY_VERSION, Id: CONSOLE_POLICY_ID, Statement: statements };
}
