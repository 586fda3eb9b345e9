/**
 * The `kmsim` CLI reads files and live keys through @kmsim/loaders; installing it must not install the
 * test kit or fast-check. Checked over the production dependencies of the workspace packages it uses.
 * The shipped command is a bundle (rolldown.config.mjs): every package it imports is a dependency,
 * and the Ink in it is the patched one (patches/ink@6.8.0.patch).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
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

describe('the bundled command (dist/kmsim.js)', () => {
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  it('imports only Node built-ins, its own chunks and dependencies of the kmsim package', () => {
    expect(existsSync(`${dist}kmsim.js`), 'run `pnpm build` first').toBe(true);
    const files = [`${dist}kmsim.js`, ...readdirSync(`${dist}chunks`).map((f) => `${dist}chunks/${f}`)];
    const specifiers = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:^|[;\n])\s*(?:import|export)\b[^'"`;]*?from\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gu)) {
        specifiers.add((m[1] ?? m[2]) as string);
      }
    }
    // Ink's optional peer, imported by the bundled Ink only when DEV=true (React DevTools); Ink tells how to install it.
    const declared = new Set([...Object.keys(manifest('tui').dependencies ?? {}), 'react-devtools-core']);
    const builtins = new Set(builtinModules);
    const packageOf = (s: string): string =>
      s
        .split('/')
        .slice(0, s.startsWith('@') ? 2 : 1)
        .join('/');
    const undeclared = [...specifiers].filter((s) => !s.startsWith('./') && !s.startsWith('node:') && !builtins.has(s) && !declared.has(packageOf(s)));
    expect(undeclared).toEqual([]);
    // The lazy parts are imported, not bundled in.
    expect(specifiers).toContain('@aws-sdk/client-kms');
    expect(specifiers).toContain('yaml');
    expect(specifiers).not.toContain('@kmsim/core');
    // Ink is bundled, with the lines our patch adds (its caches outlive a frame).
    expect(specifiers).not.toContain('ink');
    const bundle = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(bundle).toContain('this.caches = new OutputCaches(lastCaches);');
    expect(bundle).toContain('const currentWidth = output.caches.getWidestLine(text);');
  });

  it('carries the licence of every third-party package bundled in', () => {
    const licences = readdirSync(`${dist}licenses`);
    for (const name of ['ink', 'commander', 'jsonc-parser', 'string-width', '@alcalzone+ansi-tokenize']) expect(licences).toContain(`${name}.md`);
  });
});
