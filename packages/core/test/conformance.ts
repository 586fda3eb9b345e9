/** Loads every documented case in ../shared/conformance (beside the repository). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readScenarios, type ScenarioCase } from '../src/index.js';

export const CONFORMANCE_DIR = fileURLToPath(new URL('../../../../shared/conformance/', import.meta.url));

export function conformanceFiles(): string[] {
  return readdirSync(CONFORMANCE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `${CONFORMANCE_DIR}${f}`);
}

export function loadConformance(): { file: string; cases: ScenarioCase[] }[] {
  return conformanceFiles().map((file) => ({ file, cases: readScenarios(readFileSync(file, 'utf8'), file) }));
}
