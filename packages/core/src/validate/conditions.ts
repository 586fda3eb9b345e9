/**
 * Condition checks: operators, keys, values and their combinations.
 *
 * Sources named below:
 * - OPERATORS: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * - CONDITION: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 *   ("Condition key names are not case-sensitive")
 * - GRAMMAR: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 *   (<condition_block> = "Condition" : { <condition_map> }; condition_type_string: "For a complete list of condition types,
 *   see ... Condition operators"; <condition_value> = ("string" | "number" | "Boolean"))
 * - KMS_CONDITIONS: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 *   (section "Using set operators with condition keys" and kms:EncryptionContext:context-key: KMS rejects a key policy
 *   with ForAllValues on kms:EncryptionContext:context-key or aws:RequestTag/tag-key; set operators on single-valued keys
 *   are discouraged, not rejected)
 * - SAR_KMS: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html (key types)
 * - CHECKS: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { CONDITION_KEYS, findConditionKey } from '../catalogue/index.js';
import type { ConditionKey } from '../catalogue/types.js';
import { BASE_OPERATORS, FAMILY_KEY_TYPES, parseOperator, type OperatorFamily, type ParsedOperator } from '../conditions/operators.js';
import { compileValue } from '../conditions/values.js';
import { hasVariables, VARIABLE_VERSION } from '../conditions/variables.js';
import type { JsonValue, Statement } from '../model/policy.js';
import { childPath } from '../parse/json-path.js';
import { describeType, get, has, isObject, q, type JsonObject, type StatementCheck, type ValidationContext } from './context.js';
import { closest, didYouMean } from './suggest.js';
import { ENCRYPTION_CONTEXT_PREFIX_LOWER } from '../common/guards.js';

/** Every operator spelling IAM accepts, canonical case: the candidates for "did you mean". */
const ALL_OPERATORS: readonly string[] = (() => {
  const out: string[] = [];
  for (const base of BASE_OPERATORS.values()) {
    for (const set of ['', 'ForAnyValue:', 'ForAllValues:']) {
      for (const suffix of ['', 'IfExists']) {
        if (base.family === 'Null' && (set !== '' || suffix !== '')) continue;
        out.push(`${set}${base.name}${suffix}`);
      }
    }
  }
  return out;
})();

const KEY_NAMES: readonly string[] = CONDITION_KEYS.map((k) => k.name);

const VALUE_EXPECTATION: Readonly<Record<OperatorFamily, string>> = {
  String: 'a string',
  Numeric: 'a number',
  Date: 'a date (ISO 8601 such as 2025-06-01T12:00:00Z, or epoch seconds)',
  Bool: '"true" or "false"',
  Binary: 'base64 text',
  IPAddress: 'an IPv4/IPv6 address or CIDR block (such as 203.0.113.0/24)',
  ARN: 'an ARN',
  Null: '"true" (the key is absent) or "false" (the key is present)',
};

type Scalar = string | number | boolean;

function isScalar(value: JsonValue): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Rule: `…IfExists` may follow any operator "except the Null condition" (OPERATORS, ...IfExists;
 * CHECKS "Error – Null with if exists"). Set prefixes on Null always yield true (ForAllValues) or
 * false (ForAnyValue): CHECKS "Suggestion – Null with qualifier" → warning.
 * Returns true when the operator was a Null variant (handled here).
 */
function nullVariant(raw: string, path: string, ctx: ValidationContext): boolean {
  const m = /^(?:(forallvalues|foranyvalue):)?null(ifexists)?$/i.exec(raw);
  if (!m || (!m[1] && !m[2])) return false;
  if (m[2]) {
    ctx.report(
      'condition-null-ifexists',
      'error',
      path,
      `Condition operator ${q(raw)}: IfExists cannot be added to the Null operator (Null already tests whether the key exists); use "Null"`,
    );
  } else {
    ctx.report(
      'condition-null-ifexists',
      'warning',
      path,
      `Condition operator ${q(raw)}: a set prefix on Null makes it always ${m[1]?.toLowerCase() === 'forallvalues' ? 'true' : 'false'}; use plain "Null"`,
    );
  }
  return true;
}

/**
 * Rule: the operator is one of IAM's (GRAMMAR condition_type_string → OPERATORS). An unknown
 * operator never matches, which silently disables a Deny → error (the conformance case
 * v-unknown-condition-operator-invalid asks for it; the KMS error text is not documented).
 * A known operator in another case → warning (IAM documents only the canonical spelling).
 */
