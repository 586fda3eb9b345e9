/**
 * How a team tests its KMS key policy with kmsim: the same key as a policy file, a CDK template and
 * a Terraform plan, asserted with concrete expectations, vitest matchers and properties.
 */
import { fc, test as propTest } from '@fast-check/vitest';
import {
  anyOutsideAccount,
  arbRequest,
  assertAlwaysAllowed,
  assertNeverAllowed,
  assertOnlyVia,
  expectCan,
  expectCanCreateGrant,
  expectCanDecrypt,
  expectCanEncrypt,
  expectCanGenerateDataKey,
  expectCanManage,
  expectCannot,
  expectCannotDecrypt,
  expectCannotManage,
  expectExplicitlyDenied,
  loadCloudFormationKey,
  loadKeyPolicy,
  loadTerraformPlanKey,
  type LoadedKey,
} from '@kmsim/testkit';
import '@kmsim/testkit/vitest';
import { createEvaluator, readScenarios, runCase } from '@kmsim/core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const file = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));
const ACCOUNT = '111122223333';
const APP = `arn:aws:iam::${ACCOUNT}:role/App`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/KMSAdminRole`;
const VIA_S3 = { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'aws:SecureTransport': true };

let key: LoadedKey;
beforeAll(async () => {
  key = await loadKeyPolicy(file('policies/app-key.json'));
});

describe('app key policy', () => {
  it('is a valid key policy', () => {
    expect(key.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it("holds what the repository README's example says", () => {
    expectCanDecrypt(key, APP, { context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
    expectCannotDecrypt(key, APP);
    assertNeverAllowed(key, { principal: anyOutsideAccount(ACCOUNT), action: 'kms:ScheduleKeyDeletion' });
  });

  it('lets the app use the key through S3, and only through S3', () => {
    expectCanDecrypt(key, APP, { context: VIA_S3 });
    expectCanEncrypt(key, APP, { context: VIA_S3 });
    expectCanGenerateDataKey(key, APP, { context: VIA_S3 });
    expectCannotDecrypt(key, APP, { context: { 'aws:SecureTransport': true } });
    assertOnlyVia(key, 'kms:Decrypt', ['s3.us-east-1.amazonaws.com'], { principal: APP });
  });

  it('denies decryption without TLS, explicitly', () => {
    expectExplicitlyDenied(key, APP, 'kms:Decrypt', { context: { ...VIA_S3, 'aws:SecureTransport': false } });
  });

  it('separates administrators from users', () => {
    expectCanManage(key, ADMIN);
    expectCannotDecrypt(key, ADMIN, { context: VIA_S3 });
    expectCannotManage(key, APP);
    expectCan(key, ADMIN, 'kms:PutKeyPolicy');
    expectCannot(key, APP, 'kms:CreateGrant');
  });

  it('lets the account root manage the key (no lockout)', () => {
    expectCanCreateGrant(key, `arn:aws:iam::${ACCOUNT}:root`);
    expect(key).toAllow(`arn:aws:iam::${ACCOUNT}:root`, 'kms:PutKeyPolicy');
  });

  it('lets the analytics account decrypt only with its own IAM policy', () => {
    const analytics = 'arn:aws:iam::444455556666:role/Analytics';
    expect(key).toDeny(analytics, 'kms:Decrypt', { 'aws:SecureTransport': true });
    const withIam = {
      ...key,
      identityPolicies: { [analytics]: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'kms:Decrypt', Resource: '*' }] }] },
    };
    expect(withIam).toAllow(analytics, 'kms:Decrypt', { 'aws:SecureTransport': true });
  });

  it('has no findings at medium severity or above', () => {
    expect(key).toHaveNoFindings({ severity: 'medium' });
  });

  it('never lets an outsider decrypt, whatever their own IAM policies say', () => {
    assertNeverAllowed(key, {
      principal: anyOutsideAccount(ACCOUNT).filter((p) => !p.includes(':444455556666:')),
      action: ['kms:Decrypt', 'kms:Encrypt', 'kms:PutKeyPolicy'],
    });
  });

  it('always lets the admin read the key policy', () => {
    assertAlwaysAllowed(key, { principal: ADMIN, action: 'kms:GetKeyPolicy' });
  });

  it('keeps its documented expectations (kmsim scenario format)', () => {
    const cases = readScenarios(readFileSync(file('scenarios/app-key.scenarios.json'), 'utf8'), 'app-key.scenarios.json');
    for (const c of cases) expect(runCase(c), c.id).toMatchObject({ pass: true });
  });
});

describe('the app key as deployed', () => {
  it('the CDK template synthesises the same policy', async () => {
    const cdk = await loadCloudFormationKey(file('templates/AppStack.template.json'), 'AppKey5F8E2D71', { accountId: ACCOUNT, region: 'us-east-1' });
    expect(cdk.keyPolicy).toEqual(key.keyPolicy);
    expectCanDecrypt(cdk, APP, { context: VIA_S3 });
    expect(cdk.key?.aliases).toContain('alias/app-key');
  });

  it('the Terraform plan carries the same policy', async () => {
    const tf = await loadTerraformPlanKey(file('terraform/plan.json'), 'aws_kms_key.app', { accountId: ACCOUNT });
    expect(tf.keyPolicy).toEqual(key.keyPolicy);
    expectCannotDecrypt(tf, APP, { context: { 'aws:SecureTransport': true } });
  });
});

describe('properties', () => {
  // Any request the key policy can be asked about: deny without TLS always wins.
  propTest.prop([fc.constant(null).chain(() => arbRequest(key))])('no decryption without TLS', (request) => {
    const evaluator = createEvaluator({ keyPolicy: key.keyPolicy });
    if (request.action !== 'kms:Decrypt') return;
    const d = evaluator.evaluate({ ...request, context: { ...request.context, 'aws:SecureTransport': false } });
    expect(d.decision).not.toBe('Allow');
  });
});
