/** The guardrail fields of an input: which are set, and only those (one spelling for every package). */
import type { GuardrailsInput } from './types.js';

export const GUARDRAIL_FIELDS = [
  'organization',
  'permissionsBoundaries',
  'sessionPolicies',
  'vpcEndpointPolicies',
] as const satisfies readonly (keyof GuardrailsInput)[];

/** Whether any guardrail field is set. */
export const hasGuardrails = (input: GuardrailsInput): boolean => GUARDRAIL_FIELDS.some((f) => input[f] !== undefined);

/** The guardrail fields of `input` that are set (to spread into an evaluator's or a simulation's input). */
export function guardrailsOf(input: GuardrailsInput): GuardrailsInput {
  const out: Record<string, unknown> = {};
  for (const f of GUARDRAIL_FIELDS) if (input[f] !== undefined) out[f] = input[f];
  return out as GuardrailsInput;
}
