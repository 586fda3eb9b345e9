/** The matrix a reader of the AWS key-policy docs expects, for the docs' own examples. */
import { consoleDefaultKeyPolicy, type PolicyDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { explainCell, simulate, type Matrix } from '../src/index.js';

const ACCT = '111122223333';
const EXT = '444455556666';
const admin = `arn:aws:iam::${ACCT}:role/KMSAdminRole`;
const app = `arn:aws:iam::${ACCT}:role/App`;

const outcome = (m: Matrix, principal: string, action: string): string | undefined => m.cell(principal, action)?.outcome;
const rowId = (m: Matrix, label: string): string => {
  const row = m.principals.find((p) => p.label === label);
  if (!row) throw new Error(`no row ${label}: ${m.principals.map((p) => p.label).join(', ')}`);
  return row.id;
};

describe('console default key policy (symmetric)', () => {
  const m = simulate({
    keyPolicy: consoleDefaultKeyPolicy({ account: ACCT, keyType: 'symmetric', administrators: [admin], users: [app], externalAccounts: [EXT] }),
  });

  it('has the named, unnamed, external and outsider rows', () => {
    const labels = m.principals.map((p) => p.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'role/KMSAdminRole',
        'role/App',
        'root',
        'any principal (no IAM)',
        'any principal (IAM kms:*)',
        `${EXT} any principal`,
        'outsider',
      ]),
    );
  });

  it('has every action of a symmetric key, grouped, and none that does not apply', () => {
    const names = m.actions.map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:EnableKeyRotation']),
    );
    expect(names).not.toContain('kms:Sign');
    expect(names).not.toContain('kms:GenerateMac');
    expect(names).not.toContain('kms:CreateKey');
    const groups = m.actions.map((a) => a.group);
    expect(groups.indexOf('crypto')).toBeGreaterThan(groups.lastIndexOf('admin'));
    expect(groups.indexOf('grants')).toBeGreaterThan(groups.lastIndexOf('crypto'));
  });

  it('key users can use the key, not manage it', () => {
    expect(outcome(m, app, 'kms:Decrypt')).toBe('Allow');
    expect(outcome(m, app, 'kms:GenerateDataKeyWithoutPlaintext')).toBe('Allow');
    expect(outcome(m, app, 'kms:ScheduleKeyDeletion')).toBe('ImplicitDeny');
  });

  it('key users create grants only for AWS resources', () => {
    const cell = m.cell(app, 'kms:CreateGrant');
    expect(cell?.outcome).toBe('Conditional');
    expect(cell?.summary).toBe('Allow when kms:GrantIsForAWSResource is true; otherwise implicit deny');
  });

  it('administrators manage the key but cannot use it', () => {
    expect(outcome(m, admin, 'kms:PutKeyPolicy')).toBe('Allow');
    expect(outcome(m, admin, 'kms:ScheduleKeyDeletion')).toBe('Allow');
    expect(outcome(m, admin, 'kms:Decrypt')).toBe('ImplicitDeny');
  });

  it('the account statement: root and roles with an IAM policy, not roles without', () => {
    expect(outcome(m, `arn:aws:iam::${ACCT}:root`, 'kms:PutKeyPolicy')).toBe('Allow');
    expect(outcome(m, rowId(m, 'any principal (no IAM)'), 'kms:Decrypt')).toBe('ImplicitDeny');
    expect(outcome(m, rowId(m, 'any principal (IAM kms:*)'), 'kms:Decrypt')).toBe('Allow');
  });

  it('the external account uses the key (its IAM assumed to allow) but cannot manage it', () => {
    const ext = rowId(m, `${EXT} any principal`);
    expect(outcome(m, ext, 'kms:Decrypt')).toBe('Allow');
    expect(outcome(m, ext, 'kms:PutKeyPolicy')).toBe('ImplicitDeny');
    expect(outcome(m, ext, 'kms:GetKeyRotationStatus')).toBe('ImplicitDeny');
  });

  it('an outsider can do nothing', () => {
    const out = rowId(m, 'outsider');
    for (const a of m.actions) expect(outcome(m, out, a.name), a.name).toBe('ImplicitDeny');
  });

  it('explains a cell with its deciding statements', () => {
    const e = explainCell(m, app, 'kms:CreateGrant');
    const allow = e.terms.find((t) => t.decision === 'Allow');
    expect(allow?.statements.map((s) => s.sid)).toContain('Allow attachment of persistent resources');
    expect(allow?.request.context).toMatchObject({ 'kms:GrantIsForAWSResource': true });
  });

  it('is complete: every cell evaluated every combination', () => {
    expect(m.stats.incompleteCells).toBe(0);
    expect(m.cells.length).toBe(m.principals.length * m.actions.length);
  });
});

