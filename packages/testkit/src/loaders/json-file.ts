/**
 * Reading a JSON file: the text (a missing file is a LoadError naming it) and its value (a syntax
 * error is a LoadError with line and column). `JSON.parse` gives the value; when it refuses,
 * a small scanner finds where and why, so the position does not depend on the engine's wording.
 */
import { readFile } from 'node:fs/promises';
import type { JsonValue } from '@kmsim/core';
import { LoadError } from './errors.js';

export async function readTextFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new LoadError(path, 'file', `cannot read the file: ${why}`);
  }
  // A UTF-8 byte order mark is not part of the JSON text.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** 1-based line and column (UTF-16 code units) of `offset`; lines end at \n, \r\n or \r. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface SyntaxProblem {
  readonly offset: number;
  readonly message: string;
}

/** The first JSON syntax error in `text` (RFC 8259), or undefined when there is none. */
export function findSyntaxError(text: string): SyntaxProblem | undefined {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw { offset: at, message } satisfies SyntaxProblem;
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const describe = (at: number): string => (at >= text.length ? 'the end of the text' : `${JSON.stringify(text[at])}`);
  const string = (): void => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('control character in a string (escape it, e.g. \\n)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/u.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(`invalid escape \\${e ?? ''}`);
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (let comma = -1; ; ) {
        ws();
        if (text[i] === '}' && comma >= 0) fail('trailing comma before "}": JSON does not allow a comma after the last property', comma);
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ":" after the property name, found ${describe(i)}`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          comma = i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected "," or "}" after a property value, found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let comma = -1; ; ) {
        ws();
        if (text[i] === ']' && comma >= 0) fail('trailing comma before "]": JSON does not allow a comma after the last element', comma);
        value();
        ws();
        if (text[i] === ',') {
          comma = i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected "," or "]" after a list element, found ${describe(i)}`);
      }
    }
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/u.exec(text.slice(i, i + 400));
    if (literal) {
      i += literal[0].length;
      return;
    }
    if (c === '\u201c' || c === '\u201d' || c === "'") fail(`strings must use straight double quotes ("), found ${describe(i)}`);
    fail(`expected a value, found ${describe(i)}`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describe(i)} after the JSON value`);
    return undefined;
  } catch (e) {
    if (typeof e === 'object' && e !== null && 'offset' in e) return e as SyntaxProblem;
    if (e instanceof RangeError) return { offset: i, message: 'the JSON is nested too deeply to read' };
    throw e;
  }
}

/** Parse JSON text; a syntax error is a LoadError with line and column in `source`. */
export function parseJson(text: string, source: string, what = 'the file'): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    const problem = findSyntaxError(text) ?? { offset: 0, message: (e as Error).message };
    const { line, column } = positionAt(text, problem.offset);
    throw new LoadError(source, 'json', `${what} is not valid JSON: ${problem.message}`, { line, column });
  }
}
