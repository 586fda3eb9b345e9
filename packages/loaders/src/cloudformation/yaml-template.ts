/**
 * YAML templates: parsed with the `yaml` package into the same value `JSON.parse` gives for the
 * equivalent JSON template, so resolver.ts sees only long forms.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
 *
 * The short forms become their long forms whatever node they tag: `!Ref X` → `{ "Ref": "X" }`,
 * `!Condition C` → `{ "Condition": "C" }`, `!Sub …` → `{ "Fn::Sub": … }` and so on; `!GetAtt A.B`
 * is split on the first dot into `{ "Fn::GetAtt": ["A", "B"] }`. Whether the argument has the
 * right shape is the resolver's to say, as for a JSON template. Any other tag is a LoadError.
 *
 * The schema is YAML 1.2's core schema, so `Version: 2012-10-17` stays a string, as it does in
 * CloudFormation (which reads YAML 1.1 without timestamps). A plain number with a leading zero,
 * the classic unquoted account id, is kept as written when it has an 8 or a 9 (no octal number
 * then, in YAML 1.1 or for CloudFormation); when every digit is 0-7, CloudFormation would read an
 * octal number, so it is refused with a request to quote it rather than guessed. Other YAML 1.1
 * readings are not reproduced: `yes`/`no`/`on`/`off` stay strings and `1:30` is not 90.
 *
 * Anchors (`&name`), aliases (`*name`) and merge keys (`<<:`) are refused with their line, as
 * CloudFormation refuses them ("Template error: YAML aliases are not allowed in CloudFormation
 * templates"): expanding them would analyse a template CloudFormation never deploys.
 */
import type { JsonValue } from '@kmsim/core';
import {
  isAlias,
  isCollection,
  isPair,
  isScalar,
  LineCounter,
  Pair,
  parseDocument,
  Scalar,
  visit,
  YAMLMap,
  type CollectionTag,
  type Document,
  type ScalarTag,
  type Tags,
  type YAMLError,
} from 'yaml';
import { LoadError } from '../errors.js';
import { childPath } from '../json-path.js';

/** Short-form tag → the key of its long form. */
const SHORT_FORMS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  ...Object.fromEntries(
    ['Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'And', 'Or', 'Not', 'FindInMap', 'Base64', 'Cidr', 'GetAZs', 'ImportValue'].map((f) => [
      `!${f}`,
      `Fn::${f}`,
    ]),
  ),
};

/** `{ [fn]: node }` as a YAML node, the argument still a node (its positions kept for messages). */
function longForm(fn: string, argument: unknown): YAMLMap {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(fn), argument));
  return map;
}

function scalarArgument(fn: string, value: string): JsonValue {
  if (fn === 'Fn::GetAtt') {
    const dot = value.indexOf('.');
    // Without a dot the string is passed on, for the resolver to refuse with the JSON path.
    return dot < 0 ? value : [value.slice(0, dot), value.slice(dot + 1)];
  }
  return value;
}

/** Each short form, on a scalar, a sequence and a mapping. */
const CLOUDFORMATION_TAGS: readonly (ScalarTag | CollectionTag)[] = Object.entries(SHORT_FORMS).flatMap(([tag, fn]) => [
  { tag, resolve: (value: string): JsonValue => ({ [fn]: scalarArgument(fn, value) }) } satisfies ScalarTag,
  { tag, collection: 'seq', resolve: (seq) => longForm(fn, seq) } satisfies CollectionTag,
  { tag, collection: 'map', resolve: (map) => longForm(fn, map) } satisfies CollectionTag,
]);

const OCTAL_IN_YAML_1_1 = /^[-+]?0[0-7]+$/u;

/** Plain scalars like `012345678901`: the string as written, not the number 12345678901. */
const LEADING_ZERO: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  default: true,
  test: /^[-+]?0[0-9]+$/u,
  resolve(value, onError) {
    if (OCTAL_IN_YAML_1_1.test(value)) {
      onError(
        `${value} is ambiguous: CloudFormation reads YAML 1.1, where it is the octal number ${Number.parseInt(value, 8)}; quote it ("${value}") if it is an account id or another string`,
      );
    }
    return value;
  },
};

