/**
 * Condition operators as one table of families. A written operator is
 * `[ForAnyValue:|ForAllValues:]<Base>[IfExists]`; the set prefix, `IfExists` and negation are
 * applied once, generically, in `clause.ts` — never per operator.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { ConditionKeyType } from '../catalogue/types.js';

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IPAddress' | 'ARN' | 'Null';

/** How one request value is compared with one policy value, within a family. */
export type Comparison = 'equals' | 'equalsIgnoreCase' | 'like' | 'lt' | 'le' | 'gt' | 'ge' | 'inRange' | 'null';

export interface BaseOperator {
  readonly name: string;
  readonly family: OperatorFamily;
  readonly comparison: Comparison;
  /** Negated operators (StringNotEquals, NotIpAddress, …) are true when no policy value matches. */
  readonly negated: boolean;
}

type Row = readonly [name: string, family: OperatorFamily, comparison: Comparison, negated: boolean];

const TABLE: readonly Row[] = [
  ['StringEquals', 'String', 'equals', false],
  ['StringNotEquals', 'String', 'equals', true],
  ['StringEqualsIgnoreCase', 'String', 'equalsIgnoreCase', false],
  ['StringNotEqualsIgnoreCase', 'String', 'equalsIgnoreCase', true],
  ['StringLike', 'String', 'like', false],
  ['StringNotLike', 'String', 'like', true],
  ['NumericEquals', 'Numeric', 'equals', false],
  ['NumericNotEquals', 'Numeric', 'equals', true],
  ['NumericLessThan', 'Numeric', 'lt', false],
  ['NumericLessThanEquals', 'Numeric', 'le', false],
  ['NumericGreaterThan', 'Numeric', 'gt', false],
  ['NumericGreaterThanEquals', 'Numeric', 'ge', false],
  ['DateEquals', 'Date', 'equals', false],
  ['DateNotEquals', 'Date', 'equals', true],
  ['DateLessThan', 'Date', 'lt', false],
  ['DateLessThanEquals', 'Date', 'le', false],
  ['DateGreaterThan', 'Date', 'gt', false],
  ['DateGreaterThanEquals', 'Date', 'ge', false],
  ['Bool', 'Bool', 'equals', false],
  ['BinaryEquals', 'Binary', 'equals', false],
  ['IpAddress', 'IPAddress', 'inRange', false],
  ['NotIpAddress', 'IPAddress', 'inRange', true],
  // ArnEquals and ArnLike behave the same: both accept wildcards in each ARN component.
  ['ArnEquals', 'ARN', 'like', false],
  ['ArnLike', 'ARN', 'like', false],
  ['ArnNotEquals', 'ARN', 'like', true],
  ['ArnNotLike', 'ARN', 'like', true],
  ['Null', 'Null', 'null', false],
];

export const BASE_OPERATORS: ReadonlyMap<string, BaseOperator> = new Map(
  TABLE.map(([name, family, comparison, negated]) => [name.toLowerCase(), { name, family, comparison, negated }]),
);

export type SetOperator = 'ForAnyValue' | 'ForAllValues';

export interface ParsedOperator {
  readonly raw: string;
  readonly base: BaseOperator;
  readonly set: SetOperator | undefined;
  readonly ifExists: boolean;
  /** The canonical spelling, e.g. `ForAnyValue:StringEqualsIfExists`. */
  readonly canonical: string;
}

const SET_PREFIXES: readonly SetOperator[] = ['ForAnyValue', 'ForAllValues'];

/**
 * Parse an operator as written. Names are looked up case-insensitively (the canonical spelling is
 * returned so the validator can warn about a different case). Returns `undefined` for an unknown
 * operator, and for `NullIfExists`, which IAM does not allow.
 */
export function parseOperator(raw: string): ParsedOperator | undefined {
  let rest = raw;
  let set: SetOperator | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    set = SET_PREFIXES.find((s) => s.toLowerCase() === prefix);
    if (!set) return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = BASE_OPERATORS.get(rest.toLowerCase());
  if (!base) return undefined;
  // NullIfExists does not exist. A set prefix on Null changes nothing (IAM Access Analyzer only
  // suggests removing it), so it keeps Null's meaning rather than silently never matching.
  if (base.family === 'Null' && ifExists) return undefined;
  const canonical = `${set ? `${set}:` : ''}${base.name}${ifExists ? 'IfExists' : ''}`;
  return { raw, base, set, ifExists, canonical };
}

/**
 * Which condition-key types each operator family may be used with. A mismatch (a Numeric operator
 * on a String key) is a validation error: the comparison could never be what the author meant.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html (Type column)
 */
export const FAMILY_KEY_TYPES: Readonly<Record<OperatorFamily, readonly ConditionKeyType[]>> = {
  String: ['String', 'ARN'],
  Numeric: ['Numeric'],
  Date: ['Date'],
  Bool: ['Bool'],
  Binary: ['Binary'],
  IPAddress: ['IPAddress'],
  ARN: ['ARN', 'String'],
  Null: ['String', 'Numeric', 'Date', 'Bool', 'Binary', 'IPAddress', 'ARN'],
};
