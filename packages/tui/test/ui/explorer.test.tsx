/** The interactive explorer, driven through ink-testing-library: keys in, frames out. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatementDocument } from '@kmsim/core';
import type { SimulationInput } from '@kmsim/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLoader } from '../../src/ui/loader.js';
import { KEY_BINDINGS } from '../../src/ui/model/help.js';
import type { ExplorerData } from '../../src/ui/model/types.js';
import { ADMIN, APP, consoleData, diffData, KEYS, open, type Harness } from './helpers.js';

let current: Harness | undefined;
afterEach(() => {
  current?.unmount();
  current = undefined;
});

async function explorer(data: ExplorerData = consoleData(), size = { columns: 80, rows: 24 }): Promise<Harness> {
  current = await open(data, size);
  await current.until('principal');
  return current;
}

/** The two status lines (principal, cell) sit above the key hints. */
function status(frame: string): { principal: string; cell: string } {
  const lines = frame.split('\n');
  return { principal: lines[lines.length - 3] ?? '', cell: lines[lines.length - 2] ?? '' };
}

/** The frame's text with runs of blanks (wrapping, indentation) as one space. */
const flat = (frame: string): string => frame.replace(/\s+/g, ' ');

/** The matrix line of a row, by its label. */
function rowLine(frame: string, label: string): string {
  return frame.split('\n').find((l) => l.slice(1).startsWith(`${label} `)) ?? '';
}

/** Every page of a scrolling panel (PgDn until the footer says the last line is shown). */
async function readPanel(h: Harness): Promise<string> {
  const pages = [h.frame()];
  for (let i = 0; i < 20 && !/(\d+)–(\d+) of \2\b/.test(h.frame()); i++) {
    await h.press(KEYS.pageDown);
    pages.push(h.frame());
  }
  return pages.join('\n');
}

/** Focus role/App × kms:CreateGrant: second row; End is the last column (RevokeGrant), three to the left. */
async function focusAppCreateGrant(h: Harness): Promise<void> {
  await h.press(KEYS.down, KEYS.end, KEYS.left, KEYS.left, KEYS.left);
  expect(status(h.frame()).cell).toMatch(/^kms:CreateGrant: /);
}

describe('the matrix view', () => {
  it('shows a progress message while the matrix is computed, then the matrix', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const data = consoleData();
    current = await open(async (progress) => {
      progress('simulating console-default.json…');
      await gate;
      return data;
    });
    const loading = await current.until('simulating');
    // The first frame: the title, then the spinner and the message.
    expect(loading).toMatch(/^ kmsim\n[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] simulating console-default\.json…/);
    release();
    const frame = await current.until('principal');
    expect(frame).toContain('console-default.json');
    expect(frame).toContain('role/KMSAdmin');
    expect(frame).toContain('role/App');
    expect(frame).toContain('outsider');
    expect(frame).toMatch(/admin ─+/);
    expect(frame).toContain('✓ allow  ✗ explicit deny  · implicit deny  ? conditional');
  });

  it('draws a glyph per cell, a bracket on the focused one, and fits 80×24', async () => {
    const h = await explorer();
    const frame = h.frame();
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    expect(frame).toContain('cols 1–17/33');
    expect(rowLine(frame, 'role/KMSAdmin')).toMatch(/^›role\/KMSAdmin +\[✓\] · {2}· {2}✓/);
    expect(rowLine(frame, 'root')).toMatch(/^ root +✓ {2}✓ {2}✓/);
    expect(rowLine(frame, 'outsider')).toMatch(/^ outsider +· {2}· {2}·/);
    expect(status(frame).principal).toBe('role/KMSAdmin  arn:aws:iam::111122223333:role/KMSAdmin, with no identity policy');
    expect(status(frame).cell).toBe('kms:CancelKeyDeletion: Allow');
  });

  it('moves with arrows and h/j/k/l; the status line shows the full ARN and the cell', async () => {
    const h = await explorer();
    await h.press(KEYS.down);
    expect(status(h.frame()).principal).toContain(APP);
    expect(rowLine(h.frame(), 'role/App')).toMatch(/^›role\/App +\[·\]/);
    await h.press(KEYS.right);
    expect(status(h.frame()).cell).toBe('kms:CreateAlias: Implicit deny');
    await h.press('j');
    expect(status(h.frame()).principal).toMatch(/^root {2}arn:aws:iam::111122223333:root — the root user of the key's account/);
    await h.press('l', 'l', 'h');
    expect(status(h.frame()).cell).toMatch(/^kms:DeleteAlias: /);
    await h.press('k', 'k', KEYS.up);
    expect(status(h.frame()).principal).toContain(ADMIN);
  });

  it('pages with PgUp/PgDn and jumps to the first and last column with Home/End, scrolling sideways', async () => {
    const h = await explorer();
    await h.press(KEYS.pageDown);
    expect(status(h.frame()).principal).toMatch(/^outsider /);
    await h.press(KEYS.pageUp);
    expect(status(h.frame()).principal).toMatch(/^role\/KMSAdmin /);
    await h.press(KEYS.end);
    expect(status(h.frame()).cell).toMatch(/^kms:RevokeGrant: /);
    expect(h.frame()).toMatch(/cols \d+–33\/33/);
    expect(h.frame()).toMatch(/crypto ─+ {2}grants ─+/);
    await h.press(KEYS.home);
    expect(status(h.frame()).cell).toMatch(/^kms:CancelKeyDeletion: /);
    expect(h.frame()).toContain('cols 1–17/33');
  });

  it('lays out again when the terminal is resized', async () => {
    const h = await explorer();
    await h.resize(200, 50);
    const wide = h.frame();
    expect(wide).toContain('cols 1–33/33');
    // Every column's fixed code; the header takes two lines.
    expect(wide).toContain('GDKPn');
    expect(wide).toMatch(/CnDel[\s\S]*CrAls/);
    expect(wide.split('\n').length).toBeLessThanOrEqual(49);
    await h.resize(80, 24);
    expect(h.frame()).toContain('cols 1–17/33');
    await h.resize(30, 10);
    expect(h.frame()).toContain('Terminal too small');
  });
});

