/** Clauses on one key, read once: parsed operator and policy values with variables resolved from the base context. */
import { parseOperator, type ConditionClause, type ConditionValue, type OperatorFamily, type ParsedOperator } from '@kmsim/core';
import { hasVariables, resolveTemplate, VARIABLE_VERSION, type Lookup } from './context.js';

export interface PolicyValue {
  /** The value as core compiles it: as written, or the resolved text of a template. */
  readonly raw: ConditionValue;
  readonly text: string;
  /** The template it was resolved from (`${aws:PrincipalTag/Department}`). */
  readonly variable?: string;
  /** Position among all values on the key, in policy order. */
  readonly order: number;
}

export interface ClauseInfo {
  readonly clause: ConditionClause;
  readonly op: ParsedOperator | undefined;
  readonly values: readonly PolicyValue[];
}

function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '';
  }
}

const isScalar = (v: unknown): v is ConditionValue => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

export function readClauses(clauses: readonly ConditionClause[], version: string | undefined, base: Lookup): ClauseInfo[] {
  let order = 0;
  return clauses.map((clause) => {
    let op: ParsedOperator | undefined;
    try {
      op = parseOperator(textOf(clause.operator));
    } catch {
      op = undefined;
    }
    const written: readonly unknown[] = Array.isArray(clause.values) ? clause.values : [];
    const values: PolicyValue[] = [];
    for (const v of written) {
      const at = order++;
      if (typeof v === 'string' && version === VARIABLE_VERSION && hasVariables(v)) {
        // In a Like/ARN pattern `${*}` and `${?}` are literal characters (core marks them so).
        const resolved = resolveTemplate(v, base, op?.base.comparison === 'like');
        // An unresolved variable matches nothing: it yields no witness.
        if (resolved !== undefined) values.push({ raw: resolved, text: resolved, variable: v, order: at });
      } else {
        const text = textOf(v);
        values.push({ raw: isScalar(v) ? v : text, text, order: at });
      }
    }
    return { clause, op, values };
  });
}

/** Values of the clauses whose operator belongs to one of the families, in policy order. */
export function valuesOf(infos: readonly ClauseInfo[], families: readonly OperatorFamily[]): { info: ClauseInfo; value: PolicyValue }[] {
  return infos.flatMap((info) => (info.op && families.includes(info.op.base.family) ? info.values.map((value) => ({ info, value })) : []));
}