function customTags(tags: Tags): Tags {
  return [LEADING_ZERO, ...tags, ...CLOUDFORMATION_TAGS];
}

function fail(text: string, lines: LineCounter, source: string, offset: number, message: string, cause?: unknown): never {
  // An indentation error is reported at the start of the line; point at what is misplaced instead.
  let at = offset;
  while (text[at] === ' ' || text[at] === '\t') at++;
  const { line, col } = lines.linePos(at);
  throw new LoadError(source, 'format', message, { line, column: col, cause });
}

const REUSE = 'CloudFormation does not allow YAML anchors, aliases or merge keys in a template; write the value out where it is used';

/** The first anchor, alias or merge key of the document, in document order: its offset and what it is. */
function firstReuse(doc: Document, text: string): { offset: number; what: string } | undefined {
  let found: { offset: number; what: string } | undefined;
  visit(doc, (_key, node) => {
    if (isAlias(node)) found = { offset: node.range?.[0] ?? 0, what: `alias *${node.source}` };
    else if (isPair(node) && isScalar(node.key) && node.key.type === 'PLAIN' && node.key.value === '<<') {
      found = { offset: node.key.range?.[0] ?? 0, what: 'merge key <<' };
    } else if ((isScalar(node) || isCollection(node)) && node.anchor !== undefined) {
      // The anchor is written before its node; a short form's long-form map has no range of its own.
      const start = node.range?.[0];
      const at = start !== undefined ? text.lastIndexOf(`&${node.anchor}`, start) : text.indexOf(`&${node.anchor}`);
      found = { offset: Math.max(at, 0), what: `anchor &${node.anchor}` };
    }
    return found ? visit.BREAK : undefined;
  });
  return found;
}

/** The template in `text` as a JSON value; a syntax error or an unknown tag is a LoadError with line and column. */
export function parseYamlTemplate(text: string, source: string): JsonValue {
  const lines = new LineCounter();
  const doc = parseDocument(text, { customTags, resolveKnownTags: false, prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const error: YAMLError | undefined = doc.errors[0];
  if (error) {
    // TAG_RESOLVE_FAILED: a tag refused its value (LEADING_ZERO), in a document that is valid YAML.
    const message = error.code === 'TAG_RESOLVE_FAILED' ? error.message : `not valid YAML: ${error.message}`;
    fail(text, lines, source, error.pos[0], message, error);
  }
  const unknown = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (unknown) {
    const tag = text.slice(unknown.pos[0], unknown.pos[1]).trim();
    fail(
      text,
      lines,
      source,
      unknown.pos[0],
      `unknown tag ${tag}: the CloudFormation short forms are ${Object.keys(SHORT_FORMS).join(', ')}; write any other function in its long form ("Fn::Name": …)`,
      unknown,
    );
  }
  const reuse = firstReuse(doc, text);
  if (reuse) fail(text, lines, source, reuse.offset, `YAML ${reuse.what}: ${REUSE}`);
  try {
    return (doc.toJS() as unknown as JsonValue | undefined) ?? null;
  } catch (e) {
    // e.g. too many aliases (a "billion laughs" document).
    throw new LoadError(source, 'format', `the template cannot be read: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/**
 * Offsets of the elements of a YAML document by JSON path, as core's JSON parser keeps them: a
 * mapping entry at its key, a sequence item at the item. Tags are left unresolved (a short form's
 * argument keeps the path of the tagged node), so a document that loads has a position for every
 * element written in it.
 */
export function yamlOffsets(text: string): { offsets: ReadonlyMap<string, number>; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const offsets = new Map<string, number>();
  const walk = (node: unknown, path: string, at: number | undefined): void => {
    if (at !== undefined) offsets.set(path, at);
    if (isCollection(node)) {
      node.items.forEach((item, i) => {
        if (isPair(item)) {
          const key = isScalar(item.key) ? String(item.key.value) : undefined;
          if (key !== undefined) walk(item.value, childPath(path, key), item.key && isScalar(item.key) ? item.key.range?.[0] : undefined);
        } else walk(item, childPath(path, i), isScalar(item) || isCollection(item) ? item.range?.[0] : undefined);
      });
    }
  };
  walk(doc.contents, '$', doc.contents?.range?.[0]);
  return { offsets, lines };
}