describe('the explanation', () => {
  it('Enter explains the cell: summary, terms, the deciding Sid, its path and JSON, the condition classes; Esc goes back', async () => {
    const h = await explorer();
    await focusAppCreateGrant(h);
    await h.press(KEYS.enter);
    const top = h.frame();
    expect(top).toContain('role/App × kms:CreateGrant');
    expect(flat(top)).toContain('outcome conditional — Allow when kms:GrantIsForAWSResource is true; otherwise implicit deny');
    expect(flat(top)).toContain('Term 1 of 2: implicit deny when kms:GrantIsForAWSResource is absent or false (1 combination)');
    const all = flat(await readPanel(h));
    expect(all).toContain('Term 2 of 2: allow when kms:GrantIsForAWSResource is true');
    expect(all).toContain(
      'allowed by: Allow Sid "Allow attachment of persistent resources" $.Statement[3] (key policy) Bool kms:GrantIsForAWSResource ["true"] request: true → true',
    );
    // The denied term names the closest Allow and the condition that failed.
    expect(all).toContain(
      'closest Allow statements, and what each lacked: Allow Sid "Allow access for Key Administrators" $.Statement[1] (key policy) ✗ the principal is not named',
    );
    expect(all).toContain(
      'Allow Sid "Allow attachment of persistent resources" $.Statement[3] (key policy) ✗ condition Bool kms:GrantIsForAWSResource ["true"] failed (request: absent)',
    );
    expect(all).toContain('kms:GrantIsForAWSResource (Bool): absent or false · true');
    // The statements' JSON is folded until s.
    expect(all).not.toContain('"Condition": {');
    expect(all).toContain('{ … } s shows the statement as written');
    await h.press(KEYS.home, 's');
    const unfolded = flat(await readPanel(h));
    expect(unfolded).toContain('"Condition": { "Bool": { "kms:GrantIsForAWSResource": "true" } }');
    await h.press(KEYS.escape);
    expect(h.frame()).toContain('principal');
    expect(status(h.frame()).cell).toMatch(/^kms:CreateGrant: /);
  });

  it('scrolls with arrows and pages', async () => {
    const h = await explorer();
    await focusAppCreateGrant(h);
    await h.press(KEYS.enter);
    expect(h.frame()).toMatch(/1–21 of \d+/);
    await h.press(KEYS.down, 'j');
    expect(h.frame()).toMatch(/3–23 of \d+/);
    await h.press(KEYS.pageDown);
    expect(h.frame()).toMatch(/(24–44|17–37) of \d+/);
    await h.press(KEYS.home);
    expect(h.frame()).toMatch(/1–21 of \d+/);
  });
});

