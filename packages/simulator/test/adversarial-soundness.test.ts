/**
 * Tests that attack (issue 9, item 6): random key policies written by an adversary (see
 * test/adversary/policies.ts) against the matrix's promise that a cell answers for every member of
 * its row's class. Each policy is simulated, and core's evaluator decides, for random concrete
 * members of each row's class with random requests, and for every point's own request:
 * (a) no never-allowed cell while a member is allowed, (b) no always-allowed cell while a member is
 * denied, (c) every point's request is one a member can send, decided as the point says.
 *
 * 10,000 policies per run in all (KMSIM_FC_RUNS sets another total), on one or two actions each,
 * and a share more (GUARDRAIL_SHARE of the total) in an organization with random SCPs and RCPs,
 * sometimes permissions boundaries, session and VPC endpoint policies (test/adversary/guardrails.ts),
 * given to core as to the simulator.
 */
import fc from 'fast-check';
import { consoleDefaultKeyPolicy, type Organization, type PolicyDocument, RCP_FULL_AWS_ACCESS } from '@kmsim/core';
import { simulate, type SimulationInput } from '@kmsim/simulator';
import { describe, expect, it } from 'vitest';
import { audit } from './adversary/audit.js';
import { arbGuardrailCase } from './adversary/guardrails.js';
import { arbAuditCase, ENABLE_IAM, type Profile } from './adversary/policies.js';
import { KEY, KEY_ACCOUNT } from './adversary/world.js';

const TOTAL = Number(process.env['KMSIM_FC_RUNS'] ?? 10_000);
const SHARE: Record<Profile, number> = { identity: 0.4, request: 0.3, mixed: 0.3 };
const OPTIONS = { samples: 4, points: 24 };
// A fixed seed by default, so that a CI run is reproducible and its verdict is the code's, not the
// draw's; KMSIM_FC_SEED=<n> replays another run, KMSIM_FC_SEED=random draws a new one each time
// (run it that way when changing the engine: random seeds still find rare unsound cells).
const SEED_ENV = process.env['KMSIM_FC_SEED'];
const SEED = SEED_ENV === 'random' ? undefined : Number(SEED_ENV ?? 20_261_204);
const OFFSET: Record<Profile | 'guardrails', number> = { identity: 0, request: 1, mixed: 2, guardrails: 3 };
/** Guardrails make every combination of a cell evaluated, for every row: fewer policies, each slower. */
const GUARDRAIL_SHARE = 0.06;

const runs = (profile: Profile | 'guardrails', share: number): { numRuns: number; seed?: number } => ({
  numRuns: Math.max(1, Math.round(TOTAL * share)),
  ...(SEED === undefined ? {} : { seed: SEED + OFFSET[profile] }),
});

function check(input: SimulationInput, actions: readonly string[], seed: number): void {
  const matrix = simulate(input, { onlyActions: [...actions] });
  const violations = audit(input, matrix, seed, OPTIONS);
  if (violations.length > 0) throw new Error(`${violations.length} violation(s); the first:\n${violations[0]}`);
}

function attack(profile: Profile): void {
  fc.assert(
    fc.property(arbAuditCase(profile), fc.integer(), ({ policy, actions }, seed) => check({ keyPolicy: policy, key: KEY }, actions, seed)),
    runs(profile, SHARE[profile]),
  );
}

function attackWithGuardrails(): void {
  fc.assert(
    fc.property(arbGuardrailCase, fc.integer(), ({ policy, actions, ...guardrails }, seed) =>
      check({ keyPolicy: policy, key: KEY, ...guardrails }, actions, seed),
    ),
    runs('guardrails', GUARDRAIL_SHARE),
  );
}

describe('the matrix against an adversary (soundness on concrete members of each row)', () => {
  it('conditions on the principal: ARNs, accounts, types, user ids, tags, organization, service names', () => attack('identity'));
  it('conditions on the request: negated, IfExists, set operators, many keys per statement, Deny', () => attack('request'));
  it('both, mixed', () => attack('mixed'));
  it('in an organization: SCPs (Allow, Deny) and RCPs (Deny) at the root, an OU, the account; boundaries, session and VPC endpoint policies', () =>
    attackWithGuardrails());
});

