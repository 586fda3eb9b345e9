/** Plain-text layout helpers: widths, padding and word wrapping for terminal output. */

/** Columns a string takes in a terminal. kmsim's glyphs (✓ ✗ · ?) and labels are all one column wide per code point. */
export function displayWidth(s: string): number {
  return [...s].length;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function center(s: string, width: number): string {
  const room = Math.max(0, width - displayWidth(s));
  const left = Math.floor(room / 2);
  return ' '.repeat(left) + s + ' '.repeat(room - left);
}

/** Cut `s` to `width` columns, ending with `…` when it was longer. */
export function truncate(s: string, width: number): string {
  const chars = [...s];
  if (chars.length <= width) return s;
  return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
}

/** Cut `s` to `width` columns in the middle (`444455… role`), keeping how it starts and how it ends. */
export function truncateMiddle(s: string, width: number): string {
  const chars = [...s];
  if (chars.length <= width) return s;
  if (width <= 2) return truncate(s, width);
  const tail = Math.floor((width - 1) / 2);
  const head = width - 1 - tail;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/**
 * Cut each label to `width` columns so that different labels stay different where possible:
 * labels are cut at the end (`role/KMSAdm…`), and those that would then look alike
 * (`444455556666 root`, `444455556666 any role`) are cut in the middle instead (`444455… root`,
 * `444455… role`).
 */
export function truncateDistinct(labels: readonly string[], width: number): string[] {
  const ends = labels.map((l) => truncate(l, width));
  const counts = new Map<string, number>();
  for (const t of ends) counts.set(t, (counts.get(t) ?? 0) + 1);
  return labels.map((l, i) => {
    const end = ends[i] ?? l;
    return end !== l && (counts.get(end) ?? 0) > 1 ? truncateMiddle(l, width) : end;
  });
}

/**
 * Word-wrap `text` to `width` columns. The first line starts with `first`, the following ones with
 * `rest` (a hanging indent). A word longer than a whole line is broken.
 */
export function wrap(text: string, width: number, first = '', rest = ' '.repeat(displayWidth(first))): string[] {
  const lines: string[] = [];
  let line = first;
  let hasWord = false;
  for (const w of text.split(/\s+/).filter((x) => x !== '')) {
    let word = w;
    for (;;) {
      const sep = hasWord ? 1 : 0;
      if (displayWidth(line) + sep + displayWidth(word) <= width) {
        line += (hasWord ? ' ' : '') + word;
        hasWord = true;
        break;
      }
      if (hasWord) {
        lines.push(line);
        line = rest;
        hasWord = false;
        continue;
      }
      // An empty line and a word wider than it: break the word.
      const room = Math.max(10, width - displayWidth(line));
      const chars = [...word];
      if (chars.length <= room) {
        line += word;
        hasWord = true;
        break;
      }
      lines.push(line + chars.slice(0, room).join(''));
      line = rest;
      word = chars.slice(room).join('');
    }
  }
  if (hasWord || lines.length === 0) lines.push(line);
  return lines;
}
