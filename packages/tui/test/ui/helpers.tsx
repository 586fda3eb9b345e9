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

export const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));

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
export const plainText = (s: string | undefined): string => (s ?? '').replace(/\u001B\[[0-9;]*m/g, '');

export interface Harness {
  frame(): string;
  press(...keys: string[]): Promise<void>;
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
        await tick();
      }
    },
    async exited(timeoutMs = 5000) {
      const start = Date.now();
      while (exits.length === 0 && Date.now() - start < timeoutMs) await tick(10);
      return exits;
    },
    async until(text, timeoutMs = 5000) {
      const start = Date.now();
      for (;;) {
        const f = h.frame();
        if (typeof text === 'string' ? f.includes(text) : text.test(f)) return f;
        if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${String(text)}; last frame:\n${f}`);
        await tick(10);
      }
    },
    async resize(columns, rows) {
      Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
      r.stdout.emit('resize');
      await tick();
    },
    exits,
    unmount: () => r.unmount(),
  };
  if (size) await h.resize(size.columns, size.rows);
  return h;
}
