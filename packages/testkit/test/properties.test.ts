/** Property helpers: they pass on correct policies and find, shrink and report planted flaws. */
import type { PolicyDocument, StatementDocument } from '@kmsim/core';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { anyOutsideAccount, arbContext } from '../src/arbitraries/index.js';
import { expectCannotDecrypt } from '../src/assertions/index.js';
import { assertAlwaysAllowed, assertNeverAllowed, assertOnlyVia, KmsimPropertyError } from '../src/properties/index.js';

const ACCT = '111122223333';
const S3 = 's3.us-east-1.amazonaws.com';
const web = `arn:aws:iam::${ACCT}:role/Web`;

const accountStatement: StatementDocument = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCT}:root` },
  Action: 'kms:*',
  Resource: '*',
};
/** Irrelevant to the flaw: its condition keys give the context arbitrary keys to shrink away. */
const webStatement: StatementDocument = {
  Sid: 'Web through S3',
  Effect: 'Allow',
  Principal: { AWS: web },
  Action: ['kms:Decrypt', 'kms:Encrypt'],
  Resource: '*',
  Condition: { StringEquals: { 'kms:ViaService': S3, 'kms:EncryptionContext:app': 'web' } },
};
const appRoles = (pattern: string): StatementDocument => ({
  Sid: 'App roles',
  Effect: 'Allow',
  Principal: '*',
  Action: 'kms:Decrypt',
  Resource: '*',
  Condition: { StringLike: { 'aws:PrincipalArn': pattern } },
});

/** The planted flaw: any account's `app-*` role may decrypt. */
const flawed: PolicyDocument = { Version: '2012-10-17', Statement: [accountStatement, appRoles('arn:aws:iam::*:role/app-*'), webStatement] };
/** The fix: only this account's `app-*` roles. */
const fixed: PolicyDocument = { Version: '2012-10-17', Statement: [accountStatement, appRoles(`arn:aws:iam::${ACCT}:role/app-*`), webStatement] };

function propertyFailure(f: () => void): KmsimPropertyError {
  try {
    f();
  } catch (e) {
    if (e instanceof KmsimPropertyError) return e;
    throw e;
  }
  throw new Error('expected the property to fail');
}

describe('assertNeverAllowed', () => {
  it('passes on the fixed policy', () => {
    assertNeverAllowed(fixed, { principal: anyOutsideAccount(ACCT), action: 'kms:Decrypt' });
    assertNeverAllowed(fixed, { principal: anyOutsideAccount(ACCT), action: ['kms:Decrypt', 'kms:Encrypt', 'kms:PutKeyPolicy'] });
  });

  it('finds the planted flaw (an outsider through a StringLike wildcard) within the default runs, shrunk to a minimal context', () => {
    const e = propertyFailure(() => assertNeverAllowed(flawed, { principal: anyOutsideAccount(ACCT), action: 'kms:Decrypt' }));
    expect(e.numRuns).toBeLessThanOrEqual(100);
    expect(e.counterexample.principal).toMatch(/^arn:aws:iam::\d{12}:role\/app-/);
    expect(e.counterexample.principal).not.toContain(ACCT);
    expect(e.counterexample.action).toBe('kms:Decrypt');
    // Minimal: the flaw needs no context at all, so every key (kms:ViaService, the encryption context) shrank away.
    expect(e.counterexample.context).toEqual({});
    expect(e.decision?.decision).toBe('Allow');
    expect(e.message).toContain(`seed: ${e.seed}`);
    expect(e.message).toContain(`path: "${e.path}"`);
    expect(e.message).toContain(`principal  ${e.counterexample.principal}`);
    expect(e.message).toMatch(/role\/app-/);
    expect(e.message).toContain('context    {} (none given)');
    expect(e.message).toContain('allowed by key policy statement "App roles" ($.Statement[1])');
    expect(e.message).toContain('Received: Allow — Allowed across accounts');
    expect(e.message).toContain(`Audit assumption: principals outside the key's account ${ACCT} are evaluated as if their own IAM policies allowed kms:* on *`);
    expect(e.message).toContain('identity policies: assumed to allow kms:* on *');
  });

  it('replays the counterexample from its seed and path', () => {
    const first = propertyFailure(() => assertNeverAllowed(flawed, { principal: anyOutsideAccount(ACCT), action: 'kms:Decrypt' }, { seed: 42 }));
    const again = propertyFailure(() => assertNeverAllowed(flawed, { principal: anyOutsideAccount(ACCT), action: 'kms:Decrypt' }, first.replay));
    expect(again.counterexample).toEqual(first.counterexample);
  });

  it("takes fixed principals and the caller's own context arbitrary", () => {
    const e = propertyFailure(() =>
      assertNeverAllowed(flawed, {
        principal: 'arn:aws:iam::999988887777:role/app-web',
        action: 'kms:Decrypt',
        context: fc.constant({ 'kms:ViaService': S3 }),
      }),
    );
    expect(e.counterexample).toEqual({ principal: 'arn:aws:iam::999988887777:role/app-web', action: 'kms:Decrypt', context: { 'kms:ViaService': S3 } });
    expect(e.message).toContain('no context denies it: key policy statement "App roles" ($.Statement[1])');
  });
});

