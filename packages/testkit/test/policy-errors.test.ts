/**
 * Policies AWS would reject are never evaluated silently: every assertion, matcher and property
 * throws a KmsimPolicyError naming each error, unless `{ allowInvalid: true }`.
 */
import '../src/vitest.js';
import type { PolicyDocument, StatementDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import {
  assertNeverAllowed,
  assertOnlyVia,
  expectCan,
  expectCanManage,
  expectCannot,
  expectNoFindings,
  KmsimPolicyError,
  loadKeyPolicy,
} from '../src/index.js';

const ACCT = '111122223333';
const app = `arn:aws:iam::${ACCT}:role/App`;
const outsider = 'arn:aws:iam::444455556666:role/Outsider';

/** The Deny's operator is misspelt (StringEqualsIfExist): AWS rejects the policy; as written the Deny never applies. */
const misspeltText = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Root", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::${ACCT}:root" }, "Action": "kms:*", "Resource": "*" },
    { "Sid": "App", "Effect": "Allow", "Principal": { "AWS": "${app}" }, "Action": "kms:Decrypt", "Resource": "*" },
    {
      "Sid": "OnlyViaS3",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "kms:Decrypt",
      "Resource": "*",
      "Condition": { "StringNotEqualsIfExist": { "kms:ViaService": "s3.us-east-1.amazonaws.com" } }
    }
  ]
}`;
const misspelt = JSON.parse(misspeltText) as PolicyDocument;
const [rootStatement, appStatement] = JSON.parse(misspeltText).Statement as StatementDocument[];

/** A Principal written as a bare string (not "*"): AWS rejects it. */
const barePrincipal: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'Bare', Effect: 'Allow', Principal: app, Action: 'kms:Encrypt', Resource: '*' } as unknown as StatementDocument,
  ],
} as PolicyDocument;

const thrown = (f: () => void): KmsimPolicyError => {
  try {
    f();
  } catch (e) {
    if (e instanceof KmsimPolicyError) return e;
    throw e;
  }
  throw new Error('expected a KmsimPolicyError');
};

describe('KmsimPolicyError', () => {
  it('expectCan on a policy with a misspelt operator throws, naming code, path and line', () => {
    const e = thrown(() => expectCan(misspeltText, app, 'kms:Decrypt'));
    expect(e.message).toMatch(/^AWS would reject this key policy: 1 error/);
    expect(e.message).toMatch(/condition-operator-unknown at \$\.Statement\[2\]\.Condition\.StringNotEqualsIfExist \(line 12, column \d+\)/);
    expect(e.errors.map((x) => x.diagnostic.code)).toEqual(['condition-operator-unknown']);
  });

  it('a loaded key names the file and its lines', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'kmsim-')), 'policy.json');
    writeFileSync(file, misspeltText);
    const key = await loadKeyPolicy(file);
    const e = thrown(() => expectCannot(key, outsider, 'kms:Decrypt'));
    expect(e.message).toContain(file);
    expect(e.message).toMatch(/\(line 12, column \d+\)/);
  });

  it('a Principal written as a bare string throws for every helper', () => {
    expect(() => expectCannot(barePrincipal, app, 'kms:Encrypt')).toThrow(KmsimPolicyError);
    expect(() => expectCanManage(barePrincipal, `arn:aws:iam::${ACCT}:root`)).toThrow(KmsimPolicyError);
    expect(() => expectNoFindings(barePrincipal)).toThrow(/^AWS would reject this key policy/);
    expect(() => assertNeverAllowed(barePrincipal, { principal: outsider, action: 'kms:Encrypt' }, { numRuns: 5 })).toThrow(KmsimPolicyError);
    expect(() => assertOnlyVia(barePrincipal, 'kms:Encrypt', ['s3.us-east-1.amazonaws.com'], {}, { numRuns: 5 })).toThrow(KmsimPolicyError);
    expect(() => expect(barePrincipal).toDeny(app, 'kms:Encrypt')).toThrow(KmsimPolicyError);
    expect(() => expect(barePrincipal).not.toAllow(app, 'kms:Encrypt')).toThrow(KmsimPolicyError);
  });

  it('an identity policy with errors throws too, named by its principal', () => {
    const key = {
      keyPolicy: { Version: '2012-10-17', Statement: [rootStatement] },
      identityPolicies: { [app]: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt' }] }] },
    } as const;
    const e = thrown(() => expectCan(key as never, app, 'kms:Decrypt'));
    expect(e.message).toMatch(/^AWS would reject this identity policy/);
    expect(e.message).toContain(`identityPolicies["${app}"][0]: resource-missing`);
  });

  it('{ allowInvalid: true } evaluates the policy as written (the misspelt Deny never applies)', () => {
    expect(() => expectCan(misspelt, app, 'kms:Decrypt', { allowInvalid: true })).not.toThrow();
    expect(() => expectCan({ keyPolicy: misspelt, allowInvalid: true }, app, 'kms:Decrypt')).not.toThrow();
    expect(misspelt).toAllow(app, 'kms:Decrypt', undefined, { allowInvalid: true });
    expect(() => assertNeverAllowed(barePrincipal, { principal: outsider, action: 'kms:Encrypt', allowInvalid: true }, { numRuns: 5 })).not.toThrow();
  });

  it('a valid policy is evaluated as before', () => {
    const valid = { Version: '2012-10-17', Statement: [rootStatement, appStatement] } as PolicyDocument;
    expect(() => expectCan(valid, app, 'kms:Decrypt')).not.toThrow();
  });
});