describe('filtering and grouping', () => {
  it('/ filters the rows by principal label or ARN; Esc clears it', async () => {
    const h = await explorer();
    await h.press('/', 'A', 'p', 'p');
    // Live: the view is filtered while the search is typed.
    expect(h.frame()).toContain('/App');
    expect(h.frame()).toContain('rows 1–1/1');
    await h.press(KEYS.enter);
    const frame = h.frame();
    expect(frame).toContain('filter "App"');
    expect(frame).toContain('rows 1–1/1');
    expect(rowLine(frame, 'role/App')).not.toBe('');
    expect(rowLine(frame, 'role/KMSAdmin')).toBe('');
    expect(rowLine(frame, 'root')).toBe('');
    expect(status(frame).principal).toContain(APP);
    await h.press(KEYS.escape);
    expect(h.frame()).toContain('rows 1–6/6');
  });

  it('/ with an action name keeps those columns; Esc while typing clears; backspace edits', async () => {
    const h = await explorer();
    await h.press('/', ...'grantx', KEYS.backspace, KEYS.enter);
    const frame = h.frame();
    expect(frame).toContain('filter "grant"');
    expect(frame).toContain('cols 1–4/4');
    expect(frame).toContain('CrGnt');
    expect(frame).not.toContain('CnDel');
    await h.press('/', 'z', 'z', KEYS.escape);
    expect(h.frame()).not.toContain('filter "');
    await h.press('/', ...'grant', KEYS.enter);
    await h.press('/', '\u0015', ...'nothing-matches', KEYS.enter);
    expect(h.frame()).toContain('no cell matches "nothing-matches"');
  });

  it('takes keys that arrive in one chunk (typed fast, pasted, key repeat)', async () => {
    const h = await explorer();
    await h.press('jj');
    expect(status(h.frame()).principal).toMatch(/^root /);
    await h.press('/App\r');
    expect(h.frame()).toContain('filter "App"');
    expect(h.frame()).toContain('rows 1–1/1');
  });

  it('g switches between grouped and alphabetical columns', async () => {
    const h = await explorer();
    await h.press('g');
    const az = h.frame();
    expect(az).toContain('A–Z');
    expect(az).not.toMatch(/admin ─/);
    const header = az.split('\n').slice(2, 4);
    // A–Z by name: CancelKeyDeletion, CreateAlias, CreateGrant, alternating lines; the codes never change.
    expect(header[0]).toMatch(/CnDel +CrGnt/);
    expect(header[1]).toMatch(/CrAls/);
    await h.press('g');
    expect(h.frame()).toMatch(/admin ─+/);
  });
});

