/**
 * The policy validator: runs a table of checks over a parsed document and returns diagnostics
 * (without line/column: `parseKeyPolicy` adds them when it has the text).
 *
 * Document checks run once; statement checks run for every statement that is an object.
 * Each check module documents its rules with their sources.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { JsonValue, Policy } from '../model/policy.js';
import { ACTION_CHECKS } from './actions.js';
import { CONDITION_CHECKS } from './conditions.js';
import { createContext, describeType, isObject, type PolicyKind, type StatementCheck, type ValidateOptions } from './context.js';
import { DOCUMENT_CHECKS } from './document.js';
import { ELEMENT_CHECKS } from './elements.js';
import { PRINCIPAL_CHECKS } from './principals.js';
import { RESOURCE_CHECKS } from './resources.js';
import { checkDuplicateSids, SID_CHECKS } from './sid.js';

export type { PolicyKind, ValidateOptions } from './context.js';

const STATEMENT_CHECKS: readonly StatementCheck[] = [
  ...ELEMENT_CHECKS,
  ...SID_CHECKS,
  ...PRINCIPAL_CHECKS,
  ...ACTION_CHECKS,
  ...RESOURCE_CHECKS,
  ...CONDITION_CHECKS,
];

/**
 * Validate a policy. `policy` is `toPolicy(source)`; `source` is the JSON it came from (the checks
 * need the raw values: wrong types, unknown elements, array positions).
 */
export function validatePolicy(policy: Policy, source: JsonValue, kind: PolicyKind, options: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx = createContext(kind, options, policy, out);
  if (!isObject(source)) {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (policy = { … })
    ctx.report('not-an-object', 'error', '$', `A policy must be a JSON object with Version and Statement, not ${describeType(source)}`);
    return out;
  }
  for (const check of DOCUMENT_CHECKS) check(source, ctx);
  for (const statement of policy.statements) {
    if (!isObject(statement.source)) continue; // reported by the Statement check
    for (const check of STATEMENT_CHECKS) check(statement, statement.source, ctx);
  }
  checkDuplicateSids(ctx);
  return out;
}
