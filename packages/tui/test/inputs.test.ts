/**
 * The command on inputs that could hang or blow up, run as a user runs it (dist/kmsim.cjs in a child
 * process): `-` is standard input; a FIFO, a device or a directory is refused at once; sizes and
 * numbers are range-checked; output that cannot be written ends with one line and exit 2. Every
 * failure is one `kmsim: …` line.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const BIN = fileURLToPath(new URL('../dist/kmsim.cjs', import.meta.url));
const POLICY = fileURLToPath(new URL('../../../examples/policies/app-key.json', import.meta.url));
const TEMPLATE = fileURLToPath(new URL('../../loaders/test/fixtures/cfn-template.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kmsim-cli-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built command; `stdin`: text to pipe in; `stdoutFd`: a file descriptor for its stdout. */
function runBin(args: readonly string[], { stdin, stdoutFd }: { stdin?: string; stdoutFd?: number } = {}): Promise<Run> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` first`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: [stdin === undefined ? 'ignore' : 'pipe', stdoutFd ?? 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    if (stdin !== undefined) child.stdin?.end(stdin);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One `kmsim: …` line and nothing else: no stack trace. */
const ONE_LINE = /^kmsim: [^\n]+\n$/u;

describe('- is standard input', () => {
  it('kmsim matrix - reads the policy piped in', async () => {
    const r = await runBin(['matrix', '-', '--format', 'csv'], { stdin: readFileSync(POLICY, 'utf8') });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^arn:aws:iam::111122223333:role\/App,role\/App,kms:Decrypt,crypto,Conditional,/mu);
    expect(r.code).toBe(0);
  });

  it('an error in standard input names it', async () => {
    const r = await runBin(['matrix', '-'], { stdin: '{"Statement": [' });
    expect(r.stderr).toMatch(/^kmsim: standard input: not valid JSON \(line 1, column 16\)/u);
    expect(r.stderr).toMatch(ONE_LINE);
    expect(r.code).toBe(2);
  });

  it('validate - reads standard input too', async () => {
    const r = await runBin(['validate', '-'], { stdin: readFileSync(POLICY, 'utf8') });
    expect(r.code).toBe(0);
  });
});

describe('what is not a regular file is refused at once', () => {
  it('a FIFO nobody writes to (it would block forever)', async () => {
    const fifo = join(dir, 'policy.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const command of [
      ['matrix', fifo],
      ['validate', fifo],
      ['eval', fifo],
    ]) {
      const r = await runBin(command);
      expect(r.stderr).toBe(`kmsim: ${fifo}: is a FIFO (named pipe), not a regular file (kmsim reads files, and standard input as -)\n`);
      expect(r.code).toBe(2);
    }
  });

  it('/dev/zero and a directory', async () => {
    const zero = await runBin(['check', '/dev/zero']);
    expect(zero.stderr).toMatch(/^kmsim: \/dev\/zero: is a character device, not a regular file/u);
    expect(zero.stderr).toMatch(ONE_LINE);
    expect(zero.code).toBe(2);
    const d = await runCli('matrix', dir);
    expect(d.stderr).toBe(`kmsim: ${dir}: is a directory, not a file\n`);
    expect(d.code).toBe(2);
  });
});

describe('sizes and numbers', () => {
  it('--max-input-size lowers and raises the limit for templates and plans, range-checked', async () => {
    const small = await runCli('matrix', TEMPLATE, '--resource', 'AppKey', '--max-input-size', '1KB');
    expect(small.stderr).toMatch(/^kmsim: .*cfn-template\.json: is .* KB, more than the 1 KB kmsim reads \(raise it with --max-input-size/u);
    expect(small.stderr).toMatch(ONE_LINE);
    expect(small.code).toBe(2);
    const enough = await runCli('matrix', TEMPLATE, '--resource', 'AppKey', '--max-input-size', '200MB', '--format', 'json');
    expect(enough.code).toBe(0);
    for (const bad of ['1GB', '0', '12XB', '99999999999999999999']) {
      const r = await runCli('matrix', TEMPLATE, '--max-input-size', bad);
      expect(r.stderr).toMatch(/^kmsim: option '--max-input-size <size>' argument .* is invalid\. a size from 1KB to 512MB/u);
      expect(r.stderr).toMatch(ONE_LINE);
      expect(r.code).toBe(2);
    }
  });

  it('--width 99999999999999999999 is refused (it was "Invalid array length")', async () => {
    for (const args of [['matrix', POLICY], [POLICY]]) {
      const r = await runCli(...args, '--width', '99999999999999999999');
      expect(r.stderr).toMatch(
        /^kmsim: option '--width <columns>' argument '99999999999999999999' is invalid\. the width must be a whole number of columns, from 20 to 10000\./u,
      );
      expect(r.stderr).toMatch(ONE_LINE);
      expect(r.code).toBe(2);
    }
    expect((await runCli('matrix', POLICY, '--width', '10000')).code).toBe(0);
  });

  it('a plan nested 3,000 modules deep is one line naming the file', async () => {
    let inner = '{"address":"module.last","resources":[]}';
    for (let i = 2_999; i >= 0; i--) inner = `{"address":"module.m${i}","resources":[],"child_modules":[${inner}]}`;
    const plan = join(dir, 'deep-plan.json');
    writeFileSync(plan, `{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{"child_modules":[${inner}]}}}`);
    const r = await runBin(['matrix', plan]);
    expect(r.stderr).toBe(`kmsim: ${plan}: modules nested more than 100 levels deep (at module.m100); kmsim stops there\n`);
    expect(r.code).toBe(2);
  });
});

describe('output that cannot be written', () => {
  it('a full disk (/dev/full: ENOSPC) ends with one line and exit 2', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await runBin(['matrix', POLICY], { stdoutFd: full });
      expect(r.stderr).toBe('kmsim: cannot write the output: no space left on the device (ENOSPC)\n');
      expect(r.code).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});
