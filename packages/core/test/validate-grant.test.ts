/** validateGrant: each reason CreateGrant refuses a grant, with its code, path and source; and grants it accepts. */
import { describe, expect, it } from 'vitest';
import {
  DIAGNOSTIC_CODES,
  evaluate,
  readScenarios,
  ScenarioError,
  validateGrant,
  type DiagnosticCode,
  type EvaluationCase,
  type KeyAttributes,
} from '../src/index.js';

const ROLE = 'arn:aws:iam::111122223333:role/keyUserRole';
const TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/ExampleTable';
const SYMMETRIC: Pick<KeyAttributes, 'keySpec' | 'keyUsage'> = { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' };
const SIGNING: Pick<KeyAttributes, 'keySpec' | 'keyUsage'> = { keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' };
const HMAC: Pick<KeyAttributes, 'keySpec' | 'keyUsage'> = { keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' };
const RSA_ENCRYPT: Pick<KeyAttributes, 'keySpec' | 'keyUsage'> = { keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' };

interface Row {
  readonly code: DiagnosticCode;
  readonly grant: unknown;
  readonly key?: Pick<KeyAttributes, 'keySpec' | 'keyUsage'>;
  readonly path: string;
  /** The same grant with the problem fixed: no diagnostic. */
  readonly good: unknown;
}

const pairs = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

const ROWS: readonly Row[] = [
  { code: 'grant-invalid', grant: { granteePrincipal: ROLE }, path: '$.operations', good: { granteePrincipal: ROLE, operations: ['Decrypt'] } },
  { code: 'grant-invalid', grant: { operations: ['Decrypt'] }, path: '$.granteePrincipal', good: { granteePrincipal: ROLE, operations: ['Decrypt'] } },
  { code: 'grant-invalid', grant: 'Decrypt', path: '$', good: { granteePrincipal: ROLE, operations: ['Decrypt'] } },
  {
    code: 'grant-grantee-malformed',
    grant: { granteePrincipal: 'arn:aws:iam::111122223333:group/Admins', operations: ['Decrypt'] },
    path: '$.granteePrincipal',
    good: { granteePrincipal: 'arn:aws:iam::111122223333:user/Alice', operations: ['Decrypt'] },
  },
  {
    code: 'grant-grantee-malformed',
    grant: { granteePrincipal: '*', operations: ['Decrypt'] },
    path: '$.granteePrincipal',
    good: { granteePrincipal: 'arn:aws:iam::111122223333:root', operations: ['Decrypt'] },
  },
  {
    code: 'grant-retiring-principal-malformed',
    grant: { granteePrincipal: ROLE, operations: ['Decrypt'], retiringPrincipal: 'adminRole' },
    path: '$.retiringPrincipal',
    good: { granteePrincipal: ROLE, operations: ['Decrypt'], retiringPrincipal: 'arn:aws:iam::111122223333:role/adminRole' },
  },
  {
    code: 'grant-service-grantee-source-arn',
    grant: { granteePrincipal: 'rds.amazonaws.com', operations: ['Decrypt'], retiringPrincipal: 'rds.amazonaws.com' },
    path: '$.constraints',
    good: { granteePrincipal: 'rds.amazonaws.com', operations: ['Decrypt'], retiringPrincipal: 'rds.amazonaws.com', constraints: { sourceArn: TABLE } },
  },
  {
    code: 'grant-service-grantee-retiring-principal',
    grant: { granteePrincipal: 'dynamodb.amazonaws.com', operations: ['Decrypt'], constraints: { sourceArn: TABLE } },
    path: '$.retiringPrincipal',
    good: { granteePrincipal: 'dynamodb.amazonaws.com', operations: ['Decrypt'], constraints: { sourceArn: TABLE }, retiringPrincipal: ROLE },
  },
  {
    code: 'grant-operation-unknown',
    grant: { granteePrincipal: ROLE, operations: ['Decrypt', 'ScheduleKeyDeletion'] },
    path: '$.operations[1]',
    good: { granteePrincipal: ROLE, operations: ['Decrypt'] },
  },
  {
    code: 'grant-operation-unknown',
    grant: { granteePrincipal: ROLE, operations: ['kms:Decrypt'] },
    path: '$.operations[0]',
    good: { granteePrincipal: ROLE, operations: ['Decrypt'] },
  },
  {
    code: 'grant-operation-unsupported',
    grant: { granteePrincipal: ROLE, operations: ['Sign'] },
    key: SYMMETRIC,
    path: '$.operations[0]',
    good: { granteePrincipal: ROLE, operations: ['Decrypt'] },
  },
  {
    code: 'grant-operation-unsupported',
    grant: { granteePrincipal: ROLE, operations: ['GenerateMac'] },
    key: RSA_ENCRYPT,
    path: '$.operations[0]',
    good: { granteePrincipal: ROLE, operations: ['Decrypt'] },
  },
  {
    code: 'grant-operation-unsupported',
    grant: { granteePrincipal: ROLE, operations: ['GenerateDataKey'] },
    key: SIGNING,
    path: '$.operations[0]',
    good: { granteePrincipal: ROLE, operations: ['Sign', 'GetPublicKey'] },
  },
  {
    code: 'grant-encryption-context-unsupported',
    grant: { granteePrincipal: ROLE, operations: ['GenerateMac'], constraints: { encryptionContextSubset: { Department: 'IT' } } },
    key: HMAC,
    path: '$.constraints.encryptionContextSubset',
    good: { granteePrincipal: ROLE, operations: ['GenerateMac'], constraints: { sourceArn: TABLE } },
  },
  {
    code: 'grant-encryption-context-unsupported',
    grant: { granteePrincipal: ROLE, operations: ['Sign'], constraints: { encryptionContextEquals: { Department: 'IT' } } },
    key: SIGNING,
    path: '$.constraints.encryptionContextEquals',
    good: { granteePrincipal: ROLE, operations: ['Sign'] },
  },
  {
    code: 'grant-encryption-context-both',
    grant: { granteePrincipal: ROLE, operations: ['Decrypt'], constraints: { encryptionContextEquals: { a: 'b' }, encryptionContextSubset: { a: 'b' } } },
    path: '$.constraints',
    good: { granteePrincipal: ROLE, operations: ['Decrypt'], constraints: { encryptionContextEquals: { a: 'b' }, sourceArn: TABLE } },
  },
  {
    code: 'grant-encryption-context-too-many-pairs',
    grant: { granteePrincipal: ROLE, operations: ['Decrypt'], constraints: { encryptionContextSubset: pairs(9) } },
    key: SYMMETRIC,
    path: '$.constraints.encryptionContextSubset',
    good: { granteePrincipal: ROLE, operations: ['Decrypt'], constraints: { encryptionContextSubset: pairs(8) } },
  },
  {
    code: 'grant-encryption-context-too-long',
    grant: { granteePrincipal: ROLE, operations: ['Decrypt'], constraints: { encryptionContextEquals: { Department: 'x'.repeat(385) } } },
    path: '$.constraints.encryptionContextEquals.Department',
    good: { granteePrincipal: ROLE, operations: ['Decrypt'], constraints: { encryptionContextEquals: { Department: 'x'.repeat(384) } } },
  },
  {
    code: 'grant-source-arn-malformed',
    grant: { granteePrincipal: ROLE, operations: ['Decrypt'], constraints: { sourceArn: 'ExampleTable' } },
    path: '$.constraints.sourceArn',
    good: { granteePrincipal: ROLE, operations: ['Decrypt'], constraints: { sourceArn: TABLE } },
  },
];

describe('validateGrant', () => {
  it('has a row for every grant diagnostic code', () => {
    const grantCodes = DIAGNOSTIC_CODES.filter((c) => c.startsWith('grant-'));
    expect(grantCodes.filter((c) => !ROWS.some((r) => r.code === c))).toEqual([]);
  });

  for (const row of ROWS) {
    it(`${row.code} at ${row.path}`, () => {
      const found = validateGrant(row.grant, row.key);
      const d = found.find((x) => x.code === row.code);
      expect(d, JSON.stringify(found)).toBeDefined();
      expect(d).toMatchObject({ severity: 'error', path: row.path });
      expect(d?.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/kms\//);
      expect(validateGrant(row.good, row.key)).toEqual([]);
    });
  }

  it('prefixes paths with the grant position it is given', () => {
    const [d] = validateGrant({ granteePrincipal: ROLE, operations: ['Sing'] }, undefined, { path: '$.grants[2]' });
    expect(d).toMatchObject({ code: 'grant-operation-unknown', path: '$.grants[2].operations[0]' });
    expect(d?.message).toContain('Sign');
  });

  it('without a key, checks nothing that depends on the key type', () => {
    expect(validateGrant({ granteePrincipal: ROLE, operations: ['Sign'], constraints: { encryptionContextSubset: { a: 'b' } } })).toEqual([]);
  });

  it("accepts the developer guide's service-principal grant with both constraints", () => {
    const grant = {
      granteePrincipal: 'dynamodb.amazonaws.com',
      retiringPrincipal: 'dynamodb.amazonaws.com',
      operations: ['Encrypt', 'Decrypt', 'GenerateDataKey', 'DescribeKey'],
      constraints: { encryptionContextSubset: { Department: 'IT' }, sourceArn: TABLE },
    };
    expect(validateGrant(grant, SYMMETRIC)).toEqual([]);
  });
});

describe('grants in scenario files', () => {
  const scenario = (grant: unknown): string =>
    JSON.stringify({
      id: 'c',
      keyPolicy: { Version: '2012-10-17', Statement: [] },
      grants: [grant],
      request: { principal: 'rds.amazonaws.com', action: 'kms:Decrypt', context: { 'aws:SourceArn': TABLE } },
    });

  it('a grant the evaluator cannot read is a ScenarioError naming it', () => {
    expect(() => readScenarios(scenario({ granteePrincipal: ROLE, operations: 'Decrypt' }), 'f.json')).toThrow(ScenarioError);
    expect(() => readScenarios(scenario({ granteePrincipal: ROLE, operations: 'Decrypt' }), 'f.json')).toThrow(/grants\[0\]\.operations/);
  });

  it('carries a service-principal grantee and its SourceArn constraint to the evaluator', () => {
    const grant = { granteePrincipal: 'rds.amazonaws.com', operations: ['Decrypt'], retiringPrincipal: ROLE, constraints: { sourceArn: TABLE } };
    const [c] = readScenarios(scenario(grant), 'f.json') as EvaluationCase[];
    if (!c) throw new Error('no case');
    expect(evaluate(c).decision).toBe('Allow');
    const other = { ...c, request: { ...c.request, context: { 'aws:SourceArn': `${TABLE}2` } } };
    const d = evaluate(other);
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.trace.grants[0]).toMatchObject({ matched: false, constraint: 'grants[0].constraints.sourceArn' });
  });
});
