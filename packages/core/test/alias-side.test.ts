/**
 * Alias requests without an alias: the alias classes (compile/alias-names.ts) against the wildcard
 * matcher on random alias names, and the evaluator's answer or RequestError (authorize/alias-side.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aliasClasses, aliasCoverage, aliasPrefixOf } from '../src/compile/alias-names.js';
import { compileWildcard, wildcardElems } from '../src/compile/wildcard.js';
import { createEvaluator, RequestError, type PolicyDocument, type StatementDocument } from '../src/index.js';

const RUNS = Number(process.env['KMSIM_FC_RUNS'] ?? 300);
const ACCOUNT = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const PREFIX = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/`;
const USER = `arn:aws:iam::${ACCOUNT}:user/Admin`;
const VALID_NAME = /^[A-Za-z0-9/_-]{1,250}$/;

const patternArb = fc.string({ unit: fc.constantFrom('a', 'w', 's', '/', 'x', '-', '*', '?', ':'), maxLength: 8 }).map((tail) => PREFIX + tail);
const nameArb = fc.string({ unit: fc.constantFrom('a', 'w', 's', '/', 'x', '-', 'Q'), minLength: 1, maxLength: 10 }).filter((n) => !n.startsWith('aws/'));

describe('aliasClasses', () => {
  it('gives every combination of matches some valid alias reaches, each with a witness of it', () => {
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 3 }), fc.array(nameArb, { maxLength: 10 }), (patterns, names) => {
        const sets = patterns.map((p) => ({ negated: false, patterns: [wildcardElems(p, 'resource')] }));
        const matchers = patterns.map((p) => compileWildcard(p, 'resource'));
        const { classes, complete } = aliasClasses(PREFIX, sets);
        expect(complete).toBe(true);
        for (const c of classes) {
          const name = c.witness.slice(PREFIX.length);
          expect(VALID_NAME.test(name) && !name.startsWith('aws/'), c.witness).toBe(true);
          expect(matchers.map((m) => m(c.witness))).toEqual(c.matches);
        }
        const vectors = new Set(classes.map((c) => c.matches.join()));
        for (const n of names) expect(vectors.has(matchers.map((m) => m(PREFIX + n)).join()), n).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('says all, none or some for one Resource', () => {
    const cover = (p: string, negated = false): string => aliasCoverage(PREFIX, { negated, patterns: [wildcardElems(p, 'resource')] });
    expect(cover('*')).toBe('all');
    expect(cover(`${PREFIX}*`)).toBe('all');
    expect(cover(`arn:aws:kms:*:${ACCOUNT}:*`)).toBe('all');
    expect(cover(`${PREFIX}?*`)).toBe('all');
    expect(cover(`${PREFIX}test*`)).toBe('some');
    // alias/aws/ is reserved for AWS managed keys: no alias of the account's own begins with it.
    expect(cover(`${PREFIX}aws/*`)).toBe('none');
    expect(cover(`${PREFIX}aws*`)).toBe('some');
    expect(cover(`arn:aws:kms:us-east-1:${ACCOUNT}:key/*`)).toBe('none');
    expect(cover(`arn:aws:kms:eu-west-1:${ACCOUNT}:alias/*`)).toBe('none');
    expect(cover(`arn:aws:kms:us-east-1:${ACCOUNT}:key/*`, true)).toBe('all');
  });

  it('reads the alias prefix from a key ARN', () => {
    expect(aliasPrefixOf(KEY)).toBe(PREFIX);
    expect(aliasPrefixOf('arn:aws:kms:::key/x')).toBeUndefined();
  });
});

const ROOT_KEY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'EnableIam', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

function evaluatorWith(statements: StatementDocument[]) {
  return createEvaluator({
    keyPolicy: ROOT_KEY_POLICY,
    key: { arn: KEY },
    identityPolicies: { [USER]: [{ Version: '2012-10-17', Statement: statements }] },
  });
}

const allowAll: StatementDocument = { Effect: 'Allow', Action: 'kms:*', Resource: '*' };

describe('alias actions without aliasArn', () => {
  for (const action of ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias']) {
    it(`${action}: kms:* on "*" allows it for every alias, and says so`, () => {
      const d = evaluatorWith([allowAll]).evaluate({ principal: USER, action });
      expect(d.decision).toBe('Allow');
      expect(d.trace.notes.join('\n')).toMatch(/holds for every alias of the key's account and Region/);
    });
  }

  it('a Deny on every alias of the account is an explicit deny without an alias', () => {
    const d = evaluatorWith([allowAll, { Effect: 'Deny', Action: 'kms:CreateAlias', Resource: `${PREFIX}*` }]).evaluate({
      principal: USER,
      action: 'kms:CreateAlias',
    });
    expect(d.decision).toBe('ExplicitDeny');
  });

  it('an Allow on the key only is an implicit deny for every alias', () => {
    const d = evaluatorWith([{ Effect: 'Allow', Action: 'kms:*', Resource: KEY }]).evaluate({ principal: USER, action: 'kms:DeleteAlias' });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.trace.notes).toContain('no identity policy allows kms:DeleteAlias on any alias');
  });

  it('a Deny on alias/aws/* covers none of the account aliases', () => {
    const d = evaluatorWith([allowAll, { Effect: 'Deny', Action: 'kms:*', Resource: `${PREFIX}aws/*` }]).evaluate({
      principal: USER,
      action: 'kms:CreateAlias',
    });
    expect(d.decision).toBe('Allow');
  });

  it('a Resource covering some aliases is a RequestError naming aliasArn and why', () => {
    const e = evaluatorWith([allowAll, { Effect: 'Deny', Action: 'kms:CreateAlias', Resource: `${PREFIX}prod-*` }]);
    expect(() => e.evaluate({ principal: USER, action: 'kms:CreateAlias' })).toThrow(RequestError);
    try {
      e.evaluate({ principal: USER, action: 'kms:CreateAlias' });
    } catch (err) {
      expect((err as RequestError).field).toBe('aliasArn');
      expect((err as Error).message).toMatch(/^request\.aliasArn: .*authorized on the alias as well as on the key.*alias-access\.html.*covers some aliases/);
    }
    // With an alias, the answer is given.
    expect(e.evaluate({ principal: USER, action: 'kms:CreateAlias', aliasArn: `${PREFIX}prod-db` }).decision).toBe('ExplicitDeny');
    expect(e.evaluate({ principal: USER, action: 'kms:CreateAlias', aliasArn: `${PREFIX}dev-db` }).decision).toBe('Allow');
  });

  it('a condition on an alias-dependent key is a RequestError', () => {
    const e = evaluatorWith([{ ...allowAll, Condition: { StringLike: { 'kms:RequestAlias': 'alias/app-*' } } }]);
    expect(() => e.evaluate({ principal: USER, action: 'kms:UpdateAlias' })).toThrow(/reads kms:RequestAlias/);
  });

  it('a statement whose conditions do not hold applies to no alias', () => {
    const e = evaluatorWith([
      allowAll,
      { Effect: 'Deny', Action: 'kms:*', Resource: `${PREFIX}prod-*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
    expect(e.evaluate({ principal: USER, action: 'kms:CreateAlias', context: { 'aws:SecureTransport': true } }).decision).toBe('Allow');
    expect(() => e.evaluate({ principal: USER, action: 'kms:CreateAlias', context: { 'aws:SecureTransport': false } })).toThrow(RequestError);
  });

  it('a Resource with a policy variable is decided on the resolved pattern', () => {
    const e = evaluatorWith([{ Effect: 'Allow', Action: 'kms:*', Resource: [KEY, `arn:aws:kms:us-east-1:${ACCOUNT}:\${aws:PrincipalTag/kind}/*`] }]);
    const context = (kind: string) => ({ 'aws:PrincipalTag/kind': kind });
    expect(e.evaluate({ principal: USER, action: 'kms:CreateAlias', context: context('alias') }).decision).toBe('Allow');
    expect(e.evaluate({ principal: USER, action: 'kms:CreateAlias', context: context('key') }).decision).toBe('ImplicitDeny');
    expect(() => e.evaluate({ principal: USER, action: 'kms:CreateAlias', context: context('alias/team') })).toThrow(RequestError);
  });

  it('aliasClasses gives a witness per class, each answered as its class', () => {
    const e = evaluatorWith([allowAll, { Effect: 'Deny', Action: 'kms:CreateAlias', Resource: `${PREFIX}prod-*` }]);
    const { classes, complete } = e.aliasClasses?.({ principal: USER, action: 'kms:CreateAlias' }) ?? { classes: [], complete: false };
    expect(complete).toBe(true);
    const decisions = classes.map((c) => e.evaluate({ principal: USER, action: 'kms:CreateAlias', aliasArn: c.witness }).decision).sort();
    expect(decisions).toEqual(['Allow', 'ExplicitDeny']);
  });

  it('the root user is not limited by identity policies: its alias side holds for every alias', () => {
    const e = evaluatorWith([allowAll]);
    expect(e.evaluate({ principal: `arn:aws:iam::${ACCOUNT}:root`, action: 'kms:CreateAlias' }).decision).toBe('Allow');
  });

  it('a caller without identity policies is denied every alias, and the trace says it holds for every alias', () => {
    const e = createEvaluator({
      keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'kms:*', Resource: '*' }] },
      key: { arn: KEY },
    });
    for (let i = 0; i < 2; i++) {
      const d = e.evaluate({ principal: USER, action: 'kms:CreateAlias' });
      expect(d.decision).toBe('ImplicitDeny');
      expect(d.trace.notes.join('\n')).toMatch(/holds for every alias.*no identity statement covers any/);
    }
  });
});
