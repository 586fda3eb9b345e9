import { describe, expect, it } from 'vitest';
import { createEvaluator } from '../src/index.js';

const APP = 'arn:aws:iam::111122223333:role/App';
const allowWith = (condition: Record<string, Record<string, string | string[]>>) =>
  createEvaluator({
    keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Encrypt', Resource: '*', Condition: condition }] },
    key: { arn: 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
  });

describe('context AWS fills in from the request', () => {
  it('kms:EncryptionContextKeys follows the encryption context when the request does not list it', () => {
    const e = allowWith({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['AppName'] } });
    expect(e.evaluate({ principal: APP, action: 'kms:Encrypt', context: { 'kms:EncryptionContext:AppName': 'x' } }).decision).toBe('Allow');
    expect(e.evaluate({ principal: APP, action: 'kms:Encrypt', context: { 'kms:EncryptionContext:appname': 'x' } }).decision).toBe('ImplicitDeny');
    expect(e.evaluate({ principal: APP, action: 'kms:Encrypt', context: {} }).decision).toBe('ImplicitDeny');
  });

  it('a list given in the request wins over the derived one', () => {
    const e = allowWith({ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['AppName'] } });
    expect(
      e.evaluate({ principal: APP, action: 'kms:Encrypt', context: { 'kms:EncryptionContext:Other': 'x', 'kms:EncryptionContextKeys': ['AppName'] } }).decision,
    ).toBe('Allow');
    expect(e.evaluate({ principal: APP, action: 'kms:Encrypt', context: { 'kms:EncryptionContext:Other': 'x' } }).decision).toBe('ImplicitDeny');
  });
});

describe('kms:RetireGrant (not effective in a key policy)', () => {
  const key = { arn: 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' };
  const keyPolicy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Sid: 'App may retire', Effect: 'Allow' as const, Principal: { AWS: APP }, Action: 'kms:RetireGrant', Resource: '*' },
    ],
  };

  it('a key policy statement does not allow it', () => {
    const d = createEvaluator({ keyPolicy, key }).evaluate({ principal: APP, action: 'kms:RetireGrant' });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.trace.notes).toContain('kms:RetireGrant is not effective in a key policy');
  });

  it('an IAM policy of the key account does', () => {
    const iam = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'kms:RetireGrant', Resource: key.arn }] };
    expect(createEvaluator({ keyPolicy, key, identityPolicies: { [APP]: [iam] } }).evaluate({ principal: APP, action: 'kms:RetireGrant' }).decision).toBe(
      'Allow',
    );
  });

  it("the grant's retiring principal and its grantee (with the RetireGrant operation) may retire it", () => {
    const retiring = 'arn:aws:iam::111122223333:role/Retirer';
    const grants = [{ granteePrincipal: 'arn:aws:iam::111122223333:role/Worker', operations: ['Decrypt', 'RetireGrant'], retiringPrincipal: retiring }];
    const e = createEvaluator({ keyPolicy, key, grants });
    expect(e.evaluate({ principal: retiring, action: 'kms:RetireGrant' }).decision).toBe('Allow');
    expect(e.evaluate({ principal: 'arn:aws:iam::111122223333:role/Worker', action: 'kms:RetireGrant' }).decision).toBe('Allow');
    expect(e.evaluate({ principal: retiring, action: 'kms:Decrypt' }).decision).toBe('ImplicitDeny');
  });
});

describe('the trace context', () => {
  it('shows the key attributes the request evaluated with, not the evaluator defaults', () => {
    const e = allowWith({ StringEquals: { 'kms:KeySpec': 'RSA_2048' } });
    const d = e.evaluate({ principal: APP, action: 'kms:Encrypt', keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' });
    expect(d.decision).toBe('Allow');
    expect(d.trace.context).toMatchObject({ 'kms:KeySpec': 'RSA_2048', 'aws:PrincipalArn': APP });
    const own = e.evaluate({ principal: APP, action: 'kms:Encrypt' });
    expect(own.decision).toBe('ImplicitDeny');
    expect(own.trace.context).toMatchObject({ 'kms:KeySpec': 'SYMMETRIC_DEFAULT' });
  });

  it('has no key attributes for actions not authorized against a key', () => {
    const d = allowWith({}).evaluate({ principal: APP, action: 'kms:ListKeys' });
    expect(d.trace.context).not.toHaveProperty('kms:KeySpec');
    expect(d.trace.context).toHaveProperty('kms:CallerAccount', '111122223333');
  });
});
