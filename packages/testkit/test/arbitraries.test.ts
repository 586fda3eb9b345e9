/** Arbitraries: valid values, the documented domains, and the bias towards what a policy mentions. */
import { createEvaluator, findAction, findConditionKey, parseCaller, parseKeyPolicy, type PolicyDocument } from '@kmsim/core';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  anyOutsideAccount,
  arbAccountId,
  arbContext,
  arbKeyPolicy,
  arbKmsAction,
  arbPrincipalArn,
  arbRequest,
  arbServicePrincipal,
  arbStatement,
  arbViaService,
  PrincipalArbitrary,
} from '../src/arbitraries/index.js';

const ACCT = '111122223333';
const S3 = 's3.us-east-1.amazonaws.com';

const key: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'App roles',
      Effect: 'Allow',
      Principal: '*',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app-*' } },
    },
    {
      Sid: 'Web',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${ACCT}:role/Web`, 'arn:aws:iam::444455556666:root'] },
      Action: ['kms:Encrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': S3 }, NumericLessThan: { 'kms:EncryptionContext:size': '100' } },
    },
  ],
};

const sample = <T>(arb: fc.Arbitrary<T>, n = 300): T[] => fc.sample(arb, { numRuns: n, seed: 7 });

describe('accounts and principals', () => {
  test.prop([arbAccountId()])('arbAccountId: 12 digits', (a) => {
    expect(a).toMatch(/^\d{12}$/);
  });

  test.prop([arbAccountId({ exclude: ['000000000000'] })])('arbAccountId: never an excluded account', (a) => {
    expect(a).not.toBe('000000000000');
  });

  test.prop([arbPrincipalArn({ account: ACCT })])('arbPrincipalArn: principals the evaluator parses, in the account', (p) => {
    expect(parseCaller(p).account).toBe(ACCT);
  });

  it('arbPrincipalArn: the kinds asked for', () => {
    const kinds = new Set(sample(arbPrincipalArn({ kinds: ['role', 'assumed-role'] })).map((p) => parseCaller(p).kind));
    expect([...kinds].sort()).toEqual(['assumed-role', 'role']);
  });

  test.prop([arbServicePrincipal()])('arbServicePrincipal: service principals', (s) => {
    expect(s).toMatch(/\.amazonaws\.com$/);
    expect(parseCaller(s).kind).toBe('service');
  });

  test.prop([anyOutsideAccount(ACCT)])('anyOutsideAccount: IAM principals of any account but that one', (p) => {
    const caller = parseCaller(p);
    expect(caller.account).toMatch(/^\d{12}$/);
    expect(caller.account).not.toBe(ACCT);
  });

  it('anyOutsideAccount is a PrincipalArbitrary that biases itself towards a key, staying in its domain', () => {
    const outside = anyOutsideAccount(ACCT);
    expect(outside).toBeInstanceOf(PrincipalArbitrary);
    expect(outside.accepts(`arn:aws:iam::${ACCT}:role/x`)).toBe(false);
    const values = sample(outside.forKey(key), 200);
    expect(values.every((p) => parseCaller(p).account !== ACCT)).toBe(true);
    // Instances of the aws:PrincipalArn pattern and the named external account.
    expect(values.filter((p) => /:role\/app-/.test(p)).length).toBeGreaterThan(20);
    expect(values).toContain('arn:aws:iam::444455556666:root');
  });
});

describe('actions', () => {
  test.prop([arbKmsAction({ keyType: 'hmac' })])('arbKmsAction({ keyType }): actions of that key type', (a) => {
    expect(findAction(a)?.keyClasses).toContain('hmac');
  });

  it('arbKmsAction: key actions by default, groups on request', () => {
    const all = new Set(sample(arbKmsAction(), 2000));
    expect(all.has('kms:Decrypt')).toBe(true);
    expect(all.has('kms:CreateKey')).toBe(false);
    const admin = new Set(sample(arbKmsAction({ groups: ['admin'] })));
    expect(admin.has('kms:PutKeyPolicy')).toBe(true);
    expect(admin.has('kms:Decrypt')).toBe(false);
  });
});

describe('contexts', () => {
  it('arbContext(policy): only the free keys the policy tests, biased towards its values', () => {
    const contexts = sample(arbContext(key), 300);
    const keys = new Set(contexts.flatMap((c) => Object.keys(c)));
    expect([...keys].sort()).toEqual(['kms:EncryptionContext:size', 'kms:EncryptionContextKeys', 'kms:ViaService']);
    // aws:PrincipalArn is derived from the principal: a request cannot carry it.
    expect(keys.has('aws:PrincipalArn')).toBe(false);
    expect(contexts.filter((c) => c['kms:ViaService'] === S3).length).toBeGreaterThan(50);
    // The numeric classes around the bound: below and at-or-above 100.
    const sizes = contexts.map((c) => Number(c['kms:EncryptionContext:size'])).filter((n) => !Number.isNaN(n));
    expect(sizes.some((n) => n < 100)).toBe(true);
    expect(sizes.some((n) => n >= 100)).toBe(true);
    expect(contexts.some((c) => Object.keys(c).length === 0)).toBe(true);
  });

  test.prop([arbContext(key)])('arbContext: encryption context pairs and kms:EncryptionContextKeys agree', (c) => {
    const pairs = Object.keys(c)
      .filter((k) => k.startsWith('kms:EncryptionContext:'))
      .map((k) => k.slice('kms:EncryptionContext:'.length));
    if (pairs.length) expect(c['kms:EncryptionContextKeys']).toEqual(pairs);
  });

  test.prop([arbContext()])('arbContext(): common keys without a policy', (c) => {
    for (const k of Object.keys(c)) expect(findConditionKey(k), k).toBeDefined();
  });

  test.prop([arbViaService({ exclude: [S3] })])('arbViaService: service endpoints, never an excluded one', (v) => {
    expect(v).toMatch(/^[a-z0-9]+\.[a-z]+-[a-z]+-\d\.amazonaws\.com$/);
    expect(v).not.toBe(S3);
  });
});

describe('statements and policies', () => {
  test.prop([arbStatement()])('arbStatement: statements the parser reads without errors', (s) => {
    const parsed = parseKeyPolicy(JSON.stringify({ Version: '2012-10-17', Statement: [s] }));
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test.prop([arbKeyPolicy({ account: ACCT }), arbPrincipalArn(), arbKmsAction()])(
    'the evaluator decides every generated policy and request',
    (policy, principal, action) => {
      const d = createEvaluator({ keyPolicy: policy }).evaluate({ principal, action });
      expect(['Allow', 'ExplicitDeny', 'ImplicitDeny']).toContain(d.decision);
    },
  );

  test.prop([arbKeyPolicy({ account: ACCT }), arbPrincipalArn({ account: ACCT }), arbKmsAction()])(
    'composes: a Deny of kms:* for everyone always wins',
    (policy, principal, action) => {
      const statements = [policy.Statement].flat();
      const denied = { ...policy, Statement: [...statements, { Effect: 'Deny' as const, Principal: '*' as const, Action: 'kms:*', Resource: '*' }] };
      expect(createEvaluator({ keyPolicy: denied }).evaluate({ principal, action }).decision).toBe('ExplicitDeny');
    },
  );
});

describe('arbRequest', () => {
  it('is biased towards the principals, actions and condition values of the key', () => {
    const requests = sample(arbRequest(key), 400);
    const principals = requests.map((r) => r.principal);
    expect(principals.filter((p) => /:role\/app-/.test(p)).length).toBeGreaterThan(20);
    expect(principals).toContain(`arn:aws:iam::${ACCT}:role/Web`);
    expect(principals).toContain('arn:aws:iam::444455556666:root');
    const actions = new Set(requests.map((r) => r.action));
    for (const a of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']) expect(actions.has(a), a).toBe(true);
    expect(requests.some((r) => r.context['kms:ViaService'] === S3)).toBe(true);
  });

  test.prop([arbRequest(key, { principal: anyOutsideAccount(ACCT), action: ['kms:Decrypt', 'Encrypt'] })])('respects the fixed parts', (r) => {
    expect(parseCaller(r.principal).account).not.toBe(ACCT);
    expect(['kms:Decrypt', 'kms:Encrypt']).toContain(r.action);
  });
});
