import { main } from '../src/cli.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where a run writes: the environment colour is decided by, and whether stdout and stderr are terminals. */
export interface CliTerminal {
  readonly env?: NodeJS.ProcessEnv;
  readonly isTTY?: boolean;
}

/** Run the kmsim command in-process with captured output, in `terminal` (default: no variables, not a terminal). */
export async function runCliIn(terminal: CliTerminal, ...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const isTTY = terminal.isTTY ?? false;
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY },
    stderr: { write: (s: string) => (stderr += s), isTTY },
    env: terminal.env ?? {},
  });
  return { code, stdout, stderr };
}

/** Run the kmsim command in-process with captured output (never coloured, whatever the test's environment). */
export function runCli(...argv: string[]): Promise<CliRun> {
  return runCliIn({}, ...argv);
}
