/**
 * The explorer's column header: each column's fixed code (action-codes.ts) centred over its glyph,
 * even columns on the first line and odd ones on the second, so codes of up to five characters never
 * touch. The label column's heading sits at the left of the second line.
 */
import { actionCode } from './action-codes.js';
import { Canvas, fit, type ColumnSlot, type MatrixLayout } from './layout.js';
import type { Line } from './types.js';

export function codeHeader(names: readonly string[], slots: readonly ColumnSlot[], layout: Pick<MatrixLayout, 'width' | 'labelWidth'>, focus: number): Line[] {
  const lines = [new Canvas(layout.width), new Canvas(layout.width)];
  lines[1]?.write(0, fit(' principal', layout.labelWidth - 2), { dim: true });
  for (const slot of slots) {
    const code = actionCode(names[slot.index] ?? '');
    const glyph = slot.x + 1;
    const at = glyph - Math.floor((code.length - 1) / 2);
    const focused = slot.index === focus;
    lines[slot.index % 2]?.write(at, code, focused ? { bold: true, inverse: true } : {});
  }
  return lines.map((c) => c.line());
}