describe('kms:ViaService example', () => {
  const policy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Allow use through EC2 and RDS only',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCT}:user/ExampleUser` },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:ListGrants', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': ['ec2.us-west-2.amazonaws.com', 'rds.us-west-2.amazonaws.com'] } },
      },
    ],
  };
  const m = simulate({ keyPolicy: policy, key: { arn: `arn:aws:kms:us-west-2:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } });

  it('states the condition readably', () => {
    const cell = m.cell(`arn:aws:iam::${ACCT}:user/ExampleUser`, 'kms:Decrypt');
    expect(cell?.outcome).toBe('Conditional');
    expect(cell?.summary).toBe('Allow when kms:ViaService is ec2.us-west-2.amazonaws.com or rds.us-west-2.amazonaws.com; otherwise implicit deny');
  });

  it('no one else', () => {
    expect(outcome(m, rowId(m, 'any principal (IAM kms:*)'), 'kms:Decrypt')).toBe('ImplicitDeny');
    expect(outcome(m, `arn:aws:iam::${ACCT}:user/ExampleUser`, 'kms:PutKeyPolicy')).toBe('ImplicitDeny');
  });
});

describe('cross-account example', () => {
  const m = simulate({
    keyPolicy: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'Allow an external account to use this KMS key',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${EXT}:role/ExampleRole` },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
        },
      ],
    },
    identityPolicies: {
      [`arn:aws:iam::${EXT}:role/Other`]: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }],
    },
  });

  it('the named external role can use the key (its account must allow it too)', () => {
    const row = m.principals.find((p) => p.arn === `arn:aws:iam::${EXT}:role/ExampleRole`);
    expect(row?.iam).toBe('allow-all');
    expect(outcome(m, `arn:aws:iam::${EXT}:role/ExampleRole`, 'kms:Decrypt')).toBe('Allow');
    expect(outcome(m, `arn:aws:iam::${EXT}:role/ExampleRole`, 'kms:PutKeyPolicy')).toBe('ImplicitDeny');
  });

  it('another role of that account is not allowed, whatever its IAM policy says', () => {
    expect(m.principals.find((p) => p.arn === `arn:aws:iam::${EXT}:role/Other`)?.iam).toBe('given');
    expect(outcome(m, `arn:aws:iam::${EXT}:role/Other`, 'kms:Decrypt')).toBe('ImplicitDeny');
  });
});

describe('principals named only through conditions', () => {
  const keyPolicy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Apps',
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app-*' } },
      },
      { Sid: 'Partner', Effect: 'Allow', Principal: '*', Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': EXT } } },
    ],
  };
  const m = simulate({ keyPolicy });

  it('lets in the outsiders an aws:PrincipalArn pattern matches, and only them', () => {
    const cell = m.cell(rowId(m, 'outsider'), 'kms:Decrypt');
    expect(cell?.outcome).toBe('Conditional');
    expect(cell?.keys.map((k) => k.key)).toEqual(['aws:PrincipalArn']);
    const allowed = cell?.points.filter((p) => p.decision === 'Allow') ?? [];
    expect(allowed.length).toBeGreaterThan(0);
    for (const p of allowed) expect(cell?.requestFor(p).principal).toMatch(/^arn:aws:iam::\d{12}:role\/app-/);
    for (const p of cell?.points.filter((x) => x.decision !== 'Allow') ?? []) expect(cell?.requestFor(p).principal).not.toMatch(/:role\/app-/);
  });

  it('adds a principal of an account named in aws:PrincipalAccount', () => {
    expect(outcome(m, rowId(m, `${EXT} any principal`), 'kms:Encrypt')).toBe('Allow');
  });
});

describe('console default key policy, per key type', () => {
  const user = `arn:aws:iam::${ACCT}:role/KeyUser`;
  const cases = [
    {
      keyType: 'hmac',
      key: { keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' },
      uses: ['kms:GenerateMac', 'kms:VerifyMac'],
      absent: ['kms:Encrypt', 'kms:Sign'],
    },
    {
      keyType: 'asymmetric-encrypt',
      key: { keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' },
      uses: ['kms:Encrypt', 'kms:Decrypt', 'kms:GetPublicKey'],
      absent: ['kms:GenerateDataKey', 'kms:Sign'],
    },
    {
      keyType: 'sign-verify',
      key: { keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' },
      uses: ['kms:Sign', 'kms:Verify', 'kms:GetPublicKey'],
      absent: ['kms:Encrypt', 'kms:GenerateMac'],
    },
    {
      keyType: 'key-agreement',
      key: { keySpec: 'ECC_NIST_P384', keyUsage: 'KEY_AGREEMENT' },
      uses: ['kms:DeriveSharedSecret', 'kms:GetPublicKey'],
      absent: ['kms:Sign', 'kms:Decrypt'],
    },
  ] as const;

  for (const c of cases) {
    it(`${c.keyType}: key users get the key type's operations, no grants, no administration`, () => {
      const m = simulate({
        keyPolicy: consoleDefaultKeyPolicy({ account: ACCT, keyType: c.keyType, administrators: [admin], users: [user] }),
        key: { arn: `arn:aws:kms:us-west-2:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, keySpec: c.key.keySpec, keyUsage: c.key.keyUsage },
      });
      const names = m.actions.map((a) => a.name);
      for (const a of c.absent) expect(names, a).not.toContain(a);
      for (const a of c.uses) expect(outcome(m, user, a), a).toBe('Allow');
      expect(outcome(m, user, 'kms:DescribeKey')).toBe('Allow');
      // Only symmetric keys get the grants statement (AWS services do not support the other types).
      expect(outcome(m, user, 'kms:CreateGrant')).toBe('ImplicitDeny');
      expect(outcome(m, user, 'kms:ScheduleKeyDeletion')).toBe('ImplicitDeny');
      expect(outcome(m, admin, 'kms:PutKeyPolicy')).toBe('Allow');
      expect(outcome(m, admin, c.uses[0])).toBe('ImplicitDeny');
    });
  }
});
