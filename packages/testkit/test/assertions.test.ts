/** Assertions: each passes on a correct policy and fails, with the documented text, on a wrong one. */
import type { PolicyDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import {
  expectCan,
  expectCanCreateGrant,
  expectCanDecrypt,
  expectCanDeriveSharedSecret,
  expectCanEncrypt,
  expectCanGenerateDataKey,
  expectCanGenerateMac,
  expectCanManage,
  expectCannot,
  expectCannotDecrypt,
  expectCannotManage,
  expectCannotSign,
  expectCanReEncrypt,
  expectCanSign,
  expectCanVerify,
  expectCanVerifyMac,
  expectExplicitlyDenied,
  KmsimAssertionError,
  MANAGE_ACTIONS,
} from '../src/assertions/index.js';
import type { KeyUnderTest } from '../src/key-under-test.js';

const ACCT = '111122223333';
const EXT = '444455556666';
const app = `arn:aws:iam::${ACCT}:role/App`;
const admin = `arn:aws:iam::${ACCT}:role/KMSAdminRole`;
const analytics = `arn:aws:iam::${EXT}:role/Analytics`;
const S3 = 's3.us-east-1.amazonaws.com';
const EC2 = 'ec2.us-east-1.amazonaws.com';

/** examples/policies/app-key.json */
const appKey: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'Allow access for Key Administrators',
      Effect: 'Allow',
      Principal: { AWS: admin },
      Action: [
        'kms:Create*',
        'kms:Describe*',
        'kms:Enable*',
        'kms:List*',
        'kms:Put*',
        'kms:Update*',
        'kms:Revoke*',
        'kms:Disable*',
        'kms:Get*',
        'kms:Delete*',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:ScheduleKeyDeletion',
        'kms:CancelKeyDeletion',
      ],
      Resource: '*',
    },
    {
      Sid: 'Allow the app to use the key through S3 only',
      Effect: 'Allow',
      Principal: { AWS: app },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': S3 } },
    },
    {
      Sid: 'Allow the analytics account to decrypt',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${EXT}:root` },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
    },
    {
      Sid: 'Deny decryption outside TLS',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
};

/** Catch the assertion error (fails the test when nothing is thrown). */
function failure(f: () => void): KmsimAssertionError {
  try {
    f();
  } catch (e) {
    if (e instanceof KmsimAssertionError) return e;
    throw e;
  }
  throw new Error('expected the assertion to fail');
}

describe('expectCan / expectCanDecrypt', () => {
  it('passes when the principal is allowed', () => {
    expectCan(appKey, app, 'kms:Decrypt', { context: { 'kms:ViaService': S3 } });
    expectCanDecrypt(appKey, app, { context: { 'kms:ViaService': S3 } });
    expectCan(appKey, app, 'Decrypt', { context: { 'kms:ViaService': S3 } });
  });

  it('fails with expected vs received, the request, the failed condition and the closest change', () => {
    expect(() => expectCanDecrypt(appKey, app, { context: { 'kms:ViaService': EC2 } })).toThrow(
      /would be allowed with kms:ViaService = s3\.us-east-1\.amazonaws\.com/,
    );
    const e = failure(() => expectCanDecrypt(appKey, app, { context: { 'kms:ViaService': EC2 } }));
    expect(e.name).toBe('KmsimAssertionError');
    expect(e.expected).toBe('Allow');
    expect(e.decision.decision).toBe('ImplicitDeny');
    expect(e.actual).toBe('ImplicitDeny');
    expect(e.request).toEqual({ principal: app, action: 'kms:Decrypt', context: { 'kms:ViaService': EC2 } });
    expect(e.hint).toBe(`would be allowed with kms:ViaService = ${S3}`);
    const m = e.message;
    expect(m).toMatch(new RegExp(`^expected ${app} to be allowed kms:Decrypt, but it was implicitly denied`));
    expect(m).toContain('Expected: Allow');
    expect(m).toContain('Received: ImplicitDeny — ');
    expect(m).toContain(`principal  ${app}`);
    expect(m).toContain('action     kms:Decrypt');
    expect(m).toContain(`context    { "kms:ViaService": "${EC2}" }`);
    expect(m).toContain('identity policies: none given — the evaluation takes the identity (IAM) policies given as all there are');
    expect(m).toContain('key policy statement "Allow the app to use the key through S3 only" ($.Statement[2]), Allow:');
    expect(m).toContain(`StringEquals kms:ViaService: policy values "${S3}"; request value "${EC2}"`);
    expect(m).toContain('$.Statement[2].Condition.StringEquals["kms:ViaService"]');
    expect(m).toContain(`key policy statement "Enable IAM User Permissions" ($.Statement[0]) names the account`);
  });

  it('names the Deny that decided an explicit deny, and the change that lifts it', () => {
    const e = failure(() => expectCanDecrypt(appKey, app, { context: { 'kms:ViaService': S3, 'aws:SecureTransport': false } }));
    expect(e.decision.decision).toBe('ExplicitDeny');
    expect(e.message).toContain('but it was explicitly denied');
    expect(e.message).toContain('denied by key policy statement "Deny decryption outside TLS" ($.Statement[4])');
    expect(e.message).toMatch(/would be allowed (without aws:SecureTransport|with aws:SecureTransport = true)/);
  });

  it('changes the fewest keys: one key when one statement needs one and another needs two', () => {
    const key: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Two',
          Effect: 'Allow',
          Principal: { AWS: app },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': S3, 'kms:EncryptionContext:app': 'web' } },
        },
        {
          Sid: 'One',
          Effect: 'Allow',
          Principal: { AWS: app },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:tier': 'batch' } },
        },
      ],
    };
    expect(() => expectCanDecrypt(key, app)).toThrow(/would be allowed with kms:EncryptionContext:tier = batch$/m);
    const two: PolicyDocument = { Version: '2012-10-17', Statement: [...[key.Statement].flat().slice(0, 1)] };
    expect(() => expectCanDecrypt(two, app)).toThrow(
      /would be allowed with kms:EncryptionContext:app = web and kms:ViaService = s3\.us-east-1\.amazonaws\.com/,
    );
  });

  it("cross-account: says the caller account's IAM policy must also allow the action", () => {
    expect(() => expectCanDecrypt(appKey, analytics)).toThrow(/its account's IAM policy must also allow kms:Decrypt/);
    const withIam: KeyUnderTest = {
      keyPolicy: appKey,
      identityPolicies: {
        [analytics]: [{ Version: '2012-10-17', Statement: [{ Sid: 'UseSharedKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }],
      },
    };
    expectCanDecrypt(withIam, analytics);
    const e = failure(() => expectCanEncrypt(withIam, analytics));
    expect(e.message).toContain('identity policies: 1 given for this principal');
    expect(e.message).toContain('policy 1: "UseSharedKey" Allow (other actions)');
  });

  it('an unknown principal: no context allows it, add a statement naming it', () => {
    const outsider = 'arn:aws:iam::999988887777:role/Other';
    expect(() => expectCanDecrypt(appKey, outsider)).toThrow(
      /no context allows it: add a key policy statement naming the principal, e.g. \{"Effect": "Allow", "Principal": \{"AWS": "arn:aws:iam::999988887777:role\/Other"\}, "Action": "kms:Decrypt", "Resource": "\*"\}; its account's IAM policy must also allow kms:Decrypt/,
    );
  });

  it('a principal of the key account: an IAM policy would allow it through the account statement', () => {
    expect(() => expectCanDecrypt(appKey, `arn:aws:iam::${ACCT}:role/Other`)).toThrow(
      /an IAM policy of arn:aws:iam::111122223333:role\/Other allowing kms:Decrypt on this key would allow it: key policy statement "Enable IAM User Permissions" \(\$\.Statement\[0\]\) enables IAM policies for account 111122223333/,
    );
  });

  it('the root user: identity policies do not apply', () => {
    expectCanManage(appKey, `arn:aws:iam::${ACCT}:root`);
    const e = failure(() => expectCannot(appKey, `arn:aws:iam::${ACCT}:root`, 'kms:PutKeyPolicy'));
    expect(e.message).toContain('identity policies: do not apply to the root user');
  });
});

describe('expectCannot / expectCannotDecrypt / expectExplicitlyDenied', () => {
  it('passes when the principal is denied', () => {
    expectCannotDecrypt(appKey, app, { context: { 'kms:ViaService': EC2 } });
    expectCannot(appKey, admin, 'kms:Decrypt');
    expectExplicitlyDenied(appKey, app, 'kms:Decrypt', { context: { 'kms:ViaService': S3, 'aws:SecureTransport': 'false' } });
  });

  it('fails when allowed, naming the allowing statement and the context that would deny', () => {
    const e = failure(() => expectCannotDecrypt(appKey, app, { context: { 'kms:ViaService': S3 } }));
    expect(e.expected).toBe('Deny');
    expect(e.message).toMatch(new RegExp(`^expected ${app} not to be allowed kms:Decrypt, but it was allowed`));
    expect(e.message).toContain('Expected: ExplicitDeny or ImplicitDeny');
    expect(e.message).toContain('Received: Allow — ');
    expect(e.message).toContain('allowed by key policy statement "Allow the app to use the key through S3 only" ($.Statement[2])');
    expect(e.message).toMatch(/would be denied (with aws:SecureTransport = false|with kms:ViaService = )/);
  });

  it('fails when no context denies it, telling which statement to narrow', () => {
    expect(() => expectCannot(appKey, admin, 'kms:PutKeyPolicy')).toThrow(
      /no context denies it: key policy statement "Allow access for Key Administrators" \(\$\.Statement\[1\]\) allows it for every context/,
    );
  });

  it('expectExplicitlyDenied fails on an implicit deny', () => {
    const e = failure(() => expectExplicitlyDenied(appKey, admin, 'kms:Decrypt'));
    expect(e.message).toContain('Expected: ExplicitDeny');
    expect(e.message).toContain('Received: ImplicitDeny');
    expect(e.message).toMatch(/would be explicitly denied with aws:SecureTransport = false|no context makes a Deny statement apply/);
  });
});

describe('families', () => {
  const via = { context: { 'kms:ViaService': S3 } };

  it('Encrypt, GenerateDataKey, ReEncrypt (From and To)', () => {
    expectCanEncrypt(appKey, app, via);
    expectCanGenerateDataKey(appKey, app, via);
    expectCanReEncrypt(appKey, app, via);
    expect(() => expectCanGenerateDataKey(appKey, app)).toThrow(/would be allowed with kms:ViaService = s3\.us-east-1\.amazonaws\.com/);
    const fromOnly: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:ReEncryptFrom', Resource: '*' }],
    };
    const e = failure(() => expectCanReEncrypt(fromOnly, app));
    expect(e.message).toMatch(/^expected .* to be allowed to re-encrypt \(all of 2 actions allowed\), but 1 were not: kms:ReEncryptTo \(ImplicitDeny\)/);
    expect(e.failures.map((f) => f.action)).toEqual(['kms:ReEncryptTo']);
  });

  it('Sign / Verify on a signing key', () => {
    const signer = `arn:aws:iam::${ACCT}:role/Signer`;
    const key: KeyUnderTest = {
      keyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Sign',
            Effect: 'Allow',
            Principal: { AWS: signer },
            Action: ['kms:Sign', 'kms:Verify'],
            Resource: '*',
            Condition: { StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } },
          },
        ],
      },
      key: { arn: `arn:aws:kms:us-east-1:${ACCT}:key/sign`, keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' },
    };
    expectCanSign(key, signer, { context: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } });
    expectCanVerify(key, signer, { context: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } });
    expectCannotSign(key, app);
    expect(() => expectCanSign(key, signer)).toThrow(/would be allowed with kms:SigningAlgorithm = ECDSA_SHA_256/);
  });

  it('GenerateMac / VerifyMac on an HMAC key, DeriveSharedSecret on a key agreement key', () => {
    const user = `arn:aws:iam::${ACCT}:role/Mac`;
    const hmac: KeyUnderTest = {
      keyPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: user }, Action: ['kms:GenerateMac', 'kms:VerifyMac', 'kms:DeriveSharedSecret'], Resource: '*' }],
      },
      key: { arn: `arn:aws:kms:us-east-1:${ACCT}:key/mac`, keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' },
    };
    expectCanGenerateMac(hmac, user);
    expectCanVerifyMac(hmac, user);
    expectCanDeriveSharedSecret(hmac, user);
    expect(() => expectCanGenerateMac(hmac, app)).toThrow(/no context allows it: add a key policy statement naming the principal/);
  });

  it('CreateGrant: the closest change sets kms:GrantIsForAWSResource', () => {
    const key: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Grants for AWS resources',
          Effect: 'Allow',
          Principal: { AWS: app },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        },
      ],
    };
    expectCanCreateGrant(key, app, { context: { 'kms:GrantIsForAWSResource': true } });
    expect(() => expectCanCreateGrant(key, app)).toThrow(/would be allowed with kms:GrantIsForAWSResource = true/);
  });

  it('Manage: all admin actions allowed, or none', () => {
    expectCanManage(appKey, admin);
    expectCannotManage(appKey, app);
    expect(MANAGE_ACTIONS).toContain('kms:PutKeyPolicy');
    const e = failure(() => expectCanManage(appKey, app));
    expect(e.message).toMatch(
      new RegExp(
        `^expected ${app} to be allowed to manage the key \\(all of ${MANAGE_ACTIONS.length} actions allowed\\), but ${MANAGE_ACTIONS.length} were not: kms:PutKeyPolicy \\(ImplicitDeny\\)`,
      ),
    );
    expect(e.message).toContain('First failure:');
    const c = failure(() => expectCannotManage(appKey, admin, { actions: ['kms:PutKeyPolicy', 'kms:Decrypt'] }));
    expect(c.message).toMatch(/not to be allowed to manage the key \(none of 2 actions allowed\), but 1 were: kms:PutKeyPolicy \(Allow\)/);
    expect(() => expectCanManage(appKey, analytics)).toThrow(/kms:PutKeyPolicy cannot be used on a KMS key in another account/);
  });
});

describe('grants', () => {
  const key: KeyUnderTest = {
    keyPolicy: appKey,
    grants: [{ granteePrincipal: `arn:aws:iam::${ACCT}:role/Batch`, operations: ['Decrypt'], constraints: { encryptionContextSubset: { job: 'nightly' } } }],
  };
  it('a grant allows under its constraints; the closest change names the encryption context', () => {
    const batch = `arn:aws:iam::${ACCT}:role/Batch`;
    expectCanDecrypt(key, batch, { context: { 'kms:EncryptionContext:job': 'nightly' } });
    expect(() => expectCanDecrypt(key, batch)).toThrow(/would be allowed with kms:EncryptionContext:job = nightly/);
    expect(() => expectCannotDecrypt(key, batch, { context: { 'kms:EncryptionContext:job': 'nightly' } })).toThrow(
      /allowed by grant #1 to arn:aws:iam::111122223333:role\/Batch \(Decrypt\)/,
    );
  });
});
