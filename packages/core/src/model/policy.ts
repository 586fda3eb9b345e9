/**
 * The policy model: what a key policy or IAM identity policy says, after parsing.
 * Every element keeps the JSON path it came from so diagnostics and traces can point at it.
 */

/** A JSON value as it may appear in a policy document. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The raw document shape (as written by users and returned by GetKeyPolicy). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: StatementDocument | StatementDocument[];
}

export interface StatementDocument {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PrincipalDocument;
  NotPrincipal?: PrincipalDocument;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, ConditionValue | ConditionValue[]>>;
}

export type PrincipalDocument =
  | '*'
  | { AWS?: string | string[]; Service?: string | string[]; Federated?: string | string[]; CanonicalUser?: string | string[] };

/** A scalar as written in a condition block: IAM accepts strings, numbers and booleans. */
export type ConditionValue = string | number | boolean;

export type Effect = 'Allow' | 'Deny';

/** The policy-language versions IAM knows. Variables are only substituted in 2012-10-17. */
export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;

export interface Policy {
  /** `undefined` when the document has no Version element. */
  readonly version: string | undefined;
  readonly id: string | undefined;
  readonly statements: readonly Statement[];
}

/** Principal element, normalised: `*` (or `{"AWS":"*"}`) becomes `wildcard`. */
export interface PrincipalSet {
  readonly wildcard: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

export interface ConditionClause {
  /** The operator exactly as written, e.g. `ForAnyValue:StringEqualsIfExists`. */
  readonly operator: string;
  /** The condition key exactly as written. */
  readonly key: string;
  readonly values: readonly ConditionValue[];
  /** JSON path of the key's entry, e.g. `$.Statement[1].Condition.StringEquals["kms:ViaService"]`. */
  readonly path: string;
}

export interface Statement {
  /** Position in the policy's Statement list. */
  readonly index: number;
  readonly path: string;
  readonly sid: string | undefined;
  /** `undefined` when Effect is missing or not Allow/Deny (the validator reports it; it never applies). */
  readonly effect: Effect | undefined;
  readonly principal: PrincipalSet | undefined;
  readonly notPrincipal: PrincipalSet | undefined;
  readonly action: readonly string[] | undefined;
  readonly notAction: readonly string[] | undefined;
  readonly resource: readonly string[] | undefined;
  readonly notResource: readonly string[] | undefined;
  readonly conditions: readonly ConditionClause[];
  /** The statement as written, for explanations. */
  readonly source: JsonValue;
}
