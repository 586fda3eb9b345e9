#!/usr/bin/env node
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { isatty } from 'node:tty';
import { requireCompiled } from './compile-cache.js';
import { earlyFrameFiles, firstFrame } from './first-frame.js';
import { bundleFor } from './route.js';

// Node 22.1 and later keep the compiled code of the command across runs (start-up: `pnpm bench`);
// on Node 20 there is no such cache and this does nothing.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The AWS SDK warns on every run that its releases after January 2027 need Node 22; kmsim runs on
// Node 20 with the SDK it ships, so that notice would only clutter the terminal (and the explorer).
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

// Output that cannot be written (a full disk, a closed pipe, …) ends the command with one line and
// exit 2: what was printed is incomplete. The line goes to stderr, which may still be writable.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  const why = e.code === 'EPIPE' ? 'the reader closed the pipe' : e.code === 'ENOSPC' ? 'no space left on the device' : (e.message.split('\n')[0] ?? e.message);
  try {
    process.stderr.write(`kmsim: cannot write the output: ${why}${e.code && !why.includes(e.code) ? ` (${e.code})` : ''}\n`);
  } finally {
    process.exit(2);
  }
});

// The commands, bundled twice (rolldown.config.mjs): CommonJS with its compiled code cached, or ES
// modules where the explorer may open. This file itself ships as CommonJS (dist/kmsim.cjs): Node's
// ES module loader would cost every run a few milliseconds before anything is drawn.
type Cli = typeof import('./cli.js');

async function run(argv: readonly string[]): Promise<void> {
  let main: Cli['main'];
  let firstFrameDrawn = false;
  if (bundleFor(argv, process.env, isatty(0), isatty(1)) === 'cjs') {
    ({ main } = requireCompiled(fileURLToPath(new URL('./bundle/cjs/cli.cjs', import.meta.url))) as Cli);
  } else {
    // The explorer's title and spinner go out before its modules load (first-frame.ts).
    const files = earlyFrameFiles(argv);
    if (files) {
      process.stdout.write(firstFrame(files, process.env));
      firstFrameDrawn = true;
    }
    ({ main } = (await import(new URL('./bundle/esm/cli.js', import.meta.url).href)) as Cli);
  }
  process.exitCode = await main(argv, { stdout: process.stdout, stderr: process.stderr, ...(firstFrameDrawn ? { firstFrameDrawn } : {}) });
}

run(process.argv.slice(2)).catch((e: unknown) => {
  // main answers every error itself; this is only a bundle that cannot load (a broken install).
  process.stderr.write(`kmsim: internal error: ${e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e)}\n`);
  process.exitCode = 2;
});
