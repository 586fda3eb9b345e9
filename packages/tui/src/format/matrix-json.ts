/**
 * The matrix as one JSON document: { key, complete, principals, actions, cells, stats, policyErrors? }.
 * `complete` is false when any cell is; such a cell says why (`incompleteReason`) and how much was
 * evaluated. `policyErrors`: the validation errors of the policies simulated (AWS would reject them),
 * each with its policy, code, path and, when known, line and column in the file.
 */
import type { PolicyError } from '@kmsim/core';
import { incompleteReason, type Matrix, type OutcomeTerm } from '@kmsim/simulator';
import { policyErrorJson } from './policy-errors.js';

export interface MatrixJson {
  readonly key: Matrix['key'];
  readonly complete: boolean;
  readonly principals: readonly {
    id: string;
    arn: string;
    label: string;
    origin: string;
    account: string | null;
    iam: string;
    description: string;
  }[];
  readonly actions: readonly { name: string; group: string }[];
  readonly cells: readonly {
    principal: string;
    action: string;
    outcome: string;
    summary: string;
    terms: readonly unknown[];
    complete: boolean;
    incompleteReason?: string;
    evaluated?: number;
    total?: number;
  }[];
  readonly stats: Matrix['stats'];
  readonly policyErrors?: readonly unknown[];
}

function term(t: OutcomeTerm): unknown {
  return {
    decision: t.decision,
    count: t.count,
    when: t.when.map((w) => ({
      key: w.key,
      classes: w.classes.map((c) => ({ id: c.id, label: c.label, ...(c.value !== undefined ? { value: c.value } : {}) })),
    })),
  };
}

export function matrixJson(matrix: Matrix, policyErrors: readonly PolicyError[] = []): MatrixJson {
  return {
    key: matrix.key,
    complete: matrix.cells.every((c) => c.complete),
    principals: matrix.principals.map((p) => ({
      id: p.id,
      arn: p.arn,
      label: p.label,
      origin: p.origin,
      account: p.account ?? null,
      iam: p.iam,
      description: p.description,
    })),
    actions: matrix.actions.map((a) => ({ name: a.name, group: a.group })),
    cells: matrix.cells.map((c) => ({
      principal: c.principal,
      action: c.action,
      outcome: c.outcome,
      summary: c.summary,
      terms: c.terms.map(term),
      complete: c.complete,
      ...(c.complete ? {} : { incompleteReason: incompleteReason(c) ?? '', evaluated: c.evaluated, total: c.total }),
    })),
    stats: matrix.stats,
    ...(policyErrors.length > 0 ? { policyErrors: policyErrors.map(policyErrorJson) } : {}),
  };
}

export function formatMatrixJson(matrix: Matrix, policyErrors: readonly PolicyError[] = []): string {
  return `${JSON.stringify(matrixJson(matrix, policyErrors), null, 2)}\n`;
}
