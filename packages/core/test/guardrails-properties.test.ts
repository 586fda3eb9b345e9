/**
 * Properties of the guardrails that hold whatever the policies say: AWS's defaults change nothing,
 * and guardrails only ever take permissions away (never grant, never lift an explicit deny).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createEvaluator,
  type EvaluationRequest,
  type EvaluatorInput,
  FULL_AWS_ACCESS,
  type GuardrailsInput,
  type PolicyDocument,
  RCP_FULL_AWS_ACCESS,
  type StatementDocument,
} from '../src/index.js';
import { arbIdentityPolicy, arbPolicy, arbRequest, EXTERNAL, KEY_ARN, OWNER } from './arbitraries.js';

const numRuns = Number(process.env['KMSIM_FC_RUNS'] ?? 3000);

const statementsOf = (p: PolicyDocument): StatementDocument[] => (Array.isArray(p.Statement) ? p.Statement : [p.Statement]);
/** An identity-style policy as an RCP: every statement takes `"Principal": "*"`. */
const asRcp = (p: PolicyDocument): PolicyDocument => ({ ...p, Statement: statementsOf(p).map((s) => ({ ...s, Principal: '*' as const })) });

const base = (policy: PolicyDocument, request: EvaluationRequest, identity: PolicyDocument | undefined): EvaluatorInput => ({
  keyPolicy: policy,
  key: { arn: KEY_ARN },
  ...(identity ? { identityPolicies: { [request.principal]: [identity] } } : {}),
});

/** Some guardrail or other around the key: SCP and RCP levels, boundaries and a session policy drawn from identity-style policies. */
const arbGuardrails: fc.Arbitrary<GuardrailsInput> = fc
  .record({
    scps: fc.array(fc.option(arbIdentityPolicy, { nil: undefined }), { minLength: 3, maxLength: 3 }),
    rcps: fc.array(fc.option(arbIdentityPolicy, { nil: undefined }), { minLength: 3, maxLength: 3 }),
    boundary: fc.option(arbIdentityPolicy, { nil: undefined }),
    externalBoundary: fc.option(arbIdentityPolicy, { nil: undefined }),
    session: fc.option(arbIdentityPolicy, { nil: undefined }),
  })
  .map(({ scps, rcps, boundary, externalBoundary, session }) => ({
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccount: '999999999999',
      accounts: {
        [OWNER]: {
          ouPath: ['r-ab12', 'ou-ab12-11111111'],
          scps: scps.map((p) => (p ? [FULL_AWS_ACCESS, p] : [FULL_AWS_ACCESS])),
          rcps: rcps.map((p) => (p ? [RCP_FULL_AWS_ACCESS, asRcp(p)] : [RCP_FULL_AWS_ACCESS])),
        },
        [EXTERNAL]: { ouPath: ['r-ab12'], scps: [[FULL_AWS_ACCESS], scps[0] ? [scps[0]] : [FULL_AWS_ACCESS]] },
      },
    },
    permissionsBoundaries: {
      ...(boundary ? { [`arn:aws:iam::${OWNER}:role/App`]: boundary, [`arn:aws:iam::${OWNER}:user/Alice`]: boundary } : {}),
      ...(externalBoundary ? { [`arn:aws:iam::${EXTERNAL}:role/Ops`]: externalBoundary } : {}),
    },
    sessionPolicies: session ? { [`arn:aws:sts::${OWNER}:assumed-role/App/session-1`]: [session] } : {},
  }));

const arbIdentity = fc.option(arbIdentityPolicy, { nil: undefined });

describe('guardrail properties', () => {
  it("an organization of AWS's default policies decides as no organization does", () => {
    const defaults: GuardrailsInput = {
      organization: {
        id: 'o-a1b2c3d4e5',
        managementAccount: '999999999999',
        accounts: {
          [OWNER]: {
            ouPath: ['r-ab12', 'ou-ab12-11111111'],
            scps: [[FULL_AWS_ACCESS], [], [FULL_AWS_ACCESS]],
            rcps: [[RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS], []],
          },
          [EXTERNAL]: { ouPath: ['r-ab12'] },
        },
      },
    };
    fc.assert(
      fc.property(arbPolicy, arbRequest, arbIdentity, (policy, request, identity) => {
        const plain = createEvaluator(base(policy, request, identity)).evaluate(request);
        const guarded = createEvaluator({ ...base(policy, request, identity), ...defaults }).evaluate(request);
        expect(guarded.decision).toBe(plain.decision);
        expect(guarded.guardrail).toBeUndefined();
      }),
      { numRuns },
    );
  });

  it('guardrails never grant, and never lift an explicit deny', () => {
    let changed = 0;
    fc.assert(
      fc.property(arbPolicy, arbRequest, arbIdentity, arbGuardrails, (policy, request, identity, guardrails) => {
        const plain = createEvaluator(base(policy, request, identity)).evaluate(request).decision;
        const guarded = createEvaluator({ ...base(policy, request, identity), ...guardrails }).evaluate(request);
        if (plain !== 'Allow') expect(guarded.decision).not.toBe('Allow');
        if (plain === 'ExplicitDeny') expect(guarded.decision).toBe('ExplicitDeny');
        // A guardrail that changed the decision says so; one that did not, does not.
        if (guarded.decision !== plain) {
          changed++;
          expect(guarded.guardrail).toBeDefined();
        }
        expect(() => guarded.trace).not.toThrow();
      }),
      { numRuns },
    );
    // Not vacuous: the drawn guardrails do change some decisions.
    expect(changed).toBeGreaterThan(0);
  });
});