function checkOperator(raw: string, stmt: Statement, path: string, ctx: ValidationContext): ParsedOperator | undefined {
  const op = parseOperator(raw);
  if (!op) {
    const suggestion = closest(raw, ALL_OPERATORS);
    ctx.report(
      'condition-operator-unknown',
      'error',
      path,
      `Condition operator ${q(raw)} is not a valid condition operator${suggestion ? ` (did you mean ${q(suggestion)}?)` : ''}. ` +
        (stmt.effect === 'Deny'
          ? 'This statement is a Deny: a condition with an unknown operator never matches, so the Deny would silently never apply.'
          : 'A condition with an unknown operator never matches; in a Deny statement that would silently disable the Deny.'),
    );
    return undefined;
  }
  if (op.canonical !== raw) {
    ctx.report(
      'condition-operator-case',
      'warning',
      path,
      `Condition operator ${q(raw)} is spelled in a different case from the documented ${q(op.canonical)}; write it as documented`,
    );
  }
  return op;
}

/**
 * Rule: condition keys are `service:name`; for the kms: and aws: keys the catalogue knows them
 * all (KMS_CONDITIONS; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 * Unknown → warning (CHECKS calls it an error, but new keys appear often and other services'
 * keys are legitimate in identity policies, so only kms:/aws: keys are looked up).
 * A key with a variable part needs that part (CHECKS "Missing tag key in condition").
 */
function checkKey(key: string, path: string, ctx: ValidationContext): ConditionKey | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) {
    ctx.report('condition-key-unknown', 'warning', path, `Condition key ${q(key)} is not of the form service:name (such as kms:ViaService)`);
    return undefined;
  }
  const service = key.slice(0, colon).toLowerCase();
  if (service !== 'kms' && service !== 'aws') return undefined;
  const info = findConditionKey(key);
  if (!info) {
    ctx.report('condition-key-unknown', 'warning', path, `Condition key ${q(key)} is not a known ${service}: condition key.${didYouMean(key, KEY_NAMES)}`);
    return undefined;
  }
  if (info.prefix && key.length <= info.name.length) {
    ctx.report(
      'condition-key-unknown',
      'error',
      path,
      `Condition key ${q(key)} needs a name after ${q(info.name)} (such as ${info.name}${info.name.endsWith('/') ? 'Purpose' : 'AppName'})`,
    );
  }
  return info;
}

/** Why a value does not fit the operator, or undefined when it does. */
function valueProblem(op: ParsedOperator, value: Scalar, ctx: ValidationContext): string | undefined {
  const family = op.base.family;
  if (typeof value === 'string' && hasVariables(value) && family !== 'String' && family !== 'ARN') {
    // CHECKS "Error – Invalid variable for operator": "Policy variables can only be used with String and ARN operators."
    if (ctx.policy.version === VARIABLE_VERSION) return 'policy variables can only be used with String and ARN operators';
  }
  if (family === 'Null') {
    const text = String(value).toLowerCase();
    return text === 'true' || text === 'false' ? undefined : `Null takes ${VALUE_EXPECTATION.Null}`;
  }
  return compileValue(op.base, value) === undefined ? `${op.canonical} expects ${VALUE_EXPECTATION[family]}` : undefined;
}

const ENCRYPTION_CONTEXT = ENCRYPTION_CONTEXT_PREFIX_LOWER;
const REQUEST_TAG = 'aws:requesttag/';

