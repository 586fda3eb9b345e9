/**
 * JSON documents: the value comes from `JSON.parse` (what core's `parseJsonText` takes as the
 * value too, and fast on a plan of tens of megabytes); when it refuses the text, core's
 * `parseJsonText` says where and why, so every loader words a syntax error the same way, and the
 * way core does: `file: not valid JSON (line 8, column 22): trailing comma before "}" …`.
 */
import { parseJsonText, type Diagnostic, type JsonValue } from '@kmsim/core';
import { LoadError, type LoadErrorDetails } from './errors.js';

/** Core's message without its `Invalid JSON: ` lead (the LoadError says "not valid JSON" itself). */
export function syntaxMessage(d: Diagnostic | undefined): string {
  return (d?.message ?? 'unreadable').replace(/^Invalid JSON: /u, '');
}

/** The first syntax error core finds in `text`, as its diagnostic. */
export function firstSyntaxError(text: string): Diagnostic | undefined {
  return parseJsonText(text).diagnostics.find((d) => d.code === 'invalid-json');
}

/** The LoadError for a syntax error of a JSON document `source` (line and column set from `d`). */
export function jsonError(source: string, d: Diagnostic | undefined, details: LoadErrorDetails = {}): LoadError {
  const at = d?.line !== undefined ? { line: d.line, column: d.column ?? 1 } : {};
  return new LoadError(source, 'json', `not valid JSON: ${syntaxMessage(d)}`, { ...details, ...at });
}

/** Parse the JSON document in `text`; a syntax error is a LoadError with line and column in `source`. */
export function parseJson(text: string, source: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    throw jsonError(
      source,
      firstSyntaxError(text) ?? { code: 'invalid-json', severity: 'error', path: '$', message: e instanceof Error ? e.message : String(e) },
    );
  }
}
