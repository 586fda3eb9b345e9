import { describe, expect, it } from 'vitest';
import { isValidationCase, runCase, type EvaluationCase } from '../src/index.js';
import { loadConformance } from './conformance.js';

const files = loadConformance();

describe('shared/conformance evaluation cases', () => {
  it('finds every conformance file', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const { file, cases } of files) {
    const evaluation = cases.filter((c): c is EvaluationCase => !isValidationCase(c));
    if (evaluation.length === 0) continue;
    describe(file.slice(file.lastIndexOf('/') + 1), () => {
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
  }
});
