import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument, StatementDocument } from '../src/model/policy.js';
import {
  consoleDefaultKeyPolicy,
  DEFAULT_KEY_TYPES,
  DefaultPolicyOptionsError,
  programmaticDefaultKeyPolicy,
  type ConsoleDefaultOptions,
  type DefaultKeyType,
} from '../src/defaults/index.js';

// --- conformance fixture -------------------------------------------------------------------------------------------

interface ConformanceCase {
  id: string;
  keyPolicy?: PolicyDocument;
}

const conformancePath = fileURLToPath(new URL('../../../conformance/default-policy.json', import.meta.url));
const conformanceCases = JSON.parse(readFileSync(conformancePath, 'utf8')) as ConformanceCase[];

function policyWithId(id: string): PolicyDocument {
  const found = conformanceCases.find((c) => c.keyPolicy?.Id === id)?.keyPolicy;
  if (found === undefined) throw new Error(`no case in default-policy.json has a key policy with Id ${id}`);
  return found;
}

// --- helpers -------------------------------------------------------------------------------------------------------

const ACCOUNT = '111122223333';
const ADMINS = ['arn:aws:iam::111122223333:user/KMSAdminUser', 'arn:aws:iam::111122223333:role/KMSAdminRole'];
const USERS = ['arn:aws:iam::111122223333:user/ExampleUser', 'arn:aws:iam::111122223333:role/ExampleRole'];
const EXTERNAL = '444455556666';

function statements(policy: PolicyDocument): StatementDocument[] {
  return Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
}

function statement(policy: PolicyDocument, sid: string): StatementDocument | undefined {
  return statements(policy).find((s) => s.Sid === sid);
}

function actions(policy: PolicyDocument, sid: string): string[] {
  const action = statement(policy, sid)?.Action;
  if (action === undefined) throw new Error(`no statement ${sid} or it has no Action`);
  return typeof action === 'string' ? [action] : action;
}

function consolePolicy(overrides: Partial<ConsoleDefaultOptions> = {}): PolicyDocument {
  return consoleDefaultKeyPolicy({
    account: ACCOUNT,
    keyType: 'symmetric',
    administrators: ADMINS,
    users: USERS,
    ...overrides,
  });
}

function expectOptionsError(run: () => unknown, code: string, option?: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DefaultPolicyOptionsError);
  expect(caught).toBeInstanceOf(Error);
  const error = caught as DefaultPolicyOptionsError;
  expect(error.code).toBe(code);
  expect(error.name).toBe('DefaultPolicyOptionsError');
  if (option !== undefined) expect(error.option).toBe(option);
}

// --- tests ---------------------------------------------------------------------------------------------------------

describe('programmaticDefaultKeyPolicy', () => {
  it('deep-equals the conformance key-default-1 policy', () => {
    expect(programmaticDefaultKeyPolicy({ account: ACCOUNT })).toStrictEqual(policyWithId('key-default-1'));
  });

  it('uses the partition in the account principal', () => {
    const policy = programmaticDefaultKeyPolicy({ account: ACCOUNT, partition: 'aws-cn' });
    expect(statements(policy)[0]?.Principal).toStrictEqual({ AWS: 'arn:aws-cn:iam::111122223333:root' });
  });

  it('returns a fresh document on every call', () => {
    const first = programmaticDefaultKeyPolicy({ account: ACCOUNT });
    statements(first)[0]!.Action = 'kms:Decrypt';
    expect(statements(programmaticDefaultKeyPolicy({ account: ACCOUNT }))[0]?.Action).toBe('kms:*');
  });
});

