/**
 * Fidelity cases: edge semantics of IAM/KMS authorization, each with the AWS documentation
 * sentence it follows (test/fidelity/cases.json, kmsim's scenario format). Ambiguous cases are
 * reported, not asserted.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readScenarios } from '../src/index.js';
import { testEvaluationCases } from './conformance.js';

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

  testEvaluationCases(cases);
});
