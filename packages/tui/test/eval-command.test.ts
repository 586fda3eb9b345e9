import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const conformanceDir = fileURLToPath(new URL('../../../conformance/', import.meta.url));
const conformance = readdirSync(conformanceDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => join(conformanceDir, f));
const example = fileURLToPath(new URL('../../../examples/scenarios/app-key.scenarios.json', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'kmsim-eval-'));

describe('kmsim eval', () => {
  it('passes every documented case in conformance/ (exit 0)', async () => {
    const run = await runCli('eval', ...conformance);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/^FAIL/m);
    expect(run.stdout).toMatch(/\d+ cases: \d+ passed, 0 failed, \d+ ambiguous/);
    expect(run.code).toBe(0);
  });

  it('prints one JSON array with the documented fields', async () => {
    const run = await runCli('eval', '--json', ...conformance);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as Record<string, unknown>[];
    const total = conformance.length;
    expect(total).toBeGreaterThanOrEqual(10);
    expect(results.length).toBeGreaterThan(200);
    const evaluation = results.find((r) => r['id'] === 'xa-getkeypolicy-is-not-cross-account');
    expect(evaluation).toMatchObject({ decision: 'ImplicitDeny', expected: 'ImplicitDeny', pass: true });
    expect(evaluation?.['trace']).toHaveProperty('statements');
    const validation = results.find((r) => r['id'] === 'v-effect-other-value-invalid');
    expect(validation).toMatchObject({ valid: false, expectedValid: false, pass: true });
    expect(JSON.stringify(validation?.['diagnostics'])).toContain('Effect');
  });

  it('runs the bundled example', async () => {
    const run = await runCli('eval', example);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASS  app-decrypts-through-s3  Allow');
  });

  it('exits 1 and explains when a case fails', async () => {
    const file = join(tmp, 'wrong.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'wrong-expectation',
          keyPolicy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
          },
          request: { principal: 'arn:aws:iam::111122223333:role/App', action: 'kms:Decrypt' },
          expected: 'Allow',
        },
      ]),
    );
    const run = await runCli('eval', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL {2}wrong-expectation {2}ImplicitDeny \(expected Allow\)/);
    expect(run.stdout).toContain('enables IAM policies for account 111122223333');
  });

  it('exits 2 with one clear line for a missing file, bad JSON and a malformed case', async () => {
    const missing = await runCli('eval', join(tmp, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: no such file/);

    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '[{"id": "x",}]');
    const badRun = await runCli('eval', bad);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toMatch(/bad\.json: not valid JSON \(line 1, column \d+\)/);
    expect(badRun.stderr).not.toMatch(/\n\s+at /);

    const malformed = join(tmp, 'malformed.json');
    writeFileSync(malformed, JSON.stringify([{ id: 'm', keyPolicy: {}, request: { principal: 5, action: 'kms:Decrypt' } }]));
    const mRun = await runCli('eval', malformed);
    expect(mRun.code).toBe(2);
    expect(mRun.stderr).toContain('request.principal must be a string');
  });

  it('reports a case whose request cannot be evaluated as a failure, naming the field', async () => {
    const file = join(tmp, 'unknown-action.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'u',
          keyPolicy: { Version: '2012-10-17', Statement: [] },
          request: { principal: 'arn:aws:iam::111122223333:role/App', action: 'kms:Decrpyt' },
          expected: 'ImplicitDeny',
        },
      ]),
    );
    const run = await runCli('eval', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('request.action: "kms:Decrpyt" is not a KMS action kmsim knows. Did you mean "kms:Decrypt"?');
  });
});

describe('kmsim validate', () => {
  it('prints diagnostics with line and column and exits 1 for a broken policy', async () => {
    const file = join(tmp, 'broken.json');
    writeFileSync(
      file,
      '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Permit",\n    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},\n    "Action": "kms:*",\n    "Resource": "*"\n  }]\n}\n',
    );
    const run = await runCli('validate', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/broken\.json:4:\d+ {2}error {2}effect-invalid {2}\$\.Statement\[0\]\.Effect/);
  });

  it('accepts the bundled example policy', async () => {
    const run = await runCli('validate', fileURLToPath(new URL('../../../examples/policies/app-key.json', import.meta.url)));
    expect(run.stdout).toContain('valid');
    expect(run.code).toBe(0);
  });
});
