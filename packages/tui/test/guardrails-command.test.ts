/**
 * The guardrail options of the CLI: `--org-file`, `--scp`, `--rcp`, `--boundary` reach every
 * command, and every mistake in them is one line and exit 2.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileLoader } from '../src/ui/loader.js';
import { runCli } from './run-cli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const PUBLIC = fixture('public.json');
const ORG = fixture('guardrails/org.json');
const RCP = fixture('guardrails/deny-outside-org.json');
const CASE = fixture('guardrails/outsider-case.json');

describe('check: a key public by its key policy, closed by an RCP', () => {
  it('reports no outside access and names the RCP; without the RCP the outside-access finding is back', async () => {
    const closed = await runCli('check', PUBLIC, '--rcp', RCP, '--org-file', ORG);
    expect(closed.stderr).toBe('');
    expect(closed.stdout).not.toContain('public-access');
    expect(closed.stdout).toContain('MEDIUM   guardrail-only  Only a guardrail keeps outsiders out of the key');
    expect(closed.stdout).toMatch(/Only your RCP keeps outsiders out: the key policy alone allows any principal\s+of another account/);
    expect(closed.stdout).toContain('"RCPEnforceIdentityPerimeter"');

    const json = JSON.parse((await runCli('check', PUBLIC, '--rcp', RCP, '--org-file', ORG, '--format', 'json')).stdout) as {
      findings: { id: string; message: string }[];
    };
    expect(json.findings.map((f) => f.id)).not.toContain('public-access');
    expect(json.findings.find((f) => f.id === 'guardrail-only')?.message).toContain(
      'RCP 2 at level 2 (111122223333) of account 111122223333, statement "RCPEnforceIdentityPerimeter"',
    );

    for (const argv of [
      ['check', PUBLIC],
      ['check', PUBLIC, '--org-file', ORG],
    ]) {
      const open = await runCli(...argv);
      expect(open.code).toBe(1);
      expect(open.stdout).toContain('CRITICAL public-access  Anyone can use or manage the key');
      expect(open.stdout).not.toContain('guardrail-only');
    }
  });

  it('matrix: the outsider row is denied, the accounts of the organization are rows of their own', async () => {
    const r = await runCli('matrix', PUBLIC, '--rcp', RCP, '--org-file', ORG, '--format', 'json');
    const m = JSON.parse(r.stdout) as { principals: { id: string; origin: string }[]; cells: { principal: string; action: string; outcome: string }[] };
    const outsider = m.principals.find((p) => p.origin === 'outsider')?.id;
    expect(m.cells.filter((c) => c.principal === outsider && (c.action === 'kms:Decrypt' || c.action === 'kms:DescribeKey')).map((c) => c.outcome)).toEqual([
      'ExplicitDeny',
      'ExplicitDeny',
    ]);
    expect(m.principals.map((p) => p.id)).toContain('arn:aws:iam::444455556666:*');
  });
});

describe("the explorer's loader takes the guardrail options", () => {
  it('one FILE: the matrix and findings with the RCP; two files: the diff too', async () => {
    const options = { orgFile: ORG, rcp: [RCP] };
    const data = await fileLoader([PUBLIC], options)(() => undefined);
    const outsider = data.matrix.principals.find((p) => p.origin === 'outsider')?.id ?? '';
    expect(data.matrix.cell(outsider, 'kms:Decrypt')?.outcome).toBe('ExplicitDeny');
    expect(data.findings.map((f) => f.id)).toContain('guardrail-only');
    expect(data.findings.map((f) => f.id)).not.toContain('public-access');
    const diff = await fileLoader([fixture('before.json'), PUBLIC], options)(() => undefined);
    expect(diff.diff?.entries.some((e) => e.principal === outsider && e.change === 'gained')).toBe(false);
    expect(diff.diff?.entries.some((e) => e.principal === 'arn:aws:iam::444455556666:*' && e.change === 'gained')).toBe(true);
  });
});

describe('eval with guardrails', () => {
  it("--rcp and --org-file apply to each case: the outsider the key policy lets in is denied by the key account's RCP", async () => {
    const without = await runCli('eval', CASE);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('FAIL  outsider-decrypts-public-key  Allow (expected ExplicitDeny)');
    const closed = await runCli('eval', CASE, '--rcp', RCP, '--org-file', ORG);
    expect(closed.stderr).toBe('');
    expect(closed.stdout).toContain('PASS  outsider-decrypts-public-key  ExplicitDeny');
    expect(closed.code).toBe(0);
  });

  it('an RCP attached at another level reaches the key account through its path', async () => {
    const closed = await runCli('eval', CASE, '--rcp', `ou-ab12-11111111=${RCP}`, '--org-file', ORG);
    expect(closed.stdout).toContain('PASS  outsider-decrypts-public-key  ExplicitDeny');
    // Attached under the other OU, it does not reach the key's account.
    const elsewhere = await runCli('eval', CASE, '--rcp', `ou-ab12-22222222=${RCP}`, '--org-file', ORG);
    expect(elsewhere.stdout).toContain('FAIL  outsider-decrypts-public-key  Allow (expected ExplicitDeny)');
  });
});

describe('guardrail mistakes are one line and exit 2', () => {
  it.each([
    ['an RCP without its organization', ['check', PUBLIC, '--rcp', RCP], 'give the organization file (kmsim: --org-file)'],
    ['a boundary that is not ARN=FILE', ['check', PUBLIC, '--boundary', 'boundary.json'], '--boundary: "boundary.json" is not ARN=FILE'],
    ['a missing organization file', ['matrix', PUBLIC, '--org-file', fixture('guardrails/nope.json')], 'nope.json: no such file'],
    [
      'an RCP at an OU the organization does not have',
      ['check', PUBLIC, '--org-file', ORG, '--rcp', `ou-ab12-99999999=${RCP}`],
      'no account of organization o-a1b2c3d4e5 is under ou-ab12-99999999',
    ],
    [
      'an RCP at the management account',
      ['diff', PUBLIC, PUBLIC, '--org-file', ORG, '--rcp', `999999999999=${RCP}`],
      "999999999999 is the organization's management account",
    ],
    ['an organization file that is not one', ['check', PUBLIC, '--org-file', RCP], 'not an organization file'],
    ['--live-org with --org-file', ['check', PUBLIC, '--org-file', ORG, '--live-org'], '--live-org: reads the organization from AWS'],
  ])('%s', async (_what, argv, message) => {
    const r = await runCli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});
