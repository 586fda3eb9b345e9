/** What every check receives, and small helpers shared by the checks. */
import type { DiagnosticCode, Severity, Diagnostic } from '../model/diagnostic.js';
import type { JsonValue, Policy, Statement } from '../model/policy.js';
import { childPath } from '../parse/json-path.js';
import { isObject as isPlainObject } from '../common/guards.js';

export type PolicyKind = 'key' | 'identity';

export interface ValidateOptions {
  /** ARN of the key the policy is for, when known: a key policy `Resource` equal to it is only a warning. */
  readonly keyArn?: string;
}

export type JsonObject = { [key: string]: JsonValue };

export interface ValidationContext {
  readonly kind: PolicyKind;
  readonly options: ValidateOptions;
  readonly policy: Policy;
  report(code: DiagnosticCode, severity: Severity, path: string, message: string): void;
}

/** A check over the whole document (already known to be an object). */
export type DocumentCheck = (document: JsonObject, ctx: ValidationContext) => void;

/** A check over one statement (already known to be an object). */
export type StatementCheck = (statement: Statement, raw: JsonObject, ctx: ValidationContext) => void;

export function createContext(kind: PolicyKind, options: ValidateOptions, policy: Policy, out: Diagnostic[]): ValidationContext {
  return {
    kind,
    options,
    policy,
    report(code, severity, path, message) {
      out.push({ code, severity, path, message });
    },
  };
}

export const isObject = (value: unknown): value is JsonObject => isPlainObject<JsonValue>(value);

export function has(obj: object, name: string): boolean {
  return Object.hasOwn(obj, name);
}

export function get(obj: JsonObject, name: string): JsonValue | undefined {
  return has(obj, name) ? obj[name] : undefined;
}

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

export function jsonType(value: JsonValue): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'string' | 'number' | 'boolean' | 'object';
}

const ARTICLE: Record<JsonType, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
  array: 'an array',
  object: 'an object',
};

export function describeType(value: JsonValue): string {
  return ARTICLE[jsonType(value)];
}

export function describeTypes(types: readonly JsonType[]): string {
  const names = types.map((t) => ARTICLE[t]);
  return names.length <= 1 ? (names[0] ?? 'nothing') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** A string element value with the path it came from. */
export interface Entry {
  readonly value: string;
  readonly path: string;
}

/**
 * The strings of an element that takes "a string or an array of strings" (Action, Resource,
 * principal lists). Array items that are not strings are reported as `wrong-type`; a value of
 * another type yields nothing (the element table reports it).
 */
export function stringEntries(value: JsonValue | undefined, path: string, what: string, ctx: ValidationContext): Entry[] {
  if (typeof value === 'string') return [{ value, path }];
  if (!Array.isArray(value)) return [];
  const out: Entry[] = [];
  value.forEach((item, i) => {
    const p = childPath(path, i);
    if (typeof item === 'string') out.push({ value: item, path: p });
    else ctx.report('wrong-type', 'error', p, `${what} entries must be strings, but item ${i} is ${describeType(item)}`);
  });
  return out;
}

/** Quote a user-written string for a message. */
export function q(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}
