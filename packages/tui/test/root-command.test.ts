/** `kmsim FILE` when not on a terminal (or with --format): the matrix or diff as text. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const examples = (p: string): string => fileURLToPath(new URL(`../../../examples/${p}`, import.meta.url));
const loaderFixture = (name: string): string => fileURLToPath(new URL(`../../loaders/test/fixtures/${name}`, import.meta.url));

describe('kmsim FILE (piped)', () => {
  it('prints the matrix table for a key policy', async () => {
    const run = await runCli(fixture('console-default.json'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/principals × \d+ actions/);
    expect(run.stdout).toContain('✓ allow');
  });

  it('honours --format json', async () => {
    const run = await runCli(fixture('console-default.json'), '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('cells');
  });

  it('reads a CDK-synthesised template, choosing the key by logical id', async () => {
    const run = await runCli(examples('templates/AppStack.template.json'), '--format', 'json');
    expect(run.stderr).toMatch(/^kmsim: note: .* has no key ARN before deployment/);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { principals: { label: string }[]; key: { arn: string } };
    expect(out.principals.map((p) => p.label)).toContain('role/App');
    expect(out.key.arn).toContain(':key/AppKey5F8E2D71');
  });

  it('reads a Terraform plan', async () => {
    const run = await runCli(examples('terraform/plan.json'), '--format', 'csv');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/arn:aws:iam::111122223333:role\/App,role\/App,kms:Decrypt,crypto,Conditional,/);
  });

  it('reads a YAML CloudFormation template', async () => {
    const run = await runCli(loaderFixture('cfn-template.yaml'), '--format', 'json', '--resource', 'AppKey');
    expect(run.stderr).not.toMatch(/error|warning/);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { key: { arn: string } }).key.arn).toContain(':key/AppKey');
  });

  it('asks which key when a template has several', async () => {
    const run = await runCli(loaderFixture('cfn-two-keys.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^kmsim: .*has 3 AWS::KMS::Key resources \(.*\); choose one with --resource[^\n]*\n$/);
  });

  it('diffs BEFORE AFTER', async () => {
    const run = await runCli(fixture('before.json'), fixture('after.json'));
    expect(run.stdout).toMatch(/\d+ gained, \d+ lost, \d+ changed/);
  });

  it('usage errors are one kmsim: line and exit 2', async () => {
    const format = await runCli(fixture('console-default.json'), '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr).toBe('kmsim: --format: must be one of table, json, markdown, csv for one file (got "xml")\n');
    const unknown = await runCli(fixture('console-default.json'), '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^kmsim: unknown option '--bogus'/);
    const both = await runCli('--key-id', 'alias/app', fixture('console-default.json'));
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^kmsim: --key-id: reads a live key; do not also give a FILE/);
    const account = await runCli(examples('templates/AppStack.template.json'), '--account-id', 'abc');
    expect(account.code).toBe(2);
    expect(account.stderr).toMatch(/^kmsim: .*an AWS account id is 12 digits/);
  });

  it('an empty file or a JSON scalar is named as such', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'kmsim-root-'));
    writeFileSync(join(dir, 'empty.json'), '\n');
    writeFileSync(join(dir, 'str.json'), '"just a string"\n');
    const empty = await runCli(join(dir, 'empty.json'));
    expect(empty.stderr).toMatch(/^kmsim: .*empty\.json: is empty\n$/);
    const str = await runCli(join(dir, 'str.json'));
    expect(str.code).toBe(2);
    expect(str.stderr).toMatch(/^kmsim: .*str\.json: expected a key policy object, a scenario file, a template or a plan, not string/);
  });

  it('output cut short by the reader (| head) ends with one line and exit 2: what was printed is incomplete', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const bin = fileURLToPath(new URL('../dist/kmsim.cjs', import.meta.url));
    // 40 roles: the JSON matrix is several times the 64 KB a pipe holds, so the reader's close is
    // certain to catch the command still writing.
    const dir = mkdtempSync(join(tmpdir(), 'kmsim-epipe-'));
    const policy = join(dir, 'roles.json');
    const Statement = Array.from({ length: 40 }, (_, i) => ({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::111122223333:role/R${i}` },
      Action: 'kms:*',
      Resource: '*',
    }));
    writeFileSync(policy, JSON.stringify({ Version: '2012-10-17', Statement }));
    const child = spawn(process.execPath, [bin, policy, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) => child.stdout.once('data', () => (child.stdout.destroy(), resolve())));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    rmSync(dir, { recursive: true, force: true });
    expect(stderr).toBe('kmsim: cannot write the output: the reader closed the pipe (EPIPE)\n');
    expect(code).toBe(2);
  });

  it('shows the help and exits 2 without a file', async () => {
    const run = await runCli();
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Usage: kmsim');
  });

  it('a live key without credentials, or at an unreachable endpoint, is one clear line, exit 2', async () => {
    const saved = { ...process.env };
    try {
      for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[k];
      process.env['AWS_SHARED_CREDENTIALS_FILE'] = '/nonexistent/kmsim-credentials';
      process.env['AWS_CONFIG_FILE'] = '/nonexistent/kmsim-config';
      process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
      const none = await runCli('--key-id', 'alias/app', '--endpoint', 'http://127.0.0.1:9', '--region', 'us-east-1', '--format', 'json');
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/^kmsim: .*no AWS credentials found.*\n$/);

      process.env['AWS_ACCESS_KEY_ID'] = 'testing';
      process.env['AWS_SECRET_ACCESS_KEY'] = 'testing';
      const run = await runCli('--key-id', 'alias/app', '--endpoint', 'http://127.0.0.1:9', '--region', 'us-east-1', '--format', 'json');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^kmsim: .*the KMS endpoint http:\/\/127\.0\.0\.1:9 refused or dropped the connection/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      process.env = saved;
    }
  });
});

describe('templates and plans before deployment', () => {
  it('say that the key ARN is made up, unless --key-arn gives it', async () => {
    const run = await runCli(examples('templates/AppStack.template.json'), '--format', 'csv');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^kmsim: note: .*AppStack\.template\.json: AppKey5F8E2D71 has no key ARN before deployment; kmsim uses arn:aws:kms:[^ ]+:key\/AppKey5F8E2D71 \(set the real one with --key-arn\)\n$/,
    );
    const given = await runCli(
      examples('templates/AppStack.template.json'),
      '--format',
      'csv',
      '--key-arn',
      'arn:aws:kms:us-east-1:111122223333:key/0b2c1f6e-0d7a-4c53-9a0f-6f3c2e1d4b5a',
    );
    expect(given.stderr).toBe('');
  });

  it("diff chooses each side's key with --before-resource / --after-resource", async () => {
    const two = loaderFixture('cfn-two-keys.json');
    const same = await runCli('diff', two, two, '--before-resource', 'AppKey', '--after-resource', 'AppKey', '--format', 'json');
    expect(same.code).toBe(0);
    expect((JSON.parse(same.stdout) as { entries: unknown[] }).entries).toEqual([]);
    const other = await runCli('diff', two, two, '--before-resource', 'AppKey', '--after-resource', 'LogsKey', '--format', 'json');
    expect(other.code).toBe(0);
    expect((JSON.parse(other.stdout) as { entries: unknown[] }).entries.length).toBeGreaterThan(0);
    const ambiguous = await runCli('diff', two, two, '--format', 'json');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/choose one with --resource[^\n]*\n$/);
  });
});
