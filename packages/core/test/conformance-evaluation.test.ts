import { describe, expect, it } from 'vitest';
import { isValidationCase } from '../src/index.js';
import { loadConformance, testEvaluationCases } from './conformance.js';

const files = loadConformance();

describe('conformance evaluation cases', () => {
  it('finds every conformance file', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const { file, cases } of files) {
    if (cases.every(isValidationCase)) continue;
    describe(file.slice(file.lastIndexOf('/') + 1), () => testEvaluationCases(cases));
  }
});
