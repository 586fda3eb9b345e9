/**
 * Policy TEXT → JSON value, keeping source offsets so every diagnostic can carry a line and column.
 *
 * - Syntax: `jsonc-parser` in strict mode (no comments, no trailing commas). Its errors become
 *   `invalid-json` diagnostics with a message naming what is wrong (trailing comma, typographic
 *   quotes, control character, …). The value itself comes from `JSON.parse`, so its semantics are
 *   exactly JSON's; `JSON.parse` also acts as a second opinion on the syntax.
 * - Duplicate keys in any object are `duplicate-key` errors: IAM's grammar forbids them
 *   ("Individual elements must not contain multiple instances of the same key"), while
 *   `JSON.parse` would silently keep the last one.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (Policy grammar notes)
 * - `locate(path)` maps a diagnostic path such as `$.Statement[0].Effect` to a position; a path
 *   that does not exist in the text (a missing element) falls back to its nearest existing parent.
 *
 * Never throws.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from '../model/diagnostic.js';
import type { JsonValue } from '../model/policy.js';
import { childPath } from './json-path.js';

export interface SourcePosition {
  /** 1-based line. Lines end at `\n`, `\r\n` or a lone `\r`. */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units (as JavaScript strings and most editors do). */
  readonly column: number;
  /** 0-based offset in the text (UTF-16 code units). */
  readonly offset: number;
}

export interface JsonTextResult {
  /** The parsed value; `undefined` when the text is not valid JSON. Duplicate keys keep the last value. */
  readonly value: JsonValue | undefined;
  /** `invalid-json` and `duplicate-key` diagnostics, each with line and column. */
  readonly diagnostics: Diagnostic[];
  /** Position of the element at `path` (or of its nearest existing ancestor); `undefined` if the text is not JSON. */
  locate(path: string): SourcePosition | undefined;
}

/** Deeper nesting than this is refused before parsing (the recursive parser would overflow the stack). */
export const MAX_JSON_DEPTH = 64;
/** At most this many syntax errors are reported; after the first few they are mostly consequences. */
const MAX_SYNTAX_ERRORS = 10;

// ---------------------------------------------------------------------------------------------
// Line/column bookkeeping

/** Offsets at which each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) starts.push(i + 1);
    else if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionFinder(text: string): (offset: number) => SourcePosition {
  let starts: number[] | undefined;
  return (rawOffset) => {
    starts ??= lineStarts(text);
    const offset = Math.max(0, Math.min(rawOffset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1, offset };
  };
}

/** 1-based line and column of `offset` in `text`. */
export function positionAt(text: string, offset: number): SourcePosition {
  return positionFinder(text)(offset);
}

// ---------------------------------------------------------------------------------------------
// Messages for syntax errors

/** Typographic quotes that word processors and web pages substitute for `"` and `'`. */
const TYPOGRAPHIC_QUOTES = /[\u201C\u201D\u201E\u201F\u2018\u2019\u201A\u201B\u2033\u2032]/;

const CONTROL_NAMES: Record<number, string> = {
  0: 'NUL',
  7: 'BEL',
  8: 'BS',
  9: 'TAB',
  10: 'LF',
  11: 'VT',
  12: 'FF',
  13: 'CR',
  27: 'ESC',
  127: 'DEL',
};

export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp < 0x20 || cp === 0x7f) return `control character ${hex}${CONTROL_NAMES[cp] ? ` (${CONTROL_NAMES[cp]})` : ''}`;
  if (cp === 0xfeff) return `byte order mark ${hex}`;
  if (TYPOGRAPHIC_QUOTES.test(ch)) return `typographic quote ${ch} (${hex})`;
  return `character ${JSON.stringify(ch)} (${hex})`;
}

function charAt(text: string, offset: number): string {
  const cp = text.codePointAt(offset);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** Offset of the last non-whitespace character before `offset`, or -1. */
function previousSignificant(text: string, offset: number): number {
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    if (!/\s/.test(text[i] ?? '')) return i;
  }
  return -1;
}

/** Where in a string token the first raw control character is (jsonc reports the whole token). */
function firstControlChar(text: string, from: number, length: number): number {
  const end = Math.min(text.length, from + Math.max(length, 1));
  for (let i = from; i < end; i++) if (text.charCodeAt(i) < 0x20) return i;
  return from;
}

// Numeric values of jsonc-parser's ParseErrorCode (a const enum, which isolatedModules cannot import).
const E = {
  InvalidSymbol: 1,
  InvalidNumberFormat: 2,
  PropertyNameExpected: 3,
  ValueExpected: 4,
  ColonExpected: 5,
  CommaExpected: 6,
  CloseBraceExpected: 7,
  CloseBracketExpected: 8,
  EndOfFileExpected: 9,
  InvalidCommentToken: 10,
  UnexpectedEndOfComment: 11,
  UnexpectedEndOfString: 12,
  UnexpectedEndOfNumber: 13,
  InvalidUnicode: 14,
  InvalidEscapeCharacter: 15,
  InvalidCharacter: 16,
} as const;

interface SyntaxProblem {
  readonly offset: number;
  readonly message: string;
}

