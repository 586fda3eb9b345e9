import { describe, expect, it } from 'vitest';
import { findAction, parseOperator } from '../src/index.js';
import {
  actionSupportsKey,
  childPath,
  isGrantee,
  tryParseCaller,
  consistentEncryptionContext,
  isCallerText,
  isValidConditionValue,
  parseCaller,
} from '../src/internal.js';

describe('isCallerText', () => {
  const accepted = [
    'arn:aws:iam::111122223333:root',
    'arn:aws:iam::111122223333:user/path/Alice',
    'arn:aws-cn:iam::111122223333:role/App',
    'arn:aws:sts::111122223333:assumed-role/App/session-1',
    'arn:aws:sts::111122223333:federated-user/Bob',
    'cloudtrail.amazonaws.com',
  ];
  const refused = [
    '111122223333',
    '*',
    'arn:aws:iam::111122223333:group/Admins',
    'arn:aws:iam::1111:root',
    'arn:aws:sts::111122223333:assumed-role/App',
    'accounts.google.com',
  ];

  it('accepts exactly what parseCaller accepts', () => {
    for (const text of accepted) {
      expect(isCallerText(text), text).toBe(true);
      expect(() => parseCaller(text), text).not.toThrow();
    }
    for (const text of refused) {
      expect(isCallerText(text), text).toBe(false);
      expect(() => parseCaller(text), text).toThrow();
    }
  });
});

describe('tryParseCaller', () => {
  it("gives parseCaller's caller, or undefined where parseCaller throws", () => {
    expect(tryParseCaller('arn:aws:sts::111122223333:assumed-role/App/s1')).toEqual(parseCaller('arn:aws:sts::111122223333:assumed-role/App/s1'));
    expect(tryParseCaller('arn:aws:iam::111122223333:group/Admins')).toBeUndefined();
  });
});

describe('consistentEncryptionContext', () => {
  it('leaves a context without encryption context keys as it is', () => {
    const context = { 'kms:ViaService': 's3.us-east-1.amazonaws.com' };
    expect(consistentEncryptionContext(context)).toBe(context);
  });

  it('lists the paired keys and pairs the listed ones, keeping the spelling of the list key', () => {
    const out = consistentEncryptionContext({ 'KMS:encryptionContext:app': 'web', 'kms:EncryptionContextKEYS': ['tenant'] });
    expect(out).toEqual({
      'KMS:encryptionContext:app': 'web',
      'kms:EncryptionContext:tenant': 'kmsim-value',
      'kms:EncryptionContextKEYS': ['tenant', 'app'],
    });
  });

  it('adds kms:EncryptionContextKeys when only pairs are given', () => {
    expect(consistentEncryptionContext({ 'kms:EncryptionContext:a': '1' })).toEqual({ 'kms:EncryptionContext:a': '1', 'kms:EncryptionContextKeys': ['a'] });
  });
});

describe('childPath', () => {
  it('writes identifiers with a dot and other keys quoted', () => {
    expect(childPath('$', 'Statement')).toBe('$.Statement');
    expect(childPath('$.Statement', 0)).toBe('$.Statement[0]');
    expect(childPath('$.Condition', 'aws:SourceArn')).toBe('$.Condition["aws:SourceArn"]');
  });
});

describe('isValidConditionValue', () => {
  const valid = (operator: string, value: string | number | boolean): boolean => {
    const op = parseOperator(operator);
    if (!op) throw new Error(`not an operator: ${operator}`);
    return isValidConditionValue(op.base, value);
  };

  it('takes the values the evaluator can compare, per family', () => {
    expect(valid('NumericLessThan', '10')).toBe(true);
    expect(valid('NumericLessThan', 'ten')).toBe(false);
    expect(valid('DateGreaterThan', '2020-01-01T00:00:00Z')).toBe(true);
    expect(valid('DateGreaterThan', 'yesterday')).toBe(false);
    expect(valid('Bool', 'TRUE')).toBe(true);
    expect(valid('Bool', 'yes')).toBe(false);
    expect(valid('IpAddress', '10.0.0.0/8')).toBe(true);
    expect(valid('IpAddress', '10.0.0.0/99')).toBe(false);
    expect(valid('Null', 'false')).toBe(true);
    expect(valid('Null', 'absent')).toBe(false);
    expect(valid('StringLike', 'any*thing')).toBe(true);
    expect(valid('ArnLike', 'arn:aws:iam::*:role/*')).toBe(true);
  });
});

describe('actionSupportsKey', () => {
  it('global keys always, KMS keys only for the actions that list them, unknown keys left to the caller', () => {
    const decrypt = findAction('kms:Decrypt');
    const createKey = findAction('kms:CreateKey');
    if (!decrypt || !createKey) throw new Error('catalogue lacks Decrypt or CreateKey');
    expect(actionSupportsKey(createKey, 'aws:SourceIp')).toBe(true);
    expect(actionSupportsKey(decrypt, 'KMS:EncryptionContext:app')).toBe(true);
    expect(actionSupportsKey(createKey, 'kms:EncryptionContext:app')).toBe(false);
    expect(actionSupportsKey(createKey, 'kms:NoSuchKey')).toBe(true);
  });
});

describe('isGrantee', () => {
  const grant = { granteePrincipal: 'arn:aws:iam::111122223333:role/App' };
  it('a grant to a role covers the role and its sessions, no one else', () => {
    expect(isGrantee(grant, parseCaller('arn:aws:iam::111122223333:role/App'))).toBe(true);
    expect(isGrantee(grant, parseCaller('arn:aws:sts::111122223333:assumed-role/App/s1'))).toBe(true);
    expect(isGrantee(grant, parseCaller('arn:aws:iam::111122223333:role/Other'))).toBe(false);
    expect(isGrantee(grant, parseCaller('arn:aws:iam::111122223333:root'))).toBe(false);
  });
  it('a grant to a service principal covers that service', () => {
    expect(isGrantee({ granteePrincipal: 'logs.amazonaws.com' }, parseCaller('logs.amazonaws.com'))).toBe(true);
  });
});
