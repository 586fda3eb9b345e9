/**
 * `@kmsim/loaders/moto` (re-exported as `@kmsim/testkit/moto`): a local KMS-compatible server for tests of code that reads live keys
 * (moto stores keys, policies and grants but enforces no policy: never an oracle for decisions).
 * `KMSIM_MOTO_ENDPOINT` if set, else `moto_server` from PATH on a free port of 127.0.0.1 (start it
 * in beforeAll, stop it — with its process group — in afterAll). When neither is available,
 * `motoAvailability()` says why, so the caller can skip those tests and print the reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export const MOTO_ENV = 'KMSIM_MOTO_ENDPOINT';

export type MotoAvailability =
  | { readonly available: true; readonly endpoint?: string; readonly binary?: string }
  | { readonly available: false; readonly reason: string };

function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Decided at collection time, so `describe.skipIf` can use it. */
export function motoAvailability(): MotoAvailability {
  const endpoint = process.env[MOTO_ENV];
  if (endpoint) return { available: true, endpoint };
  const binary = onPath('moto_server');
  if (binary) return { available: true, binary };
  return { available: false, reason: `moto_server is not on PATH and ${MOTO_ENV} is not set (pip install 'moto[server]' to run them)` };
}

/** A port nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${endpoint}/`, { method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

export interface Moto {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Start moto_server (or use KMSIM_MOTO_ENDPOINT) and wait until it answers HTTP (up to `timeoutMs`: a busy machine starts Python slowly). */
export async function startMoto(availability: MotoAvailability & { available: true }, timeoutMs = 60_000): Promise<Moto> {
  if (availability.endpoint) return { endpoint: availability.endpoint.replace(/\/$/u, ''), stop: async () => undefined };
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // detached: its own process group, so stop() also ends any child the launcher (a pyenv shim) starts.
  const child: ChildProcess = spawn(availability.binary ?? 'moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code) => ((exited = code), resolve())));
  child.once('error', (e) => {
    output += `\n${e.message}`;
    exited = -1;
  });

  const stop = async (): Promise<void> => {
    if (exited !== undefined || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }, 3000);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`moto_server exited (code ${exited}) before answering:\n${output}`);
    if (await answers(endpoint)) return { endpoint, stop };
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`moto_server did not answer at ${endpoint} within ${timeoutMs} ms:\n${output}`);
}

export { startFakeKms, type FakeKms, type FakeKmsBehaviour } from './fake-kms.js';
