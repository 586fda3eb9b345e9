/**
 * Ink hands over a run of plain characters as one input ("jjj" from key repeat, "/App\r" typed
 * fast or pasted): split it into one key press per character, so every binding sees its key.
 */
import type { KeyFlags } from './state.js';

export interface KeyPress {
  readonly input: string;
  readonly key: KeyFlags;
}

function one(ch: string): KeyPress {
  if (ch === '\r' || ch === '\n') return { input: '', key: { return: true } };
  if (ch === '\t') return { input: '', key: { tab: true } };
  if (ch === '\u007F') return { input: '', key: { delete: true } };
  if (ch === '\b') return { input: '', key: { backspace: true } };
  const code = ch.codePointAt(0) ?? 0;
  // Ctrl+A … Ctrl+Z.
  if (code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), key: { ctrl: true } };
  return { input: ch, key: {} };
}

export function splitInput(input: string, key: KeyFlags): KeyPress[] {
  const chars = [...input];
  if (chars.length <= 1 || input.startsWith('\u001B')) return [{ input, key }];
  return chars.map(one);
}
