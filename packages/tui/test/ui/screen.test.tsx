/**
 * The screen as Ink prints it, frame after frame: Ink runs with our patch (patches/ink@6.8.0.patch,
 * README "Ink, patched"), whose caches of styled lines and widths outlive a frame. A frame must
 * print exactly what a fresh Ink prints for the same lines, whatever the frames before it held.
 */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Screen } from '../../src/ui/components/Screen.js';
import type { Line } from '../../src/ui/model/types.js';

const A: Line[] = [
  [{ text: ' kmsim ', bold: true, inverse: true }, { text: ' review.json' }],
  [{ text: 'role/App  ' }, { text: '✓', color: 'green', bold: true }, { text: '  ' }, { text: '·', color: 'gray', dim: true }, { text: ' │ 漢字' }],
  [
    { text: '[', inverse: true },
    { text: '✗', color: 'red' },
    { text: ']', inverse: true },
  ],
];
// A with one line changed, one line moved and one line new.
const B: Line[] = [
  A[0] as Line,
  [
    { text: '[', inverse: true },
    { text: '✓', color: 'green' },
    { text: ']', inverse: true },
  ],
  A[1] as Line,
  [{ text: '漢字 ─ ?', color: 'yellow' }],
];

const fresh = (lines: Line[]): string => {
  const r = render(<Screen lines={lines} />);
  const frame = r.lastFrame() ?? '';
  r.unmount();
  return frame;
};

describe('the screen through the patched Ink', () => {
  it('prints each frame as a fresh Ink does, after frames with other lines', () => {
    const r = render(<Screen lines={A} />);
    const first = r.lastFrame() ?? '';
    expect(first).toContain('\u001B[1m\u001B[7m kmsim ');
    r.rerender(<Screen lines={B} />);
    expect(r.lastFrame()).toBe(fresh(B));
    r.rerender(<Screen lines={A} />);
    expect(r.lastFrame()).toBe(first);
    r.rerender(<Screen lines={[...A].reverse()} />);
    expect(r.lastFrame()).toBe(fresh([...A].reverse()));
    r.unmount();
  });
});
