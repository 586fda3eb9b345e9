/**
 * Compile one policy value into a predicate over one request value, per operator family.
 * Type rules follow the IAM condition-operator page: numbers and dates are parsed, Bool compares
 * `true`/`false` without case, strings compare as written (policy JSON booleans/numbers as text).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { ConditionValue } from '../model/policy.js';
import type { ContextScalar } from './context.js';
import { compileWildcard, type LiteralPositions } from '../compile/wildcard.js';
import { cidrContains, parseCidr } from './ip.js';
import type { BaseOperator } from './operators.js';

export type ValuePredicate = (value: ContextScalar) => boolean;

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export function toNumber(value: ContextScalar): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMBER.test(value)) return Number(value);
  return undefined;
}

/** ISO 8601 text or epoch seconds (IAM date conditions accept both). Milliseconds since epoch. */
export function toDate(value: ContextScalar): number | undefined {
  if (typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  if (/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  // W3C ISO 8601 profiles: YYYY-MM, YYYY-MM-DD, and with a time (a bare YYYY is read as epoch seconds).
  if (/^\d{4}-\d{2}$/.test(value)) value = `${value}-01`;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function order(comparison: BaseOperator['comparison'], a: number, b: number): boolean {
  switch (comparison) {
    case 'equals':
      return a === b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    default:
      return false;
  }
}

/** ARN operators: component by component (compile/wildcard.ts cites the rule). */
function compileArn(pattern: string, literals: LiteralPositions | undefined): ValuePredicate {
  const match = compileWildcard(pattern, 'arn', literals);
  return (v) => typeof v === 'string' && match(v);
}

const NEVER: ValuePredicate = () => false;

/**
 * A predicate for one (already variable-resolved) policy value; `undefined` when the policy
 * value is not valid for the family (the validator reports it; at evaluation it matches nothing).
 * `literals`: positions of a Like/ARN pattern that are plain characters (from `${*}` / `${?}`).
 */
export function compileValue(base: BaseOperator, policyValue: ConditionValue, literals?: LiteralPositions): ValuePredicate | undefined {
  const text = String(policyValue);
  switch (base.family) {
    case 'String': {
      if (base.comparison === 'like') {
        const glob = compileWildcard(text, 'glob', literals);
        return (v) => glob(typeof v === 'string' ? v : String(v));
      }
      if (base.comparison === 'equalsIgnoreCase') {
        const lower = text.toLowerCase();
        return (v) => String(v).toLowerCase() === lower;
      }
      return (v) => String(v) === text;
    }
    case 'Numeric': {
      const p = toNumber(policyValue);
      if (p === undefined) return undefined;
      return (v) => {
        const n = toNumber(v);
        return n !== undefined && order(base.comparison, n, p);
      };
    }
    case 'Date': {
      const p = toDate(policyValue);
      if (p === undefined) return undefined;
      return (v) => {
        const d = toDate(v);
        return d !== undefined && order(base.comparison, d, p);
      };
    }
    case 'Bool': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') return undefined;
      return (v) => (typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v).toLowerCase()) === lower;
    }
    case 'Binary':
      return (v) => String(v) === text;
    case 'IPAddress': {
      const cidr = parseCidr(text);
      if (!cidr) return undefined;
      return (v) => typeof v === 'string' && cidrContains(cidr, v);
    }
    case 'ARN':
      return compileArn(text, literals);
    case 'Null':
      return NEVER; // handled by the clause itself
  }
}
