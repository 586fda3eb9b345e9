/**
 * The `kmsim` CLI reads files and live keys through @kmsim/loaders; installing it must not install the
 * test kit or fast-check. Checked over the production dependencies of the workspace packages it uses.
 */
import { readFileSync } from 'node:fs';
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
  '@kmsim/tui': 'tui',
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
    const closure = productionClosure('@kmsim/tui');
    expect(closure).toContain('@kmsim/loaders');
    expect(closure).not.toContain('@kmsim/testkit');
    expect(closure).not.toContain('fast-check');
  });
});
