/** A policy's validation error as JSON (eval's `policyErrors`, matrix JSON's `policyErrors`). */
import type { PolicyError } from '@kmsim/core';

/** Which policy, the diagnostic's code and path, its line and column when known, and the message. */
export function policyErrorJson(e: PolicyError): unknown {
  const d = e.diagnostic;
  return { policy: e.policy, code: d.code, path: d.path, ...(d.line !== undefined ? { line: d.line, column: d.column ?? 1 } : {}), message: d.message };
}
