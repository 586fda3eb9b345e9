/**
 * LoadedKey — what every loader returns — and the one place a loaded policy is checked: core's
 * `parseKeyPolicy`. Problems that leave nothing to evaluate (invalid JSON, over 32 KB, not an
 * object) are a LoadError; statement-level findings are kept as `diagnostics`.
 */
import { parseKeyPolicy, type Diagnostic, type EvaluatorInput, type Grant, type GuardrailsInput, type KeyAttributes, type PolicyDocument } from '@kmsim/core';
import { LoadError } from './errors.js';
import { jsonError, syntaxMessage } from './json.js';

/**
 * A key as the evaluator, the simulator and the test kit take it, with where it came from; with
 * the guardrails around it (organization, boundaries, session and VPC endpoint policies) when the
 * file gives them (scenario files) or they are loaded beside it (`loadGuardrails`).
 */
export interface LoadedKey extends GuardrailsInput {
  /** The key policy as a document (intrinsics resolved, JSON text parsed). */
  readonly keyPolicy: PolicyDocument;
  /** The parser's and validator's findings on the key policy (none of them fatal). */
  readonly diagnostics: readonly Diagnostic[];
  /** IAM policies by principal ARN (scenario files). */
  readonly identityPolicies?: NonNullable<EvaluatorInput['identityPolicies']>;
  /** The parser's findings on each identity policy (none of them fatal), by principal ARN, in order. */
  readonly identityPolicyDiagnostics?: Readonly<Record<string, readonly (readonly Diagnostic[])[]>>;
  /** The key's grants (scenario files, Terraform `aws_kms_grant`, live keys). */
  readonly grants?: readonly Grant[];
  /**
   * core's `validateGrant` findings on the grants: what CreateGrant would refuse (none of them fatal).
   * Paths are in the scenario file for scenario files, else `$.grants[i]` of `grants`.
   */
  readonly grantDiagnostics?: readonly Diagnostic[];
  /** The key's attributes: ARN, key spec, usage, tags, aliases … */
  readonly key?: KeyAttributes;
  /** Where the key came from: a file, `template.json#AppKey`, `plan.json#module.kms.aws_kms_key.this`, a key ARN. */
  readonly source: string;
}

/** Diagnostics after which there is no policy to evaluate. */
const FATAL = new Set<Diagnostic['code']>(['invalid-json', 'policy-too-large', 'not-an-object', 'internal-error']);

export interface PolicyOrigin {
  /** The file or label for LoadError.source. */
  readonly source: string;
  readonly resource?: string;
  /** JSON path of the policy inside the file (prefix for the diagnostic's path). */
  readonly path?: string;
  /** What the policy is, for messages: "the key policy", "the policy attribute" … */
  readonly what?: string;
  /** The policy is JSON text inside the file (Terraform's `policy` string): line/column are in that text. */
  readonly embedded?: boolean;
}

/**
 * Check a key policy (JSON text or a document) and return it as a document with its diagnostics.
 * When the policy is text inside a file (Terraform's `policy` string), line/column are in that text.
 */
export function checkKeyPolicy(
  input: unknown,
  origin: PolicyOrigin,
  /** The ARN of the key the policy is attached to, which its `Resource` is checked against. */
  keyArn: string | undefined,
): { keyPolicy: PolicyDocument; diagnostics: readonly Diagnostic[] } {
  const parsed = parseKeyPolicy(input, keyArn !== undefined ? { keyArn } : undefined);
  const fatal = parsed.diagnostics.find((d) => FATAL.has(d.code) && d.severity === 'error');
  if (fatal || parsed.policy === undefined) {
    const d = fatal ?? parsed.diagnostics.find((x) => x.severity === 'error');
    const where = origin.resource !== undefined ? { resource: origin.resource } : {};
    if (d?.code === 'invalid-json') {
      // JSON text inside a file (a Terraform policy string, a KeyPolicy string, GetKeyPolicy's answer):
      // the position is in that text, so it is part of the detail; a file's own position is line/column.
      if (origin.embedded) {
        const textAt = d.line !== undefined ? ` (line ${d.line}, column ${d.column ?? 1} of the policy text)` : '';
        throw new LoadError(origin.source, 'policy', `${origin.what ?? 'the key policy'} is not valid JSON${textAt}: ${syntaxMessage(d)}`, {
          ...where,
          ...(origin.path !== undefined ? { path: origin.path } : {}),
        });
      }
      throw jsonError(origin.source, d, { ...where, ...(origin.path !== undefined ? { path: origin.path } : {}) });
    }
    const inner = d && d.path !== '$' && !origin.embedded ? d.path.slice(1) : '';
    const at = d?.line !== undefined ? { line: d.line, column: d.column ?? 1 } : undefined;
    // `$` says nothing a line and column do not.
    const path = origin.path !== undefined ? origin.path + inner : d?.path === '$' && at ? undefined : d?.path;
    const textAt = origin.embedded && at ? ` (line ${at.line}, column ${at.column} of the policy text)` : '';
    throw new LoadError(origin.source, 'policy', `${origin.what ?? 'the key policy'} is not usable${textAt}: ${d?.message ?? 'it is not a JSON object'}`, {
      ...where,
      ...(path !== undefined ? { path } : {}),
      ...(at && !origin.embedded ? at : {}),
    });
  }
  const document = (typeof input === 'string' ? JSON.parse(input) : input) as unknown as PolicyDocument;
  return { keyPolicy: document, diagnostics: parsed.diagnostics };
}
