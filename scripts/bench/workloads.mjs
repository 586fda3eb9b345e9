// The policies and requests `pnpm bench` runs, each with the answers it must give: expected
// decisions are written from the policy's construction, never read back from kmsim.
import { consoleDefaultKeyPolicy } from '@kmsim/core';

export const ACCOUNT = '111122223333';
export const EXTERNAL = '444455556666';
export const KEY = { arn: `arn:aws:kms:us-west-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };
const ALLOW_KMS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };
const ENABLE_IAM = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };

// ---------------------------------------------------------------------------------------------
// The console's default key policy: administrators, users, an external account.
const ADMIN_USER = `arn:aws:iam::${ACCOUNT}:user/KMSAdminUser`;
const USER_ROLE = `arn:aws:iam::${ACCOUNT}:role/ExampleRole`;
const EXTERNAL_ROLE = `arn:aws:iam::${EXTERNAL}:role/Ops`;
export const consolePolicy = consoleDefaultKeyPolicy({
  account: ACCOUNT,
  keyType: 'symmetric',
  administrators: [ADMIN_USER, `arn:aws:iam::${ACCOUNT}:role/KMSAdminRole`],
  users: [`arn:aws:iam::${ACCOUNT}:user/ExampleUser`, USER_ROLE],
  externalAccounts: [EXTERNAL],
});
/** The external account's role has an IAM policy allowing kms:* (its account delegates to it). */
export const consoleInput = { keyPolicy: consolePolicy, key: KEY, identityPolicies: { [EXTERNAL_ROLE]: [ALLOW_KMS] } };

const A = 'Allow';
const I = 'ImplicitDeny';
const E = 'ExplicitDeny';
const ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:ScheduleKeyDeletion', 'kms:GenerateDataKey'];
/** By principal, the decision for each of ACTIONS (CreateGrant with kms:GrantIsForAWSResource = true). */
const CONSOLE_EXPECTED = {
  // Key user: the five crypto actions and the grants statement.
  [USER_ROLE]: [A, A, I, A, I, A],
  // Administrator: kms:Put*, kms:Create*, kms:ScheduleKeyDeletion; no crypto.
  [ADMIN_USER]: [I, I, A, A, A, I],
  // Not named, no IAM policy: the account statement only makes IAM policies effective.
  [`arn:aws:iam::${ACCOUNT}:role/Unnamed`]: [I, I, I, I, I, I],
  // External account: the key users' statements through its account, with its IAM policy.
  [EXTERNAL_ROLE]: [A, A, I, A, I, A],
  // The key account's root user: never limited by IAM, let in by the account statement.
  [`arn:aws:iam::${ACCOUNT}:root`]: [A, A, A, A, A, A],
};
const requestOf = (principal, action) => ({ principal, action, context: action === 'kms:CreateGrant' ? { 'kms:GrantIsForAWSResource': true } : {} });
export const consoleRequests = Object.entries(CONSOLE_EXPECTED).flatMap(([principal, decisions]) =>
  ACTIONS.map((action, i) => ({ request: requestOf(principal, action), expected: decisions[i] })),
);

/**
 * A new caller on every request: the n-th request's principal is a session never seen before.
 * Sessions of the key user role are allowed to decrypt; of an unnamed role (no IAM policy), not;
 * of the external role, not (the session has no IAM policy of its own in this input).
 */
export const consoleFreshCallers = [
  { prefix: `arn:aws:sts::${ACCOUNT}:assumed-role/ExampleRole/s`, action: 'kms:Decrypt', expected: A },
  { prefix: `arn:aws:sts::${ACCOUNT}:assumed-role/Unnamed/s`, action: 'kms:Decrypt', expected: I },
  { prefix: `arn:aws:sts::${ACCOUNT}:assumed-role/ExampleRole/t`, action: 'kms:PutKeyPolicy', expected: I },
  { prefix: `arn:aws:sts::${EXTERNAL}:assumed-role/Ops/s`, action: 'kms:Decrypt', expected: I },
];

// ---------------------------------------------------------------------------------------------
// 1,000 statements, statement i naming role app-i of the key's account: Allow kms:Decrypt and
// kms:Encrypt through one of two services (every tenth statement is a Deny instead).
export const thousandPolicy = {
  Version: '2012-10-17',
  Statement: [
    ENABLE_IAM,
    ...Array.from({ length: 1000 }, (_, i) => ({
      Sid: `App${i}`,
      Effect: i % 10 === 9 ? 'Deny' : 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app-${i}` },
      Action: ['kms:Decrypt', 'kms:Encrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': `s3.us-east-${(i % 2) + 1}.amazonaws.com` } },
    })),
  ],
};
/** The n-th fresh caller: a new session of role app-(n·37 mod 1000), through its service or the other one. */
export function thousandFresh(n) {
  const role = (n * 37) % 1000;
  const through = n % 3 === 0 ? 2 - (role % 2) : (role % 2) + 1;
  const matches = through === (role % 2) + 1;
  return {
    request: {
      principal: `arn:aws:sts::${ACCOUNT}:assumed-role/app-${role}/session-${n}`,
      action: n % 2 ? 'kms:Decrypt' : 'kms:Encrypt',
      context: { 'kms:ViaService': `s3.us-east-${through}.amazonaws.com` },
    },
    expected: !matches ? I : role % 10 === 9 ? E : A,
  };
}

