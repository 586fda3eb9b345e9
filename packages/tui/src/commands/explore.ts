/**
 * `kmsim FILE` in a terminal (and `kmsim BEFORE AFTER`): the interactive explorer. Renders the ink
 * App on the terminal and resolves with the exit code when the user quits: 0, or 2 when the input
 * could not be used (the message stays on stderr after the screen is cleared).
 */
import { basename } from 'node:path';
import { KmsimError } from '@kmsim/core';
import chalk from 'chalk';
import { colorEnabled } from '../color.js';
import { ERASE_FIRST_FRAME, firstFrame } from '../first-frame.js';
import { EXIT, type ExitCode } from '../io.js';
import { loadInput, type LoadedInput } from '../load-input.js';
import type { FileLoaderOptions } from '../ui/loader.js';

export type ExploreOptions = FileLoaderOptions;

/** The terminal the explorer runs on. */
export interface ExploreIo {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: { write(chunk: string): unknown };
  /** The first frame is already on the terminal (bin.ts: first-frame.ts). */
  readonly firstFrameDrawn?: boolean;
}

const processIo: ExploreIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

/**
 * Ink colours through chalk, whose own detection ignores NO_COLOR and monochrome terminals
 * (`xterm-mono`): its level follows kmsim's decision instead (none, or at least 16 colours).
 */
export function setExplorerColor(env: NodeJS.ProcessEnv, isTTY: boolean): void {
  chalk.level = colorEnabled(env, isTTY) ? (chalk.level === 0 ? 1 : chalk.level) : 0;
}

export async function exploreCommand(files: readonly string[], options: ExploreOptions = {}, io: ExploreIo = processIo): Promise<ExitCode> {
  if (files.length < 1 || files.length > 2) {
    io.stderr.write(`kmsim: the explorer takes one FILE, or BEFORE and AFTER to diff (got ${files.length})\n`);
    return EXIT.input;
  }
  if (!io.stdin.isTTY || !io.stdout.isTTY) {
    io.stderr.write('kmsim: the explorer needs an interactive terminal; use `kmsim matrix FILE` for plain output\n');
    return EXIT.input;
  }
  setExplorerColor(process.env, true);
  // A missing or unusable file is one line and exit 2 before anything is drawn (a live key is read
  // behind the spinner, since the network can take a while).
  let preloaded: LoadedInput[] | undefined;
  if (!options.live) {
    try {
      preloaded = await Promise.all(files.map((f) => loadInput(f, options)));
    } catch (e) {
      if (io.firstFrameDrawn) io.stdout.write(ERASE_FIRST_FRAME);
      io.stderr.write(`kmsim: ${e instanceof KmsimError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`}\n`);
      return EXIT.input;
    }
  }
  // The first frame (title and spinner) goes out now if bin.ts has not drawn it, before Ink and React
  // load (Ink compiles its layout engine on import), and is erased just before Ink draws the same frame.
  const title = files.map((f) => basename(f)).join(' → ');
  if (!io.firstFrameDrawn) io.stdout.write(firstFrame(files, process.env));
  // React's development build costs several times the CPU per frame: the explorer runs the
  // production build unless told otherwise. Ink and React load after this line, so it applies.
  process.env['NODE_ENV'] ??= 'production';
  const [{ render }, { createElement }, { App }, { fileLoader }] = await Promise.all([
    import('ink'),
    import('react'),
    import('../ui/components/App.js'),
    import('../ui/loader.js'),
  ]);
  io.stdout.write(ERASE_FIRST_FRAME);
  let code: ExitCode = EXIT.ok;
  let error: string | undefined;
  const instance = render(
    createElement(App, {
      load: fileLoader(files, options, preloaded),
      title,
      onExit: (c: ExitCode, e: string | undefined) => {
        code = c;
        error = e;
      },
    }),
    { stdin: io.stdin, stdout: io.stdout, exitOnCtrlC: false, patchConsole: true },
  );
  await instance.waitUntilExit();
  if (error !== undefined) io.stderr.write(`kmsim: ${error}\n`);
  return code;
}
