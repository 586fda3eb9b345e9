import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { runCli } from './run-cli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const consoleDefault = fixture('console-default.json');
const publicPolicy = fixture('public.json');
const scenarios = fixture('scenario.json');
const tmp = mkdtempSync(join(tmpdir(), 'kmsim-matrix-'));

/**
 * The glyph of a row × column in the table: the column's name stands in the staircase above the
 * rows of its block, its last letter above its glyph.
 */
function glyphAt(table: string, row: string, column: string): string | undefined {
  const lines = table.split('\n');
  const name = new RegExp(`(?<=^|[\\s╵│])${column}(?=[\\s╵│]|$)`);
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] ?? '';
    const found = name.exec(header);
    if (!found) continue;
    const x = [...header.slice(0, found.index)].length + [...column].length - 1;
    // The rows of this block follow its staircase, until the next blank line.
    for (let j = i + 1; j < lines.length && lines[j] !== ''; j++) {
      const line = lines[j] ?? '';
      if (!line.startsWith(`${row} `)) continue;
      const glyph = [...line][x];
      if (glyph && /^[✓✗·?]$/.test(glyph)) return glyph;
    }
  }
  return undefined;
}

/** The table's column blocks: each has one line per principal; a block's rows start with `row`. */
function blocks(table: string, row: string): string[][] {
  return table
    .split('\n')
    .filter((l) => l.startsWith(`${row} `) && /[✓✗·?]$/.test(l))
    .map((l) => [...l.slice(row.length)].filter((c) => /[✓✗·?]/.test(c)));
}

