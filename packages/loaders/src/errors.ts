/**
 * LoadError: the one error every loader throws. Its message is one line saying where (the file, the
 * resource's logical id or address, the JSON path or line/column, the endpoint) and what went wrong —
 * never a stack trace, and never a guess in place of a value that could not be determined.
 *
 * Wording: `<source>[: <resource>][ at <path>]: <what> (line L, column C): <why>`, the position
 * following the first clause of the detail, as core's ScenarioError words a syntax error:
 * `policy.json: not valid JSON (line 8, column 22): trailing comma before "}" …`.
 */
import { KmsimError } from '@kmsim/core';

/** Why a load failed; stable, for programs. The message is for people. */
export type LoadErrorReason =
  /** The file could not be read (missing, a directory, a FIFO or device, unreadable, larger than the limit) or is empty. */
  | 'file'
  /** The file is not valid JSON (line and column are set). */
  | 'json'
  /** The document is not in the expected format (not a template, not a plan, no evaluation case …). */
  | 'format'
  /** The key policy is unusable: invalid JSON, over 32 KB, not an object. */
  | 'policy'
  /** A CloudFormation value cannot be determined from the template and the options. */
  | 'unresolvable'
  /** A Terraform value is only known after apply. */
  | 'unknown-after-apply'
  /** No such key (or resource); or more than one where exactly one was asked for. */
  | 'not-found'
  | 'ambiguous'
  /** Live keys: the endpoint did not answer. */
  | 'unreachable'
  | 'no-credentials'
  | 'no-region'
  | 'access-denied'
  /** Any other error the AWS API returned. */
  | 'aws-error';

export interface LoadErrorDetails {
  /** The resource's logical id (CloudFormation), address (Terraform) or key id (live). */
  readonly resource?: string;
  /** JSON path of the offending element, e.g. `$.Resources.AppKey.Properties.KeyPolicy.Statement[0]`. */
  readonly path?: string;
  readonly line?: number;
  readonly column?: number;
  readonly cause?: unknown;
}

export class LoadError extends KmsimError {
  readonly resource: string | undefined;
  readonly path: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    /** The file, `template` / `plan` for objects, or the key id and endpoint for live keys. */
    readonly source: string,
    readonly reason: LoadErrorReason,
    detail: string,
    details: LoadErrorDetails = {},
  ) {
    super('load-failed', LoadError.format(source, detail, details));
    this.resource = details.resource;
    this.path = details.path;
    this.line = details.line;
    this.column = details.column;
    if (details.cause !== undefined) this.cause = details.cause;
  }

  private static format(source: string, rawDetail: string, d: LoadErrorDetails): string {
    // One line, whatever a library or a server put in its message.
    const detail = rawDetail.replace(/\s*[\r\n]+\s*/gu, ' ').trim();
    let where = source;
    if (d.resource !== undefined) where += `: ${d.resource}`;
    if (d.path !== undefined) where += ` at ${d.path}`;
    if (d.line === undefined) return `${where}: ${detail}`;
    const position = ` (line ${d.line}, column ${d.column ?? 1})`;
    const clause = detail.indexOf(': ');
    return clause < 0 ? `${where}: ${detail}${position}` : `${where}: ${detail.slice(0, clause)}${position}${detail.slice(clause)}`;
  }
}
