/**
 * The lines kmsim writes on stderr: `kmsim: …` for an error (the command then exits 2),
 * `kmsim: warning: …` for something wrong that does not stop the command, `kmsim: note: …` for
 * something worth knowing; the label coloured when `colorEnabled` says stderr takes colour.
 */
import { colorEnabled, paint } from './color.js';
import type { Streams } from './io.js';

type Kind = 'error' | 'warning' | 'note';

/** Whether this stream gets colour, by the environment of `io` (default the process's). */
export function streamColor(io: Streams, stream: 'stdout' | 'stderr'): boolean {
  return colorEnabled(io.env ?? process.env, io[stream].isTTY === true);
}

/** One stderr line, newline included. */
export function messageLine(io: Streams, kind: Kind, message: string): string {
  const color = streamColor(io, 'stderr');
  if (kind === 'error') return `${paint(color, 'boldRed', 'kmsim:')} ${message}\n`;
  return `kmsim: ${paint(color, kind === 'warning' ? 'yellow' : 'cyan', `${kind}:`)} ${message}\n`;
}