// ---------------------------------------------------------------------------------------------
// 500 distinct principals: 125 statements naming four roles each (every fifth of another account),
// statement s allowing kms:Decrypt plus one more action, through kms:ViaService when s % 3 = 0.
export const principal500 = (k) => `arn:aws:iam::${k % 5 === 4 ? EXTERNAL : ACCOUNT}:role/svc-${k}`;
export function fiveHundredPolicy(changed = false) {
  return {
    Version: '2012-10-17',
    Statement: [
      ENABLE_IAM,
      ...Array.from({ length: 125 }, (_, s) => ({
        Sid: `Svc${s}`,
        // The "after" side of the diff bench: statement 0 becomes a Deny.
        Effect: changed && s === 0 ? 'Deny' : 'Allow',
        Principal: { AWS: [0, 1, 2, 3].map((j) => principal500(4 * s + j)) },
        Action: ['kms:Decrypt', s % 2 ? 'kms:Encrypt' : 'kms:GenerateDataKey'],
        Resource: '*',
        ...(s % 3 === 0 ? { Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } } } : {}),
      })),
    ],
  };
}
/** Expected kms:Decrypt outcome of principal k's row in the 500-principal matrix. */
export const fiveHundredDecrypt = (k) => (Math.floor(k / 4) % 3 === 0 ? 'Conditional' : 'Allow');

// ---------------------------------------------------------------------------------------------
// issue 9: a public Allow, then 12 Deny statements StringNotLike kms:EncryptionContext:x "*a*" … "*l*".
export const twelveDenyPolicy = {
  Version: '2012-10-17',
  Statement: [
    ENABLE_IAM,
    { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
    ...'abcdefghijkl'.split('').map((l) => ({
      Sid: `Deny${l.toUpperCase()}`,
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringNotLike: { 'kms:EncryptionContext:x': `*${l}*` } },
    })),
  ],
};

/** n statements, each a public Allow of kms:Decrypt and kms:Encrypt under its own encryption-context key. */
export function ownKeyPolicy(n) {
  return {
    Version: '2012-10-17',
    Statement: [
      ENABLE_IAM,
      ...Array.from({ length: n }, (_, i) => ({
        Sid: `Context${i}`,
        Effect: 'Allow',
        Principal: '*',
        Action: ['kms:Decrypt', 'kms:Encrypt'],
        Resource: '*',
        Condition: { StringEquals: { [`kms:EncryptionContext:k${i}`]: `v${i}` } },
      })),
    ],
  };
}

/** 8 keys in one statement, four classes each (a… without b at the end, a…b, other, absent). */
export const eightKeyPolicy = {
  Version: '2012-10-17',
  Statement: [
    ENABLE_IAM,
    {
      Sid: 'EightKeys',
      Effect: 'Allow',
      Principal: '*',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        StringLike: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`kms:EncryptionContext:k${i + 1}`, 'a*'])),
        StringNotLike: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`kms:EncryptionContext:k${i + 1}`, '*b'])),
      },
    },
  ],
};

/** StringLike with 20 stars: `*a*a…*a*b` (19 a's); backtracking matchers take exponential time on it. */
export const starPattern = `${'*a'.repeat(19)}*b`;
export const starInput = {
  key: KEY,
  keyPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Stars',
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringLike: { 'kms:EncryptionContext:x': starPattern } },
      },
    ],
  },
  identityPolicies: { [`arn:aws:iam::${EXTERNAL}:role/Ops`]: [ALLOW_KMS] },
};
export const starRequests = [
  ['a'.repeat(10_000), I],
  [`${'a'.repeat(9_999)}b`, A],
  ['ab'.repeat(5_000), A],
  [`${'a'.repeat(18)}${'b'.repeat(9_982)}`, I],
].map(([x, expected]) => ({
  request: {
    principal: `arn:aws:iam::${EXTERNAL}:role/Ops`,
    action: 'kms:Decrypt',
    context: { 'kms:EncryptionContext:x': x, 'kms:EncryptionContextKeys': ['x'] },
  },
  expected,
}));
