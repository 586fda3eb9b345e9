/**
 * `kmsim --key-id` against a local endpoint on 127.0.0.1 that never answers, answers garbage, answers
 * HTTP 500 or pages forever (next to the moto tests in live-commands.test.ts): the built command
 * always ends, with one `kmsim: …` line and exit 2. Each test waits for the process to exit.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startFakeKms, type FakeKms, type FakeKmsBehaviour } from '@kmsim/loaders/moto';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const BIN = fileURLToPath(new URL('../dist/kmsim.cjs', import.meta.url));
const ONE_LINE = /^kmsim: [^\n]+\n$/u;

let server: FakeKms | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function kmsim(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` first`);
  return new Promise((resolve) => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function live(behaviour: FakeKmsBehaviour, ...extra: string[]) {
  server = await startFakeKms(behaviour);
  return kmsim(['matrix', '--key-id', 'alias/app', '--region', 'us-east-1', '--endpoint', server.endpoint, ...extra]);
}

describe('kmsim --key-id at an endpoint that misbehaves', () => {
  it('never answers: --timeout 1 ends it', async () => {
    const r = await live('silent', '--timeout', '1');
    expect(r.stderr).toBe(
      `kmsim: alias/app: the KMS endpoint ${server?.endpoint} did not finish answering within 1 s (during DescribeKey); kmsim gave up (raise it with --timeout; loadLiveKey: timeoutMs)\n`,
    );
    expect(r.code).toBe(2);
  });

  it('answers garbage, or HTTP 500: one line', async () => {
    for (const [behaviour, status] of [
      ['garbage', 200],
      ['error-500', 500],
    ] as const) {
      const r = await live(behaviour, '--timeout', '30');
      expect(r.stderr).toMatch(new RegExp(`^kmsim: alias/app: DescribeKey failed at http://127\\.0\\.0\\.1:\\d+ \\(HTTP ${status}\\): `, 'u'));
      expect(r.stderr).toMatch(ONE_LINE);
      expect(r.stderr).not.toMatch(/\$response|hidden field/u);
      expect(r.code).toBe(2);
      await server?.stop();
      server = undefined;
    }
  });

  it('pages forever with the same marker: stopped at once, naming the call', async () => {
    const r = await live('same-marker');
    expect(r.stderr).toMatch(/^kmsim: alias\/app: ListGrants at http:\/\/127\.0\.0\.1:\d+ returned the same NextMarker twice/u);
    expect(r.stderr).toMatch(ONE_LINE);
    expect(r.code).toBe(2);
    expect(server?.calls['ListGrants']).toBe(2);
  });

  it('credentials in --endpoint are never printed; only http and https are used', async () => {
    server = await startFakeKms('error-500');
    const r = await kmsim([
      'check',
      '--key-id',
      'alias/app',
      '--region',
      'us-east-1',
      '--endpoint',
      server.endpoint.replace('http://', 'http://admin:s3cret@'),
    ]);
    expect(r.stderr).toMatch(ONE_LINE);
    expect(r.stderr).not.toMatch(/s3cret|admin/u);
    const file = await runCli('matrix', '--key-id', 'alias/app', '--region', 'us-east-1', '--endpoint', 'file:///etc/passwd');
    expect(file.stderr).toBe('kmsim: alias/app: the endpoint file:///etc/passwd is not an http or https URL (file: is not used)\n');
    expect(file.code).toBe(2);
  });

  it('--timeout is range-checked', async () => {
    for (const bad of ['0', '-1', 'soon', '99999999999999999999']) {
      const r = await runCli('matrix', '--key-id', 'alias/app', '--timeout', bad);
      expect(r.stderr).toMatch(/^kmsim: option '--timeout <seconds>' argument .* is invalid\. a number of seconds from 0\.1 to 3600\./u);
      expect(r.code).toBe(2);
    }
  });
});
