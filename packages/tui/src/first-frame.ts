/**
 * The explorer's first frame — its title and a spinner — drawn as soon as the process starts, before
 * anything heavy loads (issue 12: within 150 ms of start). bin.ts draws it only for the plainest
 * command lines (`kmsim FILE`, `kmsim BEFORE AFTER`, `kmsim diff BEFORE AFTER`, no options) and only
 * when every file is a regular file holding valid JSON, so that a missing or unreadable file is still
 * one line and exit 2 with nothing drawn. A file that is JSON but still unusable (not a policy, …)
 * finds the frame drawn: explore.ts erases it before printing the error. Otherwise explore.ts draws the
 * same frame itself once the files are read.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { explorerColor } from './ui/model/terminal.js';

/** Lines the frame takes (the explorer erases them before Ink draws). */
export const FIRST_FRAME_LINES = 2;

/** Moves up over the frame and clears from there down. */
export const ERASE_FIRST_FRAME = `\u001B[${FIRST_FRAME_LINES}A\u001B[J`;

/** The title (the files' names) in reverse video, and a spinner on the line below. */
export function firstFrame(files: readonly string[], env: NodeJS.ProcessEnv): string {
  const title = files.map((f) => basename(f)).join(' → ');
  return `\u001B[7m\u001B[1m kmsim \u001B[0m${title ? `  ${title}` : ''}\n${explorerColor(env, true) ? '\u001B[36m⠋\u001B[0m' : '⠋'} starting…\n`;
}

/** A key policy is a few kilobytes; beyond this the early frame is not worth reading the file twice. */
const EARLY_READ_LIMIT = 1024 * 1024;

/**
 * The files of a command line the explorer opens at once (see above), when each is a regular file of
 * valid JSON; undefined when the frame should wait for the explorer.
 */
export function earlyFrameFiles(argv: readonly string[]): readonly string[] | undefined {
  const files = argv[0] === 'diff' ? argv.slice(1) : argv;
  if (files.length < 1 || files.length > 2 || (argv[0] === 'diff' && files.length !== 2)) return undefined;
  if (files.some((f) => f.startsWith('-') || f === 'diff')) return undefined;
  try {
    for (const file of files) {
      const stat = statSync(file);
      if (!stat.isFile() || stat.size > EARLY_READ_LIMIT) return undefined;
      JSON.parse(readFileSync(file, 'utf8'));
    }
  } catch {
    return undefined;
  }
  return files;
}
