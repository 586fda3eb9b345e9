/** Vitest matchers: registered and typed by one import, with the assertions' messages. */
import '../src/vitest.js';
import { consoleDefaultKeyPolicy, type PolicyDocument } from '@kmsim/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { kmsimMatchers, type KmsimMatchers } from '../src/matchers/index.js';

const ACCT = '111122223333';
const app = `arn:aws:iam::${ACCT}:role/App`;
const S3 = 's3.us-east-1.amazonaws.com';
const EC2 = 'ec2.us-east-1.amazonaws.com';

const appKey: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'App through S3',
      Effect: 'Allow',
      Principal: { AWS: app },
      Action: ['kms:Decrypt', 'kms:Encrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': S3 } },
    },
  ],
};
const publicKey: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
  ],
};

describe('toAllow / toDeny', () => {
  it('pass on a correct policy (policy documents, JSON text and loaded keys)', () => {
    expect(appKey).toAllow(app, 'kms:Decrypt', { 'kms:ViaService': S3 });
    expect(JSON.stringify(appKey)).toAllow(app, 'kms:Encrypt', { 'kms:ViaService': S3 });
    expect({ keyPolicy: appKey, source: 'app-key.json' }).toDeny(app, 'kms:Decrypt', { 'kms:ViaService': EC2 });
    expect(appKey).not.toAllow(app, 'kms:Decrypt');
    expect(appKey).not.toDeny(app, 'kms:Decrypt', { 'kms:ViaService': S3 });
  });

  it('fail with the assertion message', () => {
    expect(() => expect(appKey).toAllow(app, 'kms:Decrypt', { 'kms:ViaService': EC2 })).toThrow(
      /would be allowed with kms:ViaService = s3\.us-east-1\.amazonaws\.com/,
    );
    expect(() => expect(appKey).toAllow(app, 'kms:Decrypt')).toThrow(
      /^expected arn:aws:iam::111122223333:role\/App to be allowed kms:Decrypt, but it was implicitly denied/,
    );
    expect(() => expect(appKey).toDeny(app, 'kms:Decrypt', { 'kms:ViaService': S3 })).toThrow(
      /not to be allowed kms:Decrypt, but it was allowed[\s\S]*allowed by key policy statement "App through S3" \(\$\.Statement\[1\]\)/,
    );
  });

  it(".not shows the opposite expectation's message", () => {
    expect(() => expect(appKey).not.toAllow(app, 'kms:Decrypt', { 'kms:ViaService': S3 })).toThrow(/not to be allowed kms:Decrypt, but it was allowed/);
    expect(() => expect(appKey).not.toDeny(app, 'kms:Decrypt')).toThrow(
      /to be allowed kms:Decrypt, but it was implicitly denied[\s\S]*Closest change: would be allowed with kms:ViaService = s3\.us-east-1\.amazonaws\.com/,
    );
  });

  it('reject what is not a key', () => {
    expect(() => expect(42).toAllow(app, 'kms:Decrypt')).toThrow(/toAllow: expected a key under test/);
  });

  it('work as asymmetric matchers', () => {
    expect({ key: appKey }).toEqual({ key: expect.toAllow(app, 'kms:Decrypt', { 'kms:ViaService': S3 }) });
    expect({ key: appKey }).not.toEqual({ key: expect.toAllow(app, 'kms:Decrypt') });
  });
});

describe('toHaveNoFindings', () => {
  it('passes on a clean policy', () => {
    expect(appKey).toHaveNoFindings();
    // The console default lets key users create grants for non-AWS resources (medium): high and above only.
    const consoleDefault = consoleDefaultKeyPolicy({ account: ACCT, keyType: 'symmetric', administrators: [`arn:aws:iam::${ACCT}:role/Admin`], users: [app] });
    expect(consoleDefault).toHaveNoFindings({ severity: 'high' });
    expect(consoleDefault).not.toHaveNoFindings();
  });

  it('fails listing the findings with severity, rule, statements and fix', () => {
    expect(() => expect(publicKey).toHaveNoFindings()).toThrow(/^expected the key policy to have no findings \(low severity or above\), but it has \d+:/);
    expect(() => expect(publicKey).toHaveNoFindings({ severity: 'critical' })).toThrow(
      /1\. \[critical\] public-access: [\s\S]*statements: "Everyone" \(\$\.Statement\[1\]\)[\s\S]*fix: /,
    );
    expect(() => expect({ keyPolicy: publicKey, source: 'public.json' }).toHaveNoFindings()).toThrow(/^expected public\.json to have no findings/);
  });

  it('ignores the rules asked', () => {
    expect(publicKey).toHaveNoFindings({ ignore: ['public-access', 'account-wide-access', 'statement-shadowed'] });
  });
});

describe('types', () => {
  it("augments vitest's Assertion", () => {
    expectTypeOf(expect(appKey).toAllow).parameters.toEqualTypeOf<
      [principal: string, action: string, context?: Parameters<KmsimMatchers['toAllow']>[2], options?: Parameters<KmsimMatchers['toAllow']>[3]]
    >();
    expectTypeOf(kmsimMatchers).toHaveProperty('toHaveNoFindings');
    // Checked by tsc only: wrong arguments do not compile.
    const typeErrors = (): void => {
      // @ts-expect-error the principal is a string
      expect(appKey).toAllow(1, 'kms:Decrypt');
      // @ts-expect-error context values are strings, numbers, booleans or lists of them
      expect(appKey).toDeny(app, 'kms:Decrypt', { 'kms:ViaService': { nested: true } });
      // @ts-expect-error severities are critical, high, medium, low, info
      expect(appKey).toHaveNoFindings({ severity: 'urgent' });
    };
    expect(typeof typeErrors).toBe('function');
  });
});
