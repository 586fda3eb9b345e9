/**
 * The guardrail options of the CLI: `--org-file`, `--scp`, `--rcp`, `--boundary` reach every
 * command, and every mistake in them is one line and exit 2.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const PUBLIC = fixture('public.json');
const ORG = fixture('guardrails/org.json');
const RCP = fixture('guardrails/deny-outside-org.json');
const CASE = fixture('guardrails/outsider-case.json');

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
