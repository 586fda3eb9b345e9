/**
 * Wording and layout of the plain commands and the explorer's panels: row labels instead of
 * kmsim's internal ids, hanging indents, one clear line for the wrong kind of file, and the rest of
 * the UX review's fixes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepare, simulate } from '@kmsim/simulator';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { formatMatrixTable } from '../src/format/matrix-table.js';
import { truncateDistinct, truncateMiddle } from '../src/format/text.js';
import { explanationLines } from '../src/ui/model/explanation.js';
import { createExplorerModel } from '../src/ui/model/explorer.js';
import { contextLines, findingsLines, helpLines } from '../src/ui/model/panels.js';
import { initialState } from '../src/ui/model/state.js';
import { lineText, wrapLines } from '../src/ui/model/text.js';
import { runCli } from './run-cli.js';
import { APP, consoleData, consoleInput, diffData } from './ui/helpers.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const examples = (p: string): string => fileURLToPath(new URL(`../../../examples/${p}`, import.meta.url));
const loaders = (name: string): string => fileURLToPath(new URL(`../../loaders/test/fixtures/${name}`, import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'kmsim-presentation-'));

const texts = (lines: readonly (readonly { text: string }[])[]): string[] => lines.map((l) => l.map((s) => s.text).join(''));

describe('kmsim check (text)', () => {
  it('names principals by their matrix rows, not by kmsim-internal ids; outside ones with their account', async () => {
    const run = await runCli('check', fixture('after.json'), '--fail-on', 'critical');
    expect(run.stdout.replace(/\n +/g, ' ')).toContain('Principals: arn:aws:iam::444455556666:* (');
    expect(run.stdout).not.toContain('kmsim-unnamed-role');
    // JSON keeps the row ids, for machines.
    const json = JSON.parse((await runCli('check', fixture('after.json'), '--format', 'json')).stdout) as { findings: { principals?: string[] }[] };
    expect(json.findings.flatMap((f) => f.principals ?? [])).toContain('arn:aws:iam::444455556666:*');
  });

  it('wraps to the terminal: 80 columns when piped, the width of a narrow terminal', async () => {
    const piped = await runCli('check', examples('policies/broken.json'));
    expect(
      Math.max(
        ...piped.stdout
          .split('\n')
          .slice(0, -2)
          .map((l) => [...l].length),
      ),
    ).toBeLessThanOrEqual(80);
    let narrow = '';
    await main(['check', examples('policies/broken.json')], {
      stdout: Object.assign({ write: (s: string) => (narrow += s) }, { columns: 60, isTTY: true }),
      stderr: { write: () => true },
      env: { NO_COLOR: '1' }, // widths are counted in characters, without colour escapes
    });
    expect(
      Math.max(
        ...narrow
          .split('\n')
          .slice(0, -2)
          .map((l) => [...l].length),
      ),
    ).toBeLessThanOrEqual(60);
  });

  it('gives SARIF line 1 for a Terraform plan (its policy is one JSON string: no line of its own)', async () => {
    const plan = JSON.parse((await runCli('check', examples('terraform/plan.json'), '--format', 'sarif')).stdout) as {
      runs: { results: { locations: { physicalLocation: { region?: unknown } }[] }[] }[];
    };
    const locations = plan.runs[0]?.results.flatMap((r) => r.locations) ?? [];
    expect(locations.length).toBeGreaterThan(0);
    for (const l of locations) expect(l.physicalLocation.region).toEqual({ startLine: 1 });
  });
});

describe('kmsim validate', () => {
  it('sums up each file with its errors and warnings, in words', async () => {
    const run = await runCli('validate', examples('policies/broken.json'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/broken\.json: INVALID: 3 errors, 1 warning\n$/);
    expect(run.stdout).not.toContain('error(s)');
  });

  it('says which command reads a template, a plan or a scenario file (exit 2), instead of "Version is missing"', async () => {
    const cases: [string, RegExp][] = [
      [examples('templates/AppStack.template.json'), /a CloudFormation\/CDK template, not a key policy: `kmsim check FILE/],
      [loaders('cfn-template.yaml'), /a YAML CloudFormation template, not a key policy/],
      [examples('terraform/plan.json'), /a Terraform plan or state, not a key policy/],
      [examples('scenarios/app-key.scenarios.json'), /a scenario file, not a key policy: run its cases with `kmsim eval FILE`/],
    ];
    for (const [file, message] of cases) {
      const run = await runCli('validate', file);
      expect(run.code, file).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^kmsim: [^\n]+\n$/);
      expect(run.stderr).toMatch(message);
    }
    // A policy that is not an object is still the validator's to report.
    const array = join(tmp, 'array.json');
    writeFileSync(array, '[1, 2]');
    const run = await runCli('validate', array);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('not-an-object');
  });
});

describe('kmsim eval', () => {
  it('says a key policy, template or plan is not a scenario file, and what reads it (exit 2)', async () => {
    const policy = await runCli('eval', examples('policies/app-key.json'));
    expect(policy.code).toBe(2);
    expect(policy.stderr).toMatch(/^kmsim: .*app-key\.json: a key policy, not a scenario file: `kmsim validate FILE`/);
    expect(policy.stderr).not.toContain('a case needs');
    const template = await runCli('eval', examples('templates/AppStack.template.json'));
    expect(template.stderr).toMatch(/a CloudFormation\/CDK template, not a scenario file/);
    const plan = await runCli('eval', examples('terraform/plan.json'));
    expect(plan.stderr).toMatch(/a Terraform plan or state, not a scenario file/);
  });

  it('gives a validation case’s position as "line N, column M", like every other message', async () => {
    const file = join(tmp, 'validation.json');
    writeFileSync(file, JSON.stringify([{ id: 'wrong', policyText: '{"Statement": []}', expectedValid: true }]));
    const run = await runCli('eval', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/version-missing at \$ \(line 1, column 1\)/);
  });
});

describe('kmsim matrix (table) at narrow widths', () => {
  it('keeps truncated row labels different', () => {
    expect(truncateMiddle('444455556666 any role', 12)).toBe('444455… role');
    expect(truncateDistinct(['444455556666 root', '444455556666 any role', 'role/KMSAdminRole', 'outsider'], 12)).toEqual([
      '444455… root',
      '444455… role',
      'role/KMSAdm…',
      'outsider',
    ]);
    const table = formatMatrixTable(
      simulate(consoleInput, {
        onlyActions: ['kms:Decrypt'],
        principals: [{ arn: 'arn:aws:iam::444455556666:root' }, { arn: 'arn:aws:iam::444455556666:role/Ext' }],
      }),
      { width: 30 },
    );
    const labels = table
      .split('\n')
      .filter((l) => /^ +[✓✗·?]$/.test(l.slice(12)))
      .map((l) => l.slice(0, 12));
    expect(labels).toHaveLength(8);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('lays every width out in 3-character cells under a staircase of names, within the width', () => {
    const matrix = simulate(consoleInput);
    const rows = matrix.principals.length;
    for (const width of [20, 30, 45, 50, 64, 80, 100, 132, 200]) {
      const lines = formatMatrixTable(matrix, { width }).split('\n');
      for (const line of lines) expect([...line].length, `${width}: ${line}`).toBeLessThanOrEqual(width);
      // Row lines: the label, then a glyph every 3 characters (4 across a group's `│`).
      const cells = lines.filter((l) => /^\S.* [✓✗·?]$/.test(l) && !l.startsWith('✓ allow'));
      expect(cells.length % rows).toBe(0);
      // The first row of each block: every column once.
      const first = cells.filter((_, i) => i % rows === 0).flatMap((l) => [...l.slice(l.search(/ [✓✗·?]/))].filter((c) => /[✓✗·?]/.test(c)));
      expect(first).toHaveLength(matrix.actions.length);
      for (const l of cells) expect(l.slice(l.search(/ [✓✗·?]/))).toMatch(/^( [✓✗·?] ( *│)?)*( [✓✗·?])$/);
      // Each block: its group line, then its staircase (never a blank line) right above the rows.
      const legend = lines.findIndex((l) => l.startsWith('✓ allow'));
      const blockStarts = lines.flatMap((l, i) => (i < legend && /^ +[a-z]+( ─+)?( {2,}[a-z]+( ─+)?)*$/.test(l) ? [i] : []));
      expect(blockStarts.length).toBe(cells.length / rows);
      for (const start of blockStarts) {
        const rowsAt = lines.findIndex((l, i) => i > start && cells.includes(l));
        expect(rowsAt - start - 1, `${width}: a staircase`).toBeGreaterThanOrEqual(1);
        for (const l of lines.slice(start + 1, rowsAt)) expect(l.trim()).not.toBe('');
      }
    }
    // At 80 columns every name is whole.
    const at80 = formatMatrixTable(matrix, { width: 80 });
    for (const action of matrix.actions) expect(at80).toMatch(new RegExp(`(^|[\\s╵])${action.name.slice(4)}(\\s|╵|$)`, 'm'));
  });

  it('never breaks the key line inside its parentheses', () => {
    const matrix = simulate(consoleInput, { onlyActions: ['kms:Decrypt'] });
    for (const width of [80, 100]) {
      const [first, second] = formatMatrixTable(matrix, { width }).split('\n');
      expect(first).toBe('Key arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000');
      expect(second).toBe('    (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)');
    }
    expect(formatMatrixTable(matrix, { width: 120 }).split('\n')[0]).toBe(
      'Key arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000 (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)',
    );
  });
});

describe('explorer panels', () => {
  const data = consoleData();
  const keyPolicy = prepare(data.input).keyPolicy;

  it('explanation: the ARN once, and no "allow — Allow"', () => {
    const lines = texts(explanationLines({ matrix: data.matrix, keyPolicy: keyPolicy, principal: APP, action: 'kms:Decrypt', context: {}, choices: [] }));
    expect(lines[0]).toBe('principal  arn:aws:iam::111122223333:role/App, with no identity policy');
    expect(lines[1]).toBe('outcome    allow');
    const conditional = texts(
      explanationLines({ matrix: data.matrix, keyPolicy: keyPolicy, principal: APP, action: 'kms:CreateGrant', context: {}, choices: [] }),
    );
    expect(conditional[1]).toBe('outcome    conditional — Allow when kms:GrantIsForAWSResource is true; otherwise implicit deny');
  });

  it('explanation header lines continue under their value when wrapped', () => {
    const lines = explanationLines({ matrix: data.matrix, keyPolicy: keyPolicy, principal: APP, action: 'kms:CreateGrant', context: {}, choices: [] });
    for (const [i, label] of ['principal  arn:', 'outcome    conditional'].entries()) {
      const wrapped = wrapLines(lines.slice(i, i + 1), 50).map(lineText);
      expect(wrapped.length).toBeGreaterThan(1);
      expect(wrapped[0]?.startsWith(label)).toBe(true);
      for (const l of wrapped.slice(1)) expect(l).toMatch(/^ {11}\S/);
    }
  });

  it('help: a wrapped description continues under the description column', () => {
    const lines = helpLines(60).map(lineText);
    const enter = lines.findIndex((l) => l.startsWith('  Enter                 explain'));
    expect(enter).toBeGreaterThan(0);
    expect(lines[enter + 1]).toMatch(/^ {24}\S/);
    // Too narrow for the description column: the usual indent.
    const narrow = helpLines(40).map(lineText);
    expect(narrow[narrow.findIndex((l) => l.startsWith('  Enter')) + 1]).toMatch(/^ {4}\S/);
  });

  it('context: the introduction wraps instead of being cut', () => {
    const { lines } = contextLines([], {}, 0, 40);
    const intro = texts(lines).filter((l) => l.trim() !== '');
    expect(intro.join(' ').replace(/\s+/g, ' ')).toBe('One value class per condition key restricts every cell; cells that change get a *.');
    for (const l of intro) expect([...l].length).toBeLessThanOrEqual(40);
  });

  it('findings: principals by their row labels', () => {
    const labels = new Map(data.matrix.principals.map((p) => [p.id, p.label]));
    const finding = {
      id: 'x',
      severity: 'high' as const,
      title: 'T',
      message: 'M',
      statements: [],
      principals: ['arn:aws:iam::111122223333:*#iam', 'arn:aws:iam::999988887777:role/other'],
      fix: 'F',
    };
    const text = texts(findingsLines([finding], [], 0, 200, (id) => labels.get(id)).lines).join('\n');
    expect(text).toContain('principals: any principal (IAM kms:*), arn:aws:iam::999988887777:role/other');
  });
});

describe('explorer matrix screen', () => {
  it('says how many findings and warnings the panel holds in the title', () => {
    const data = { ...consoleData(), warnings: ['w1', 'w2'] };
    const title = lineText(createExplorerModel(data).frame(initialState, { columns: 120, rows: 30 }).lines[0] ?? []);
    expect(title, title).toMatch(/rows 1–6\/6 {2}cols \d+–\d+\/33 {2}\d+ findings?, 2 warnings$/);
    const clean = lineText(
      createExplorerModel({ ...consoleData(), findings: [], warnings: [] }).frame(initialState, { columns: 120, rows: 30 }).lines[0] ?? [],
    );
    expect(clean).not.toMatch(/finding|warning/);
  });

  it('keeps the diff counts visible on a narrow terminal', () => {
    const data = consoleData();
    const diff = diffData(data.input, data.input);
    const title = lineText(createExplorerModel(diff).frame(initialState, { columns: 60, rows: 20 }).lines[0] ?? []);
    expect(title.slice(0, 60)).toContain('+0 -0 ~0');
  });

  it('puts "A–Z" above the first column, where a group name starts', () => {
    const lines = createExplorerModel(consoleData())
      .frame({ ...initialState, grouped: false }, { columns: 80, rows: 24 })
      .lines.map(lineText);
    const az = lines[1] ?? '';
    const codes = lines[2] ?? '';
    const row = lines[4] ?? '';
    // Above the first glyph, where the first column's code is centred.
    expect(az.indexOf('A–Z')).toBe(row.indexOf('[') + 1);
    expect(codes.indexOf('CnDel') + 2).toBe(az.indexOf('A–Z'));
  });
});