describe('assertAlwaysAllowed', () => {
  it('passes when every request of the spec is allowed', () => {
    assertAlwaysAllowed(fixed, {
      principal: web,
      action: ['kms:Decrypt', 'kms:Encrypt'],
      context: fc.constant({ 'kms:ViaService': S3, 'kms:EncryptionContext:app': 'web' }),
    });
  });

  it('fails with the context that is missing', () => {
    const e = propertyFailure(() => assertAlwaysAllowed(fixed, { principal: web, action: 'kms:Decrypt' }));
    expect(e.message).toMatch(/^assertAlwaysAllowed: kms:Decrypt is ImplicitDeny for arn:aws:iam::111122223333:role\/Web/);
    expect(e.message).toMatch(
      /would be allowed with (kms:EncryptionContext:app = web and )?kms:ViaService = s3\.us-east-1\.amazonaws\.com|would be allowed with kms:EncryptionContext:app = web/,
    );
    expect(e.message).toContain('identity policies: none given');
  });
});

describe('assertOnlyVia', () => {
  const onlyS3: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      accountStatement,
      { Sid: 'Web', Effect: 'Allow', Principal: { AWS: web }, Action: 'kms:Decrypt', Resource: '*' },
      {
        Sid: 'Only through S3',
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringNotEquals: { 'kms:ViaService': S3 } },
      },
    ],
  };
  const leaky: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      accountStatement,
      {
        Sid: 'Web through S3',
        Effect: 'Allow',
        Principal: { AWS: web },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': S3 } },
      },
      {
        Sid: 'Batch',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCT}:role/Batch` },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringLike: { 'kms:ViaService': ['s3.*', 'ec2.*'] } },
      },
    ],
  };

  it('passes when a Deny keeps every other path closed (root included)', () => {
    assertOnlyVia(onlyS3, 'kms:Decrypt', [S3]);
  });

  it('fails when another service opens it, naming the service', () => {
    const e = propertyFailure(() => assertOnlyVia(leaky, 'kms:Decrypt', [S3], { principal: fc.constantFrom(web, `arn:aws:iam::${ACCT}:role/Batch`) }));
    expect(e.counterexample.principal).toBe(`arn:aws:iam::${ACCT}:role/Batch`);
    expect(e.message).toMatch(
      /^assertOnlyVia: kms:Decrypt is allowed for arn:aws:iam::111122223333:role\/Batch with kms:ViaService = (ec2|s3)\.\S*, which is not one of s3\.us-east-1\.amazonaws\.com/,
    );
    expect(Object.keys(e.counterexample.context)).toEqual(['kms:ViaService']);
  });

  it('the root user of an account statement is a path around kms:ViaService', () => {
    const e = propertyFailure(() => assertOnlyVia(leaky, 'kms:Decrypt', [S3]));
    expect(e.message).toMatch(/is allowed for arn:aws:iam::111122223333:(root|role\/Batch)/);
  });
});

describe('inside @fast-check/vitest', () => {
  test.prop([anyOutsideAccount(ACCT), arbContext(fixed)])('outsiders cannot decrypt with the fixed policy', (principal, context) => {
    expectCannotDecrypt(fixed, principal, { context });
  });

  test.prop([fc.constantFrom(flawed, fixed)], { numRuns: 4 })('property helpers nest in test.prop', (key) => {
    if (key === fixed) assertNeverAllowed(key, { principal: anyOutsideAccount(ACCT), action: 'kms:Decrypt' }, { numRuns: 30 });
    else expect(() => assertNeverAllowed(key, { principal: anyOutsideAccount(ACCT), action: 'kms:Decrypt' }, { numRuns: 30 })).toThrow(KmsimPropertyError);
  });

  it('the error is a plain Error for other runners', () => {
    expect(() => assertNeverAllowed(flawed, { principal: anyOutsideAccount(ACCT), action: 'kms:Decrypt' })).toThrow(/seed: -?\d+, path: "[\d:]+"/);
  });
});