describe('the audit itself', () => {
  // Policies without conditions, whose matrix today's engine already gets right: the audit must
  // find nothing there, or it would be reporting its own mistakes.
  const plain: [string, PolicyDocument][] = [
    [
      'the console default key policy',
      consoleDefaultKeyPolicy({
        account: KEY_ACCOUNT,
        keyType: 'symmetric',
        administrators: [`arn:aws:iam::${KEY_ACCOUNT}:role/Admin`],
        users: [`arn:aws:iam::${KEY_ACCOUNT}:role/App`],
        externalAccounts: ['444455556666'],
      }),
    ],
    [
      'a public Allow of kms:Decrypt',
      { Version: '2012-10-17', Statement: [ENABLE_IAM, { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }] },
    ],
    [
      'named principals of other accounts, a service, and a Deny for one of them',
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: ['arn:aws:iam::444455556666:role/kmsim-outsider', 'arn:aws:iam::555566667777:user/admin', '999988887777'] },
            Action: 'kms:*',
            Resource: '*',
          },
          { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' },
          { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::555566667777:user/admin' }, Action: 'kms:CreateGrant', Resource: '*' },
        ],
      },
    ],
  ];
  // The identity perimeter of AWS's RCP examples on the key's account, and an SCP denying Decrypt
  // to another member: the audit finds nothing in the matrix made with them, and reports the matrix
  // made without them (it gives core the guardrails, and draws members with the organization in mind).
  const publicDecrypt: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [ENABLE_IAM, { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }],
  };
  const organization: Organization = {
    id: 'o-kmsim00000',
    managementAccount: '999988887776',
    accounts: {
      [KEY_ACCOUNT]: {
        ouPath: ['r-ab12', 'ou-ab12-11111111'],
        rcps: [
          [],
          [],
          [
            RCP_FULL_AWS_ACCESS,
            {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 'kms:*',
                  Resource: '*',
                  Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-kmsim00000' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
                },
              ],
            },
          ],
        ],
      },
      '444455556666': { ouPath: ['r-ab12'], scps: [[], [{ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }] }]] },
    },
  };
  it('finds nothing wrong in the matrix of a public key behind the perimeter RCP, with an SCP on a member', () => {
    const input = { keyPolicy: publicDecrypt, key: KEY, organization };
    const matrix = simulate(input, { onlyActions: ['kms:Decrypt'] });
    expect(matrix.cell('arn:aws:iam::*:*', 'kms:Decrypt')?.outcome).toBe('ExplicitDeny');
    for (const seed of [1, 2, 3]) expect(audit(input, matrix, seed, { samples: 40, points: 100 })).toEqual([]);
  });
  it('reports the matrix made without the guardrails it is audited with', () => {
    const input = { keyPolicy: publicDecrypt, key: KEY, organization };
    const violations = audit(input, simulate({ keyPolicy: publicDecrypt, key: KEY }, { onlyActions: ['kms:Decrypt'] }), 1, { samples: 40, points: 100 });
    expect(violations.some((v) => v.startsWith('the account 444455556666 of the organization has no row'))).toBe(true);
    expect(violations.some((v) => v.startsWith('(b) the cell says Allow') && v.includes('row arn:aws:iam::*:* (outsider'))).toBe(true);
  });

  for (const [name, keyPolicy] of plain) {
    it(`finds nothing wrong in the matrix of ${name}`, () => {
      const input = { keyPolicy, key: KEY };
      const matrix = simulate(input, { onlyActions: ['kms:Decrypt', 'kms:PutKeyPolicy', 'kms:CreateGrant'] });
      for (const seed of [1, 2, 3, 4, 5]) expect(audit(input, matrix, seed, { samples: 40, points: 100 })).toEqual([]);
    });
  }
});
