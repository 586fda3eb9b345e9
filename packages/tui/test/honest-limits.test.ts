/**
 * Issue 9, items 3 and 5 in the CLI: an analysis that could not finish is marked in every matrix
 * format and fails `kmsim check` at high; outside access names its principals with their account
 * in text, JSON and SARIF, located in the file. Incompleteness is forced with a small per-cell
 * bound (maxCombinations), so these tests do not depend on which policies the engine finishes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { incompleteReason, simulate, type Matrix, type SimulationInput } from '@kmsim/simulator';
import { describe, expect, it } from 'vitest';
import { checkCommand, type CheckOptions } from '../src/commands/check.js';
import { formatMatrix } from '../src/commands/matrix.js';
import { MATRIX_CSV_HEADER } from '../src/format/matrix-csv.js';
import { toSarif } from '../src/format/sarif.js';
import { runCli } from './run-cli.js';

const ACCT = '111122223333';
const EXT = '444455556666';
const APP = `arn:aws:iam::${ACCT}:role/App`;
const enableIam = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCT}:root` },
  Action: 'kms:*',
  Resource: '*',
};
const twoKeys = {
  StringEquals: {
    'kms:ViaService': 'ec2.us-east-1.amazonaws.com',
    'kms:EncryptionContext:project': 'alpha',
  },
};
const gated = {
  Sid: 'Gated',
  Effect: 'Allow',
  Principal: { AWS: APP },
  Action: 'kms:Decrypt',
  Resource: '*',
  Condition: twoKeys,
};
const policy = (...statements: unknown[]): { Version: string; Statement: unknown[] } => ({
  Version: '2012-10-17',
  Statement: statements,
});

/** Why role/App × Decrypt is incomplete, in the simulator's words ('' when it is complete). */
function reasonOf(m: Matrix): string {
  const cell = m.cell(APP, 'kms:Decrypt');
  return (cell && incompleteReason(cell)) ?? '';
}

const tmp = mkdtempSync(join(tmpdir(), 'kmsim-limits-'));
function file(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
  return path;
}
const gatedFile = file('gated.json', policy(enableIam, gated));
/** The line of the `{` that opens the statement with this Sid (JSON.stringify puts the Sid on the next line). */
const statementLine = (path: string, sid: string): number =>
  readFileSync(path, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(`"Sid": "${sid}"`));

async function check(path: string, options: CheckOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await checkCommand(path, options, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region?: { startLine: number };
    };
    logicalLocations?: { fullyQualifiedName: string }[];
  }[];
  properties: {
    severity: string;
    principals?: string[];
    outside?: { principal: string; account: string }[];
  };
}
const sarifResults = (stdout: string): SarifResult[] => (JSON.parse(stdout) as { runs: { results: SarifResult[] }[] }).runs[0]?.results ?? [];

describe('kmsim check over an incomplete analysis', () => {
  it('text: a high analysis-incomplete finding naming principal × action and why; --fail-on high fails', async () => {
    const run = await check(gatedFile, { maxCombinations: 2 });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^HIGH {5}analysis-incomplete {2}/m);
    const text = run.stdout.replace(/\n +/g, ' ');
    const reason = reasonOf(simulate({ keyPolicy: policy(enableIam, gated) as SimulationInput['keyPolicy'] }, { maxCombinations: 2 }));
    expect(reason).not.toBe('');
    expect(text).toContain(`role/App × kms:Decrypt: ${reason}`);
    expect(text).toContain('Statements: "Gated" ($.Statement[1])');
    expect(run.stdout).not.toMatch(/No findings/);
    expect(run.stdout).toMatch(/at or above high: check failed\.\n$/);
  });

  it('a check that passes by its threshold still says the analysis is incomplete', async () => {
    const run = await check(gatedFile, {
      maxCombinations: 2,
      failOn: 'critical',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/none at or above critical: check passed — but the analysis is incomplete \(\d+ cells?; see analysis-incomplete\)\.\n$/);
  });

  it('JSON: complete false, and the finding with its principals and actions', async () => {
    const run = await check(gatedFile, { maxCombinations: 2, format: 'json' });
    const out = JSON.parse(run.stdout) as {
      complete: boolean;
      failed: boolean;
      findings: {
        id: string;
        severity: string;
        principals: string[];
        actions: string[];
      }[];
    };
    expect(out.complete).toBe(false);
    expect(out.failed).toBe(true);
    expect(out.findings.find((f) => f.id === 'analysis-incomplete')).toMatchObject({
      severity: 'high',
      principals: [APP],
      actions: ['kms:Decrypt'],
    });
  });

  it('SARIF: an error result located at the statement whose conditions the cell varies', async () => {
    const run = await check(gatedFile, { maxCombinations: 2, format: 'sarif' });
    const result = sarifResults(run.stdout).find((r) => r.ruleId === 'analysis-incomplete');
    expect(result?.level).toBe('error');
    expect(result?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: pathToFileURL(gatedFile).href }, // outside the working directory
      region: { startLine: statementLine(gatedFile, 'Gated') },
    });
    expect(result?.locations[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBe('$.Statement[1]');
  });

  it('clean: within the bound, no analysis-incomplete finding, JSON complete true', async () => {
    const run = await check(gatedFile, { format: 'json', failOn: 'low' });
    const out = JSON.parse(run.stdout) as {
      complete: boolean;
      findings: { id: string }[];
    };
    expect(out.complete).toBe(true);
    expect(out.findings.map((f) => f.id)).not.toContain('analysis-incomplete');
  });
});

