/**
 * Parse and validate a key policy or an IAM identity policy, from text or from an object.
 *
 * Text:   size (key policies) → JSON syntax and duplicate keys (json-text) → character set →
 *         structure and semantics (validate/) — every diagnostic with line and column.
 * Object: the same checks on its JSON serialisation, without line and column.
 *
 * Never throws, whatever the input.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { JsonValue, Policy } from '../model/policy.js';
import { validatePolicy, type PolicyKind } from '../validate/index.js';
import { describeChar, parseJsonText, positionAt, type SourcePosition } from './json-text.js';
import { toPolicy } from './to-model.js';
import { isObject as isPlainObject } from '../common/guards.js';

export interface ParseOptions {
  /** ARN of the key the policy is (or will be) attached to; see `resource-not-this-key`. */
  readonly keyArn?: string;
}

export interface ParseResult {
  /** The policy model; `undefined` when the input is not a JSON object (or not JSON at all). */
  readonly policy: Policy | undefined;
  readonly diagnostics: Diagnostic[];
  /** True when no diagnostic has severity `error`. */
  readonly valid: boolean;
}

/**
 * "Up to 32 kilobytes (32,768 bytes)".
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-format
 */
export const KEY_POLICY_MAX_BYTES = 32_768;

/** Length of `text` in UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes, as TextEncoder writes it). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Characters a policy document may contain: tab, line feed, carriage return and U+0020–U+00FF
 * ("Printable ASCII characters", "Printable characters in the Basic Latin and Latin-1 Supplement
 * character set", "The tab (\u0009), line feed (\u000A), and carriage return (\u000D) special characters").
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-format;
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html (Policy). IAM's CreatePolicy
 * PolicyDocument has the same pattern, so identity policies are checked the same way.
 */
const OUTSIDE_CHARSET = /[^\t\n\r\u0020-\u00FF]/gu;

function checkCharacters(text: string, at: ((offset: number) => SourcePosition) | undefined): Diagnostic[] {
  let count = 0;
  let first: { char: string; offset: number } | undefined;
  const samples = new Set<string>();
  for (const m of text.matchAll(OUTSIDE_CHARSET)) {
    count++;
    first ??= { char: m[0], offset: m.index ?? 0 };
    if (samples.size < 5) samples.add(m[0]);
  }
  if (!first) return [];
  const position = at ? at(first.offset) : undefined;
  return [
    {
      code: 'invalid-character',
      severity: 'error',
      path: '$',
      message:
        `The policy contains ${count} character${count === 1 ? '' : 's'} AWS does not accept in a policy document ` +
        `(${[...samples].join(' ')}); the first is ${describeChar(first.char)}. A policy may contain only tab, line feed, ` +
        'carriage return and the printable Basic Latin and Latin-1 characters (U+0020–U+00FF)',
      ...(position ? { line: position.line, column: position.column } : {}),
    },
  ];
}

function tooLarge(bytes: number, what: string): Diagnostic {
  return {
    code: 'policy-too-large',
    severity: 'error',
    path: '$',
    message: `The key policy is ${bytes.toLocaleString('en-US')} bytes ${what}; a key policy can be at most ${KEY_POLICY_MAX_BYTES.toLocaleString('en-US')} bytes`,
  };
}

function result(policy: Policy | undefined, diagnostics: Diagnostic[]): ParseResult {
  return { policy, diagnostics, valid: !diagnostics.some((d) => d.severity === 'error') };
}

const isObject = (value: JsonValue): value is { [key: string]: JsonValue } => isPlainObject<JsonValue>(value);

function fromText(text: string, kind: PolicyKind, options: ParseOptions): ParseResult {
  const diagnostics: Diagnostic[] = [];
  if (kind === 'key') {
    const bytes = utf8ByteLength(text);
    if (bytes > KEY_POLICY_MAX_BYTES) diagnostics.push({ ...tooLarge(bytes, 'in UTF-8'), line: 1, column: 1 });
  }
  const json = parseJsonText(text);
  diagnostics.push(...json.diagnostics);
  if (json.value === undefined) return result(undefined, diagnostics);
  diagnostics.push(...checkCharacters(text, (offset) => positionAt(text, offset)));
  const policy = toPolicy(json.value);
  for (const d of validatePolicy(policy, json.value, kind, options)) {
    const position = json.locate(d.path);
    diagnostics.push(position ? { ...d, line: position.line, column: position.column } : d);
  }
  return result(isObject(json.value) ? policy : undefined, diagnostics);
}

function serialise(input: unknown): { text: string } | { diagnostic: Diagnostic } {
  let text: string | undefined;
  try {
    text = JSON.stringify(input);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      diagnostic: { code: 'invalid-json', severity: 'error', path: '$', message: `Invalid JSON: the policy object cannot be written as JSON (${why})` },
    };
  }
  if (text === undefined) {
    return {
      diagnostic: {
        code: 'not-an-object',
        severity: 'error',
        path: '$',
        message: `A policy must be a JSON object with Version and Statement, not ${typeof input}`,
      },
    };
  }
  return { text };
}

function fromObject(input: unknown, kind: PolicyKind, options: ParseOptions): ParseResult {
  const serialised = serialise(input);
  if ('diagnostic' in serialised) return result(undefined, [serialised.diagnostic]);
  const { text } = serialised;
  const diagnostics: Diagnostic[] = [];
  if (kind === 'key') {
    const bytes = utf8ByteLength(text);
    if (bytes > KEY_POLICY_MAX_BYTES) diagnostics.push(tooLarge(bytes, 'as compact JSON'));
  }
  const value = JSON.parse(text) as JsonValue;
  diagnostics.push(...checkCharacters(text, undefined));
  const policy = toPolicy(value);
  diagnostics.push(...validatePolicy(policy, value, kind, options));
  return result(isObject(value) ? policy : undefined, diagnostics);
}

function parsePolicy(input: unknown, kind: PolicyKind, options: ParseOptions | undefined): ParseResult {
  try {
    const opts = options ?? {};
    return typeof input === 'string' ? fromText(input, kind, opts) : fromObject(input, kind, opts);
  } catch (e) {
    // Not expected: every path above is total. Kept so that a bug shows as a diagnostic, never as a throw.
    const why = e instanceof Error ? e.message : 'unknown error';
    return result(undefined, [{ code: 'internal-error', severity: 'error', path: '$', message: `kmsim could not check this policy (internal error: ${why})` }]);
  }
}

/**
 * Parse and validate a KMS key policy given as JSON text or as an object (a parsed document).
 * Rules specific to key policies: at most 32,768 bytes, Principal required, Resource "*",
 * kms: actions only, IAM-only permissions have no effect.
 */
export function parseKeyPolicy(input: unknown, options?: ParseOptions): ParseResult {
  return parsePolicy(input, 'key', options);
}

/**
 * Parse and validate an IAM identity-based policy (attached to a user or role) given as JSON text or
 * as an object. It must not have Principal; Resource entries are ARNs; non-KMS actions are allowed.
 */
export function parseIdentityPolicy(input: unknown, options?: ParseOptions): ParseResult {
  return parsePolicy(input, 'identity', options);
}