describe('consoleDefaultKeyPolicy', () => {
  it('deep-equals the conformance key-consolepolicy-3 policy (symmetric, two admins, two users, one external account)', () => {
    const generated = consolePolicy({ externalAccounts: [EXTERNAL] });
    expect(generated).toStrictEqual(policyWithId('key-consolepolicy-3'));
  });

  it('matches every console policy in the conformance file', () => {
    const generated = consolePolicy({ externalAccounts: [EXTERNAL] });
    const consoleCases = conformanceCases.filter((c) => c.keyPolicy?.Id === 'key-consolepolicy-3');
    expect(consoleCases.length).toBeGreaterThan(0);
    for (const c of consoleCases) expect(generated, c.id).toStrictEqual(c.keyPolicy);
  });

  it('starts with the account statement that enables IAM policies', () => {
    expect(statements(consolePolicy())[0]).toStrictEqual({
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'kms:*',
      Resource: '*',
    });
  });

  // key-policy-default.html#key-policy-users-crypto, one documented statement per key type.
  const documentedKeyUserActions: Record<DefaultKeyType, string[]> = {
    symmetric: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    hmac: ['kms:DescribeKey', 'kms:GenerateMac', 'kms:VerifyMac'],
    'asymmetric-encrypt': ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:DescribeKey', 'kms:GetPublicKey'],
    'sign-verify': ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign', 'kms:Verify'],
    'key-agreement': ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:DeriveSharedSecret'],
  };

  it.each(DEFAULT_KEY_TYPES)('gives %s key users the documented actions', (keyType) => {
    const policy = consolePolicy({ keyType });
    expect(actions(policy, 'Allow use of the key')).toStrictEqual(documentedKeyUserActions[keyType]);
  });

  it('matches the single-statement key-user examples in the conformance file', () => {
    const examples = conformanceCases.filter((c) => c.keyPolicy !== undefined && c.keyPolicy.Id === undefined && statements(c.keyPolicy).length === 1);
    const byUsage: Record<string, DefaultKeyType> = {
      'dp-hmac-key-user-generatemac': 'hmac',
      'dp-asymmetric-encrypt-key-user-getpublickey': 'asymmetric-encrypt',
      'dp-sign-verify-key-user-cannot-schedulekeydeletion': 'sign-verify',
      'dp-key-agreement-key-user-cannot-disablekey': 'key-agreement',
    };
    let compared = 0;
    for (const c of examples) {
      const keyType = byUsage[c.id];
      if (keyType === undefined || c.keyPolicy === undefined) continue;
      const expected = statements(c.keyPolicy)[0];
      const generated = statement(
        consoleDefaultKeyPolicy({ account: ACCOUNT, keyType, users: ['arn:aws:iam::111122223333:role/ExampleKeyUserRole'] }),
        'Allow use of the key',
      );
      expect(generated, c.id).toStrictEqual(expected);
      compared += 1;
    }
    expect(compared).toBe(4);
  });

  it('adds the grants statement only for symmetric encryption keys', () => {
    for (const keyType of DEFAULT_KEY_TYPES) {
      const grants = statement(consolePolicy({ keyType }), 'Allow attachment of persistent resources');
      if (keyType === 'symmetric') {
        expect(grants).toStrictEqual({
          Sid: 'Allow attachment of persistent resources',
          Effect: 'Allow',
          Principal: { AWS: USERS },
          Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
          Resource: '*',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        });
      } else {
        expect(grants, keyType).toBeUndefined();
      }
    }
  });

  it('gives every key type the same documented administrator actions', () => {
    const expected = [
      'kms:Create*',
      'kms:Describe*',
      'kms:Enable*',
      'kms:List*',
      'kms:Put*',
      'kms:Update*',
      'kms:Revoke*',
      'kms:Disable*',
      'kms:Get*',
      'kms:Delete*',
      'kms:TagResource',
      'kms:UntagResource',
      'kms:ScheduleKeyDeletion',
      'kms:CancelKeyDeletion',
      'kms:RotateKeyOnDemand',
    ];
    for (const keyType of DEFAULT_KEY_TYPES) {
      expect(actions(consolePolicy({ keyType }), 'Allow access for Key Administrators'), keyType).toStrictEqual(expected);
    }
  });

  it('removes exactly kms:ScheduleKeyDeletion and kms:CancelKeyDeletion when administrators may not delete', () => {
    const withDelete = actions(consolePolicy(), 'Allow access for Key Administrators');
    const withoutDelete = actions(consolePolicy({ allowAdministratorsToDelete: false }), 'Allow access for Key Administrators');
    expect(withoutDelete).toStrictEqual(withDelete.filter((a) => a !== 'kms:ScheduleKeyDeletion' && a !== 'kms:CancelKeyDeletion'));
    expect(withDelete.length - withoutDelete.length).toBe(2);
    // explicit true is the default
    expect(actions(consolePolicy({ allowAdministratorsToDelete: true }), 'Allow access for Key Administrators')).toStrictEqual(withDelete);
  });

  it('adds kms:ImportKeyMaterial for keys created without key material', () => {
    const base = actions(consolePolicy(), 'Allow access for Key Administrators');
    const imported = actions(consolePolicy({ importedKeyMaterial: true }), 'Allow access for Key Administrators');
    expect([...imported].sort()).toStrictEqual([...base, 'kms:ImportKeyMaterial'].sort());
    // kms:Delete* already covers DeleteImportedKeyMaterial: no separate entry.
    expect(imported).not.toContain('kms:DeleteImportedKeyMaterial');
  });

  it('adds kms:ReplicateKey and kms:UpdatePrimaryRegion for multi-Region keys', () => {
    const base = actions(consolePolicy(), 'Allow access for Key Administrators');
    const multi = actions(consolePolicy({ multiRegion: true }), 'Allow access for Key Administrators');
    expect([...multi].sort()).toStrictEqual([...base, 'kms:ReplicateKey', 'kms:UpdatePrimaryRegion'].sort());
  });

  it('combines the administrator options', () => {
    const all = actions(
      consolePolicy({ importedKeyMaterial: true, multiRegion: true, allowAdministratorsToDelete: false }),
      'Allow access for Key Administrators',
    );
    expect(all).toContain('kms:ImportKeyMaterial');
    expect(all).toContain('kms:ReplicateKey');
    expect(all).toContain('kms:UpdatePrimaryRegion');
    expect(all).toContain('kms:RotateKeyOnDemand');
    expect(all).not.toContain('kms:ScheduleKeyDeletion');
    expect(all).not.toContain('kms:CancelKeyDeletion');
    expect(new Set(all).size).toBe(all.length);
  });

  it('omits statements that would have no principals', () => {
    const bare = consoleDefaultKeyPolicy({ account: ACCOUNT, keyType: 'symmetric' });
    expect(statements(bare).map((s) => s.Sid)).toStrictEqual(['Enable IAM User Permissions']);
    expect(bare.Id).toBe('key-consolepolicy-3');

    const adminsOnly = consoleDefaultKeyPolicy({ account: ACCOUNT, keyType: 'symmetric', administrators: ADMINS, users: [] });
    expect(statements(adminsOnly).map((s) => s.Sid)).toStrictEqual(['Enable IAM User Permissions', 'Allow access for Key Administrators']);

    const usersOnly = consoleDefaultKeyPolicy({ account: ACCOUNT, keyType: 'symmetric', users: USERS });
    expect(statements(usersOnly).map((s) => s.Sid)).toStrictEqual([
      'Enable IAM User Permissions',
      'Allow use of the key',
      'Allow attachment of persistent resources',
    ]);
  });

  it('lets external accounts alone be key users', () => {
    const policy = consoleDefaultKeyPolicy({ account: ACCOUNT, keyType: 'symmetric', externalAccounts: [EXTERNAL] });
    expect(statement(policy, 'Allow use of the key')?.Principal).toStrictEqual({ AWS: 'arn:aws:iam::444455556666:root' });
    expect(statement(policy, 'Allow attachment of persistent resources')?.Principal).toStrictEqual({
      AWS: 'arn:aws:iam::444455556666:root',
    });
  });

  it('prints one principal as a string and several as an array, in input order without duplicates', () => {
    const one = consolePolicy({ administrators: [ADMINS[1]!] });
    expect(statement(one, 'Allow access for Key Administrators')?.Principal).toStrictEqual({ AWS: ADMINS[1] });
    const several = consolePolicy({ administrators: [ADMINS[1]!, ADMINS[0]!, ADMINS[1]!] });
    expect(statement(several, 'Allow access for Key Administrators')?.Principal).toStrictEqual({
      AWS: [ADMINS[1], ADMINS[0]],
    });
  });

  it('is deterministic and does not alias its inputs', () => {
    const options: ConsoleDefaultOptions = {
      account: ACCOUNT,
      keyType: 'symmetric',
      administrators: [...ADMINS],
      users: [...USERS],
    };
    const first = consoleDefaultKeyPolicy(options);
    expect(consoleDefaultKeyPolicy(options)).toStrictEqual(first);
    options.users?.push('arn:aws:iam::111122223333:user/Late');
    expect(statement(first, 'Allow use of the key')?.Principal).toStrictEqual({ AWS: USERS });
    const users = statement(first, 'Allow use of the key')?.Principal;
    const grants = statement(first, 'Allow attachment of persistent resources')?.Principal;
    expect(users).not.toBe(grants);
  });

  it('accepts IAM paths, root principals and other partitions', () => {
    const policy = consoleDefaultKeyPolicy({
      account: ACCOUNT,
      partition: 'aws-us-gov',
      keyType: 'sign-verify',
      administrators: ['arn:aws-us-gov:iam::111122223333:role/division_abc/subdivision_xyz/KeyAdmin'],
      users: ['arn:aws-us-gov:iam::111122223333:root', 'arn:aws-us-gov:iam::444455556666:user/path/Bob+Ops@x.com'],
    });
    expect(statements(policy)[0]?.Principal).toStrictEqual({ AWS: 'arn:aws-us-gov:iam::111122223333:root' });
    expect(statements(policy)).toHaveLength(3);
  });
});

