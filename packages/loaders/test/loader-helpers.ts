/** Helpers shared by the loader tests. */
import { createEvaluator, type DecisionKind, type EvaluationRequest } from '@kmsim/core';
import { fileURLToPath } from 'node:url';
import { LoadError, type LoadedKey } from '../src/index.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The LoadError a failing call throws (anything else is rethrown; no error fails the test). */
export function syncLoadError(f: () => unknown): LoadError {
  try {
    f();
  } catch (e) {
    if (e instanceof LoadError) return e;
    throw e;
  }
  throw new Error('expected a LoadError');
}

export async function loadError(p: Promise<unknown>): Promise<LoadError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LoadError) return e;
    throw e;
  }
  throw new Error('expected a LoadError');
}

export function principals(loaded: LoadedKey | undefined): unknown[] {
  const statements = loaded?.keyPolicy.Statement;
  return (Array.isArray(statements) ? statements : statements ? [statements] : []).map((s) => s.Principal);
}

/** The core evaluator's decision for a loaded key. */
export function decide(loaded: LoadedKey, request: EvaluationRequest): DecisionKind {
  return createEvaluator(loaded).evaluate(request).decision;
}
