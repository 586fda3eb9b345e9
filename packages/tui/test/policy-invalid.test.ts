/**
 * Policies AWS would reject are never simulated silently: `kmsim check` reports each validation error
 * as a critical policy-invalid finding with its region (text, JSON, SARIF), and the JSON of `matrix`
 * lists them as `policyErrors`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'kmsim-invalid-'));
const ACCT = '111122223333';
// Line 9: the Deny's operator is misspelt (StringEqualsIfExist), so as written the Deny never applies.
const text = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Root", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::${ACCT}:root" }, "Action": "kms:*", "Resource": "*" },
    {
      "Sid": "DenyDev", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
      "Condition": {
        "StringEqualsIfExist": { "aws:PrincipalTag/env": "dev" }
      }
    }
  ]
}
`;
const file = join(tmp, 'misspelt.json');
writeFileSync(file, text);
const valid = join(tmp, 'valid.json');
writeFileSync(
  valid,
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' }],
  }),
);
const LINE = 8;
const COLUMN = text.split('\n')[LINE - 1]?.indexOf('"StringEqualsIfExist"') ?? -1;

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } };
    logicalLocations?: { fullyQualifiedName: string }[];
  }[];
}

describe('kmsim check on a policy AWS would reject', () => {
  it('text: a critical policy-invalid finding naming the error and where it is; exit 1', async () => {
    const run = await runCli('check', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^CRITICAL policy-invalid {2}AWS would reject this key policy$/m);
    expect(run.stdout).toMatch(/keyPolicy: condition-operator-unknown at\s+\$\.Statement\[1\]\.Condition\.StringEqualsIfExist/);
    expect(run.stdout).toMatch(new RegExp(`At: line ${LINE}, column \\d+ of\\s+${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('JSON: the finding with its location (policy, path, line, column)', async () => {
    const run = await runCli('check', file, '--format', 'json');
    const out = JSON.parse(run.stdout) as { findings: { id: string; severity: string; location?: unknown }[] };
    const invalid = out.findings.filter((f) => f.id === 'policy-invalid');
    expect(invalid).toEqual([
      expect.objectContaining({
        severity: 'critical',
        location: { policy: 'keyPolicy', path: '$.Statement[1].Condition.StringEqualsIfExist', line: LINE, column: expect.any(Number) },
      }),
    ]);
    expect(run.code).toBe(1);
  });

  it('SARIF: one error-level result per validation error, with its region', async () => {
    const run = await runCli('check', file, '--format', 'sarif');
    const log = JSON.parse(run.stdout) as { runs: { results: SarifResult[]; tool: { driver: { rules: { id: string }[] } } }[] };
    const results = log.runs[0]?.results.filter((r) => r.ruleId === 'policy-invalid') ?? [];
    expect(results).toHaveLength(1);
    const [r] = results;
    expect(r?.level).toBe('error');
    expect(r?.message.text).toContain('condition-operator-unknown');
    const loc = r?.locations[0];
    // The file is outside the working directory: SARIF names it by its absolute file: URI.
    expect(loc?.physicalLocation.artifactLocation.uri).toBe(pathToFileURL(file).href);
    expect(loc?.physicalLocation.region?.startLine).toBe(LINE);
    expect(loc?.physicalLocation.region?.startColumn).toBeGreaterThanOrEqual(COLUMN);
    expect(loc?.logicalLocations?.[0]?.fullyQualifiedName).toBe('$.Statement[1].Condition.StringEqualsIfExist');
    expect(log.runs[0]?.tool.driver.rules.map((x) => x.id)).toContain('policy-invalid');
  });

  it('a valid policy has no policy-invalid finding', async () => {
    const run = await runCli('check', valid, '--format', 'json');
    expect((JSON.parse(run.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id)).not.toContain('policy-invalid');
  });
});

describe('kmsim matrix --format json on a policy AWS would reject', () => {
  it('lists the validation errors as policyErrors with their regions', async () => {
    const run = await runCli('matrix', file, '--format', 'json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { policyErrors?: unknown[] };
    expect(out.policyErrors).toEqual([
      expect.objectContaining({ policy: 'keyPolicy', code: 'condition-operator-unknown', path: '$.Statement[1].Condition.StringEqualsIfExist', line: LINE }),
    ]);
  });

  it('has no policyErrors for a valid policy', async () => {
    const out = JSON.parse((await runCli('matrix', valid, '--format', 'json')).stdout) as Record<string, unknown>;
    expect(out).not.toHaveProperty('policyErrors');
  });
});