describe('DefaultPolicyOptionsError', () => {
  it.each(['11112222333', '1111222233334', '11112222333a', '', ' 111122223333', 'arn:aws:iam::111122223333:root'])('rejects the account id %j', (account) => {
    expectOptionsError(() => programmaticDefaultKeyPolicy({ account }), 'InvalidAccountId', 'account');
    expectOptionsError(() => consoleDefaultKeyPolicy({ account, keyType: 'symmetric' }), 'InvalidAccountId', 'account');
  });

  it('rejects a malformed external account id', () => {
    expectOptionsError(() => consolePolicy({ externalAccounts: ['44445555666'] }), 'InvalidAccountId', 'externalAccounts');
    expectOptionsError(() => consolePolicy({ externalAccounts: ['arn:aws:iam::444455556666:root'] }), 'InvalidAccountId', 'externalAccounts');
  });

  it.each([
    'KMSAdminUser',
    'arn:aws:iam::111122223333:group/Admins',
    'arn:aws:sts::111122223333:assumed-role/KMSAdminRole/session',
    'arn:aws:iam::11112222333:user/KMSAdminUser',
    'arn:aws:iam:us-east-1:111122223333:user/KMSAdminUser',
    'arn:aws:iam::111122223333:user/',
    'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    '*',
    'arn:aws-cn:iam::111122223333:user/KMSAdminUser',
  ])('rejects the principal %j', (principal) => {
    expectOptionsError(() => consolePolicy({ administrators: [principal] }), 'InvalidPrincipal', 'administrators');
    expectOptionsError(() => consolePolicy({ users: [principal] }), 'InvalidPrincipal', 'users');
  });

  it('rejects a malformed partition', () => {
    expectOptionsError(() => programmaticDefaultKeyPolicy({ account: ACCOUNT, partition: 'amazon' }), 'InvalidPartition');
    expectOptionsError(() => consolePolicy({ partition: 'AWS' }), 'InvalidPartition', 'partition');
  });

  it('rejects an unknown key type', () => {
    const keyType = 'rsa' as DefaultKeyType;
    expectOptionsError(() => consolePolicy({ keyType }), 'InvalidKeyType', 'keyType');
  });

  it('keeps a readable message', () => {
    expect(() => consolePolicy({ users: ['ExampleUser'] })).toThrow(/users: "ExampleUser" is not an IAM/);
  });
});
