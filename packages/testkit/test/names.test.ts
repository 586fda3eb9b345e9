/**
 * A misspelt action or condition key in an assertion, a matcher or a property spec is an error
 * naming the closest valid name, never a silent ImplicitDeny or an ignored context value.
 */
import '../src/vitest.js';
import { RequestError, type PolicyDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { assertNeverAllowed, expectCan, expectCannot, expectCannotManage } from '../src/index.js';

const ACCT = '111122223333';
const app = `arn:aws:iam::${ACCT}:role/App`;
const key: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'App', Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*' },
  ],
};

function thrown(f: () => unknown): RequestError {
  try {
    f();
  } catch (e) {
    if (e instanceof RequestError) return e;
    throw e;
  }
  throw new Error('expected a RequestError');
}

describe('unknown names', () => {
  it.each<[string, () => unknown, string]>([
    [
      'an assertion',
      () => expectCannot(key, app, 'kms:Decrypted'),
      'request.action: "kms:Decrypted" is not a KMS action kmsim knows. Did you mean "kms:Decrypt"?',
    ],
    [
      'an assertion, without kms:',
      () => expectCan(key, app, 'Encrpyt'),
      'request.action: "Encrpyt" is not a KMS action kmsim knows. Did you mean "kms:Encrypt"?',
    ],
    [
      'a matcher',
      () => expect(key).toDeny(app, 'kms:Decrypted'),
      'request.action: "kms:Decrypted" is not a KMS action kmsim knows. Did you mean "kms:Decrypt"?',
    ],
    [
      'a .not matcher',
      () => expect(key).not.toAllow(app, 'kms:Decrypted'),
      'request.action: "kms:Decrypted" is not a KMS action kmsim knows. Did you mean "kms:Decrypt"?',
    ],
    [
      'a family of actions',
      () => expectCannotManage(key, app, { actions: ['kms:PutKeyPolicy', 'kms:DisableKeyRotaton'] }),
      'request.action: "kms:DisableKeyRotaton" is not a KMS action kmsim knows. Did you mean "kms:DisableKeyRotation"?',
    ],
    [
      'a property spec',
      () => assertNeverAllowed(key, { principal: app, action: ['kms:Decrypt', 'kms:ReEncyptFrom'] }),
      'request.action: "kms:ReEncyptFrom" is not a KMS action kmsim knows. Did you mean "kms:ReEncryptFrom"?',
    ],
    [
      'a kms: context key',
      () => expectCan(key, app, 'kms:Decrypt', { context: { 'kms:CallerAcount': ACCT } }),
      'request.context: "kms:CallerAcount" is not a known kms: condition key. Did you mean "kms:CallerAccount"?',
    ],
    [
      'an aws: context key in a matcher',
      () => expect(key).toAllow(app, 'kms:Decrypt', { 'aws:PrincipalOrgId': 'o-1', 'aws:SourceVpcee': 'vpce-1' }),
      'request.context: "aws:SourceVpcee" is not a known aws: condition key. Did you mean "aws:SourceVpce"?',
    ],
  ])('in %s is an error naming the closest valid name', (_, f, message) => {
    expect(thrown(f).message).toBe(message);
  });

  it('takes keys with a variable part, other services’ keys, and any case', () => {
    expect(() =>
      expectCan(key, app, 'kms:decrypt', {
        context: { 'kms:EncryptionContext:app': 'x', 'aws:PrincipalTag/team': 'a', 's3:prefix': 'p', 'KMS:CALLERACCOUNT': ACCT },
      }),
    ).not.toThrow();
  });
});
