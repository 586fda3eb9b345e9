/**
 * The `kmsim` CLI reads files and live keys through @kmsim/loaders; installing it must not install the
 * test kit or fast-check. Checked over the production dependencies of the workspace packages it uses.
 * The shipped command is a bundle (rolldown.config.mjs): every package it imports is a dependency,
 * and the Ink in it is the patched one (patches/ink@6.8.0.patch).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Manifest {
  readonly name: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(fileURLToPath(new URL(`../../${dir}/package.json`, import.meta.url)), 'utf8')) as Manifest;
const WORKSPACE: Readonly<Record<string, string>> = {
  '@kmsim/core': 'core',
  '@kmsim/simulator': 'simulator',
  '@kmsim/loaders': 'loaders',
  '@kmsim/testkit': 'testkit',
  kmsim: 'tui',
};

/** Every package the CLI's production install brings in that the workspace names (external ones by name only). */
function productionClosure(start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const dir = WORKSPACE[name];
    if (dir) for (const dep of Object.keys(manifest(dir).dependencies ?? {})) visit(dep);
  };
  visit(start);
  return seen;
}

describe('the CLI package', () => {
  it('depends on @kmsim/loaders and on neither @kmsim/testkit nor fast-check', () => {
    const closure = productionClosure('kmsim');
    expect(closure).toContain('@kmsim/loaders');
    expect(closure).not.toContain('@kmsim/testkit');
    expect(closure).not.toContain('fast-check');
  });
});

describe('the bundled command (dist/kmsim.cjs and its two bundles)', () => {
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  const filesOf = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  /** Every module specifier the files import or require. */
  const specifiersOf = (files: readonly string[]): Set<string> => {
    const found = new Set<string>();
    const pattern = /(?:^|[;\n])\s*(?:import|export)\b[^'"`;]*?from\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)|\brequire\(\s*"([^"]+)"\s*\)/gu;
    for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(pattern)) found.add((m[1] ?? m[2] ?? m[3]) as string);
    return found;
  };
  const packageOf = (s: string): string =>
    s
      .split('/')
      .slice(0, s.startsWith('@') ? 2 : 1)
      .join('/');

  it('imports only Node built-ins, its own chunks and dependencies of the kmsim package', () => {
    expect(existsSync(`${dist}kmsim.cjs`), 'run `pnpm build` first').toBe(true);
    const cjs = filesOf(`${dist}bundle/cjs`);
    const esm = filesOf(`${dist}bundle/esm`);
    expect(cjs.some((f) => f.endsWith('cli.cjs'))).toBe(true);
    expect(esm.some((f) => f.endsWith('cli.js'))).toBe(true);
    const specifiers = specifiersOf([`${dist}kmsim.cjs`, ...cjs, ...esm]);
    // Ink's optional peer, imported by the bundled Ink only when DEV=true (React DevTools); Ink tells how to install it.
    const declared = new Set([...Object.keys(manifest('tui').dependencies ?? {}), 'react-devtools-core']);
    const builtins = new Set(builtinModules);
    const undeclared = [...specifiers].filter(
      (s) => !s.startsWith('./') && !s.startsWith('../') && !s.startsWith('node:') && !builtins.has(s) && !declared.has(packageOf(s)),
    );
    expect(undeclared).toEqual([]);
    // The lazy parts are loaded, not bundled in, by both bundles.
    for (const bundle of [cjs, esm]) {
      const own = specifiersOf(bundle);
      expect(own).toContain('@aws-sdk/client-kms');
      expect(own).toContain('yaml');
      expect(own).not.toContain('@kmsim/core');
    }
    // The explorer's bundle carries Ink, with the lines our patch adds (its caches outlive a frame).
    expect(specifiersOf(esm)).not.toContain('ink');
    const code = esm.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(code).toContain('this.caches = new OutputCaches(lastCaches);');
    expect(code).toContain('const currentWidth = output.caches.getWidestLine(text);');
  });

  it('carries the licence of every third-party package bundled in', () => {
    const licences = readdirSync(`${dist}licenses`);
    for (const name of ['ink', 'commander', 'jsonc-parser', 'string-width', '@alcalzone+ansi-tokenize']) expect(licences).toContain(`${name}.md`);
  });
});
