/** What every rule reads: the prepared input, the matrix, the statements and the administrators. */
import { policyErrorsOf, type Caller, type PolicyError } from '@kmsim/core';
import { arnParts, tryParseCaller } from '@kmsim/core/internal';
import { prepare, type PreparedInput, type SimulationInput } from '../input.js';
import { columns, simulate } from '../matrix/simulate.js';
import type { Matrix } from '../matrix/types.js';
import { enumeratePrincipals, type PrincipalRow } from '../principals.js';
import { allows, isNamed } from './rows.js';
import { describeStatement, type StatementInfo } from './statements.js';
import type { FindingsOptions } from './types.js';

export interface FindingContext {
  readonly input: SimulationInput;
  readonly prepared: PreparedInput;
  readonly matrix: Matrix;
  /** The key's account (from its ARN). */
  readonly keyAccount: string;
  /** `arn:<partition>:iam::<key account>:root`: the principal that enables IAM policies. */
  readonly keyAccountRoot: string;
  readonly statements: readonly StatementInfo[];
  /** Every action that exists for the key's type (not only the matrix's columns). */
  readonly keyActions: ReadonlySet<string>;
  /** Row ids of the key administrators: declared, else the named principals allowed kms:PutKeyPolicy. */
  readonly administrators: ReadonlySet<string>;
  readonly administratorsDeclared: boolean;
  /** The validation errors of the input's policies (policy-invalid). */
  readonly policyErrors: readonly PolicyError[];
  /** The row's principal as core's matchers see it (undefined if core cannot parse it). */
  caller(row: PrincipalRow): Caller | undefined;
}

/** The principal as core's matchers see it, or undefined when core cannot parse it (a class row's label). */
export const safeCaller: (arn: string) => Caller | undefined = tryParseCaller;

export function buildContext(input: SimulationInput, options: FindingsOptions): FindingContext {
  const prepared = prepare(input);
  const declared = options.administrators;
  let matrix = options.matrix;
  if (!matrix) {
    // Declared administrators the policies do not name still get a row of their own.
    const rows = new Set(enumeratePrincipals(prepared).map((r) => r.arn));
    const missing = (declared ?? []).filter((arn) => !rows.has(arn));
    matrix = simulate(input, {
      ...(missing.length ? { principals: missing.map((arn) => ({ arn })) } : {}),
      ...(options.maxCombinations !== undefined ? { maxCombinations: options.maxCombinations } : {}),
    });
  }
  const m = matrix;
  const keyArn = arnParts(m.key.arn);
  const keyAccount = keyArn?.account ?? '';
  const partition = keyArn?.partition ?? 'aws';
  const administrators = new Set<string>(
    declared
      ? m.principals.filter((r) => declared.includes(r.arn) || declared.includes(r.id)).map((r) => r.id)
      : m.principals.filter((r) => isNamed(r) && allows(m.cell(r.id, 'kms:PutKeyPolicy'))).map((r) => r.id),
  );
  const callers = new Map<string, Caller | undefined>();
  return {
    input,
    prepared,
    matrix: m,
    keyAccount,
    keyAccountRoot: `arn:${partition}:iam::${keyAccount}:root`,
    statements: prepared.keyPolicy.statements.map((s) => describeStatement(s, m.key.arn)),
    keyActions: new Set(columns(prepared, {}).map((a) => a.name)),
    administrators,
    administratorsDeclared: declared !== undefined,
    policyErrors: options.policyErrors ?? policyErrorsOf(input),
    caller(row) {
      if (!callers.has(row.arn)) callers.set(row.arn, safeCaller(row.arn));
      return callers.get(row.arn);
    },
  };
}
