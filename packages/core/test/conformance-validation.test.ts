/**
 * Every conformance case with a `policyText`, from every file in conformance/ (the repository's copy of the shared cases): the key
 * policy validator must agree with `expectedValid` and mention each `expectedErrorMentions` string
 * (case-insensitive) in some diagnostic's message, code or path. Ambiguous cases are reported, not
 * asserted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/model/diagnostic.js';
import { parseKeyPolicy } from '../src/parse/parse-policy.js';

interface ValidationCase {
  readonly id: string;
  readonly topic?: string;
  readonly policyText: string;
  readonly expectedValid: boolean;
  readonly expectedErrorMentions?: readonly string[];
  readonly lockoutCheck?: { readonly caller: string; readonly bypassPolicyLockoutSafetyCheck: boolean };
  readonly ambiguous?: boolean;
  readonly note?: string;
}

const DIR = new URL('../../../conformance/', import.meta.url);

function loadCases(): { file: string; cases: ValidationCase[] }[] {
  const files = readdirSync(fileURLToPath(DIR))
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const parsed: unknown = JSON.parse(readFileSync(new URL(file, DIR), 'utf8'));
    const list = Array.isArray(parsed) ? (parsed as Record<string, unknown>[]) : [];
    const cases = list.filter((c): c is Record<string, unknown> & ValidationCase => typeof c.policyText === 'string');
    return { file, cases };
  });
}

function mentions(diagnostics: readonly Diagnostic[], text: string): boolean {
  const needle = text.toLowerCase();
  return diagnostics.some((d) => `${d.message}\n${d.code}\n${d.path}`.toLowerCase().includes(needle));
}

function summary(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `  ${d.severity} ${d.code} ${d.path}${d.line ? ` (${d.line}:${d.column})` : ''}: ${d.message}`).join('\n');
}

const FILES = loadCases();

describe('conformance: validation cases (policyText)', () => {
  it('finds the conformance folder and at least one validation case', () => {
    expect(FILES.length).toBeGreaterThan(0);
    expect(FILES.reduce((n, f) => n + f.cases.length, 0)).toBeGreaterThan(0);
  });

  for (const { file, cases } of FILES) {
    if (cases.length === 0) continue;
    describe(file, () => {
      for (const c of cases) {
        // Cases with `lockoutCheck`: lockout asserted in conformance-lockout.test.ts (the check lives in
        // src/evaluate); this test asserts the rest of the case (expectedValid, expectedErrorMentions).
        const label = c.ambiguous ? ' (ambiguous: reported, not asserted)' : c.lockoutCheck ? ' (lockout part: see conformance-lockout.test.ts)' : '';
        it(`${c.id}${label}`, () => {
          const result = parseKeyPolicy(c.policyText);
          const missing = (c.expectedErrorMentions ?? []).filter((m) => !mentions(result.diagnostics, m));
          if (c.ambiguous) {
            const agrees = result.valid === c.expectedValid && missing.length === 0;
            console.info(
              `[ambiguous] ${c.id}: valid=${result.valid} (expected ${c.expectedValid})` +
                `${missing.length ? `, not mentioned: ${missing.join(', ')}` : ''} → ${agrees ? 'agrees' : 'DIFFERS'}\n${summary(result.diagnostics)}`,
            );
            return;
          }
          expect(result.valid, `${c.id}\n${summary(result.diagnostics)}`).toBe(c.expectedValid);
          expect(missing, `${c.id}: mentions not found in\n${summary(result.diagnostics)}`).toEqual([]);
        });
      }
    });
  }
});