describe('kmsim check names outside principals with their account', () => {
  const encryptionContextOnly = file(
    'public-ec.json',
    policy(enableIam, {
      Sid: 'AnyoneWithContext',
      Effect: 'Allow',
      Principal: '*',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:project': 'alpha' } },
    }),
  );

  it('public access gated only by the encryption context: critical, the principal arn:aws:iam::*:* (account *)', async () => {
    const run = await runCli('check', encryptionContextOnly, '--fail-on', 'critical');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^CRITICAL public-access {2}/m);
    const text = run.stdout.replace(/\n +/g, ' ');
    expect(text).toMatch(/Principals: arn:aws:iam::\*:\* \([^)]+\)/);
    expect(text).toContain('The caller chooses kms:EncryptionContext:project');
    expect(run.stdout).not.toContain('kmsim-outsider');

    const json = JSON.parse((await runCli('check', encryptionContextOnly, '--format', 'json')).stdout) as {
      findings: {
        id: string;
        severity: string;
        outside?: { principal: string; account: string }[];
      }[];
    };
    const f = json.findings.find((x) => x.id === 'public-access' && x.severity === 'critical');
    expect(f?.outside).toEqual([expect.objectContaining({ principal: 'arn:aws:iam::*:*', account: '*' })]);

    const sarif = sarifResults((await runCli('check', encryptionContextOnly, '--format', 'sarif')).stdout).find((r) => r.properties.severity === 'critical');
    expect(sarif?.properties.outside).toEqual([expect.objectContaining({ principal: 'arn:aws:iam::*:*', account: '*' })]);
    expect(sarif?.locations[0]?.physicalLocation.region).toEqual({
      startLine: statementLine(encryptionContextOnly, 'AnyoneWithContext'),
    });
  });

  it('cross-account access through a grant (no statement): located at the key policy, principals with their account', async () => {
    const grantee = `arn:aws:iam::${EXT}:role/Worker`;
    const scenario = file('grant.json', {
      keyPolicy: policy(enableIam),
      grants: [{ granteePrincipal: grantee, operations: ['Decrypt'] }],
      key: {
        arn: `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      },
    });
    const run = await runCli('check', scenario, '--format', 'sarif', '--fail-on', 'info');
    expect(run.stderr).toBe('');
    const result = sarifResults(run.stdout).find((r) => r.ruleId === 'cross-account-access');
    expect(result?.properties.outside).toEqual([expect.objectContaining({ principal: grantee, account: EXT })]);
    expect(result?.locations).toHaveLength(1);
    // The line where the key policy starts in the scenario file.
    expect(result?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: pathToFileURL(scenario).href },
      region: { startLine: 2 },
    });
  });

  it('SARIF results at one statement are told apart by their fingerprint and message', async () => {
    const results = sarifResults((await runCli('check', encryptionContextOnly, '--format', 'sarif')).stdout).filter(
      (r) => r.ruleId === 'public-access' || r.ruleId === 'account-wide-access',
    );
    expect(results.length).toBeGreaterThan(1);
    const prints = results.map((r) => (r as SarifResult & { partialFingerprints: Record<string, string> }).partialFingerprints['kmsimFinding/v1']);
    expect(new Set(prints).size).toBe(results.length);
    expect(new Set(results.map((r) => r.message.text)).size).toBe(results.length);
  });

  it('a finding with no statement and no line is located at line 1 of the file (every SARIF result has a region)', () => {
    const finding = {
      id: 'public-access',
      severity: 'critical' as const,
      title: 'T',
      message: 'M',
      statements: [],
      outside: [
        {
          row: 'r',
          principal: 'arn:aws:iam::*:*',
          account: '*',
          who: 'anyone',
        },
      ],
      fix: 'F',
    };
    const log = toSarif([finding], {
      file: 'policy.json',
      toolVersion: '1.0.0',
    });
    expect(log.runs[0]?.results?.[0]?.locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'policy.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } },
    ]);
  });

  it('clean: a policy that keeps outsiders out has no outside principal in any finding', async () => {
    const keptOut = file(
      'kept-out.json',
      policy(enableIam, {
        Sid: 'AccountViaEc2',
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:CallerAccount': ACCT,
            'kms:ViaService': 'ec2.us-east-1.amazonaws.com',
          },
        },
      }),
    );
    const json = JSON.parse((await runCli('check', keptOut, '--format', 'json', '--fail-on', 'info')).stdout) as {
      findings: { id: string; outside?: unknown[] }[];
    };
    expect(json.findings.filter((f) => f.id === 'public-access' || f.id === 'cross-account-access' || f.outside)).toEqual([]);
  });
});

describe('kmsim matrix marks incomplete cells in every format', () => {
  const input: SimulationInput = {
    keyPolicy: policy(enableIam, gated) as SimulationInput['keyPolicy'],
  };
  const partial = simulate(input, {
    maxCombinations: 2,
    onlyActions: ['kms:Decrypt', 'kms:Encrypt'],
  });
  const whole = simulate(input, {
    onlyActions: ['kms:Decrypt', 'kms:Encrypt'],
  });

  const reason = reasonOf(partial);

  it('the bound leaves role/App × Decrypt incomplete (the premise)', () => {
    expect(partial.cell(APP, 'kms:Decrypt')?.complete).toBe(false);
    expect(whole.cells.every((c) => c.complete)).toBe(true);
  });

  it('table: ! after the glyph, in the legend, and a list with why', () => {
    const out = formatMatrix(partial, 'table', 100);
    const appLine = out.split('\n').find((l) => l.startsWith('role/App'));
    expect(appLine).toMatch(/[✓✗·?]!/);
    const text = out.replace(/\s+/g, ' ');
    expect(text).toContain('! incomplete: holds only for the requests evaluated');
    expect(text).toMatch(/10 cells, \d+ conditional, 1 INCOMPLETE \(marked !\)/);
    expect(text).toMatch(/1 cell is incomplete \(marked !\)/);
    expect(text).toContain(`role/App × Decrypt: ${partial.cell(APP, 'kms:Decrypt')?.summary ?? ''} — incomplete: ${reason}`);
    expect(formatMatrix(whole, 'table', 100)).not.toMatch(/incomplete|!/);
  });

  it('markdown: ! in the cell, the legend and a list', () => {
    const out = formatMatrix(partial, 'markdown', 100);
    expect(out.split('\n').find((l) => l.startsWith('| role/App'))).toMatch(/\| [✓✗·?]! \|/);
    expect(out).toContain('! incomplete');
    expect(out).toContain('**Incomplete cells**');
    expect(formatMatrix(whole, 'markdown', 100)).not.toMatch(/incomplete/i);
  });

  it('csv: complete and incomplete_reason columns', () => {
    const lines = formatMatrix(partial, 'csv', 100).trimEnd().split('\n');
    expect(lines[0]).toBe(MATRIX_CSV_HEADER.join(','));
    const decrypt = lines.find((l) => l.startsWith(`${APP},role/App,kms:Decrypt,`));
    expect(decrypt?.endsWith(`,false,${/[",\n]/.test(reason) ? `"${reason.replace(/"/g, '""')}"` : reason}`)).toBe(true);
    expect(lines.find((l) => l.startsWith(`${APP},role/App,kms:Encrypt,`))).toMatch(/,true,$/);
  });

  it('json: complete false at the top, and each incomplete cell says why and how much was evaluated', () => {
    const m = JSON.parse(formatMatrix(partial, 'json', 100)) as {
      complete: boolean;
      cells: {
        principal: string;
        action: string;
        complete: boolean;
        incompleteReason?: string;
        evaluated?: number;
        total?: number;
      }[];
    };
    expect(m.complete).toBe(false);
    const cell = m.cells.find((c) => c.principal === APP && c.action === 'kms:Decrypt');
    expect(cell).toMatchObject({ complete: false, evaluated: 2 });
    expect(cell?.total).toBeGreaterThan(2);
    expect(cell?.incompleteReason).toBe(reason);
    expect(m.cells.filter((c) => c.complete).every((c) => c.incompleteReason === undefined)).toBe(true);
    expect((JSON.parse(formatMatrix(whole, 'json', 100)) as { complete: boolean }).complete).toBe(true);
  });
});
