/**
 * Whether kmsim colours what it writes: one decision for every command and the explorer.
 *
 * - `FORCE_COLOR` decides when set, as Node decides for its own output: empty, `1`, `2`, `3` or
 *   `true` is colour (even into a pipe), anything else (`0`, `false`) is none.
 *   https://nodejs.org/api/cli.html#force_color1-2-3
 * - Else `NO_COLOR` set to anything but the empty string is no colour (https://no-color.org).
 * - Else a terminal whose TERM says it is monochrome — `dumb`, or a `-mono` / `-m` terminfo entry
 *   such as `xterm-mono` or `vt100-m` — gets none; any other terminal gets colour, a pipe or file none.
 */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const term = (env['TERM'] ?? '').toLowerCase();
  if (term === 'dumb' || /-(mono|m)$/u.test(term)) return false;
  return isTTY;
}

/** SGR styles kmsim uses (one escape each, reset with 0). */
const SGR = { red: '31', yellow: '33', cyan: '36', dim: '2', bold: '1', boldRed: '1;31' } as const;
export type Style = keyof typeof SGR;

/** `text` in `style` when colour is on, else as it is. */
export function paint(enabled: boolean, style: Style, text: string): string {
  return enabled ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text;
}
