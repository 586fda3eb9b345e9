import type { DecisionKind, EvaluationRequest, KeyAttributes, KmsAction, ActionGroup, StatementTrace } from '@kmsim/core';
import type { KeySpace, ValueClass } from '../condition-space/index.js';
import type { PrincipalRow } from '../principals.js';

/**
 * Allow: allowed whatever the conditions; Conditional: allowed under some conditions only;
 * ExplicitDeny / ImplicitDeny: never allowed (ExplicitDeny when every combination hits a Deny).
 */
export type CellOutcome = DecisionKind | 'Conditional';

/** One condition of a term: the key takes one of these classes. */
export interface TermCondition {
  readonly key: string;
  readonly classes: readonly ValueClass[];
}

/** A merged region of the condition space with one decision. No conditions = everywhere. */
export interface OutcomeTerm {
  readonly decision: DecisionKind;
  readonly when: readonly TermCondition[];
  /** How many evaluated combinations this term stands for. */
  readonly count: number;
}

/** One evaluated combination: a class index per varied key (aligned with `Cell.keys`). */
export interface CellPoint {
  readonly classes: readonly number[];
  readonly decision: DecisionKind;
}

export interface Cell {
  readonly principal: string;
  readonly action: string;
  readonly outcome: CellOutcome;
  /** The condition keys varied for this cell, with their classes. */
  readonly keys: readonly KeySpace[];
  readonly points: readonly CellPoint[];
  readonly terms: readonly OutcomeTerm[];
  /** "Allow when kms:ViaService is …; otherwise implicit deny". */
  readonly summary: string;
  /** Combinations in the product of the keys' classes. */
  readonly total: number;
  readonly evaluated: number;
  /** Combinations folded into terms (evaluated − terms). */
  readonly merged: number;
  /** False when a bound was reached (said, never silent): see `incompleteReason`. */
  readonly complete: boolean;
  /** Set exactly when `complete` is false: which bound was reached. */
  readonly incompleteReason?: string;
  /** The concrete request of a point (or of the first point of a term). */
  requestFor(point: CellPoint): EvaluationRequest;
}

export interface ActionColumn {
  readonly name: string;
  readonly group: ActionGroup;
  readonly action: KmsAction;
}

export interface MatrixStats {
  readonly cells: number;
  readonly combinations: number;
  readonly evaluated: number;
  readonly merged: number;
  readonly incompleteCells: number;
}

export interface PointExplanation {
  readonly request: EvaluationRequest;
  readonly decision: DecisionKind;
  readonly reason: string;
  /** Every statement considered, with its match details. */
  readonly statements: readonly StatementTrace[];
  /** The statements that decided: the Deny(s) for an explicit deny, the Allow path for an allow. */
  readonly deciding: readonly StatementTrace[];
}

export interface Matrix {
  readonly key: KeyAttributes;
  readonly principals: readonly PrincipalRow[];
  readonly actions: readonly ActionColumn[];
  /** Row-major: `cells[row * actions.length + column]`. */
  readonly cells: readonly Cell[];
  readonly stats: MatrixStats;
  cell(principal: string, action: string): Cell | undefined;
  /** Evaluate one point of a cell again, with the trace. */
  explainPoint(cell: Cell, point: CellPoint): PointExplanation;
}
