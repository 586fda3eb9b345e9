/**
 * Fidelity cases: edge semantics of IAM/KMS authorization, each with the AWS documentation
 * sentence it follows (test/fidelity/*.json, kmsim's scenario format). Ambiguous cases are
 * reported, not asserted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readScenarios } from '../src/index.js';
import { testEvaluationCases } from './conformance.js';

const DIR = fileURLToPath(new URL('./fidelity/', import.meta.url));
// Every *.json in test/fidelity/: cases.json and one file per topic (grants, aliases, guardrails …).
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) => readScenarios(readFileSync(`${DIR}${f}`, 'utf8'), `${DIR}${f}`));

describe('fidelity cases', () => {
  it('loads the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) {
      expect(c.id.startsWith('fid-'), c.id).toBe(true);
      expect(c.source, c.id).toMatch(/https?:\/\//);
    }
  });

  testEvaluationCases(cases);
});
