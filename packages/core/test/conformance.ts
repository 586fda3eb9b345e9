/** Loads every documented case in conformance/ (the repository's copy of the shared documented cases). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { isValidationCase, readScenarios, runCase, type ScenarioCase } from '../src/index.js';

export const CONFORMANCE_DIR = fileURLToPath(new URL('../../../conformance/', import.meta.url));

/** Directories of conformance/ whose cases are run too (`next/`: this round's cases, e.g. guardrails). */
const SUBDIRECTORIES = ['next'];

export function conformanceFiles(): string[] {
  const inDir = (dir: string): string[] =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => `${dir}${f}`);
  return [...inDir(CONFORMANCE_DIR), ...SUBDIRECTORIES.flatMap((d) => inDir(`${CONFORMANCE_DIR}${d}/`))];
}

export function loadConformance(): { file: string; cases: ScenarioCase[] }[] {
  return conformanceFiles().map((file) => ({ file, cases: readScenarios(readFileSync(file, 'utf8'), file) }));
}

/**
 * One test per evaluation case: the decision must be the expected one; an ambiguous case is
 * reported, not asserted. Call inside a describe block.
 */
export function testEvaluationCases(cases: readonly ScenarioCase[]): void {
  for (const c of cases) {
    if (isValidationCase(c)) continue;
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
}
