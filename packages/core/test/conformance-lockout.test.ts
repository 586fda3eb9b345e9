import { describe, expect, it } from 'vitest';
import { checkPolicyLockout, isValidationCase, parseKeyPolicy, runCase, type ValidationCase } from '../src/index.js';
import { loadConformance } from './conformance.js';

const lockoutCases = loadConformance()
  .flatMap((f) => f.cases)
  .filter((c): c is ValidationCase => isValidationCase(c) && c.lockoutCheck !== undefined);

describe('policy lockout safety check', () => {
  it('finds the documented lockout cases', () => {
    expect(lockoutCases.length).toBeGreaterThanOrEqual(1);
  });

  for (const c of lockoutCases) {
    it(`${c.id}`, () => {
      const result = runCase(c);
      if (result.kind !== 'validation') throw new Error(`expected a validation result, got ${result.kind}`);
      if (c.ambiguous) return;
      expect(result.valid).toBe(c.expectedValid);
      expect(result.missingMentions).toEqual([]);
    });
  }

  const admin = 'arn:aws:iam::111122223333:role/KMSAdminRole';
  const policy = (principal: string, action = 'kms:*') =>
    parseKeyPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: action, Resource: '*' }] }).policy!;

  it('passes when the policy names the caller for kms:PutKeyPolicy', () => {
    expect(checkPolicyLockout(policy(admin, 'kms:Put*'), { caller: admin })).toEqual([]);
  });

  it('passes when the policy enables IAM policies for the caller account (they may allow it)', () => {
    expect(checkPolicyLockout(policy('arn:aws:iam::111122223333:root'), { caller: admin })).toEqual([]);
  });

  it('fails when nothing lets the caller update the policy later, and says so', () => {
    const diagnostics = checkPolicyLockout(policy('arn:aws:iam::111122223333:role/Other', 'kms:Decrypt'), { caller: admin });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'lockout', severity: 'error' });
    expect(diagnostics[0]?.message).toContain(`would not allow ${admin} to call kms:PutKeyPolicy`);
  });

  it('is skipped with BypassPolicyLockoutSafetyCheck', () => {
    expect(checkPolicyLockout(policy('arn:aws:iam::111122223333:role/Other', 'kms:Decrypt'), { caller: admin, bypassPolicyLockoutSafetyCheck: true })).toEqual(
      [],
    );
  });
});
