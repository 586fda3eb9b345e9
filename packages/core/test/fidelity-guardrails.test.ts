/**
 * The documented guardrail cases (test/fidelity/guardrails.json) must each tell an evaluator that
 * ignores the guardrail from one that applies it: without the guardrail fields the decision
 * changes, or (for a case where an exception keeps access) its `contrast` case, under a similar
 * guardrail without the exception, expects another decision. The cases themselves run in
 * fidelity.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isValidationCase, readScenarios, runCase, type EvaluationCase } from '../src/index.js';

const FILE = fileURLToPath(new URL('./fidelity/guardrails.json', import.meta.url));
const cases = readScenarios(readFileSync(FILE, 'utf8'), FILE).filter((c): c is EvaluationCase => !isValidationCase(c));
const byId = new Map(cases.map((c) => [c.id, c]));

const withoutGuardrails = (c: EvaluationCase): EvaluationCase => {
  const { organization: _o, permissionsBoundaries: _p, sessionPolicies: _s, vpcEndpointPolicies: _v, ...rest } = c;
  return rest;
};

describe('documented guardrail cases', () => {
  it('at least 40, ids fid-gr-…, each quoting its AWS source, in both directions', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) {
      expect(c.id, c.id).toMatch(/^fid-gr-/);
      expect(c.source, c.id).toMatch(/https:\/\/docs\.aws\.amazon\.com\/\S+ \(.+\) \('.+'\)/);
    }
    const expected = new Set(cases.map((c) => c.expected));
    expect([...expected].sort()).toEqual(['Allow', 'ExplicitDeny', 'ImplicitDeny']);
  });

  for (const c of cases) {
    it(`${c.id}: ignoring the guardrail gives another answer`, () => {
      const contrast = (c as { contrast?: string }).contrast;
      if (contrast !== undefined) {
        const other = byId.get(contrast);
        expect(other, `${c.id} names an unknown contrast case ${contrast}`).toBeDefined();
        expect(other?.expected).not.toBe(c.expected);
        return;
      }
      const bare = runCase(withoutGuardrails(c));
      expect(bare.kind).toBe('evaluation');
      expect(bare.kind === 'evaluation' ? bare.decision : undefined).not.toBe(c.expected);
    });
  }
});
