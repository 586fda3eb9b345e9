/**
 * Where the matrix goes on the screen: the label column, a two-line header of column codes, the
 * rows, and how many rows and columns fit — all from the terminal's columns and rows. (The
 * staircase of column names below is the plain `kmsim matrix` table's.)
 */
import type { Line, Segment } from './types.js';

/** A cell: a diff mark, the glyph, a context mark. */
export const CELL_WIDTH = 3;
/** Title, group line, legend, two status lines, key hints. */
export const CHROME_LINES = 6;
export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

export interface MatrixLayout {
  readonly width: number;
  /** Lines the frame may use: one less than the terminal, so Ink never scrolls or clears the screen. */
  readonly height: number;
  readonly labelWidth: number;
  /** Lines of the column header. */
  readonly headerLines: number;
  /** Principal rows that fit. */
  readonly bodyRows: number;
  readonly tooSmall: boolean;
}

/** The column header: a line of codes for the even columns, one for the odd (see header.ts). */
export const HEADER_LINES = 2;

export function matrixLayout(size: TerminalSize, labels: readonly string[]): MatrixLayout {
  const width = Math.max(1, size.columns);
  const height = Math.max(1, size.rows - 1);
  const longestLabel = labels.reduce((n, l) => Math.max(n, [...l].length), 9);
  // The label column grows with the terminal (a third of it), and no wider than the longest label.
  const labelWidth = Math.min(longestLabel + 3, Math.max(12, Math.floor(width * 0.35)));
  const available = height - CHROME_LINES;
  const headerLines = HEADER_LINES;
  const bodyRows = Math.max(1, available - headerLines);
  const tooSmall = width < MIN_COLUMNS || size.rows < MIN_ROWS;
  return { width, height, labelWidth, headerLines, bodyRows, tooSmall };
}

export interface ColumnSlot {
  /** Index into the shown columns. */
  readonly index: number;
  /** Screen x of the cell's first character (the glyph is at x + 1). */
  readonly x: number;
  /** A group separator is drawn just before the cell. */
  readonly separator: boolean;
}

export interface SlotOptions {
  /**
   * Characters each group's name takes on the group line, from above the group's first glyph. With
   * it, the next group starts far enough to the right for two blanks after the name (a one-column
   * group is widened rather than its name cut), and a group whose name would run past the width
   * starts the next run of columns instead (unless it would be the first). Without it (the explorer)
   * groups are never widened and the group line cuts names to the room they have.
   */
  readonly groupName?: (group: string) => number;
}

/** The columns that fit from `left`, with a one-character separator where the group changes. */
export function columnSlots(
  groups: readonly string[],
  left: number,
  layout: Pick<MatrixLayout, 'width' | 'labelWidth'>,
  grouped: boolean,
  options: SlotOptions = {},
): ColumnSlot[] {
  const slots: ColumnSlot[] = [];
  const name = options.groupName;
  let x = layout.labelWidth;
  // Where the current group's first cell starts (for its name's room).
  let groupX = x;
  for (let i = Math.max(0, left); i < groups.length; i++) {
    const separator = grouped && slots.length > 0 && groups[i] !== groups[i - 1];
    let start = x + (separator ? 1 : 0);
    if (separator && name) start = Math.max(start, groupX + name(groups[i - 1] ?? '') + 2);
    if (start + CELL_WIDTH > layout.width) break;
    if (separator && name && start + 1 + name(groups[i] ?? '') > layout.width) break;
    if (slots.length === 0 || separator) groupX = start;
    slots.push({ index: i, x: start, separator });
    x = start + CELL_WIDTH;
  }
  return slots;
}

/** A first visible item that keeps `focus` among `count` visible items, moving as little as possible. */
export function fitOffset(offset: number, focus: number, count: number, total: number): number {
  const page = Math.max(1, count);
  let o = Math.min(Math.max(0, offset), Math.max(0, total - page));
  if (focus < o) o = focus;
  if (focus >= o + page) o = focus - page + 1;
  return Math.max(0, o);
}

/** The first visible column keeping `focus` in view, without leaving empty room on the right. */
export function fitLeft(groups: readonly string[], left: number, focus: number, layout: Pick<MatrixLayout, 'width' | 'labelWidth'>, grouped: boolean): number {
  const total = groups.length;
  if (total === 0) return 0;
  const f = Math.min(Math.max(0, focus), total - 1);
  let l = Math.min(Math.max(0, left), total - 1);
  if (f < l) l = f;
  while (l < f && !columnSlots(groups, l, layout, grouped).some((s) => s.index === f)) l++;
  const reaches = (from: number): boolean => columnSlots(groups, from, layout, grouped).some((s) => s.index === total - 1);
  while (l > 0 && reaches(l - 1)) l--;
  return l;
}

const ABBREVIATIONS: Readonly<Record<string, string>> = {
  Generate: 'Gen',
  Without: 'No',
  Plaintext: 'Plain',
  Rotation: 'Rot',
  Rotations: 'Rots',
  Description: 'Desc',
  Deletion: 'Del',
  Resource: 'Res',
  Policies: 'Pols',
  Policy: 'Pol',
  Encrypt: 'Enc',
  Status: 'Stat',
};

