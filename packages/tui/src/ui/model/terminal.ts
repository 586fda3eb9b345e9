/**
 * Whether the explorer draws in colour. The glyphs, brackets and marks already tell cells apart, so
 * without colour nothing is lost. The integrator may point this at the plain commands' rule
 * (src/color.ts, `colorEnabled`) so that both follow one decision.
 *
 * - `FORCE_COLOR` set to anything but `0` or `false` turns colour on (`0`/`false` turn it off);
 * - else `NO_COLOR` set and non-empty turns it off (https://no-color.org);
 * - else a monochrome or dumb terminal (`TERM=dumb`, `xterm-mono`, any `*-mono`) gets none;
 * - else colour when the output is a terminal.
 */
export function explorerColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  const term = (env['TERM'] ?? '').toLowerCase();
  if (term === 'dumb' || term.endsWith('-mono') || term === 'mono') return false;
  return isTTY;
}