function explain(text: string, error: ParseError): SyntaxProblem {
  const { offset, length } = error;
  const here = charAt(text, offset);
  const atEnd = offset >= text.length;
  const found = atEnd ? 'the end of the text' : describeChar(here);
  switch (error.error as number) {
    case E.InvalidSymbol: {
      if (here === '\uFEFF' && offset === 0)
        return { offset, message: 'the text starts with a byte order mark (U+FEFF), which JSON policy text must not have; save it as UTF-8 without BOM' };
      if (TYPOGRAPHIC_QUOTES.test(here)) return { offset, message: `unexpected ${found}: JSON strings need straight double quotes (")` };
      if (here === "'") return { offset, message: `unexpected single quote: JSON strings need double quotes (")` };
      const word = text.slice(offset, offset + Math.max(length, 1));
      if (/^[A-Za-z_]/.test(word))
        return {
          offset,
          message: `unexpected word ${JSON.stringify(word)}: property names and string values must be in double quotes (only true, false and null are bare words)`,
        };
      return { offset, message: `unexpected ${found}` };
    }
    case E.InvalidNumberFormat:
      return { offset, message: `invalid number ${JSON.stringify(text.slice(offset, offset + length))}` };
    case E.PropertyNameExpected:
    case E.ValueExpected: {
      const before = previousSignificant(text, offset);
      if (text[before] === ',' && (here === '}' || here === ']')) {
        return {
          offset: before,
          message: `trailing comma before "${here}": JSON does not allow a comma after the last ${here === '}' ? 'property' : 'element'}`,
        };
      }
      if (atEnd && text.trim() === '') return { offset, message: 'the text is empty' };
      if (atEnd) return { offset, message: 'the text ends where a value was expected' };
      const what = error.error === E.PropertyNameExpected ? 'a property name in double quotes' : 'a value';
      return { offset, message: `expected ${what} but found ${found}` };
    }
    case E.ColonExpected:
      return { offset, message: `expected ":" after the property name but found ${found}` };
    case E.CommaExpected:
      return { offset, message: `expected "," between elements but found ${found} (is a comma missing at the end of the previous line?)` };
    case E.CloseBraceExpected:
      return { offset, message: `expected "}" to close the object but found ${found}` };
    case E.CloseBracketExpected:
      return { offset, message: `expected "]" to close the array but found ${found}` };
    case E.EndOfFileExpected:
      return { offset, message: `unexpected ${found} after the end of the JSON document` };
    case E.InvalidCommentToken:
    case E.UnexpectedEndOfComment:
      return { offset, message: 'comments are not allowed in JSON policies' };
    case E.UnexpectedEndOfString:
      return { offset, message: 'unterminated string: a closing double quote is missing' };
    case E.UnexpectedEndOfNumber:
      return { offset, message: `incomplete number ${JSON.stringify(text.slice(offset, offset + length))}` };
    case E.InvalidUnicode:
      return { offset, message: 'invalid \\u escape: it needs exactly four hexadecimal digits' };
    case E.InvalidEscapeCharacter:
      return { offset, message: 'invalid escape sequence in a string (JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)' };
    case E.InvalidCharacter: {
      const at = firstControlChar(text, offset, length);
      return { offset: at, message: `${describeChar(charAt(text, at))} inside a string: control characters must be escaped (for example \\n or \\u0007)` };
    }
    default:
      return { offset, message: `syntax error at ${found}` };
  }
}

// ---------------------------------------------------------------------------------------------
// Depth pre-check (linear, skips strings)

function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

// ---------------------------------------------------------------------------------------------
// Path → offset map, duplicate keys (iterative walks: no recursion on user-controlled depth)

interface Walked {
  readonly offsets: Map<string, number>;
  readonly duplicates: { readonly path: string; readonly key: string; readonly offset: number; readonly first: number }[];
}

function walk(root: Node): Walked {
  const offsets = new Map<string, number>();
  const duplicates: Walked['duplicates'][number][] = [];
  const stack: { node: Node; path: string }[] = [{ node: root, path: '$' }];
  offsets.set('$', root.offset);
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: Node; path: string };
    if (node.type === 'object') {
      const seen = new Map<string, number>();
      for (const prop of node.children ?? []) {
        const keyNode = prop.children?.[0];
        const valueNode = prop.children?.[1];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const key = keyNode.value;
        const p = childPath(path, key);
        const first = seen.get(key);
        if (first !== undefined) duplicates.push({ path, key, offset: keyNode.offset, first });
        else seen.set(key, keyNode.offset);
        // The last occurrence wins, as in JSON.parse, so positions match the value the validator sees.
        offsets.set(p, keyNode.offset);
        if (valueNode) stack.push({ node: valueNode, path: p });
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((item, i) => {
        const p = childPath(path, i);
        offsets.set(p, item.offset);
        stack.push({ node: item, path: p });
      });
    }
  }
  return { offsets, duplicates };
}

/**
 * Split a path written by `childPath` into its parents, longest first:
 * `$.Statement[0].Condition["kms:ViaService"]` → itself, `$.Statement[0].Condition`, `$.Statement[0]`, `$.Statement`, `$`.
 */