/** `GenerateDataKeyPairWithoutPlaintext` → `GenDataKeyPairNoPlain`: shorten the longest words first. */
export function abbreviate(name: string, max: number): string {
  if (name.length <= max) return name;
  if (max <= 1) return name.slice(0, Math.max(0, max));
  const words = name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^A-Za-z\d]+/g) ?? [name];
  const length = (): number => words.reduce((n, w) => n + w.length, 0);
  const order = (): number[] => words.map((_, i) => i).sort((a, b) => (words[b]?.length ?? 0) - (words[a]?.length ?? 0) || b - a);
  for (const i of order()) {
    if (length() <= max) break;
    const w = words[i] ?? '';
    const short = ABBREVIATIONS[w];
    if (short) words[i] = short;
  }
  for (const size of [3, 1]) {
    for (const i of order()) {
      if (length() <= max) break;
      const w = words[i] ?? '';
      if (/^[A-Za-z]+$/.test(w) && w.length > size) words[i] = w.slice(0, size);
    }
  }
  const joined = words.join('');
  return joined.length <= max ? joined : `${joined.slice(0, max - 1)}…`;
}

/** Cut or pad to exactly `width` characters, with `…` when cut. */
export function fit(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text + ' '.repeat(width - chars.length);
  if (width <= 0) return '';
  return `${chars.slice(0, width - 1).join('')}…`;
}

/** Character cells with a style each, turned into segments of equal style. */
export class Canvas {
  private readonly chars: string[];
  private readonly styles: (Omit<Segment, 'text'> | undefined)[];

  constructor(readonly width: number) {
    this.chars = Array.from({ length: width }, () => ' ');
    this.styles = Array.from({ length: width }, () => undefined);
  }

  write(x: number, text: string, style?: Omit<Segment, 'text'>): void {
    [...text].forEach((ch, i) => {
      const at = x + i;
      if (at < 0 || at >= this.width) return;
      this.chars[at] = ch;
      this.styles[at] = style;
    });
  }

  line(): Line {
    const out: Segment[] = [];
    let text = '';
    let style: Omit<Segment, 'text'> | undefined;
    const flush = (): void => {
      if (text) out.push({ text, ...(style ?? {}) });
    };
    this.chars.forEach((ch, i) => {
      const s = this.styles[i];
      if (s !== style) {
        flush();
        text = '';
        style = s;
      }
      text += ch;
    });
    flush();
    // Trailing blanks carry no information.
    const last = out[out.length - 1];
    if (last && !last.inverse && !last.backgroundColor) {
      const trimmed = last.text.replace(/ +$/, '');
      if (trimmed) out[out.length - 1] = { ...last, text: trimmed };
      else out.pop();
    }
    return out;
  }
}

/**
 * Which way a staircase's names run from their columns: `start` (the explorer) — each name starts
 * above its glyph and runs right, the first column's name on the top line; `end` — each name ends
 * above its glyph and runs left (into the label column's room for the first ones), the first
 * column's name on the bottom line, so no name is cut at the right edge.
 */
export type StaircaseAlign = 'start' | 'end';

/** The staircase line (0 = top) holding the j-th visible column's name. */
export function staircaseLine(j: number, lines: number, align: StaircaseAlign): number {
  return align === 'start' ? j % lines : lines - 1 - (j % lines);
}

/**
 * Characters the j-th visible column's name may take in a staircase of `lines` lines: up to one
 * blank before the next name on its line, or to the edge (the right edge for `start`, column 0 for
 * `end`).
 */
export function staircaseRoom(slots: readonly ColumnSlot[], j: number, lines: number, width: number, align: StaircaseAlign = 'start'): number {
  const slot = slots[j];
  if (!slot) return 0;
  const start = slot.x + 1;
  if (align === 'start') {
    const next = slots[j + lines];
    return (next ? next.x + 1 - 1 : width) - start;
  }
  const previous = slots[j - lines];
  return previous ? slot.x - previous.x - 1 : start + 1;
}

/** Where a staircase puts a column's name: its line, its first character, and the name as shortened. */
export interface StaircaseName {
  readonly slot: ColumnSlot;
  readonly line: number;
  readonly at: number;
  readonly text: string;
}

/**
 * Each visible column's name in a staircase of `lines` lines (see `staircase`): abbreviated to its
 * room, starting above its glyph (`start`) or ending there (`end`). One reading for drawing the
 * staircase and for choosing its depth (the plain table's `depth`).
 */
export function staircaseNames(
  names: readonly string[],
  slots: readonly ColumnSlot[],
  lines: number,
  width: number,
  align: StaircaseAlign = 'start',
): StaircaseName[] {
  return slots.map((slot, j) => {
    const text = abbreviate(names[slot.index] ?? '', Math.max(1, staircaseRoom(slots, j, lines, width, align)));
    const at = align === 'start' ? slot.x + 1 : slot.x + 2 - [...text].length;
    return { slot, line: staircaseLine(j, lines, align), at, text };
  });
}

/**
 * The staircase of column names: the i-th visible column's name on line i mod K, starting above
 * its glyph and abbreviated to end before the next name on that line (or, with `align` `end`, on
 * line K - 1 - i mod K, ending above its glyph and abbreviated to start after the previous name).
 */
export function staircase(
  names: readonly string[],
  slots: readonly ColumnSlot[],
  lines: number,
  width: number,
  focus: number,
  align: StaircaseAlign = 'start',
): Line[] {
  const canvases = Array.from({ length: lines }, () => new Canvas(width));
  // Guides from each name down to its column first; names drawn over them win.
  slots.forEach((slot, j) => {
    const focused = slot.index === focus;
    for (let l = staircaseLine(j, lines, align) + 1; l < lines; l++)
      canvases[l]?.write(slot.x + 1, focused ? '│' : '╵', focused ? { bold: true } : { dim: true });
  });
  for (const { slot, line, at, text } of staircaseNames(names, slots, lines, width, align)) {
    const style = slot.index === focus ? { bold: true, inverse: true } : {};
    // A blank before the name, over any guide there, as before every name of a `start` staircase.
    if (align === 'end') canvases[line]?.write(at - 1, ' ');
    canvases[line]?.write(at, text, style);
  }
  return canvases.map((c) => c.line());
}
