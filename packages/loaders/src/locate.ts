/**
 * Where an element named by a JSON path (`$.Resources.AppKey.Properties.KeyPolicy.Statement[1]`)
 * is written in a document — a JSON file through core's parser, a YAML template through `yaml`
 * (imported only then) — for output that points at lines, such as SARIF. A path the text does not
 * have (an element a template function produced) gives its nearest written ancestor.
 */
import { parseJsonText } from '@kmsim/core';
import { pathAncestors } from '@kmsim/core/internal';

export interface TextPosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export type PathLocator = (path: string) => TextPosition | undefined;

/** A locator for `text`: JSON when it starts with `{` or `[`, else YAML. */
export async function pathLocator(text: string): Promise<PathLocator> {
  if (/^\s*[[{]/u.test(text)) {
    const json = parseJsonText(text);
    return (path) => {
      const p = json.locate(path);
      return p ? { line: p.line, column: p.column } : undefined;
    };
  }
  const { offsets, lines } = (await import('./cloudformation/yaml-template.js')).yamlOffsets(text);
  return (path) => {
    for (const p of pathAncestors(path)) {
      const offset = offsets.get(p);
      if (offset !== undefined) {
        const { line, col } = lines.linePos(offset);
        return { line, column: col };
      }
    }
    return undefined;
  };
}
