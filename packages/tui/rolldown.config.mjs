// The `kmsim` command as shipped: tsc's output (dist/) with the workspace packages it uses bundled in,
// so that start-up reads a few files instead of ~160 modules (`kmsim --help` and a small `kmsim matrix`
// aim at 2× `node -e 0` in CPU: `pnpm bench` measures it). Three outputs:
//
// - dist/bundle/cjs/ — the commands as CommonJS, for everything but the explorer. dist/kmsim.js loads
//   them through V8's code cache (src/compile-cache.ts): Node 20 has no compile cache for ES modules,
//   and compiling the code afresh was a third of a small `kmsim matrix`.
// - dist/bundle/esm/ — the same commands as ES modules, for the explorer: Ink awaits its layout engine
//   at the top of its module, which `require` cannot load. bin.ts chooses (route.ts).
// - dist/kmsim.js — dist/bin.js with what it imports, loading one of the two at run time.
//
// Every third-party package stays external and must be a dependency of this package
// (test/dependencies.test.ts checks), except jsonc-parser (core's JSON reader) and commander, bundled:
// Node would load each as several CommonJS files (commander alone: ~30 ms of CPU). What is imported
// lazily (the explorer, the AWS SDK, the YAML parser, templates, plans, guardrail files) stays in
// chunks of its own.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';

// Chunk names carry a hash: the last build's chunks go first.
rmSync(new URL('./dist/bundle', import.meta.url), { recursive: true, force: true });
rmSync(new URL('./dist/chunks', import.meta.url), { recursive: true, force: true });
// The MIT licences of the bundled packages travel with their copies.
mkdirSync(new URL('./dist/licenses', import.meta.url), { recursive: true });
copyFileSync(new URL('../core/node_modules/jsonc-parser/LICENSE.md', import.meta.url), new URL('./dist/licenses/jsonc-parser.md', import.meta.url));
copyFileSync(new URL('./node_modules/commander/LICENSE', import.meta.url), new URL('./dist/licenses/commander.md', import.meta.url));

const BUNDLED_PACKAGES = new Set(['jsonc-parser', 'commander']);
const bundled = (id) => id.startsWith('.') || id.startsWith('/') || id.startsWith('@kmsim/') || BUNDLED_PACKAGES.has(id) || id.startsWith('\0');
const builtin = new Set(builtinModules);
const external = (id) => !bundled(id) || builtin.has(id) || id.startsWith('node:');

const commands = {
  input: { cli: 'dist/cli.js' },
  platform: 'node',
  // jsonc-parser's ES modules (its `main` is UMD, whose `require`s a bundle cannot follow).
  resolve: { mainFields: ['module', 'main'] },
  external,
};

export default [
  {
    ...commands,
    output: {
      dir: 'dist/bundle/cjs',
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: 'chunks/[name]-[hash].cjs',
      // `require` for the lazily loaded packages too (the YAML parser, the AWS SDK): a dynamic `import()`
      // in code compiled by node:vm needs an experimental flag. Ink, which only `import` can load, is
      // never reached from this bundle (route.ts).
      dynamicImportInCjs: false,
      comments: false,
      minify: true,
    },
  },
  {
    ...commands,
    output: { dir: 'dist/bundle/esm', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', comments: false },
  },
  {
    input: { kmsim: 'dist/bin.js' },
    platform: 'node',
    // The two bundles load at run time, by path.
    external: (id) => external(id) || id.includes('/bundle/'),
    output: { dir: 'dist', format: 'esm', entryFileNames: '[name].js', comments: false },
  },
];
