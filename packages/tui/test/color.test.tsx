/**
 * Colour: one decision (color.ts) for every command and the explorer — NO_COLOR, FORCE_COLOR and
 * monochrome TERM values respected; `-v` prints the version; warnings are `kmsim: warning:` lines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import chalk from 'chalk';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../src/cli.js';
import { colorEnabled } from '../src/color.js';
import { setExplorerColor } from '../src/commands/explore.js';
import { runCli, runCliIn } from './run-cli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const ESC = '\u001b[';

describe('colorEnabled', () => {
  it.each<[NodeJS.ProcessEnv, boolean, boolean]>([
    [{}, true, true],
    [{}, false, false],
    [{ TERM: 'xterm-256color' }, true, true],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ TERM: 'dumb' }, true, false],
    [{ TERM: 'xterm-mono' }, true, false],
    [{ TERM: 'vt100-m' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '3', TERM: 'dumb' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
  ])('%j on a terminal: %s → %s', (env, isTTY, expected) => {
    expect(colorEnabled(env, isTTY)).toBe(expected);
  });
});

describe('the plain commands', () => {
  const commands: readonly string[][] = [
    ['check', fixture('public.json')],
    ['matrix', fixture('public.json')],
    ['diff', fixture('before.json'), fixture('after.json')],
    ['validate', fixture('public.json')],
    ['eval', fixture('scenario.json')],
    ['matrix', fixture('missing.json')],
    ['matrx'],
  ];

  it.each<[string, NodeJS.ProcessEnv]>([
    ['NO_COLOR', { NO_COLOR: '1', TERM: 'xterm-256color' }],
    ['TERM=dumb', { TERM: 'dumb' }],
    ['TERM=xterm-mono', { TERM: 'xterm-mono' }],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }],
  ])('write no colour on a terminal with %s', async (_, env) => {
    for (const argv of commands) {
      const r = await runCliIn({ env, isTTY: true }, ...argv);
      expect(r.stdout + r.stderr, argv.join(' ')).not.toContain(ESC);
    }
  });

  it('colour severities and the stderr labels on a terminal, or with FORCE_COLOR into a pipe', async () => {
    for (const terminal of [
      { env: { TERM: 'xterm' }, isTTY: true },
      { env: { FORCE_COLOR: '1' }, isTTY: false },
    ]) {
      const check = await runCliIn(terminal, 'check', fixture('public.json'));
      expect(check.stdout).toContain(`${ESC}1;31mCRITICAL${ESC}0m public-access`);
      const missing = await runCliIn(terminal, 'check', fixture('missing.json'));
      expect(missing.stderr.startsWith(`${ESC}1;31mkmsim:${ESC}0m `)).toBe(true);
      expect(missing.stderr).toMatch(/missing\.json: no such file\n$/u);
    }
    const plain = await runCli('check', fixture('public.json'));
    expect(plain.stdout).toMatch(/^CRITICAL public-access/u);
  });
});

describe('the explorer', () => {
  const original = chalk.level;
  afterEach(() => {
    chalk.level = original;
  });

  it('sets the colour level Ink draws with from the same decision', () => {
    const frame = (): string => render(createElement(Text, { color: 'red' }, 'x')).lastFrame() ?? '';
    setExplorerColor({ TERM: 'xterm-mono' }, true);
    expect(chalk.level).toBe(0);
    expect(frame()).toBe('x');
    setExplorerColor({ NO_COLOR: '1' }, true);
    expect(frame()).toBe('x');
    setExplorerColor({ TERM: 'xterm-256color' }, true);
    expect(chalk.level).toBeGreaterThan(0);
    expect(frame()).toContain(`${ESC}31m`);
  });
});

describe('version and warnings', () => {
  it.each(['-v', '--version'])('%s prints the version', async (flag) => {
    const r = await runCli(flag);
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('prints warnings as `kmsim: warning:` lines, never with the bare error prefix at exit 0', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kmsim-warnings-')), 'permit.json');
    const statement = { Effect: 'Permit', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2));
    const r = await runCli('matrix', file, '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toContain(
      `kmsim: warning: ${file} has 1 validation error (AWS would reject it); simulated as written, statements that cannot apply never match`,
    );
    expect(lines.find((l) => l.includes('effect-invalid'))).toMatch(
      /^kmsim: warning: .*permit\.json:\d+:\d+: error effect-invalid at \$\.Statement\[0\]\.Effect: /u,
    );
    for (const line of lines) expect(line).toMatch(/^kmsim: (warning|note): /u);
  });
});