describe('condition context', () => {
  it('c picks kms:GrantIsForAWSResource = true: role/App × CreateGrant becomes ✓, marked *', async () => {
    const h = await explorer();
    await focusAppCreateGrant(h);
    expect(rowLine(h.frame(), 'role/App')).toContain('[?]');
    await h.press('c');
    const panel = h.frame();
    expect(panel).toContain('Condition context');
    expect(panel).toMatch(/kms:GrantIsForAWSResource\n› \(•\) any\n {2}\( \) absent or false\n {2}\( \) true/);
    // Enter sets the choice and the panel stays open for more; Esc goes back with it.
    await h.press(KEYS.down, KEYS.down, KEYS.enter);
    expect(h.frame()).toMatch(/› \(•\) true/);
    await h.press(KEYS.escape);
    const frame = h.frame();
    expect(frame).toContain('context kms:GrantIsFor');
    expect(rowLine(frame, 'role/App')).toContain('[✓*');
    expect(rowLine(frame, 'role/App')).toMatch(/✓\* {0,1}/);
    expect(status(frame).cell).toMatch(/^kms:CreateGrant: allow under the context \(any: Allow when/);
    expect(frame).toContain('* differs from any');
    // The other choice flips it to an implicit deny; "any" restores it.
    await h.press('c');
    expect(h.frame()).toMatch(/› \(•\) true/);
    await h.press(KEYS.up, KEYS.enter, KEYS.escape);
    expect(rowLine(h.frame(), 'role/App')).toContain('[·*');
    await h.press('x');
    expect(rowLine(h.frame(), 'role/App')).toContain('[?]');
  });
});

describe('findings', () => {
  it('f lists findings with severity, title and message; Enter jumps to the first cell', async () => {
    const h = await explorer();
    await h.press('f');
    const panel = h.frame();
    expect(panel).toMatch(/Findings \(\d+\)/);
    expect(panel).toMatch(/› (CRITICAL|HIGH|MEDIUM|LOW|INFO) +\S/);
    expect(panel).toContain('fix:');
    const finding = consoleData().findings[0];
    expect(finding).toBeDefined();
    expect(panel).toContain(finding?.title.slice(0, 40));
    await h.press(KEYS.enter);
    const frame = h.frame();
    expect(frame).toContain('principal');
    expect(status(frame).cell).toMatch(/^kms:CreateGrant: /);
    expect(status(frame).principal).toContain(ADMIN);
  });
});

describe('diff mode', () => {
  const root: StatementDocument = {
    Sid: 'Enable IAM User Permissions',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::111122223333:root' },
    Action: 'kms:*',
    Resource: '*',
  };
  const admin = (actions: string[]): StatementDocument => ({
    Sid: 'Allow access for Key Administrators',
    Effect: 'Allow',
    Principal: { AWS: ADMIN },
    Action: actions,
    Resource: '*',
  });
  const before: SimulationInput = {
    keyPolicy: { Version: '2012-10-17', Statement: [root, admin(['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:ScheduleKeyDeletion'])] },
  };
  const after: SimulationInput = {
    keyPolicy: {
      Version: '2012-10-17',
      Statement: [
        root,
        admin(['kms:Describe*', 'kms:Get*', 'kms:List*']),
        { Sid: 'Analytics', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'kms:Decrypt', Resource: '*' },
      ],
    },
  };

  it('marks gained cells + and lost cells - on the AFTER matrix', async () => {
    const h = await explorer(diffData(before, after));
    expect(h.frame()).toContain('+1 -1 ~0');
    expect(h.frame()).toContain('✓ allow ✗ explicit deny · implicit deny ? conditional + gained - lost ~ changed');
    await h.press('/', ...'Decrypt', KEYS.enter);
    let frame = h.frame();
    expect(rowLine(frame, '444455556666 any principal')).toMatch(/\+✓/);
    expect(rowLine(frame, 'root')).not.toContain('+');
    await h.press(KEYS.escape, '/', ...'ScheduleKeyDeletion', KEYS.enter);
    frame = h.frame();
    // The focused changed cell keeps both brackets (the mark is in the status line); others show the mark.
    expect(rowLine(frame, 'role/KMSAdmin')).toMatch(/\[·\]/);
    await h.press(KEYS.down);
    expect(rowLine(h.frame(), 'role/KMSAdmin')).toMatch(/-·/);
    await h.press(KEYS.up);
    frame = h.frame();
    // The change in the words of `kmsim diff` and the explanation, not the enum names.
    expect(status(frame).cell).toMatch(/^kms:ScheduleKeyDeletion: Implicit deny +- lost allow → implicit deny/);
    await h.press(KEYS.enter);
    expect(flat(h.frame())).toContain('diff - LOST: role/KMSAdmin kms:ScheduleKeyDeletion: allow → implicit deny');
  });
});

describe('help and quitting', () => {
  it('? lists every key binding; Esc goes back', async () => {
    const h = await explorer(consoleData(), { columns: 100, rows: 60 });
    await h.press('?');
    const frame = h.frame();
    for (const section of KEY_BINDINGS) {
      expect(frame).toContain(section.title);
      for (const b of section.bindings) expect(frame).toContain(b.keys);
    }
    await h.press(KEYS.escape);
    expect(h.frame()).toContain('principal');
  });

  it('q clears the screen and exits with 0', async () => {
    const h = await explorer();
    await h.press('q');
    expect(await h.exited()).toEqual([{ code: 0, error: undefined }]);
    expect(h.frame().trim()).toBe('');
  });

  it('q quits from a panel too, but types into the filter', async () => {
    const h = await explorer();
    await h.press('/', 'q');
    expect(h.frame()).toContain('/q');
    expect(h.exits).toEqual([]);
    await h.press(KEYS.escape, KEYS.enter, 'q');
    expect(await h.exited()).toEqual([{ code: 0, error: undefined }]);
  });
});

describe('errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmsim-explore-'));

  it('a missing file is one clear message, and quitting exits 2', async () => {
    current = await open(fileLoader([join(dir, 'nope.json')]));
    const frame = await current.until('kmsim:');
    expect(frame).toMatch(/kmsim: .*nope\.json: no such file/);
    expect(frame).not.toMatch(/\n\s+at /);
    await current.press('q');
    expect(await current.exited()).toEqual([{ code: 2, error: expect.stringContaining('nope.json: no such file') as unknown as string }]);
  });

  it('invalid JSON names the line and column', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "Statement": [,]\n}\n');
    current = await open(fileLoader([bad]));
    const frame = await current.until('kmsim:');
    expect(frame).toMatch(/bad\.json: not valid JSON \(line 2, column \d+\)/);
    expect(frame).not.toMatch(/\n\s+at /);
  });

  it('an unexpected error while drawing is one message too, and q exits 2', async () => {
    const data = consoleData();
    const broken: ExplorerData = {
      ...data,
      matrix: {
        ...data.matrix,
        cell: () => {
          throw new Error('boom');
        },
      },
    };
    current = await open(broken);
    const frame = await current.until('kmsim:');
    expect(frame).toContain('kmsim: internal error: boom');
    expect(frame).not.toMatch(/\n\s+at /);
    await current.press('q');
    expect(await current.exited()).toEqual([{ code: 2, error: 'internal error: boom' }]);
  });

  it('loads a real file and two files for a diff', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(
      a,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
      }),
    );
    writeFileSync(
      b,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
          { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
        ],
      }),
    );
    current = await open(fileLoader([a]));
    expect(await current.until('principal')).toContain('a.json');
    current.unmount();
    current = await open(fileLoader([a, b]));
    const frame = await current.until('principal');
    expect(frame).toContain('a.json → b.json');
    expect(frame).toMatch(/\+\d+ -0 ~0/);
    await current.press('f');
    expect(current.frame()).toMatch(/Findings \([1-9]/);
  });
});
