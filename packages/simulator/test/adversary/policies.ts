/**
 * Key policies written by an adversary: conditions on the very values a row's witness would take
 * (ARNs, accounts, principal types, user ids, tags, organization, service names), negated and
 * `…IfExists` forms, set operators, several keys per statement, Allow and Deny, `Principal: "*"`
 * and named principals and accounts. Small (a few statements), so that many run per CI run.
 */
import fc from 'fast-check';
import type { ConditionValue, PolicyDocument, PrincipalDocument, StatementDocument } from '@kmsim/core';
import { ACCOUNTS, ACTION_SETS, EC_VALUES, KEY_ACCOUNT, ORG_IDS, SERVICES, TAG_VALUES, VIA_SERVICES } from './world.js';

export const STRING = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'] as const;
const ARN = ['ArnLike', 'ArnNotLike', 'ArnEquals', 'ArnNotEquals'] as const;
export const BOOL = ['Bool'] as const;
const IP = ['IpAddress', 'NotIpAddress'] as const;

export interface KeySpec {
  readonly key: string;
  readonly operators: readonly string[];
  readonly values: readonly string[];
  /** A multivalued key: ForAnyValue/ForAllValues are its usual operators. */
  readonly multi?: boolean;
}

/** Keys whose values the principal's class decides. */
export const IDENTITY_KEYS: readonly KeySpec[] = [
  {
    key: 'aws:PrincipalArn',
    operators: [...STRING, ...ARN],
    values: [
      '*kmsim*',
      'arn:aws:iam::*:role/kmsim-*',
      'arn:aws:iam::999988887777:role/kmsim-outsider',
      `arn:aws:iam::${KEY_ACCOUNT}:role/kmsim-unnamed-role`,
      'arn:aws:iam::*:root',
      'arn:aws:iam::*:user/*',
      'arn:aws:iam::444455556666:*',
      'arn:aws:sts::*:federated-user/*',
      `arn:aws:iam::${KEY_ACCOUNT}:role/App`,
      'arn:aws:iam::*:role/*',
      'arn:aws:iam::9999*',
      '*',
    ],
  },
  { key: 'aws:PrincipalAccount', operators: STRING, values: [...ACCOUNTS, '9999*', '*7777'] },
  { key: 'kms:CallerAccount', operators: STRING, values: [...ACCOUNTS, '9999888877??'] },
  { key: 'aws:PrincipalType', operators: STRING, values: ['User', 'AssumedRole', 'Account', 'FederatedUser', 'AWSService'] },
  { key: 'aws:userid', operators: STRING, values: ['AROA*:*', 'AIDA*', '*:kmsim*', KEY_ACCOUNT, '*:*', 'AROA*', '*kmsim*', '999988887777:*'] },
  { key: 'aws:username', operators: STRING, values: ['kmsim*', 'admin', '*', 'kmsim-outsider'] },
  { key: 'aws:PrincipalTag/team', operators: STRING, values: [...TAG_VALUES, '*'] },
  { key: 'aws:PrincipalTag/kmsim', operators: STRING, values: ['kmsim', '*', 'red'] },
  { key: 'aws:PrincipalOrgID', operators: STRING, values: [...ORG_IDS] },
  { key: 'aws:PrincipalOrgPaths', operators: STRING, values: ['o-kmsim00000/*', 'o-aaaaaaaaaa/r-ab12/*'], multi: true },
  { key: 'aws:PrincipalIsAWSService', operators: BOOL, values: ['true', 'false'] },
  { key: 'aws:PrincipalServiceName', operators: STRING, values: [...SERVICES, '*kmsim*', '*.amazonaws.com'] },
];

/** Keys whose values the caller chooses in its request. */
export const REQUEST_KEYS: readonly KeySpec[] = [
  { key: 'kms:EncryptionContext:x', operators: STRING, values: ['*a*', '*b*', 'a', 'abc', '*kmsim*', 'kmsim-value', '*', '?', ...EC_VALUES.slice(3)] },
  { key: 'kms:EncryptionContext:y', operators: STRING, values: ['*a*', 'a', '*', 'kmsim*', '${aws:username}'] },
  { key: 'kms:ViaService', operators: STRING, values: [...VIA_SERVICES, '*.amazonaws.com', 'kmsim*'] },
  { key: 'aws:SourceIp', operators: IP, values: ['203.0.113.0/24', '0.0.0.0/0', '198.51.100.7/32'] },
  { key: 'aws:SecureTransport', operators: BOOL, values: ['true', 'false'] },
  { key: 'kms:EncryptionContextKeys', operators: STRING, values: ['x', 'y', 'kmsim*'], multi: true },
  { key: 'kms:GrantIsForAWSResource', operators: BOOL, values: ['true', 'false'] },
  { key: 'aws:SourceAccount', operators: STRING, values: [...ACCOUNTS] },
];

