/**
 * The tmux harness of the end-to-end tests: the built explorer in a private tmux server, driven with
 * send-keys and read with capture-pane. Every wait polls for a condition (tmux has no redraw event).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const BIN = fileURLToPath(new URL('../../dist/kmsim.cjs', import.meta.url));
export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
/** A private tmux server, so nothing of the user's tmux is touched. */
export const SOCKET = `kmsim-e2e-${process.pid}`;
export const SESSION = 'kmsim';

const tmuxVersion = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
export const hasTmux = tmuxVersion.status === 0;
if (!hasTmux) console.warn('skipping the tmux end-to-end tests: tmux is not installed (apt-get install tmux)');

export function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export const workDir = mkdtempSync(join(tmpdir(), 'kmsim-e2e-'));
let statusFile = '';
let stderrFile = '';

/** What the explorer of the last `start` wrote on stderr. */
export const stderrText = (): string => (existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : '');
let runs = 0;

/**
 * Start the explorer on FILES in a detached session of the given size. The pane stays after it
 * exits; the exit status goes to a file (tmux's #{pane_dead_status} is not reliably set).
 */
export function start(files: string[], columns: number, rows: number, env: Readonly<Record<string, string>> = {}): void {
  statusFile = join(workDir, `status-${++runs}`);
  stderrFile = join(workDir, `stderr-${runs}`);
  // Ink renders only the last frame when it thinks it runs in CI.
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const explorer = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', 'TERM=xterm-256color', ...vars, process.execPath, BIN, ...files].map(quote).join(' ');
  // stderr goes to the pane and to a file (what the explorer printed there, whatever the pane shows).
  const command = `${explorer} 2> ${quote(stderrFile)}; s=$?; cat ${quote(stderrFile)} >&2; echo $s > ${quote(statusFile)}`;
  tmux('new-session', '-d', '-s', SESSION, '-x', String(columns), '-y', String(rows), command, ';', 'set-option', '-t', SESSION, 'remain-on-exit', 'on');
}

export const screen = (): string => tmux('capture-pane', '-p', '-t', SESSION);
export const keys = (...k: string[]): void => void tmux('send-keys', '-t', SESSION, ...k);
/** Literal text (no key names). */
export const type = (text: string): void => void tmux('send-keys', '-t', SESSION, '-l', text);
export const exitStatus = (): string | undefined => (existsSync(statusFile) ? readFileSync(statusFile, 'utf8').trim() || undefined : undefined);

/**
 * How long a wait for the screen or the process may take before the test fails with the screen:
 * well inside the project's test timeout (vitest.config.ts), so a busy machine only waits longer.
 */
export const WAIT_MS = 60_000;
/** How often a wait looks again (tmux has no event for a redraw): a polling interval, never a wait by itself. */
export const POLL_MS = 50;

/** Polls the screen (tmux has no event for a redraw) until `check` holds. */
export async function until(check: (s: string) => boolean, what: string, timeoutMs = WAIT_MS): Promise<string> {
  const start = Date.now();
  let last = '';
  while (Date.now() - start < timeoutMs) {
    last = screen();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen was:\n${last}`);
}

export const showing = (text: string) => (s: string) => s.includes(text);
/** Wrapped lines joined: runs of blanks as one space. */
export const flat = (s: string): string => s.replace(/\s+/g, ' ');

/** The status lines: principal, cell, hints (the last non-blank lines of the frame). */
export function status(s: string): { principal: string; cell: string } {
  const lines = s.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('Pane is dead'));
  return { principal: lines[lines.length - 3] ?? '', cell: lines[lines.length - 2] ?? '' };
}

/** Press q, wait for the explorer's process to exit, check its status; the screen after. */
export async function quit(expectedStatus: string): Promise<string> {
  keys('q');
  return exited(expectedStatus);
}

/** Wait for the explorer's process to exit (no key pressed), check its status; the screen after. */
export async function exited(expectedStatus: string): Promise<string> {
  const start = Date.now();
  for (;;) {
    const status = exitStatus();
    if (status !== undefined) {
      expect(status).toBe(expectedStatus);
      break;
    }
    if (Date.now() - start > WAIT_MS) throw new Error(`the explorer did not exit within ${WAIT_MS} ms of q; the screen was:\n${screen()}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return screen();
}

/** The screen with its styles (SGR sequences), for the colour checks. */
export const screenAnsi = (): string => tmux('capture-pane', '-e', '-p', '-t', SESSION);

/** Ends the session of a test (the pane stays after the explorer exits). */
export function endSession(): void {
  spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', SESSION]);
}

/** After every test of a file: the private tmux server and the work directory go. */
export function endServer(): void {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  rmSync(workDir, { recursive: true, force: true });
}
