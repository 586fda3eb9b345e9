export type Severity = 'error' | 'warning' | 'info';

/** One finding of the parser or validator. `code` is stable; `message` is for people. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** JSONPath-like location, `$` for the document, e.g. `$.Statement[0].Effect`. */
  readonly path: string;
  /** 1-based line and column in the source text, when parsing text. */
  readonly line?: number;
  readonly column?: number;
  /** The AWS documentation page the rule comes from (grant diagnostics). */
  readonly source?: string;
}

/** Every diagnostic code kmsim emits. Adding one is a minor change; renaming one is breaking. */
export const DIAGNOSTIC_CODES = [
  'invalid-json',
  'duplicate-key',
  'policy-too-large',
  'invalid-character',
  'not-an-object',
  'wrong-type',
  'unknown-element',
  'version-missing',
  'version-unknown',
  'statement-missing',
  'statement-empty',
  'effect-missing',
  'effect-invalid',
  'principal-missing',
  'principal-and-not-principal',
  'principal-invalid',
  'principal-iam-group',
  'principal-partial-wildcard',
  'principal-malformed-arn',
  'not-principal-with-allow',
  'action-missing',
  'action-and-not-action',
  'action-unknown',
  'action-not-kms',
  'action-iam-only',
  'resource-missing',
  'resource-and-not-resource',
  'resource-not-this-key',
  'resource-malformed-arn',
  'condition-operator-unknown',
  'condition-operator-case',
  'condition-operator-type-mismatch',
  'condition-key-unknown',
  'condition-value-invalid',
  'condition-forallvalues-encryption-context',
  'condition-set-operator-single-valued',
  'condition-null-ifexists',
  'sid-duplicate',
  'sid-invalid',
  'lockout',
  'grant-invalid',
  'grant-grantee-malformed',
  'grant-retiring-principal-malformed',
  'grant-service-grantee-source-arn',
  'grant-service-grantee-retiring-principal',
  'grant-operation-unknown',
  'grant-operation-unsupported',
  'grant-encryption-context-unsupported',
  'grant-encryption-context-both',
  'grant-encryption-context-too-many-pairs',
  'grant-encryption-context-too-long',
  'grant-source-arn-malformed',
  'internal-error',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];
