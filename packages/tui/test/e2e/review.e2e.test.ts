/**
 * End to end, issue 12: the explorer on a review-sized policy (33 principals × 33 actions,
 * fixtures/review.json) in tmux at 80×24 and at 200×50 — labels, search, diff, keys and terminals,
 * explanations and findings, bad input. Needs `pnpm build` first, and tmux.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, endServer, endSession, exited, fixture, flat, hasTmux, keys, quit, screenAnsi, showing, start, status, stderrText, type, until } from './tmux.js';

/** Whether a styled screen sets a foreground or background colour (SGR 30–38, 40–48, 90–97, 100–107). */
function hasColour(styled: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: SGR sequences start with ESC
  for (const m of styled.matchAll(/\u001B\[([0-9;]*)m/g)) {
    for (const p of (m[1] ?? '').split(';').map(Number))
      if ((p >= 30 && p <= 38) || (p >= 40 && p <= 48) || (p >= 90 && p <= 97) || (p >= 100 && p <= 107)) return true;
  }
  return false;
}

const SIZES = [
  { columns: 80, rows: 24 },
  { columns: 200, rows: 50 },
] as const;

/** The matrix rows on screen (the lines starting with the focus mark or a blank, then a label). */
const rowLines = (s: string): string[] => s.split('\n').filter((l) => /^[› ]\S/.test(l) && /[✓✗·?]/.test(l));

describe.skipIf(!hasTmux).each(SIZES)('the explorer on 33 principals at $columns×$rows', ({ columns, rows }) => {
  const wide = columns >= 200;
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` before the end-to-end tests`);
  });
  afterEach(endSession);

  it('labels: principals told apart, a two-line header of fixed codes, the full name in the status line, a legend on ?', async () => {
    start([fixture('review.json')], columns, rows);
    let s = await until(showing('✓ allow'), 'the matrix');
    for (const l of s.split('\n')) expect([...l].length).toBeLessThanOrEqual(columns);
    const lines = s.split('\n');
    const group = lines.findIndex((l) => /admin ─+/.test(l));
    // Two header lines of codes, then the first row.
    expect(lines[group + 1]).toContain('CnDel');
    expect(lines[group + 2]).toMatch(/^ principal/);
    expect(lines[group + 3]).toMatch(/^›role\/KeyAdmin1/);
    // Move down to the analytics rows (page down at 80×24: they are rows 9–12).
    keys('PageDown');
    s = await until((x) => rowLines(x).some((l) => l.includes('Auditor')), 'the analytics rows');
    const analytics = rowLines(s).filter((l) => /Analytics|A…/.test(l));
    expect(analytics.length).toBe(4);
    const labels = analytics.map((l) => l.slice(1, l.search(/ {2}/)));
    expect(new Set(labels).size).toBe(4);
    if (wide) expect(labels).toContain('444455556666 role/AnalyticsEtlReader');
    else expect(labels).toContain('4444…6666 role/A…EtlReader');
    expect(labels.some((l) => l.startsWith('4444…7777') || l.startsWith('444455557777'))).toBe(true);

    // The last column: its code in the header, its full name in the status line.
    keys('End');
    s = await until((x) => status(x).cell.startsWith('kms:RevokeGrant'), 'the focus on RevokeGrant');
    expect(s).toContain('RvGnt');
    keys('Home');
    s = await until((x) => status(x).cell.startsWith('kms:CancelKeyDeletion'), 'the focus on CancelKeyDeletion');
    expect(s).toContain('CnDel');

    keys('?');
    s = await until(showing('keys'), 'the help');
    keys('End');
    s = await until(showing('GenerateDataKeyPairWithoutPlaintext'), 'the legend of the codes');
    expect(s).toMatch(/GDKPn +kms:GenerateDataKeyPairWithoutPlaintext/);
    keys('Escape');
    await until(showing('✓ allow'), 'the matrix again');
    await quit('0');
  });

  it('search: live as typed, principal and action combined, decision filters, n/N, Esc clears', async () => {
    start([fixture('review.json')], columns, rows);
    let s = await until(showing('✓ allow'), 'the matrix');
    keys('/');
    type('role/AppOrders Decr');
    // Live: the view follows the draft before Enter, and the prompt shows the syntax.
    s = await until(showing('rows 1–1/1  cols 1–1/1'), 'the live preview');
    expect(s).toContain(':allow :deny :cond :changed');
    expect(status(s).principal).toMatch(/^role\/AppOrders /);
    keys('Enter');
    s = await until((x) => status(x).cell.startsWith('kms:Decrypt: '), 'the combined search kept');
    expect(s).toContain('filter "role/AppOrders Decr"');
    keys('Escape');
    s = await until(showing('/33  cols'), 'the search cleared');
    expect(s).not.toContain('filter "');

    keys('/');
    type(':cond');
    keys('Enter');
    // The focus on a conditional cell (`[?]`) is waited for together with the status line, not assumed
    // to be in the same capture of the pane.
    const onConditional = (x: string): boolean => /\[\?\]/.test(x);
    s = await until((x) => showing('filter ":cond"')(x) && onConditional(x), 'the decision filter, on a conditional cell');
    const first = status(s);
    keys('n');
    s = await until((x) => status(x).principal + status(x).cell !== first.principal + first.cell && onConditional(x), 'n to the next conditional cell');
    keys('N');
    s = await until((x) => status(x).principal === first.principal && status(x).cell === first.cell, 'N back');
    keys('/');
    type(' outsider');
    s = await until(showing('no cell matches'), 'an empty search');
    keys('Escape');
    s = await until(showing('/33  cols'), 'Esc clears');
    keys('?');
    s = await until(showing('keys'), 'the help');
    expect(flat(s)).toContain(':allow');
    await quit('0');
  });

  it('diff: ] to the next change (gained first), [ back, d for changes only, new and resolved findings', async () => {
    start([fixture('review.json'), fixture('review-after.json')], columns, rows);
    let s = await until(showing('✓ allow'), 'the diff matrix');
    expect(s).toContain('review.json → review-after.json');
    expect(s).toContain('] [ next change');
    keys(']');
    s = await until((x) => / gained /.test(status(x).cell), 'the first change: gained access');
    expect(status(s).principal).toMatch(/^role\/KeyAdmin1 /);
    // The focused changed cell keeps both brackets.
    expect(s).toMatch(/›role\/KeyAdmin1 .*\[[✓✗·?]\]/);
    keys('[');
    s = await until((x) => / lost /.test(status(x).cell), 'back around to a lost cell (lost ones come last)');
    keys('d');
    s = await until(showing('changes only  rows'), 'changes only');
    // The Deny that went away touched every row, but only a few columns changed.
    if (wide) expect(Number(/cols \d+–\d+\/(\d+)/.exec(s)?.[1])).toBeLessThan(10);
    expect(s).toContain('PPol');
    expect(s).not.toContain('CnDel');
    expect(status(s).cell).toMatch(/ lost /);
    keys('d');
    s = await until((x) => !x.includes('changes only  rows') && x.includes('Untag'), 'every column again');
    keys('f');
    s = await until(showing('Findings ('), 'the findings');
    expect(s).toMatch(/NEW +MEDIUM/);
    keys('End');
    s = await until(showing('RESOLVED'), 'the resolved findings');
    expect(s).toContain('Resolved: in BEFORE, no longer in AFTER');
    keys('Escape');
    await until(showing('✓ allow'), 'the matrix again');
    await quit('0');
  });

  it('keys: Ctrl+letters never act as letters (Ctrl+L redraws); the context panel sets several keys before closing', async () => {
    start([fixture('review.json')], columns, rows);
    let s = await until(showing('✓ allow'), 'the matrix');
    const before = status(s);
    keys('C-l');
    keys('C-f');
    keys('C-k');
    keys('Right');
    // (Ctrl+L clears the screen before it draws it again: wait for a drawn status line.)
    s = await until((x) => status(x).cell.startsWith('kms:') && status(x).cell !== before.cell, 'the move after the Ctrl keys');
    // Only Right moved: one column, no findings panel, no move up (Ctrl+J is Enter on a terminal, Ctrl+H Backspace).
    expect(status(s).cell).toMatch(/^kms:CreateAlias: /);
    expect(status(s).principal).toBe(before.principal);
    expect(s).not.toContain('Findings (');

    keys('c', 'Down', 'Enter');
    s = await until((x) => /› \(•\) (?!any)/.test(x), 'the first key set, the panel still open');
    keys('End', 'Enter');
    s = await until((x) => /› \(•\) (?!any)/.test(x) && !x.includes('› (•) absent or false'), 'the last key set');
    keys('Escape');
    s = await until(showing('context '), 'the matrix with the context');
    if (wide) expect(s).toMatch(/context aws:MultiFactorAuthPresent = [^,]+, kms:/);
    keys('c', 'Home');
    s = await until(showing('Condition context'), 'the panel again');
    expect(s).toMatch(/\(•\) (?!any)/);
    keys('End');
    s = await until((x) => /› \(•\) (?!any)/.test(x), 'the last key still set');
    keys('Escape');
    await quit('0');
  });

  it.each([
    { env: { NO_COLOR: '1' }, color: false },
    { env: { TERM: 'xterm-mono' }, color: false },
    { env: { TERM: 'dumb' }, color: false },
    { env: { TERM: 'xterm-mono', FORCE_COLOR: '1' }, color: true },
  ])('terminals: $env → colour $color', async ({ env, color }) => {
    start([fixture('review.json')], columns, rows, env);
    await until(showing('✓ allow'), 'the matrix');
    const styled = screenAnsi();
    expect(hasColour(styled)).toBe(color);
    // The focused cell is told apart without colour.
    expect(styled).toContain('[');
    await quit('0');
  });

  it('explanations and findings: the closest Allow and its failed condition, JSON folded until s; findings name their principal', async () => {
    start([fixture('review.json')], columns, rows);
    let s = await until(showing('✓ allow'), 'the matrix');
    // The analytics writer × Decrypt: allowed only through kms:ViaService s3.
    keys('/');
    type('AnalyticsEtlWriter Decrypt');
    keys('Enter');
    s = await until((x) => status(x).cell.startsWith('kms:Decrypt: '), 'the cell');
    keys('Enter');
    s = await until(showing('closest Allow statements'), 'the closest Allow statements');
    keys('End');
    const end = await until(showing('Condition classes tried'), 'the end of the explanation');
    const all = flat(s + end);
    expect(all).toMatch(/condition StringEquals kms:ViaService \["s3\.us-east-1\.amazonaws\.com"\] failed/);
    expect(all).toContain('{ … } s shows the statement as written');
    expect(all).not.toContain('"Effect": "Allow"');
    keys('Home', 's');
    s = await until(showing('"Effect"'), 'the JSON unfolded');
    keys('Escape');
    await until(showing('✓ allow'), 'the matrix again');
    keys('Escape', 'f');
    s = await until(showing('Findings ('), 'the findings');
    // Two findings with the same rule title are told apart by whom they name.
    expect(s).toMatch(/A key administrator can also use the key — role\/BreakGlass/);
    const whom = [...s.matchAll(/Another AWS account has access to the key — (\S+)/g)].map((m) => m[1]);
    expect(whom.length).toBeGreaterThanOrEqual(2);
    expect(new Set(whom).size).toBe(whom.length);
    keys('Escape');
    await quit('0');
  });

  it.each([
    { file: 'does-not-exist.json', message: /kmsim:\S*does-not-exist\.json:nosuchfile/ },
    { file: 'invalid.json', message: /kmsim:\S*invalid\.json:notvalidJSON\(line4,column24\)/ },
    // Valid JSON, so the first frame is drawn at once (first-frame.ts), then erased with the error.
    { file: 'not-a-policy.json', message: /kmsim:\S*not-a-policy\.json:neitherakeypolicy/ },
  ])('bad input ($file): the one-line error and exit 2 at once, before anything is drawn', async ({ file, message }) => {
    start([fixture(file)], columns, rows);
    const s = await exited('2');
    // One line on stderr (compared without blanks), and no frame was drawn.
    const err = stderrText();
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err.replace(/\s+/g, '')).toMatch(message);
    expect(s).not.toContain('kmsim  ');
    expect(s).not.toContain('q quits');
    expect(s).not.toMatch(/\n\s+at /);
  });
});

afterAll(endServer);
