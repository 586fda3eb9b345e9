/**
 * Fidelity cases: edge semantics of IAM/KMS authorization, each with the AWS documentation
 * sentence it follows (test/fidelity/cases.json, kmsim's scenario format). Ambiguous cases are
 * reported, not asserted.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isValidationCase, readScenarios, runCase, type EvaluationCase } from '../src/index.js';

const FILE = fileURLToPath(new URL('./fidelity/cases.json', import.meta.url));
const cases = readScenarios(readFileSync(FILE, 'utf8'), FILE);

describe('fidelity cases', () => {
  it('loads the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) {
      expect(c.id.startsWith('fid-'), c.id).toBe(true);
      expect(c.topic, c.id).toBe('fidelity');
      expect(c.source, c.id).toMatch(/https?:\/\//);
    }
  });

  const evaluation = cases.filter((c): c is EvaluationCase => !isValidationCase(c));
  for (const c of evaluation) {
    it(`${c.id}${c.ambiguous ? ' (ambiguous: reported, not asserted)' : ''}`, () => {
      const result = runCase(c);
      if (result.kind === 'error') throw new Error(result.error.message);
      if (result.kind !== 'evaluation') throw new Error('expected an evaluation result');
      if (c.ambiguous) {
        console.info(`[ambiguous] ${c.id}: kmsim says ${result.decision}, the case expects ${c.expected}`);
        return;
      }
      expect(
        { decision: result.decision, reason: result.reason },
        `trace: ${JSON.stringify(result.result.trace.statements.filter((s) => s.matched))}`,
      ).toMatchObject({ decision: c.expected });
    });
  }
});
