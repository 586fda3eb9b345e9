/**
 * Statement structure: which elements exist, their JSON types, Effect, and the element pairs
 * (Principal/NotPrincipal, Action/NotAction, Resource/NotResource).
 *
 * Sources named below:
 * - GRAMMAR: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * - KEY_POLICY_ELEMENTS: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements
 */
import type { DiagnosticCode, Severity } from '../model/diagnostic.js';
import { childPath } from '../parse/json-path.js';
import { describeType, describeTypes, get, has, jsonType, q, type JsonType, type PolicyKind, type StatementCheck } from './context.js';
import { didYouMean } from './suggest.js';

/**
 * The statement elements and the JSON types each accepts.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (<statement> and its blocks;
 * "If the element takes an array ... but only one value is included, the brackets are optional").
 */
export const STATEMENT_ELEMENTS: Readonly<Record<string, readonly JsonType[]>> = {
  Sid: ['string'],
  Effect: ['string'],
  Principal: ['string', 'object'],
  NotPrincipal: ['string', 'object'],
  Action: ['string', 'array'],
  NotAction: ['string', 'array'],
  Resource: ['string', 'array'],
  NotResource: ['string', 'array'],
  Condition: ['object'],
};

const ELEMENT_NAMES = Object.keys(STATEMENT_ELEMENTS);

/**
 * Rule: a statement has only the elements of the grammar (names are case-sensitive). Warning, as
 * the brief asks; a misspelt required element is also reported as missing.
 * Source: GRAMMAR (<statement> = { <sid_block?>, <principal_block?>, <effect_block>, <action_block>, <resource_block>, <condition_block?> }).
 */
const unknownElements: StatementCheck = (stmt, raw, ctx) => {
  for (const name of Object.keys(raw)) {
    if (has(STATEMENT_ELEMENTS, name)) continue;
    ctx.report(
      'unknown-element',
      'warning',
      childPath(stmt.path, name),
      `Unknown statement element ${q(name)}: it is ignored (element names are case-sensitive).${didYouMean(name, ELEMENT_NAMES)}`,
    );
  }
};

/**
 * Rule: each element has the JSON type the grammar gives it (Effect a string, Action a string or
 * an array, Condition an object, …). Access Analyzer calls this "Data type mismatch" (error).
 * Sources: GRAMMAR; https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html (Error – Data type mismatch)
 */
const elementTypes: StatementCheck = (stmt, raw, ctx) => {
  for (const [name, types] of Object.entries(STATEMENT_ELEMENTS)) {
    if (!has(raw, name)) continue;
    const value = get(raw, name) ?? null;
    if (!types.includes(jsonType(value))) {
      ctx.report('wrong-type', 'error', childPath(stmt.path, name), `${name} must be ${describeTypes(types)}, not ${describeType(value)}`);
    }
  }
};

/**
 * Rule: Effect is required and is exactly "Allow" or "Deny".
 * Sources: KEY_POLICY_ELEMENTS (Effect: "(Required) ... Valid values are Allow or Deny");
 * GRAMMAR (<effect_block> = "Effect" : ("Allow" | "Deny")).
 */
const effect: StatementCheck = (stmt, raw, ctx) => {
  if (!has(raw, 'Effect')) {
    ctx.report('effect-missing', 'error', stmt.path, 'Effect is missing: every statement needs "Effect": "Allow" or "Deny"');
    return;
  }
  const value = get(raw, 'Effect');
  if (typeof value !== 'string' || value === 'Allow' || value === 'Deny') return; // wrong type reported above
  ctx.report(
    'effect-invalid',
    'error',
    childPath(stmt.path, 'Effect'),
    `Effect ${q(value)} is not valid: it must be "Allow" or "Deny" (case-sensitive).${didYouMean(value, ['Allow', 'Deny'])}`,
  );
};

interface PairRule {
  readonly element: string;
  readonly not: string;
  readonly both: DiagnosticCode;
  readonly missing: DiagnosticCode;
  /** Severity of "neither is present", per policy kind; `undefined`: no diagnostic. */
  readonly missingSeverity: Readonly<Record<PolicyKind, Severity | undefined>>;
  readonly missingMessage: string;
}

/**
 * Rules (one row each):
 * - Principal XOR NotPrincipal; a key policy statement must have one.
 *   Sources: GRAMMAR (<principal_block> = ("Principal" | "NotPrincipal")); KEY_POLICY_ELEMENTS (Principal "(Required)").
 *   (Identity policies must have neither: see principals.ts.)
 * - Action XOR NotAction, one required. Source: GRAMMAR (<action_block> = ("Action" | "NotAction")); KEY_POLICY_ELEMENTS
 *   (Action "(Required)"); since 2025-08-18 KMS rejects key policies "without a valid Action or NotAction" (AWS Health
 *   notice quoted in https://github.com/ministryofjustice/analytical-platform/issues/7691); before, the API accepted them and
 *   the statement had no effect (https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html).
 * - Resource XOR NotResource, one required. Same sources (Resource "(Required)"; the same notice).
 */
const PAIRS: readonly PairRule[] = [
  {
    element: 'Principal',
    not: 'NotPrincipal',
    both: 'principal-and-not-principal',
    missing: 'principal-missing',
    missingSeverity: { key: 'error', identity: undefined },
    missingMessage: 'Principal is missing: every key policy statement must name its principals in Principal (or NotPrincipal)',
  },
  {
    element: 'Action',
    not: 'NotAction',
    both: 'action-and-not-action',
    missing: 'action-missing',
    missingSeverity: { key: 'error', identity: 'error' },
    missingMessage: 'Action is missing: every statement needs Action (or NotAction); without it the statement matches nothing and KMS now rejects it',
  },
  {
    element: 'Resource',
    not: 'NotResource',
    both: 'resource-and-not-resource',
    missing: 'resource-missing',
    missingSeverity: { key: 'error', identity: 'error' },
    missingMessage:
      'Resource is missing: every statement needs Resource (in a key policy, "Resource": "*"); without it the statement has no effect and KMS now rejects it',
  },
];

const pairs: StatementCheck = (stmt, raw, ctx) => {
  for (const rule of PAIRS) {
    const hasElement = has(raw, rule.element);
    const hasNot = has(raw, rule.not);
    if (hasElement && hasNot) {
      ctx.report(rule.both, 'error', childPath(stmt.path, rule.not), `${rule.element} and ${rule.not} are both present: a statement may have only one of them`);
    } else if (!hasElement && !hasNot) {
      const severity = rule.missingSeverity[ctx.kind];
      if (severity) ctx.report(rule.missing, severity, stmt.path, rule.missingMessage);
    }
  }
};

export const ELEMENT_CHECKS: readonly StatementCheck[] = [unknownElements, elementTypes, effect, pairs];
