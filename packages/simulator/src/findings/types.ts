/** Public shapes of the findings: what a rule reports, and the rule table's rows. */
import type { PolicyError } from '@kmsim/core';
import type { Matrix } from '../matrix/types.js';
import type { FindingContext } from './context.js';

/** Most severe first: see `SEVERITY_ORDER`. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
/** The same as Severity, for code that also imports core's diagnostic Severity. */
export type FindingSeverity = Severity;

/** A principal outside the key's account, as findings name it. */
export interface OutsidePrincipal {
  /** The matrix row id. */
  readonly row: string;
  /** `arn:aws:iam::*:*` (any principal of any other account), `arn:aws:iam::444455556666:*`, `arn:aws:iam::444455556666:role/Reader`. */
  readonly principal: string;
  /** 12 digits, or `*` for any account other than the key's and those the policies name. */
  readonly account: string;
  /** Who that is, in words: `any principal of any other account`. */
  readonly who: string;
}

/** A key policy statement a finding is about. */
export interface FindingStatement {
  readonly sid: string | undefined;
  /** Position in the key policy's Statement list (0-based). */
  readonly index: number;
  /** JSON path, e.g. `$.Statement[2]`. */
  readonly path: string;
}

export interface Finding {
  /** Rule id, e.g. `public-access`, `unmanageable-key`. */
  readonly id: string;
  readonly severity: Severity;
  /** One line. */
  readonly title: string;
  /** What exactly: names the statements, principals, actions and conditions. */
  readonly message: string;
  /** Key policy statements involved. */
  readonly statements: readonly FindingStatement[];
  /** Matrix row ids involved. */
  readonly principals?: readonly string[];
  /**
   * For access from outside the key's account (public-access, cross-account-access, and
   * analysis-incomplete on such rows): each outside principal with its account, `*` for any account.
   */
  readonly outside?: readonly OutsidePrincipal[];
  readonly actions?: readonly string[];
  /**
   * For policy-invalid: where the error is — which policy (`keyPolicy`, `identityPolicies["arn"][0]`),
   * the JSON path in it, and the line and column in the file when known.
   */
  readonly location?: { readonly policy: string; readonly path: string; readonly line?: number; readonly column?: number };
  /** A concrete fix. */
  readonly fix: string;
}

export interface FindingsOptions {
  /** A matrix already computed for the same input (it is not recomputed). */
  readonly matrix?: Matrix;
  /**
   * ARNs the user declares as key administrators. Default: the principals allowed kms:PutKeyPolicy
   * (the only action `kms:Put*` matches). Declared ARNs that the policies do not name get a row when
   * `findings` simulates; with a given `matrix`, only those that have a row are considered.
   */
  readonly administrators?: readonly string[];
  /** Passed to `simulate` when no `matrix` is given (its per-cell bound; see `SimulateOptions`). */
  readonly maxCombinations?: number;
  /**
   * The validation errors of the input's policies, with the file's lines (a CLI knows them).
   * Default: core's `policyErrorsOf(input)` (no lines for policies given as documents).
   */
  readonly policyErrors?: readonly PolicyError[];
}

/** One row of the rule table. */
export interface FindingRuleInfo {
  readonly id: string;
  /** The most severe level the rule reports (some findings of a rule may be lower). */
  readonly severity: Severity;
  readonly title: string;
  /** What it checks, in a sentence or two. */
  readonly checks: string;
  /** The AWS documentation it relies on. */
  readonly docs: readonly string[];
}

export interface FindingRule extends FindingRuleInfo {
  run(context: FindingContext): Finding[];
}
