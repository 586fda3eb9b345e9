#!/usr/bin/env node
import { main } from './cli.js';

// The AWS SDK warns on every run that its releases after January 2027 need Node 22; kmsim runs on
// Node 20 with the SDK it ships, so that notice would only clutter the terminal (and the explorer).
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

// Output cut short by the reader (`kmsim … | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
