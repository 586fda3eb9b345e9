/**
 * compile/policy.ts and the evaluator's caches: the indexes only narrow the search (never drop a
 * statement that applies), and what is cached (per caller, per role crowd, per action, per mask)
 * never changes an answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestContext } from '../src/authorize/context.js';
import { CACHE_LIMIT } from '../src/authorize/evaluator.js';
import { compilePolicy } from '../src/compile/policy.js';
import { resolvePattern } from '../src/conditions/variables.js';
import { createEvaluator, type EvaluationRequest } from '../src/index.js';
import type { JsonValue, PolicyDocument } from '../src/model/policy.js';
import { toPolicy } from '../src/parse/to-model.js';
import { parseCaller } from '../src/principal/caller.js';
import { arbActionName, arbCaller, arbPolicy, KEY_ARN, OWNER } from './arbitraries.js';

const numRuns = Number(process.env['KMSIM_FC_RUNS'] ?? 1000);

describe('compiled policy indexes', () => {
  it('principalCandidates holds every statement whose Principal or NotPrincipal covers the caller', () => {
    fc.assert(
      fc.property(arbPolicy, arbCaller, (doc, principal) => {
        const compiled = compilePolicy(toPolicy(doc as unknown as JsonValue), 'key-policy');
        const caller = parseCaller(principal);
        const candidates = new Set(compiled.principalCandidates(caller));
        compiled.statements.forEach((s, i) => {
          if (s.principal(caller) !== 'none') expect(candidates.has(i), `statement ${i}`).toBe(true);
        });
      }),
      { numRuns },
    );
  });

  it('actionMask marks exactly the statements with an Effect whose Action covers the action', () => {
    fc.assert(
      fc.property(arbPolicy, arbActionName, (doc, action) => {
        const compiled = compilePolicy(toPolicy(doc as unknown as JsonValue), 'key-policy');
        const lower = action.toLowerCase();
        const mask = compiled.actionMask(lower);
        for (const [i, s] of compiled.statements.entries()) expect(mask[i] === 1).toBe(s.statement.effect !== undefined && s.matchesAction(lower));
      }),
      { numRuns },
    );
  });

  it('a NotPrincipal statement is a candidate for every caller; a statement without Principal for none', () => {
    const compiled = compilePolicy(
      toPolicy({
        Statement: [
          { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${OWNER}:role/A` }, Action: '*', Resource: '*' },
          { Effect: 'Allow', Action: '*', Resource: '*' },
        ],
      }),
      'key-policy',
    );
    expect(compiled.principalCandidates(parseCaller(`arn:aws:iam::${OWNER}:user/X`))).toEqual([0]);
    expect(compiled.named.has(`arn:aws:iam::${OWNER}:role/A`)).toBe(true);
  });
});

describe('evaluator caches', () => {
  const role = `arn:aws:iam::${OWNER}:role/App`;
  const session = (name: string): string => `arn:aws:sts::${OWNER}:assumed-role/App/${name}`;
  const keyPolicy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Named', Effect: 'Allow', Principal: { AWS: session('named') }, Action: 'kms:Decrypt', Resource: '*' },
      { Sid: 'Deny', Effect: 'Deny', Principal: '*', Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalArn': role } } },
    ],
  };

  it("a session named by the policy is not one of its role's crowd, whichever comes first", () => {
    for (const order of [
      ['other', 'named'],
      ['named', 'other'],
    ]) {
      const e = createEvaluator({ keyPolicy, key: { arn: KEY_ARN } });
      const got = order.map((n) => e.evaluate({ principal: session(n), action: 'kms:Decrypt' }).decision);
      expect(Object.fromEntries(order.map((n, i) => [n, got[i]]))).toEqual({ named: 'Allow', other: 'ImplicitDeny' });
    }
  });

  it('a crowd member keeps its own ARN in the sentence and the trace', () => {
    const e = createEvaluator({ keyPolicy, key: { arn: KEY_ARN } });
    e.evaluate({ principal: session('first'), action: 'kms:Decrypt' });
    const d = e.evaluate({ principal: session('second'), action: 'kms:Decrypt' });
    expect(d.reason).toContain(session('second'));
    expect(d.trace.context['aws:PrincipalArn']).toBe(role);
    expect(e.evaluate({ principal: session('third'), action: 'kms:Encrypt' }).decision).toBe('ExplicitDeny');
  });

  it("an invalid session name is still rejected after its role's crowd is known", () => {
    const e = createEvaluator({ keyPolicy, key: { arn: KEY_ARN } });
    e.evaluate({ principal: session('ok'), action: 'kms:Decrypt' });
    expect(() => e.evaluate({ principal: session('bad\nname'), action: 'kms:Decrypt' })).toThrow(/not a principal/);
    expect(() => e.evaluate({ principal: session('ok'), principalAccount: '444455556666', action: 'kms:Decrypt' })).toThrow(/does not match/);
  });

  it('answers stay the same after the caches have evicted (more callers than CACHE_LIMIT)', () => {
    const e = createEvaluator({
      keyPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:user/u7` }, Action: 'kms:Decrypt', Resource: '*' }],
      },
      key: { arn: KEY_ARN },
    });
    const ask = (i: number): string => e.evaluate({ principal: `arn:aws:iam::${OWNER}:user/u${i}`, action: 'kms:Decrypt' }).decision;
    const first = [ask(7), ask(8)];
    for (let i = 0; i < CACHE_LIMIT + 100; i++) ask(i + 100);
    expect([ask(7), ask(8)]).toEqual(first);
    expect(first).toEqual(['Allow', 'ImplicitDeny']);
  });

  it("outcomes decided once per candidate mask follow the request's context", () => {
    const e = createEvaluator({
      keyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
          },
          { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ],
      },
      key: { arn: KEY_ARN },
    });
    const ask = (context: NonNullable<EvaluationRequest['context']>): string => e.evaluate({ principal: role, action: 'kms:Decrypt', context }).decision;
    for (let round = 0; round < 2; round++) {
      expect(ask({ 'kms:ViaService': 's3.us-east-1.amazonaws.com' })).toBe('Allow');
      expect(ask({ 'KMS:VIASERVICE': 's3.us-east-1.amazonaws.com', 'aws:SecureTransport': false })).toBe('ExplicitDeny');
      expect(ask({})).toBe('ImplicitDeny');
    }
  });
});

describe('RequestContext', () => {
  const derived = new Map([['aws:principalaccount', OWNER]]);

  it('reads keys without case, the first spelling with a value winning, over the derived values', () => {
    const c = new RequestContext({ 'kms:ViaService': 'a', 'KMS:VIASERVICE': 'b', 'aws:PrincipalAccount': '999999999999' }, derived);
    expect(c.get('KMS:viaservice')).toBe('a');
    expect(c.get('aws:principalaccount')).toBe('999999999999');
    expect(new RequestContext({}, derived).get('aws:PrincipalAccount')).toBe(OWNER);
  });

  it('derives kms:EncryptionContextKeys from the encryption context when not given', () => {
    expect(new RequestContext({ 'kms:EncryptionContext:App': 'x', 'kms:encryptioncontext:Team': 'y' }, derived).get('kms:EncryptionContextKeys')).toEqual([
      'App',
      'Team',
    ]);
    expect(new RequestContext({ 'kms:EncryptionContextKeys': ['Z'], 'kms:EncryptionContext:App': 'x' }, derived).get('kms:encryptioncontextkeys')).toEqual([
      'Z',
    ]);
    expect(new RequestContext({}, derived).get('kms:EncryptionContextKeys')).toBeUndefined();
  });

  it('a large context (indexed) reads the same as a small one (scanned)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'A', 'b', 'B', 'c', 'kms:x', 'KMS:X'), fc.string()), { maxLength: 30 }), (pairs) => {
        const record: Record<string, string> = {};
        for (const [k, v] of pairs) record[k] = v;
        const padded: Record<string, string> = { ...record };
        for (let i = 0; i < 20; i++) padded[`pad${i}`] = '';
        for (const key of ['a', 'B', 'kms:X', 'missing']) {
          expect(new RequestContext(padded, derived).get(key)).toBe(new RequestContext(record, derived).get(key));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('resolvePattern', () => {
  it('gives the positions of ${*} and ${?} in the resolved text', () => {
    const ctx = { get: (k: string) => (k.toLowerCase() === 'aws:username' ? 'al*ce' : undefined) };
    expect(resolvePattern('a${*}b${?}', ctx)).toEqual({ text: 'a*b?', literals: new Set([1, 3]) });
    expect(resolvePattern('${aws:username}-${*}', ctx)).toEqual({ text: 'al*ce-*', literals: new Set([6]) });
    expect(resolvePattern('${aws:missing}', ctx)).toBeUndefined();
    expect(resolvePattern("${aws:missing, 'd*'}${*}", ctx)).toEqual({ text: 'd**', literals: new Set([2]) });
  });
});