describe('kmsim matrix (table)', () => {
  it('prints a glyph per principal × action, in column blocks that fit in 80 columns', async () => {
    const run = await runCli('matrix', consoleDefault, '--width', '80');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    for (const line of out.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    // Short names (no kms:), grouped, a `│` between groups.
    expect(out).not.toMatch(/kms:Decrypt/);
    expect(out).toMatch(/^ +admin ─+$/m);
    expect(out).toMatch(/^ +(admin( ─+)? {2})?crypto ─+/m);
    expect(out).toMatch(/grants ─+/);
    expect(out).toMatch(/^role\/App +(. {2})*. │ ✓ /m);
    // Every name whole, in a staircase of 3-character cells.
    for (const name of ['CancelKeyDeletion', 'GetKeyRotationStatus', 'UpdateKeyDescription', 'GenerateDataKeyPairWithoutPlaintext', 'RevokeGrant']) {
      expect(out).toMatch(new RegExp(`(^|[\\s╵])${name}(\\s|╵|$)`, 'm'));
    }
    expect(glyphAt(out, 'role/KMSAdmin', 'ScheduleKeyDeletion')).toBe('✓');
    expect(glyphAt(out, 'role/KMSAdmin', 'Decrypt')).toBe('·');
    expect(glyphAt(out, 'role/App', 'Decrypt')).toBe('✓');
    expect(glyphAt(out, 'role/App', 'PutKeyPolicy')).toBe('·');
    expect(glyphAt(out, 'role/App', 'CreateGrant')).toBe('?');
    expect(glyphAt(out, 'root', 'PutKeyPolicy')).toBe('✓');
    expect(glyphAt(out, 'any principal (IAM kms:*)', 'Decrypt')).toBe('✓');
    expect(glyphAt(out, 'any principal (no IAM)', 'Decrypt')).toBe('·');
    expect(glyphAt(out, 'outsider', 'Decrypt')).toBe('·');
    // Legend, conditional list, rows.
    expect(out).toContain('✓ allow   ✗ explicit deny   · implicit deny   ? conditional');
    expect(out).toContain('Conditional cells:');
    const notes = out.slice(out.indexOf('Conditional cells:')).replace(/\s+/g, ' ');
    expect(notes).toContain('1. role/App × CreateGrant: Allow when kms:GrantIsForAWSResource is true; otherwise implicit deny');
    expect(notes).toContain('role/App × ListGrants: Allow when kms:GrantIsForAWSResource is true');
    expect(notes).toContain('any principal (IAM kms:*): any principal of 111122223333 the policies do not name, whose IAM policy allows kms:*');
    expect(notes).toContain('role/KMSAdmin: arn:aws:iam::111122223333:role/KMSAdmin, with no identity policy');
  });

  it('fits a symmetric key’s 33 actions at 80 columns in at most 2 column blocks', async () => {
    const run = await runCli('matrix', consoleDefault, '--width', '80');
    expect(run.code).toBe(0);
    for (const row of ['role/KMSAdmin', 'outsider']) {
      const found = blocks(run.stdout, row);
      expect(found.length).toBeGreaterThanOrEqual(1);
      expect(found.length).toBeLessThanOrEqual(2);
      // Every column, once.
      expect(found.flat()).toHaveLength(33);
    }
    // The last blocks' glyphs are under their names too.
    expect(glyphAt(run.stdout, 'role/App', 'RevokeGrant')).toBe('?');
    expect(glyphAt(run.stdout, 'role/KMSAdmin', 'RetireGrant')).toBe('·');
    expect(glyphAt(run.stdout, 'role/KMSAdmin', 'UpdateKeyDescription')).toBe('✓');
    expect(glyphAt(run.stdout, 'role/KMSAdmin', 'UpdateAlias')).toBe('·');
  });

  it('keeps one block when the terminal is wide enough, and reads the width from stdout', async () => {
    const wide = await runCli('matrix', consoleDefault, '--only-action', 'Decrypt', '--only-action', 'kms:CreateGrant', '--width', '80');
    expect(wide.stdout.match(/^ +crypto( ─+)? {2}grants( ─+)?$/gm)).toHaveLength(1);
    expect(blocks(wide.stdout, 'role/App')).toEqual([['✓', '?']]);
    const conditional = wide.stdout.split('\n').find((l) => l.includes('1. role/App × CreateGrant'));
    expect(conditional).toBeDefined();

    // A one-line summary at 200 columns; the default (no --width, no terminal) is 80.
    const run200 = await runCli('matrix', consoleDefault, '--width', '200');
    expect(run200.stdout).toContain('  1. role/App × CreateGrant: Allow when kms:GrantIsForAWSResource is true; otherwise implicit deny\n');
    const defaultWidth = await runCli('matrix', consoleDefault);
    expect(Math.max(...defaultWidth.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);

    // A terminal of 50 columns (what bin.ts passes: process.stdout, with its .columns).
    let narrow = '';
    const code = await main(['matrix', consoleDefault], {
      stdout: Object.assign({ write: (s: string) => (narrow += s) }, { columns: 50, isTTY: true }),
      stderr: { write: () => true },
    });
    expect(code).toBe(0);
    expect(Math.max(...narrow.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(50);
    expect(glyphAt(narrow, 'role/App', 'CreateGrant')).toBe('?');
  });

  it('shows the public statement: every principal may decrypt, and an unnamed-service row', async () => {
    const run = await runCli('matrix', publicPolicy, '--only-action', 'Decrypt', '--only-action', 'Encrypt');
    expect(run.code).toBe(0);
    expect(glyphAt(run.stdout, 'outsider', 'Decrypt')).toBe('✓');
    expect(glyphAt(run.stdout, 'outsider', 'Encrypt')).toBe('·');
    expect(glyphAt(run.stdout, 'any AWS service', 'Decrypt')).toBe('✓');
  });

  it('adds rows and columns with --principal and --action', async () => {
    const run = await runCli(
      'matrix',
      publicPolicy,
      '--only-action',
      'Decrypt',
      '--action',
      'kms:ReplicateKey',
      '--principal',
      'arn:aws:iam::444455556666:role/Ext',
    );
    expect(run.code).toBe(0);
    expect(glyphAt(run.stdout, '444455556666 role/Ext', 'Decrypt')).toBe('✓');
    expect(glyphAt(run.stdout, '444455556666 role/Ext', 'ReplicateKey')).toBe('·');
    expect(run.stdout).toContain('arn:aws:iam::444455556666:role/Ext (added)');
  });
});

describe('kmsim matrix --format markdown|csv|json', () => {
  it('prints a GitHub table with the same glyphs, the legend and the conditional list', async () => {
    const run = await runCli(
      'matrix',
      consoleDefault,
      '--format',
      'markdown',
      '--only-action',
      'Decrypt',
      '--only-action',
      'CreateGrant',
      '--only-action',
      'PutKeyPolicy',
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('| Principal |'));
    // Column order: admin, crypto, grants.
    expect(lines[header]).toBe('| Principal | PutKeyPolicy | Decrypt | CreateGrant |');
    expect(lines[header + 1]).toBe('| --- | :-: | :-: | :-: |');
    expect(run.stdout).toContain('| role/App | · | ✓ | ? |');
    expect(run.stdout).toContain('| role/KMSAdmin | ✓ | · | ✓ |');
    expect(run.stdout).toContain('| any principal (IAM kms:\\*) | ✓ | ✓ | ✓ |');
    expect(run.stdout).toContain('Legend: ✓ allow, ✗ explicit deny, · implicit deny, ? conditional');
    expect(run.stdout).toContain('1. role/App × CreateGrant: Allow when kms:GrantIsForAWSResource is true; otherwise implicit deny');
  });

  it('prints one CSV line per cell', async () => {
    const run = await runCli('matrix', consoleDefault, '--format', 'csv');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('principal,label,action,group,outcome,summary,complete,incomplete_reason');
    expect(lines).toHaveLength(1 + 6 * 33);
    expect(lines).toContain(
      'arn:aws:iam::111122223333:role/App,role/App,kms:CreateGrant,grants,Conditional,Allow when kms:GrantIsForAWSResource is true; otherwise implicit deny,true,',
    );
    expect(lines).toContain('arn:aws:iam::111122223333:role/KMSAdmin,role/KMSAdmin,kms:ScheduleKeyDeletion,admin,Allow,Allow,true,');
    expect(lines).toContain('arn:aws:iam::111122223333:*#iam,any principal (IAM kms:*),kms:Decrypt,crypto,Allow,Allow,true,');
  });

  it('quotes CSV fields with commas', async () => {
    const run = await runCli('matrix', consoleDefault, '--format', 'csv', '--only-action', 'Decrypt', '--principal', 'arn:aws:iam::111122223333:role/a,b');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toContain('"arn:aws:iam::111122223333:role/a,b","role/a,b",kms:Decrypt,crypto,ImplicitDeny,Implicit deny,true,');
  });

  it('prints { key, complete, principals, actions, cells, stats } as JSON', async () => {
    const run = await runCli('matrix', consoleDefault, '--format', 'json');
    expect(run.code).toBe(0);
    const m = JSON.parse(run.stdout) as {
      key: { arn: string; keySpec: string };
      principals: { id: string; label: string; iam: string; description: string }[];
      actions: { name: string; group: string }[];
      cells: {
        principal: string;
        action: string;
        outcome: string;
        summary: string;
        terms: { decision: string; when: { key: string; classes: { id: string; label: string; value?: unknown }[] }[] }[];
      }[];
      stats: { cells: number; incompleteCells: number };
    };
    expect(Object.keys(m)).toEqual(['key', 'complete', 'principals', 'actions', 'cells', 'stats']);
    expect(m.key).toMatchObject({ arn: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000', keySpec: 'SYMMETRIC_DEFAULT' });
    expect(m.principals.map((p) => p.label)).toEqual(['role/KMSAdmin', 'role/App', 'root', 'any principal (no IAM)', 'any principal (IAM kms:*)', 'outsider']);
    expect(m.principals.find((p) => p.label === 'outsider')?.iam).toBe('allow-all');
    expect(m.actions[0]).toEqual({ name: 'kms:CancelKeyDeletion', group: 'admin' });
    expect(m.cells).toHaveLength(m.principals.length * m.actions.length);
    expect(m.stats).toMatchObject({ cells: m.cells.length, incompleteCells: 0 });
    const grant = m.cells.find((c) => c.principal === 'arn:aws:iam::111122223333:role/App' && c.action === 'kms:CreateGrant');
    expect(grant?.outcome).toBe('Conditional');
    expect(grant?.summary).toBe('Allow when kms:GrantIsForAWSResource is true; otherwise implicit deny');
    const allow = grant?.terms.find((t) => t.decision === 'Allow');
    expect(allow?.when).toEqual([{ key: 'kms:GrantIsForAWSResource', classes: [{ id: 'true', label: 'true', value: true }] }]);
  });
});

describe('kmsim matrix input', () => {
  it('reads a scenario file: the first evaluation case, with its identity policies, grants and key', async () => {
    const run = await runCli('matrix', scenarios, '--format', 'json', '--only-action', 'Decrypt');
    expect(run.code).toBe(0);
    const m = JSON.parse(run.stdout) as { key: { arn: string }; principals: { id: string; iam: string }[]; cells: { principal: string; outcome: string }[] };
    expect(m.key.arn).toBe('arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(m.principals.find((p) => p.id === 'arn:aws:iam::111122223333:role/Reader')?.iam).toBe('given');
    expect(m.cells.find((c) => c.principal === 'arn:aws:iam::111122223333:role/Reader')?.outcome).toBe('Allow');
    expect(m.cells.find((c) => c.principal === 'arn:aws:iam::111122223333:role/GrantRole')?.outcome).toBe('Conditional');
  });

  it('sets the key with --key-arn, --key-spec and --key-usage', async () => {
    const run = await runCli(
      'matrix',
      consoleDefault,
      '--format',
      'json',
      '--key-arn',
      'arn:aws:kms:eu-west-1:111122223333:key/abcd',
      '--key-spec',
      'ECC_NIST_P256',
      '--key-usage',
      'SIGN_VERIFY',
    );
    expect(run.code).toBe(0);
    const m = JSON.parse(run.stdout) as { key: { arn: string; keySpec: string; keyUsage: string }; actions: { name: string }[] };
    expect(m.key).toMatchObject({ arn: 'arn:aws:kms:eu-west-1:111122223333:key/abcd', keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' });
    expect(m.actions.map((a) => a.name)).toContain('kms:Sign');
    expect(m.actions.map((a) => a.name)).not.toContain('kms:Encrypt');

    const hmac = await runCli('matrix', consoleDefault, '--format', 'json', '--key-spec', 'HMAC_256');
    const h = JSON.parse(hmac.stdout) as { key: { arn: string; keyUsage: string } };
    expect(h.key).toMatchObject({ arn: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000', keyUsage: 'GENERATE_VERIFY_MAC' });
  });

  it('simulates a policy with statement-level errors and prints them as warnings', async () => {
    const file = join(tmp, 'permit.json');
    writeFileSync(
      file,
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Permit", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},\n    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}\n  ]\n}\n',
    );
    const run = await runCli('matrix', file, '--only-action', 'Decrypt');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^kmsim: .*permit\.json:4:\d+: error effect-invalid at \$\.Statement\[0\]\.Effect: /m);
    expect(run.stderr).toMatch(/^kmsim: .*permit\.json has 1 validation error \(AWS would reject it\); simulated as written/m);
    expect(glyphAt(run.stdout, 'role/App', 'Decrypt')).toBe('✓');
  });

  it('exits 2 with one line for a missing file, invalid JSON, and a file that is not a policy', async () => {
    const missing = await runCli('matrix', join(tmp, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^kmsim: .*nope\.json: no such file\n$/);

    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow",, }\n  ]\n}\n');
    const badRun = await runCli('matrix', bad);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toMatch(/^kmsim: .*bad\.json: not valid JSON \(line 4, column \d+\): .+\n$/);
    expect(badRun.stderr).not.toMatch(/\n\s+at /);

    const big = join(tmp, 'big.json');
    writeFileSync(
      big,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'x'.repeat(40_000), Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }],
      }),
    );
    const bigRun = await runCli('matrix', big);
    expect(bigRun.code).toBe(2);
    expect(bigRun.stderr).toMatch(/^kmsim: .*big\.json: the key policy is not usable \(line 1, column 1\): The key policy is [\d,]+ bytes/);

    const other = join(tmp, 'other.json');
    writeFileSync(other, '{"Version": "2012-10-17"}');
    const otherRun = await runCli('matrix', other);
    expect(otherRun.code).toBe(2);
    expect(otherRun.stderr).toMatch(/other\.json: neither a key policy .*, a scenario file .* nor Terraform JSON/);
  });

  it('exits 2 for unusable options', async () => {
    const action = await runCli('matrix', consoleDefault, '--only-action', 'Decrpyt');
    expect(action.code).toBe(2);
    expect(action.stderr).toBe('kmsim: --only-action: "Decrpyt" is not a KMS action kmsim knows. Did you mean "kms:Decrypt"?\n');
    const usage = await runCli('matrix', consoleDefault, '--key-spec', 'HMAC_256', '--key-usage', 'SIGN_VERIFY');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^kmsim: --key-usage: a HMAC_256 key cannot have usage SIGN_VERIFY/);
    const principal = await runCli('matrix', consoleDefault, '--principal', 'bob');
    expect(principal.code).toBe(2);
    expect(principal.stderr).toMatch(/^kmsim: --principal: /);
    const width = await runCli('matrix', consoleDefault, '--width', '10');
    expect(width.code).toBe(2);
    const format = await runCli('matrix', consoleDefault, '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('Allowed choices are table, json, markdown, csv');
  });
});
