/** The grant trace names the constraint that kept a grant from applying, and why. */
import { describe, expect, it } from 'vitest';
import { createEvaluator, type Grant, type PolicyDocument } from '../src/index.js';

const ROLE = 'arn:aws:iam::111122223333:role/keyUserRole';
const keyPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
};
const grants: Grant[] = [
  { granteePrincipal: ROLE, operations: ['Decrypt', 'CreateGrant'], constraints: { encryptionContextSubset: { Department: 'IT' } } },
  {
    granteePrincipal: 'rds.amazonaws.com',
    operations: ['Decrypt'],
    retiringPrincipal: ROLE,
    constraints: { sourceArn: 'arn:aws:rds:us-west-2:111122223333:db:orders' },
  },
];
const evaluator = createEvaluator({ keyPolicy, grants });

describe('grant trace', () => {
  it('names a missing encryption-context pair', () => {
    const d = evaluator.evaluate({ principal: ROLE, action: 'kms:Decrypt', context: { 'kms:EncryptionContext:Department': 'Sales' } });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.trace.grants[0]).toMatchObject({ matched: false, constraint: 'grants[0].constraints.encryptionContextSubset.Department' });
    expect(d.trace.grants[0]?.reason).toContain('EncryptionContextSubset constraint Department=IT');
    expect(d.trace.grants[1]).toMatchObject({ matched: false, reason: 'caller is not the grantee' });
    expect(d.trace.grants[1]?.constraint).toBeUndefined();
  });

  it("names the new grant's constraint when CreateGrant through a grant would loosen it", () => {
    const d = evaluator.evaluate({
      principal: ROLE,
      action: 'kms:CreateGrant',
      context: { 'kms:GrantOperations': ['Decrypt'], 'kms:EncryptionContext:Department': 'IT' },
    });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.trace.grants[0]).toMatchObject({ matched: false, constraint: 'grants[0].constraints.encryptionContextSubset' });
    const ok = evaluator.evaluate({
      principal: ROLE,
      action: 'kms:CreateGrant',
      context: { 'kms:GrantOperations': ['Decrypt'], 'kms:GrantConstraintType': 'EncryptionContextSubset', 'kms:EncryptionContext:Department': 'IT' },
    });
    expect(ok.decision).toBe('Allow');
    expect(ok.allowedBy).toEqual([{ source: 'grant', index: 0 }]);
  });

  it('lets a service-principal retiring principal retire, and not an account it does not name', () => {
    const retire = (principal: string): string => evaluator.evaluate({ principal, action: 'kms:RetireGrant' }).decision;
    expect(retire(ROLE)).toBe('Allow');
    expect(retire('rds.amazonaws.com')).toBe('ImplicitDeny');
  });
});
