/**
 * Typed errors. Each module throws only its own error class, always a subclass of KmsimError with
 * a stable `code`; parsing and validation report problems as diagnostics and do not throw at all.
 */
import type { Diagnostic } from './model/diagnostic.js';

export class KmsimError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A policy given to the evaluator could not be used (invalid JSON, not a policy, over 32 KB …). */
export class PolicyInputError extends KmsimError {
  constructor(
    readonly label: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
    const where = first ? ` at ${first.path}${first.line ? ` (line ${first.line}, column ${first.column})` : ''}` : '';
    super('policy-input', `${label} is not a usable policy${where}: ${first?.message ?? 'unknown problem'}`);
  }
}

/** A request given to the evaluator is malformed (no principal, an action without `kms:` …). */
export class RequestError extends KmsimError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('request-invalid', `request.${field}: ${message}`);
  }
}

/** A scenario file or case could not be read. */
export class ScenarioError extends KmsimError {
  constructor(
    readonly location: string,
    message: string,
  ) {
    super('scenario-invalid', `${location}: ${message}`);
  }
}

/**
 * Organization or session guardrails given to the evaluator are malformed (an `ouPath` whose
 * length does not match its SCP/RCP levels, an account that is not 12 digits, a guardrail policy
 * statement that can never be evaluated …). `path` names the field, e.g.
 * `organization.accounts["111122223333"].scps`.
 */
export class GuardrailsError extends KmsimError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super('guardrails-invalid', `${path}: ${message}`);
  }
}