export function pathAncestors(path: string): string[] {
  if (!path.startsWith('$')) return ['$'];
  const cuts: number[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      cuts.push(i);
      i++;
      while (i < path.length && /[A-Za-z0-9_]/.test(path[i] ?? '')) i++;
    } else if (c === '[') {
      cuts.push(i);
      if (path[i + 1] === '"') {
        i += 2;
        while (i < path.length && path[i] !== '"') i += path[i] === '\\' ? 2 : 1;
        i += 2; // closing quote and bracket
      } else {
        while (i < path.length && path[i] !== ']') i++;
        i++;
      }
    } else {
      break; // not a path we wrote; keep what was understood
    }
  }
  const out = [path];
  for (let k = cuts.length - 1; k >= 0; k--) out.push(path.slice(0, cuts[k]));
  if (out[out.length - 1] !== '$') out.push('$');
  return out;
}

// ---------------------------------------------------------------------------------------------

function jsonParse(text: string): { ok: true; value: JsonValue } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

const NOWHERE = (): undefined => undefined;

function strictTree(text: string): { root: Node | undefined; errors: ParseError[] } | { failure: string } {
  const errors: ParseError[] = [];
  try {
    const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    return { root, errors };
  } catch (e) {
    return { failure: e instanceof Error ? e.message : String(e) };
  }
}

/** Replace typographic double quotes with `"` and single ones with `'` (each is one UTF-16 unit, so offsets are kept). */
function straightenQuotes(text: string): string {
  return text.replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"').replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'");
}

/** Parse policy text. Never throws. */
export function parseJsonText(text: string): JsonTextResult {
  const at = positionFinder(text);
  const diag = (code: 'invalid-json' | 'duplicate-key', offset: number, message: string, path = '$'): Diagnostic => {
    const { line, column } = at(offset);
    return { code, severity: 'error', message, path, line, column };
  };

  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    return {
      value: undefined,
      diagnostics: [diag('invalid-json', 0, `Invalid JSON: the document is nested more than ${MAX_JSON_DEPTH} levels deep; no policy needs more than 7`)],
      locate: NOWHERE,
    };
  }

  const tree = strictTree(text);
  if ('failure' in tree) {
    return { value: undefined, diagnostics: [diag('invalid-json', 0, `Invalid JSON: the parser failed (${tree.failure})`)], locate: NOWHERE };
  }
  const { root, errors } = tree;

  const diagnostics: Diagnostic[] = [];
  if (errors.length > 0 || root === undefined) {
    let reported = errors;
    const quote = text.search(TYPOGRAPHIC_QUOTES);
    if (quote >= 0) {
      // Parse again with straight quotes (one code unit each, so offsets are kept). If that removes
      // errors, the quotes are (part of) the problem: say so, then report only what else is wrong.
      // If not, they are inside strings, where they are harmless JSON; report the errors as they are.
      const repaired = strictTree(straightenQuotes(text));
      if (!('failure' in repaired) && repaired.errors.length < errors.length) {
        diagnostics.push(
          diag(
            'invalid-json',
            quote,
            `Invalid JSON: the text contains typographic quotes (“ ” or ‘ ’), as pasted from a web page or word processor; JSON needs straight double quotes ("). First one: ${describeChar(charAt(text, quote))}`,
          ),
        );
        reported = repaired.errors;
      }
    }
    const seenOffsets = new Set<number>();
    for (const error of reported) {
      if (seenOffsets.size >= MAX_SYNTAX_ERRORS) break;
      const problem = explain(text, error);
      if (seenOffsets.has(problem.offset)) continue;
      seenOffsets.add(problem.offset);
      diagnostics.push(diag('invalid-json', problem.offset, `Invalid JSON: ${problem.message}`));
    }
    if (diagnostics.length === 0) diagnostics.push(diag('invalid-json', 0, 'Invalid JSON'));
    return { value: undefined, diagnostics, locate: NOWHERE };
  }

  // jsonc-parser accepted it; JSON.parse must agree (it is the reference for the value).
  const parsed = jsonParse(text);
  if (!parsed.ok) {
    return { value: undefined, diagnostics: [diag('invalid-json', 0, `Invalid JSON: ${parsed.message}`)], locate: NOWHERE };
  }

  const { offsets, duplicates } = walk(root);
  for (const d of duplicates) {
    const first = at(d.first);
    const where = d.path === '$' ? 'the policy document' : d.path;
    diagnostics.push(
      diag(
        'duplicate-key',
        d.offset,
        `Duplicate key ${JSON.stringify(d.key)} in ${where} (first at line ${first.line}, column ${first.column}): ` +
          'a policy must not repeat a key in one object; AWS rejects it, while a plain JSON parser would silently keep only the last value',
        childPath(d.path, d.key),
      ),
    );
  }
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));

  const locate = (path: string): SourcePosition | undefined => {
    for (const p of pathAncestors(path)) {
      const offset = offsets.get(p);
      if (offset !== undefined) return at(offset);
    }
    return undefined;
  };
  return { value: parsed.value, diagnostics, locate };
}
