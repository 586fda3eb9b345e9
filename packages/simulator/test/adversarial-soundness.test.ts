/**
 * Tests that attack (issue 9, item 6): random key policies written by an adversary (see
 * test/adversary/policies.ts) against the matrix's promise that a cell answers for every member of
 * its row's class. Each policy is simulated, and core's evaluator decides, for random concrete
 * members of each row's class with random requests, and for every point's own request:
 * (a) no never-allowed cell while a member is allowed, (b) no always-allowed cell while a member is
 * denied, (c) every point's request is one a member can send, decided as the point says.
 *
 * 10,000 policies per run in all (KMSIM_FC_RUNS sets another total), on one or two actions each.
 */
import fc from 'fast-check';
import { simulate } from '@kmsim/simulator';
import { describe, it } from 'vitest';
import { audit } from './adversary/audit.js';
import { arbAuditCase, type Profile } from './adversary/policies.js';
import { KEY } from './adversary/world.js';

const TOTAL = Number(process.env['KMSIM_FC_RUNS'] ?? 10_000);
const SHARE: Record<Profile, number> = { identity: 0.4, request: 0.3, mixed: 0.3 };
const OPTIONS = { samples: 4, points: 24 };

function attack(profile: Profile): void {
  fc.assert(
    fc.property(arbAuditCase(profile), fc.integer(), ({ policy, actions }, seed) => {
      const input = { keyPolicy: policy, key: KEY };
      const matrix = simulate(input, { onlyActions: [...actions] });
      const violations = audit(input, matrix, seed, OPTIONS);
      if (violations.length > 0) throw new Error(`${violations.length} violation(s); the first:\n${violations[0]}`);
    }),
    { numRuns: Math.max(1, Math.round(TOTAL * SHARE[profile])) },
  );
}

describe('the matrix against an adversary (soundness on concrete members of each row)', () => {
  it('conditions on the principal: ARNs, accounts, types, user ids, tags, organization, service names', () => attack('identity'));
  it('conditions on the request: negated, IfExists, set operators, many keys per statement, Deny', () => attack('request'));
  it('both, mixed', () => attack('mixed'));
});
