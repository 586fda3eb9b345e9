/**
 * A styled line as one string with its own SGR sequences: Ink then lays out and prints one text
 * node per line instead of one per segment (a 33-column row has about a hundred segments), and
 * colour is exactly what `explorerColor` decided, whatever the terminal library would guess.
 */
import type { Line, Segment } from './types.js';

const FG: Readonly<Record<string, number>> = { black: 30, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, white: 37, gray: 90, grey: 90 };

function codes(s: Segment, color: boolean): number[] {
  const out: number[] = [];
  if (s.bold) out.push(1);
  if (s.dim) out.push(2);
  if (s.inverse) out.push(7);
  if (color && s.color && FG[s.color] !== undefined) out.push(FG[s.color] as number);
  if (color && s.backgroundColor && FG[s.backgroundColor] !== undefined) out.push((FG[s.backgroundColor] as number) + 10);
  return out;
}

const CACHE = [new WeakMap<Line, string>(), new WeakMap<Line, string>()] as const;

/** The line as text with SGR styles (reset after each styled run); the same Line gives the same string, computed once. */
export function lineAnsi(line: Line, color: boolean): string {
  const cache = CACHE[color ? 1 : 0];
  const hit = cache.get(line);
  if (hit !== undefined) return hit;
  let out = '';
  let open = '';
  for (const s of line) {
    // Blanks look the same in any style but inverse or a background: they continue the open run,
    // so a row of same-coloured glyphs is one run (fewer sequences for Ink to parse every frame).
    if (open && !s.inverse && !s.backgroundColor && /^ *$/.test(s.text)) {
      out += s.text;
      continue;
    }
    const c = codes(s, color);
    const sgr = c.length > 0 ? `\u001B[${c.join(';')}m` : '';
    if (sgr !== open) {
      if (open) out += '\u001B[0m';
      out += sgr;
      open = sgr;
    }
    out += s.text;
  }
  if (open) out += '\u001B[0m';
  cache.set(line, out);
  return out;
}
