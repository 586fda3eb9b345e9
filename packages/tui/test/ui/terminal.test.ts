import { describe, expect, it } from 'vitest';
import { explorerColor } from '../../src/ui/model/terminal.js';

describe('explorerColor', () => {
  it('colour on a terminal, none when piped', () => {
    expect(explorerColor({ TERM: 'xterm-256color' }, true)).toBe(true);
    expect(explorerColor({ TERM: 'xterm-256color' }, false)).toBe(false);
  });

  it('NO_COLOR (non-empty) and monochrome terminals get none', () => {
    expect(explorerColor({ TERM: 'xterm-256color', NO_COLOR: '1' }, true)).toBe(false);
    expect(explorerColor({ TERM: 'xterm-256color', NO_COLOR: '' }, true)).toBe(true);
    for (const term of ['dumb', 'xterm-mono', 'vt100-mono', 'XTERM-MONO']) expect(explorerColor({ TERM: term }, true)).toBe(false);
  });

  it('FORCE_COLOR wins, unless it is 0 or false', () => {
    expect(explorerColor({ TERM: 'xterm-mono', FORCE_COLOR: '1' }, false)).toBe(true);
    expect(explorerColor({ NO_COLOR: '1', FORCE_COLOR: '3' }, true)).toBe(true);
    expect(explorerColor({ TERM: 'xterm-256color', FORCE_COLOR: '0' }, true)).toBe(false);
    expect(explorerColor({ TERM: 'xterm-256color', FORCE_COLOR: 'false' }, true)).toBe(false);
  });
});
