/** kmsim's scenario format: the case format of shared/conformance (see its README). */
import type { ContextRecord } from '../conditions/context.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { JsonValue, PolicyDocument } from '../model/policy.js';
import type { Decision, DecisionKind, Grant, KeyAttributes } from '../evaluate/types.js';
import type { GuardrailsInput } from '../guardrails/types.js';
import type { PolicyError } from '../validate/input-errors.js';

export interface ScenarioRequest {
  readonly principal: string;
  readonly principalAccount?: string;
  readonly action: string;
  readonly keyArn?: string;
  readonly aliasArn?: string;
  readonly keySpec?: string;
  readonly keyUsage?: KeyAttributes['keyUsage'];
  readonly context?: ContextRecord;
}

interface CaseCommon {
  readonly id: string;
  readonly topic?: string;
  readonly source?: string;
  readonly note?: string;
  /** Report the result, do not assert it. */
  readonly ambiguous?: boolean;
}

/** An evaluation case; the guardrail fields are those of shared/conformance's README, section "Guardrails". */
export interface EvaluationCase extends CaseCommon, GuardrailsInput {
  readonly keyPolicy: PolicyDocument | JsonValue;
  readonly identityPolicies?: Readonly<Record<string, readonly (PolicyDocument | JsonValue)[]>>;
  readonly grants?: readonly Grant[];
  readonly key?: KeyAttributes;
  readonly request: ScenarioRequest;
  readonly expected?: DecisionKind;
}

export interface ValidationCase extends CaseCommon {
  readonly policyText: string;
  readonly expectedValid?: boolean;
  readonly expectedErrorMentions?: readonly string[];
  readonly lockoutCheck?: { readonly caller: string; readonly bypassPolicyLockoutSafetyCheck?: boolean };
}

export type ScenarioCase = EvaluationCase | ValidationCase;

export interface EvaluationResult {
  readonly kind: 'evaluation';
  readonly id: string;
  readonly decision: DecisionKind;
  readonly expected?: DecisionKind;
  /** True when there is no expectation, or it is met. */
  readonly pass: boolean;
  readonly ambiguous: boolean;
  readonly reason: string;
  readonly result: Decision;
  /** The validation errors of the case's policies: the decision is for them as written, which AWS would not store. */
  readonly policyErrors: readonly PolicyError[];
}

export interface ValidationResult {
  readonly kind: 'validation';
  readonly id: string;
  readonly valid: boolean;
  readonly expectedValid?: boolean;
  readonly pass: boolean;
  readonly ambiguous: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** expectedErrorMentions that no diagnostic mentions. */
  readonly missingMentions: readonly string[];
}

/** A case that could not be run at all (bad principal, unknown action …). */
export interface ErrorResult {
  readonly kind: 'error';
  readonly id: string;
  readonly pass: false;
  readonly ambiguous: boolean;
  readonly error: { readonly code: string; readonly message: string };
}

export type CaseResult = EvaluationResult | ValidationResult | ErrorResult;
