/**
 * Which of the two bundles runs a command line (see rolldown.config.mjs): `esm` when the explorer may
 * open — Ink can only be imported as an ES module — else `cjs`, whose compiled code is cached
 * (compile-cache.ts). The explorer opens only on an interactive terminal outside CI (cli.ts's
 * `interactive`), and never for these commands; both bundles run every command alike, so this only
 * decides how fast one starts.
 */
const NEVER_EXPLORE: ReadonlySet<string> = new Set(['matrix', 'check', 'eval', 'validate', 'help', '-h', '--help', '-v', '--version']);

export type Bundle = 'cjs' | 'esm';

export function bundleFor(argv: readonly string[], env: NodeJS.ProcessEnv, stdinIsTTY: boolean, stdoutIsTTY: boolean): Bundle {
  if (!stdinIsTTY || !stdoutIsTTY || env['CI']) return 'cjs';
  const first = argv[0];
  return first !== undefined && NEVER_EXPLORE.has(first) ? 'cjs' : 'esm';
}
