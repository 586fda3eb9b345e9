#!/usr/bin/env node
import module from 'node:module';

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

const { main } = await import('./cli.js');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
