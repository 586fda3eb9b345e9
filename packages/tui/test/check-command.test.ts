import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const consoleDefault = fixture('console-default.json');
const publicPolicy = fixture('public.json');
const after = fixture('after.json');
const tmp = mkdtempSync(join(tmpdir(), 'kmsim-check-'));

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        rules: { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string }; helpUri?: string }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
        logicalLocations?: { name: string; fullyQualifiedName: string }[];
      }[];
      properties: { severity: string };
    }[];
  }[];
}

describe('kmsim check', () => {
  it('reports the public statement as a critical finding and exits 1 (default --fail-on high)', async () => {
    const run = await runCli('check', publicPolicy);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^CRITICAL public-access {2}\S.*$/m);
    expect(run.stdout).toContain('Statements: "Anyone can decrypt" ($.Statement[1])');
    expect(run.stdout).toMatch(/^ {4}Fix: .*Principal "\*"/m);
    expect(run.stdout).toMatch(/public\.json: \d+ findings? \(.*1 critical.*\); \d+ at or above high: check failed\.\n$/);
  });

  it('exits by --fail-on: a finding at or above the threshold fails the check', async () => {
    // console-default: the administrators' kms:Create* includes kms:CreateGrant with no condition (medium).
    const medium = await runCli('check', consoleDefault);
    expect(medium.stdout).toMatch(/^MEDIUM {3}user-can-create-grants {2}/m);
    expect(medium.stdout).not.toMatch(/^(CRITICAL|HIGH)/m);
    expect(medium.stdout).toMatch(/none at or above high: check passed\.\n$/);
    expect(medium.code).toBe(0);
    expect((await runCli('check', consoleDefault, '--fail-on', 'critical')).code).toBe(0);
    expect((await runCli('check', consoleDefault, '--fail-on', 'medium')).code).toBe(1);
    expect((await runCli('check', consoleDefault, '--fail-on', 'low')).code).toBe(1);

    expect((await runCli('check', publicPolicy, '--fail-on', 'critical')).code).toBe(1);

    // after.json: only the informational cross-account finding.
    const info = await runCli('check', after, '--fail-on', 'low');
    expect(info.stdout).toMatch(/^INFO {5}cross-account-access {2}/m);
    expect(info.code).toBe(0);
    expect((await runCli('check', after, '--fail-on', 'info')).code).toBe(1);
  });

  it('says when there is nothing to report', async () => {
    const file = join(tmp, 'programmatic.json');
    writeFileSync(
      file,
      JSON.stringify({
        Version: '2012-10-17',
        Id: 'key-default-1',
        Statement: [
          { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
        ],
      }),
    );
    const run = await runCli('check', file, '--fail-on', 'low');
    expect(run.stdout).not.toMatch(/^(CRITICAL|HIGH|MEDIUM|LOW) /m);
    expect(run.code).toBe(0);
  });

  it('prints JSON with the counts, the threshold and the findings', async () => {
    const run = await runCli('check', publicPolicy, '--format', 'json', '--fail-on', 'critical');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as {
      file: string;
      failOn: string;
      failed: boolean;
      counts: Record<string, number>;
      findings: { id: string; severity: string; title: string; message: string; statements: { sid: string; index: number; path: string }[]; fix: string }[];
    };
    expect(out).toMatchObject({ file: publicPolicy, failOn: 'critical', failed: true });
    expect(Object.keys(out.counts)).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    expect(out.counts['critical']).toBeGreaterThanOrEqual(1);
    const first = out.findings[0];
    expect(first).toMatchObject({ id: 'public-access', severity: 'critical', statements: [{ sid: 'Anyone can decrypt', index: 1, path: '$.Statement[1]' }] });
    expect(first?.fix).toBeTruthy();
  });

  it('prints SARIF 2.1.0: one run, kmsim rules, levels from severities, the file as location', async () => {
    const run = await runCli('check', publicPolicy, '--format', 'sarif');
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const [sarifRun] = log.runs;
    expect(sarifRun?.tool.driver.name).toBe('kmsim');
    expect(sarifRun?.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    const rules = sarifRun?.tool.driver.rules ?? [];
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    const results = sarifRun?.results ?? [];
    expect(results.length).toBeGreaterThanOrEqual(1);
    for (const r of results) {
      expect(rules[r.ruleIndex]?.id).toBe(r.ruleId);
      const expected = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' }[r.properties.severity];
      expect(r.level).toBe(expected);
      expect(r.message.text.length).toBeGreaterThan(0);
      for (const l of r.locations) expect(l.physicalLocation.artifactLocation.uri).toBe(relative(process.cwd(), publicPolicy).split(sep).join('/'));
    }
    const critical = results.find((r) => r.properties.severity === 'critical');
    expect(critical).toMatchObject({ ruleId: 'public-access', level: 'error' });
    expect(critical?.locations[0]?.logicalLocations?.[0]).toEqual({ name: 'Anyone can decrypt', fullyQualifiedName: '$.Statement[1]', kind: 'object' });
    // The statement's line in the file (the `{` that opens $.Statement[1]).
    expect(critical?.locations[0]?.physicalLocation.region).toEqual({ startLine: 11 });
    expect(rules.find((r) => r.id === 'public-access')?.helpUri).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);

    const medium = JSON.parse((await runCli('check', consoleDefault, '--format', 'sarif')).stdout) as SarifLog;
    expect(medium.runs[0]?.results.find((r) => r.ruleId === 'user-can-create-grants')?.level).toBe('warning');
    const info = JSON.parse((await runCli('check', after, '--format', 'sarif')).stdout) as SarifLog;
    expect(info.runs[0]?.results.find((r) => r.ruleId === 'cross-account-access')?.level).toBe('note');
  });

  it('exits 2 with one line for a missing file, invalid JSON and an unknown threshold', async () => {
    const missing = await runCli('check', join(tmp, 'absent.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^kmsim: .*absent\.json: no such file\n$/);

    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow" "Action": "kms:*" }\n  ]\n}\n');
    const badRun = await runCli('check', bad, '--format', 'sarif');
    expect(badRun.code).toBe(2);
    expect(badRun.stdout).toBe('');
    expect(badRun.stderr).toMatch(/^kmsim: .*bad\.json: not valid JSON \(line 4, column \d+\): [^\n]+\n$/);

    const threshold = await runCli('check', publicPolicy, '--fail-on', 'severe');
    expect(threshold.code).toBe(2);
    expect(threshold.stderr).toContain('Allowed choices are critical, high, medium, low, info');
  });
});
