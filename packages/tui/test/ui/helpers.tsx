/** Shared fixtures for the explorer tests: a console default policy, and an ink-testing-library harness. */
import { consoleDefaultKeyPolicy } from '@kmsim/core';
import { findings, simulate, diffPolicies, type SimulationInput } from '@kmsim/simulator';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/components/App.js';
import type { ExplorerData, Loader } from '../../src/ui/model/types.js';

export const ACCOUNT = '111122223333';
export const APP = `arn:aws:iam::${ACCOUNT}:role/App`;
export const ADMIN = `arn:aws:iam::${ACCOUNT}:role/KMSAdmin`;

/** The policy the console writes for a symmetric key with KMSAdmin as administrator and App as user. */
export const consoleInput: SimulationInput = {
  keyPolicy: consoleDefaultKeyPolicy({ account: ACCOUNT, keyType: 'symmetric', administrators: [ADMIN], users: [APP] }),
};

export function consoleData(): ExplorerData {
  const matrix = simulate(consoleInput);
  return { source: 'console-default.json', input: consoleInput, matrix, findings: findings(consoleInput, { matrix }), warnings: [] };
}

export function diffData(before: SimulationInput, after: SimulationInput): ExplorerData {
  const matrix = simulate(after);
  const d = diffPolicies(before, after);
  return {
    source: 'before.json → after.json',
    input: after,
    matrix,
    findings: [],
    warnings: [],
    diff: { before: 'before.json', after: 'after.json', entries: d.entries, gained: d.gained, lost: d.lost, changed: d.changed },
  };
}

/**
 * How long a helper waits for a condition before it fails with the last frame: well inside the
 * project's test timeout (vitest.config.ts), so a slow machine waits longer instead of failing.
 */
export const WAIT_MS = 60_000;

/** One turn of the event loop: Ink's flush of a lone Escape and React's scheduled work run in such turns. */
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** How often `waitFor` looks again: a polling interval (so that timers such as the loader's can fire), never a wait by itself. */
const POLL_MS = 5;

/** Polls `check` until it holds. */
async function waitFor<T>(check: () => T | undefined, what: () => string, timeoutMs = WAIT_MS): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  escape: '\u001B',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
  home: '\u001B[H',
  end: '\u001B[F',
  backspace: '\u007F',
} as const;

/** Strip ANSI styles from a frame. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI style sequences start with ESC.
export const plainText = (s: string | undefined): string => (s ?? '').replace(/\u001B\[[0-9;]*m/g, '');

export interface Harness {
  frame(): string;
  /** Types the keys one at a time, each once the app has drawn everything the previous one caused. */
  press(...keys: string[]): Promise<void>;
  /**
   * Resolves once the app has drawn everything the input so far causes: Ink draws a frame on every
   * React commit (ink-testing-library renders in debug mode), so the app has settled when no frame
   * is drawn over a few event-loop turns. Counts turns, not milliseconds: the same on a busy machine.
   */
  settle(): Promise<void>;
  /** Wait until the frame contains `text` (the loader runs after the first render). */
  until(text: string | RegExp, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): Promise<void>;
  exits: { code: number; error: string | undefined }[];
  /** Wait (under load too) until the app has reported its exit; the exits so far. */
  exited(timeoutMs?: number): Promise<{ code: number; error: string | undefined }[]>;
  unmount(): void;
}

export async function open(load: Loader | ExplorerData, size?: { columns: number; rows: number }): Promise<Harness> {
  const exits: { code: number; error: string | undefined }[] = [];
  const loader: Loader = typeof load === 'function' ? load : async () => load;
  const r = render(<App load={loader} onExit={(code, error) => exits.push({ code, error })} />);
  const h: Harness = {
    frame: () => plainText(r.lastFrame()),
    async press(...keys) {
      for (const k of keys) {
        r.stdin.write(k);
        await h.settle();
      }
    },
    async settle() {
      const start = Date.now();
      let drawn = r.frames.length;
      for (let quiet = 0; quiet < 3; ) {
        await turn();
        if (r.frames.length === drawn) quiet++;
        else [drawn, quiet] = [r.frames.length, 0];
        if (Date.now() - start > WAIT_MS) throw new Error(`the app kept drawing for ${WAIT_MS} ms; last frame:\n${h.frame()}`);
      }
    },
    async exited(timeoutMs = WAIT_MS) {
      await waitFor(
        () => (exits.length > 0 ? exits : undefined),
        () => 'the app to exit',
        timeoutMs,
      );
      return exits;
    },
    async until(text, timeoutMs = WAIT_MS) {
      const matches = (f: string): boolean => (typeof text === 'string' ? f.includes(text) : text.test(f));
      return waitFor(
        () => (matches(h.frame()) ? h.frame() : undefined),
        () => `${String(text)}; last frame:\n${h.frame()}`,
        timeoutMs,
      );
    },
    async resize(columns, rows) {
      Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
      r.stdout.emit('resize');
      await h.settle();
    },
    exits,
    unmount: () => r.unmount(),
  };
  if (size) await h.resize(size.columns, size.rows);
  return h;
}
