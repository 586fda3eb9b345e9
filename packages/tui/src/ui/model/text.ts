/** Styled lines: plain text helpers and hard wrapping to the terminal width. */
import type { Line, Segment } from './types.js';

export const plain = (text: string, style: Omit<Segment, 'text'> = {}): Line => [{ text, ...style }];

/** Lines whose continuation lines hang at a given column (a label column, a key column). */
const HANGING = new WeakMap<Line, number>();

/** Mark `line` so that wrapping indents its continuation lines by `indent` (default: its indent + 2). */
export function hanging(line: Line, indent: number): Line {
  HANGING.set(line, indent);
  return line;
}

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

/**
 * Wrap a line to `width` characters, preferring to break after a space; continuation lines are
 * indented two more than the line, or as `hanging` set (when that is at most half the width).
 */
export function wrapLine(line: Line, width: number): Line[] {
  const text = lineText(line);
  const chars = [...text];
  if (chars.length <= width || width < 8) return [line];
  // A hanging indent wider than half the line would leave too little room: then the default.
  const hang = HANGING.get(line);
  const indent = hang !== undefined && hang <= width / 2 ? hang : Math.min((/^ */.exec(text)?.[0].length ?? 0) + 2, Math.floor(width / 2));
  // The style of every character.
  const styles: Omit<Segment, 'text'>[] = [];
  for (const s of line) {
    const { text: t, ...style } = s;
    styles.push(...Array.from(t, () => style));
  }
  const out: Line[] = [];
  let start = 0;
  let first = true;
  while (start < chars.length) {
    const room = first ? width : width - indent;
    let end = Math.min(chars.length, start + room);
    if (end < chars.length) {
      const space = chars.lastIndexOf(' ', end - 1);
      if (space > start + room / 3) end = space + 1;
    }
    const segs: Segment[] = first ? [] : [{ text: ' '.repeat(indent) }];
    let i = start;
    while (i < end) {
      const style = styles[i] ?? {};
      let j = i;
      while (j < end && styles[j] === style) j++;
      segs.push({ text: chars.slice(i, j).join(''), ...style });
      i = j;
    }
    out.push(segs);
    start = end;
    first = false;
  }
  return out;
}

export function wrapLines(lines: readonly Line[], width: number): Line[] {
  return lines.flatMap((l) => wrapLine(l, width));
}
