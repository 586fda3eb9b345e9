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
    // Three documented cases answer for a policy AWS would reject, as written: one warning each, naming it.
    const warnings = run.stderr.split('\n').filter((l) => l !== '');
    expect(
      warnings.every((l) => /^kmsim: warning: .*: case "[^"]+": AWS would reject this key policy \(\d+ errors?: keyPolicy: /.test(l)),
      run.stderr,
    ).toBe(true);
    expect(warnings.map((l) => /case "([^"]+)"/.exec(l)?.[1]).sort()).toEqual([
      'pn-statement-without-action-has-no-effect',
      'pn-statement-without-resource-has-no-effect',
      'pv-missing-version-variable-is-literal-text',
    ]);
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

describe('kmsim eval on policies AWS would reject', () => {
  const ACCT = '111122223333';
  const app = `arn:aws:iam::${ACCT}:role/App`;
  // The Deny's operator is misspelt (StringEqualsIfExist): as written it never applies, so the case is an Allow.
  const misspelt = join(tmp, 'misspelt.json');
  writeFileSync(
    misspelt,
    JSON.stringify(
      [
        {
          id: 'misspelt-deny',
          keyPolicy: {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'App', Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*' },
              {
                Sid: 'OnlyProd',
                Effect: 'Deny',
                Principal: '*',
                Action: 'kms:Decrypt',
                Resource: '*',
                Condition: { StringEqualsIfExist: { 'aws:PrincipalTag/env': 'dev' } },
              },
            ],
          },
          request: { principal: app, action: 'kms:Decrypt', context: { 'aws:PrincipalTag/env': 'dev' } },
          expected: 'Allow',
        },
        {
          id: 'valid-case',
          keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*' }] },
          request: { principal: app, action: 'kms:Decrypt' },
          expected: 'Allow',
        },
      ],
      null,
      2,
    ),
  );

  it('answers as written, with one warning for the affected case naming each error', async () => {
    const run = await runCli('eval', misspelt);
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^kmsim: warning: .*misspelt\.json: case "misspelt-deny": AWS would reject this key policy \(1 error: keyPolicy: condition-operator-unknown at \$\.Statement\[1\]\.Condition\.StringEqualsIfExist: .*\); answered as written/,
    );
    expect(run.stdout).toMatch(/PASS {2}misspelt-deny {2}Allow \(AWS would reject its policies: answered as written\)/);
    expect(run.stdout).toMatch(/PASS {2}valid-case {2}Allow\n/);
  });

  it('--json attaches policyErrors to the affected answer only', async () => {
    const run = await runCli('eval', '--json', misspelt);
    const results = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(results[0]?.['policyErrors']).toEqual([
      expect.objectContaining({ policy: 'keyPolicy', code: 'condition-operator-unknown', path: '$.Statement[1].Condition.StringEqualsIfExist' }),
    ]);
    expect(results[1]).not.toHaveProperty('policyErrors');
    expect(run.code).toBe(0);
  });

  it('--strict makes the affected case fail (exit 1), and only it', async () => {
    const run = await runCli('eval', '--strict', misspelt);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL {2}misspelt-deny {2}Allow/);
    expect(run.stdout).toMatch(/PASS {2}valid-case/);
    expect(run.stdout).toContain('2 cases: 1 passed, 1 failed');
    expect(run.stderr).toContain('the case fails (--strict)');
    const json = await runCli('eval', '--strict', '--json', misspelt);
    expect((JSON.parse(json.stdout) as Record<string, unknown>[]).map((r) => r['pass'])).toEqual([false, true]);
    expect(json.code).toBe(1);
  });
});
