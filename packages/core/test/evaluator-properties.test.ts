/**
 * Metamorphic properties of the evaluator (issue #2): they hold for AWS's rules whatever the
 * policy says, so any counterexample is a bug in kmsim.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEvaluator, type EvaluationRequest, type PolicyDocument, type StatementDocument } from '../src/index.js';
import { arbIdentityPolicy, arbPolicy, arbRequest, arbStatement, KEY_ARN } from './arbitraries.js';

const numRuns = Number(process.env['KMSIM_FC_RUNS'] ?? 3000);

const statementsOf = (p: PolicyDocument): StatementDocument[] => (Array.isArray(p.Statement) ? p.Statement : [p.Statement]);

function decide(policy: PolicyDocument, request: EvaluationRequest, identity?: PolicyDocument): string {
  return createEvaluator({
    keyPolicy: policy,
    key: { arn: KEY_ARN },
    ...(identity ? { identityPolicies: { [request.principal]: [identity] } } : {}),
  }).evaluate(request).decision;
}

const arbIdentity = fc.option(arbIdentityPolicy, { nil: undefined });

describe('evaluator properties', () => {
  it('adding a Deny statement never turns a Deny into Allow', () => {
    fc.assert(
      fc.property(arbPolicy, arbStatement, arbRequest, arbIdentity, (policy, extra, request, identity) => {
        const before = decide(policy, request, identity);
        const after = decide({ ...policy, Statement: [...statementsOf(policy), { ...extra, Effect: 'Deny' }] }, request, identity);
        if (before !== 'Allow') expect(after).not.toBe('Allow');
        if (before === 'ExplicitDeny') expect(after).toBe('ExplicitDeny');
      }),
      { numRuns },
    );
  });

  it('adding an Allow statement never turns an Allow into Deny', () => {
    fc.assert(
      fc.property(arbPolicy, arbStatement, arbRequest, arbIdentity, (policy, extra, request, identity) => {
        const before = decide(policy, request, identity);
        const after = decide({ ...policy, Statement: [...statementsOf(policy), { ...extra, Effect: 'Allow' }] }, request, identity);
        if (before === 'Allow') expect(after).toBe('Allow');
      }),
      { numRuns },
    );
  });

  it('the explaining pass (trace) reaches the same decision as the fast path', () => {
    fc.assert(
      fc.property(arbPolicy, arbRequest, arbIdentity, (policy, request, identity) => {
        const d = createEvaluator({
          keyPolicy: policy,
          key: { arn: KEY_ARN },
          ...(identity ? { identityPolicies: { [request.principal]: [identity] } } : {}),
        }).evaluate(request);
        expect(() => d.trace).not.toThrow();
        expect(d.trace.statements.length + d.trace.notes.length).toBeGreaterThan(0);
      }),
      { numRuns },
    );
  });

  it('the trace shows what matched: its matched Deny statements are deniedBy, its Allow references matched', () => {
    const key = (r: { source: string; policyIndex: number; index: number }): string => `${r.source}/${r.policyIndex}/${r.index}`;
    fc.assert(
      fc.property(arbPolicy, arbRequest, arbIdentity, (policy, request, identity) => {
        const d = createEvaluator({
          keyPolicy: policy,
          key: { arn: KEY_ARN },
          ...(identity ? { identityPolicies: { [request.principal]: [identity] } } : {}),
        }).evaluate(request);
        const matched = d.trace.statements.filter((s) => s.matched);
        const denies = matched.filter((s) => s.effect === 'Deny').map(key);
        expect(d.decision === 'ExplicitDeny').toBe(denies.length > 0);
        expect(d.deniedBy.map(key)).toEqual(d.decision === 'ExplicitDeny' ? denies : []);
        const shown = new Set(matched.map(key));
        for (const r of d.allowedBy) if (r.source !== 'grant') expect(shown.has(key(r)), key(r)).toBe(true);
      }),
      { numRuns },
    );
  });

  it('statement order changes nothing', () => {
    fc.assert(
      fc.property(arbPolicy, arbRequest, arbIdentity, fc.infiniteStream(fc.nat()), (policy, request, identity, seeds) => {
        const list = statementsOf(policy);
        const keyed = list.map((s) => ({ s, k: seeds.next().value as number }));
        const shuffled = keyed.sort((a, b) => a.k - b.k).map((x) => x.s);
        expect(decide({ ...policy, Statement: shuffled }, request, identity)).toBe(decide(policy, request, identity));
      }),
      { numRuns },
    );
  });

  it('the letter case of actions changes nothing', () => {
    const scramble = (a: string, flip: boolean[]): string => [...a].map((ch, i) => (flip[i % flip.length] ? ch.toUpperCase() : ch.toLowerCase())).join('');
    fc.assert(
      fc.property(arbPolicy, arbRequest, arbIdentity, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (policy, request, identity, flip) => {
        const recase = (s: StatementDocument): StatementDocument => {
          const out = { ...s };
          if (s.Action) out.Action = [s.Action].flat().map((a) => scramble(a, flip));
          if (s.NotAction) out.NotAction = [s.NotAction].flat().map((a) => scramble(a, flip));
          return out;
        };
        const recased = { ...policy, Statement: statementsOf(policy).map(recase) };
        const request2 = { ...request, action: scramble(request.action, flip) };
        expect(decide(recased, request2, identity)).toBe(decide(policy, request, identity));
      }),
      { numRuns },
    );
  });

  it('splitting a statement with N actions into N statements changes nothing', () => {
    fc.assert(
      fc.property(arbPolicy, arbRequest, arbIdentity, (policy, request, identity) => {
        const split = statementsOf(policy).flatMap((s) => (s.Action ? [s.Action].flat().map((a) => ({ ...s, Action: a })) : [s]));
        expect(decide({ ...policy, Statement: split }, request, identity)).toBe(decide(policy, request, identity));
      }),
      { numRuns },
    );
  });
});