function checkClause(op: ParsedOperator | undefined, operatorRaw: string, key: string, raw: JsonValue, path: string, ctx: ValidationContext): void {
  // Values: a scalar or an array of scalars (GRAMMAR <condition_value_list>, <condition_value>).
  const values: Scalar[] = [];
  if (isScalar(raw)) values.push(raw);
  else if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      if (isScalar(item)) values.push(item);
      else
        ctx.report('wrong-type', 'error', childPath(path, i), `Condition value for ${q(key)} must be a string, number or boolean, not ${describeType(item)}`);
    });
    if (raw.length === 0) {
      // CHECKS "Suggestion – Empty array condition (ForAllValues / ForAnyValue / IfExists)".
      ctx.report(
        'condition-value-invalid',
        'warning',
        path,
        `Condition ${operatorRaw} on ${q(key)} has an empty list of values: it compares against nothing, so it never matches (or, with IfExists/ForAllValues, matches only when the key is absent)`,
      );
    }
  } else {
    ctx.report('wrong-type', 'error', path, `Condition value for ${q(key)} must be a string, number, boolean or an array of them, not ${describeType(raw)}`);
  }

  const info = checkKey(key, path, ctx);
  if (!op) return;

  // SAR_KMS types vs operator families (FAMILY_KEY_TYPES, from the operators module).
  if (info && !FAMILY_KEY_TYPES[op.base.family].includes(info.type)) {
    ctx.report(
      'condition-operator-type-mismatch',
      'error',
      path,
      `Condition operator ${q(operatorRaw)} compares ${op.base.family} values, but ${q(key)} is a ${info.type} key; use a ${info.type === 'ARN' ? 'String or ARN' : info.type} operator`,
    );
  }

  values.forEach((value, i) => {
    const problem = valueProblem(op, value, ctx);
    if (problem) {
      ctx.report(
        'condition-value-invalid',
        'error',
        Array.isArray(raw) ? childPath(path, i) : path,
        `Condition value ${q(String(value))} for ${q(key)} is invalid: ${problem}`,
      );
    }
  });

  const lower = key.toLowerCase();
  let reportedForAll = false;
  if (op.set === 'ForAllValues' && (lower.startsWith(ENCRYPTION_CONTEXT) || lower.startsWith(REQUEST_TAG))) {
    // KMS_CONDITIONS: creating or updating a key policy with ForAllValues on these keys fails.
    reportedForAll = true;
    ctx.report(
      'condition-forallvalues-encryption-context',
      ctx.kind === 'key' ? 'error' : 'warning',
      path,
      `ForAllValues with ${q(key)}: ${lower.startsWith(REQUEST_TAG) ? 'aws:RequestTag/tag-key' : 'kms:EncryptionContext:context-key'} is single-valued, ` +
        `and KMS rejects key policies that use ForAllValues with it (it would also match requests without the key); use ${op.base.name}${op.ifExists ? 'IfExists' : ''} without the set operator` +
        (ctx.kind === 'identity' ? ' (KMS documents the rejection for key policies; in an IAM policy it is still a mistake)' : ''),
    );
  }
  if (op.set && info && !info.multiValued && !reportedForAll) {
    // KMS_CONDITIONS: "Do not use set operators with single-valued condition keys" — a warning, not a rejection
    // (conformance case v-foranyvalue-with-viaservice-is-accepted).
    ctx.report(
      'condition-set-operator-single-valued',
      'warning',
      path,
      `${op.set} on ${q(key)}: ${info.name} is single-valued; set operators are meant for multi-valued keys and can make the condition ${op.set === 'ForAllValues' ? 'match requests without the key' : 'behave unexpectedly'} — use ${op.base.name}${op.ifExists ? 'IfExists' : ''}`,
    );
  }
}

const conditions: StatementCheck = (stmt, raw, ctx) => {
  const condition = get(raw, 'Condition');
  if (!isObject(condition)) return; // absent, or wrong type (reported by the element table)
  const conditionPath = childPath(stmt.path, 'Condition');
  for (const operatorRaw of Object.keys(condition)) {
    const opPath = childPath(conditionPath, operatorRaw);
    const block = get(condition, operatorRaw) ?? null;
    const isNull = nullVariant(operatorRaw, opPath, ctx);
    const op = isNull ? BASE_NULL : checkOperator(operatorRaw, stmt, opPath, ctx);
    if (!isObject(block)) {
      ctx.report('wrong-type', 'error', opPath, `Condition operator ${q(operatorRaw)} must map to an object of condition keys, not ${describeType(block)}`);
      continue;
    }
    checkBlock(block, op, operatorRaw, opPath, ctx);
  }
};

function checkBlock(block: JsonObject, op: ParsedOperator | undefined, operatorRaw: string, opPath: string, ctx: ValidationContext): void {
  const seen = new Map<string, string>();
  for (const key of Object.keys(block)) {
    const keyPath = childPath(opPath, key);
    const lower = key.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined) {
      // CHECKS "Error – Duplicate keys with different case" (key names are case-insensitive: CONDITION).
      ctx.report(
        'duplicate-key',
        'error',
        keyPath,
        `Condition key ${q(key)} appears twice in ${q(operatorRaw)} (also as ${q(first)}); condition key names are case-insensitive`,
      );
    } else seen.set(lower, key);
    checkClause(op, operatorRaw, key, has(block, key) ? (block[key] ?? null) : null, keyPath, ctx);
  }
}

/** The plain Null operator, used to check the keys and values of Null variants already reported. */
const BASE_NULL: ParsedOperator | undefined = parseOperator('Null');

export const CONDITION_CHECKS: readonly StatementCheck[] = [conditions];
