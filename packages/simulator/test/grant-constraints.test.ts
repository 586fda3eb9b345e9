/**
 * Grant constraints in the matrix: core's clauses for each constraint (a SourceArn constraint
 * reads like an aws:SourceArn condition; an encryption-context constraint only where the operation
 * takes an encryption context).
 */
import type { Grant, PolicyDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/index.js';

const ACCT = '111122223333';
const KEY = `arn:aws:kms:us-west-2:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TABLE = `arn:aws:dynamodb:us-west-2:${ACCT}:table/ExampleTable`;
const app = `arn:aws:iam::${ACCT}:role/App`;
const keyPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Enable IAM', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' }],
};

describe('grant constraints in the matrix', () => {
  it('a SourceArn constraint makes a service grantee conditional on aws:SourceArn', () => {
    const grants: Grant[] = [{ granteePrincipal: 'rds.amazonaws.com', operations: ['Decrypt'], constraints: { sourceArn: TABLE }, retiringPrincipal: app }];
    // The service grantee is a row of its own (no `principals` option needed).
    const m = simulate({ keyPolicy, grants, key: { arn: KEY } }, { onlyActions: ['kms:Decrypt'] });
    const cell = m.cell('rds.amazonaws.com', 'kms:Decrypt');
    expect(cell?.outcome).toBe('Conditional');
    expect(cell?.summary).toContain('aws:SourceArn');
  });

  it('without the constraint the same grant allows outright', () => {
    const grants: Grant[] = [{ granteePrincipal: 'rds.amazonaws.com', operations: ['Decrypt'] }];
    const m = simulate({ keyPolicy, grants, key: { arn: KEY } }, { principals: [{ arn: 'rds.amazonaws.com' }], onlyActions: ['kms:Decrypt'] });
    expect(m.cell('rds.amazonaws.com', 'kms:Decrypt')?.outcome).toBe('Allow');
  });

  it('an encryption-context constraint is not applied to Sign on an asymmetric key', () => {
    const grants: Grant[] = [{ granteePrincipal: app, operations: ['Sign'], constraints: { encryptionContextSubset: { Department: 'IT' } } }];
    const key = { arn: KEY, keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' as const };
    const m = simulate({ keyPolicy, grants, key }, { principals: [{ arn: app }], onlyActions: ['kms:Sign'] });
    expect(m.cell(app, 'kms:Sign')?.outcome).toBe('Allow');
  });

  it('an encryption-context constraint is applied to Decrypt on a symmetric key', () => {
    const grants: Grant[] = [{ granteePrincipal: app, operations: ['Decrypt'], constraints: { encryptionContextSubset: { Department: 'IT' } } }];
    const m = simulate({ keyPolicy, grants, key: { arn: KEY } }, { principals: [{ arn: app }], onlyActions: ['kms:Decrypt'] });
    const cell = m.cell(app, 'kms:Decrypt');
    expect(cell?.outcome).toBe('Conditional');
    expect(cell?.summary).toContain('kms:EncryptionContext:Department');
  });
});
