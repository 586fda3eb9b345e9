/**
 * The code cache of the CommonJS bundle (src/compile-cache.ts) and which bundle a command line runs
 * (src/route.ts). The cache is only an optimisation: these tests check that it is written, reused,
 * replaced when V8 refuses it, and never used from a directory someone else could write.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDirectory, requireCompiled } from '../src/compile-cache.js';
import { bundleFor } from '../src/route.js';

const BIN = fileURLToPath(new URL('../dist/kmsim.cjs', import.meta.url));
const POLICY = fileURLToPath(new URL('../../../examples/policies/app-key.json', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'kmsim-cache-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, KMSIM_COMPILE_CACHE: dir, NO_COLOR: '1' } });
const entries = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.v8')) : []);

describe('the compiled-code cache of `kmsim`', () => {
  it('is written by a first run and read, unchanged, by the next', () => {
    expect(existsSync(BIN), 'run `pnpm build` first').toBe(true);
    const dir = join(work, 'fresh');
    const first = run(dir, 'matrix', POLICY, '--format', 'csv');
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    const written = entries(dir);
    expect(written.length).toBeGreaterThan(0);
    const times = written.map((f) => statSync(join(dir, f)).mtimeMs);
    const second = run(dir, 'matrix', POLICY, '--format', 'csv');
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(entries(dir)).toEqual(written);
    expect(written.map((f) => statSync(join(dir, f)).mtimeMs)).toEqual(times);
  });

  it('replaces an entry V8 refuses (damaged), and the command answers the same', () => {
    const dir = join(work, 'damaged');
    const clean = run(dir, 'matrix', POLICY, '--format', 'csv');
    for (const f of entries(dir)) writeFileSync(join(dir, f), Buffer.alloc(64, 7));
    const again = run(dir, 'matrix', POLICY, '--format', 'csv');
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(clean.stdout);
    expect(again.stderr).toBe('');
    for (const f of entries(dir)) expect(readFileSync(join(dir, f)).length).toBeGreaterThan(64);
  });

  it('is not written by a run that fails (its path compiles little), and is by the next that works', () => {
    const dir = join(work, 'failing');
    expect(run(dir, 'matrix', join(work, 'no-such-file.json')).status).toBe(2);
    expect(entries(dir)).toEqual([]);
    expect(run(dir, 'matrix', POLICY).status).toBe(0);
    expect(entries(dir).length).toBeGreaterThan(0);
  });

  it('is not used from a directory others can write, nor when turned off', () => {
    const open = join(work, 'open');
    mkdirSync(open, { recursive: true });
    chmodSync(open, 0o777);
    if (process.getuid) expect(cacheDirectory({ KMSIM_COMPILE_CACHE: open })).toBeUndefined();
    expect(run(open, '--version').status).toBe(0);
    if (process.getuid) expect(entries(open)).toEqual([]);
    expect(cacheDirectory({ KMSIM_COMPILE_CACHE: '0' })).toBeUndefined();
    const off = run('0', 'matrix', POLICY, '--format', 'csv');
    expect(off.status).toBe(0);
    expect(off.stdout).toContain('role/App');
  });

  it('a broken install (no bundle beside the entry) is one line and exit 2', () => {
    const dir = join(work, 'broken-install');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'kmsim.cjs'), readFileSync(BIN));
    const r = spawnSync(process.execPath, [join(dir, 'kmsim.cjs'), 'matrix', POLICY], { encoding: 'utf8', env: { ...process.env, KMSIM_COMPILE_CACHE: '0' } });
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^kmsim: internal error: /u);
  });

  it('loads a module with its relative requires once each, and packages through Node', () => {
    const dir = join(work, 'modules');
    mkdirSync(join(dir, 'chunks'), { recursive: true });
    writeFileSync(join(dir, 'chunks', 'shared.cjs'), 'globalThis.kmsimLoads = (globalThis.kmsimLoads ?? 0) + 1; exports.twice = (n) => n * 2;\n');
    writeFileSync(join(dir, 'b.cjs'), 'exports.b = require("./chunks/shared.cjs").twice(2);\n');
    writeFileSync(
      join(dir, 'a.cjs'),
      'const { twice } = require("./chunks/shared.cjs"); const { b } = require("./b.cjs"); module.exports = { a: twice(b), sep: require("node:path").sep, file: __filename };\n',
    );
    const a = requireCompiled(join(dir, 'a.cjs')) as { a: number; sep: string; file: string };
    expect(a).toEqual({ a: 8, sep: '/', file: join(dir, 'a.cjs') });
    expect((globalThis as { kmsimLoads?: number }).kmsimLoads).toBe(1);
    expect(requireCompiled(join(dir, 'a.cjs'))).toBe(a);
  });
});

describe('which bundle runs a command line', () => {
  it('the CommonJS one (cached) wherever the explorer cannot open', () => {
    for (const argv of [['matrix', 'p.json'], ['check', 'p.json'], ['eval', 's.json'], ['validate', 'p.json'], ['--help'], ['-v']]) {
      expect(bundleFor(argv, {}, true, true)).toBe('cjs');
    }
    expect(bundleFor(['p.json'], {}, true, false)).toBe('cjs');
    expect(bundleFor(['p.json'], {}, false, true)).toBe('cjs');
    expect(bundleFor(['p.json'], { CI: 'true' }, true, true)).toBe('cjs');
  });

  it('the ES one where it may open: a FILE, two files, or diff in a terminal', () => {
    expect(bundleFor(['p.json'], {}, true, true)).toBe('esm');
    expect(bundleFor(['a.json', 'b.json'], {}, true, true)).toBe('esm');
    expect(bundleFor(['diff', 'a.json', 'b.json'], {}, true, true)).toBe('esm');
    expect(bundleFor(['--key-id', 'alias/x'], {}, true, true)).toBe('esm');
  });
});