export interface Atom {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** An atom: a key of `keys`, one of its operators (or Null), maybe IfExists or a set operator, 1–3 of its values. */
export function arbAtom(keys: readonly KeySpec[]): fc.Arbitrary<Atom> {
  // Indexes taken modulo the chosen key's lists: no `chain`, so that counterexamples shrink quickly.
  return fc
    .record({
      spec: fc.constantFrom(...keys),
      operator: fc.nat({ max: 9 }),
      isNull: fc.nat({ max: 9 }).map((n) => n === 0),
      ifExists: fc.nat({ max: 2 }).map((n) => n === 0),
      set: fc.nat({ max: 9 }),
      values: fc.uniqueArray(fc.nat({ max: 11 }), { minLength: 1, maxLength: 3 }),
      nullValue: fc.constantFrom('true', 'false'),
    })
    .map(({ spec, operator, isNull, ifExists, set, values, nullValue }) => {
      if (isNull) return { operator: 'Null', key: spec.key, values: [nullValue] };
      const op = spec.operators[operator % spec.operators.length] as string;
      const setOk = !(op === 'Bool' || op.startsWith('Ip') || op.startsWith('Arn'));
      // Set operators mostly on multivalued keys, sometimes on single-valued ones (ForAllValues on an absent key is true).
      const setPart = !setOk
        ? ''
        : spec.multi
          ? (['ForAnyValue:', 'ForAllValues:', ''][set % 3] as string)
          : set === 0
            ? 'ForAllValues:'
            : set === 1
              ? 'ForAnyValue:'
              : '';
      const picked = [...new Set(values.map((i) => spec.values[i % spec.values.length] as string))];
      return { operator: `${setPart}${op}${ifExists ? 'IfExists' : ''}`, key: spec.key, values: picked };
    });
}

export type Profile = 'identity' | 'request' | 'mixed';

const PRINCIPALS = [
  `arn:aws:iam::${KEY_ACCOUNT}:root`,
  KEY_ACCOUNT,
  `arn:aws:iam::${KEY_ACCOUNT}:role/App`,
  `arn:aws:iam::${KEY_ACCOUNT}:user/kmsim`,
  '444455556666',
  'arn:aws:iam::999988887777:root',
  'arn:aws:iam::444455556666:role/kmsim-outsider',
  'arn:aws:sts::555566667777:assumed-role/App/kmsim',
  'arn:aws:iam::555566667777:user/admin',
] as const;

const arbPrincipal: fc.Arbitrary<PrincipalDocument> = fc.oneof(
  { arbitrary: fc.constant<'*'>('*'), weight: 4 },
  { arbitrary: fc.constant({ AWS: '*' }), weight: 1 },
  {
    arbitrary: fc
      .uniqueArray(fc.constantFrom(...PRINCIPALS), { minLength: 1, maxLength: 2 })
      .map((aws) => ({ AWS: aws.length === 1 ? (aws[0] as string) : aws })),
    weight: 3,
  },
  { arbitrary: fc.constant({ Service: SERVICES[0] }), weight: 1 },
);

export function conditionOf(atoms: readonly Atom[]): NonNullable<StatementDocument['Condition']> {
  const out: Record<string, Record<string, ConditionValue[]>> = {};
  for (const a of atoms) {
    const block = (out[a.operator] ??= {});
    block[a.key] = [...new Set([...(block[a.key] ?? []), ...a.values])];
  }
  return out;
}

function arbAtoms(profile: Profile): fc.Arbitrary<Atom[]> {
  const identity = arbAtom(IDENTITY_KEYS);
  const request = arbAtom(REQUEST_KEYS);
  switch (profile) {
    case 'identity':
      return fc.tuple(fc.array(identity, { minLength: 1, maxLength: 2 }), fc.array(request, { maxLength: 1 })).map(([a, b]) => [...a, ...b]);
    case 'request':
      // Many keys in one statement.
      return fc.tuple(fc.array(request, { minLength: 1, maxLength: 5 }), fc.array(identity, { maxLength: 1 })).map(([a, b]) => [...a, ...b]);
    case 'mixed':
      return fc.array(fc.oneof(identity, request), { maxLength: 3 });
  }
}

/** Actions statements name: the audited ones, one that no column has, and `kms:*`. */
export const STATEMENT_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:CreateGrant', 'kms:PutKeyPolicy'] as const;

const arbStatement = (profile: Profile): fc.Arbitrary<StatementDocument> =>
  fc
    .record({
      effect: profile === 'request' ? fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny') : fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
      principal: arbPrincipal,
      action: fc.oneof(
        { arbitrary: fc.constant<string[]>(['kms:*']), weight: 1 },
        { arbitrary: fc.uniqueArray(fc.constantFrom(...STATEMENT_ACTIONS), { minLength: 1, maxLength: 2 }), weight: 3 },
      ),
      atoms: arbAtoms(profile),
    })
    .map(
      ({ effect, principal, action, atoms }): StatementDocument => ({
        Effect: effect,
        Principal: principal,
        Action: action.length === 1 ? (action[0] as string) : [...action],
        Resource: '*',
        ...(atoms.length > 0 ? { Condition: conditionOf(atoms) } : {}),
      }),
    );

/** The statement of the console's default key policy that lets the key's account use IAM. */
export const ENABLE_IAM: StatementDocument = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${KEY_ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*',
};

export interface AuditCase {
  readonly policy: PolicyDocument;
  /** The matrix's columns (`onlyActions`). */
  readonly actions: readonly string[];
}

export function arbAuditCase(profile: Profile): fc.Arbitrary<AuditCase> {
  return fc
    .record({
      actions: fc.constantFrom(...ACTION_SETS),
      enableIam: fc.boolean(),
      statements: fc.array(arbStatement(profile), { minLength: 1, maxLength: profile === 'request' ? 3 : 2 }),
    })
    .map(({ actions, enableIam, statements }) => ({
      actions,
      policy: { Version: '2012-10-17', Statement: [...(enableIam ? [ENABLE_IAM] : []), ...statements] },
    }));
}
