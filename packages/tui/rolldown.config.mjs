// The `kmsim` command as shipped: dist/bin.js (tsc's output) with the workspace packages it uses
// bundled in, so that start-up reads a few files instead of ~160 modules (`kmsim --help` and a small
// `kmsim matrix` aim at 2× `node -e 0` in CPU: `pnpm bench` measures it). Every third-party package stays
// external and must be a dependency of this package (test/dependencies.test.ts checks), except
// jsonc-parser (core's JSON reader) and commander, bundled: Node would load each as several CommonJS
// files, scanning them for exports (commander alone: ~30 ms of CPU). What is imported lazily (the
// explorer, the AWS SDK, the YAML parser) stays in chunks of its own.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';

// Chunk names carry a hash: the last build's chunks go first.
rmSync(new URL('./dist/chunks', import.meta.url), { recursive: true, force: true });
// The MIT licences of the bundled packages travel with their copies.
mkdirSync(new URL('./dist/licenses', import.meta.url), { recursive: true });
copyFileSync(new URL('../core/node_modules/jsonc-parser/LICENSE.md', import.meta.url), new URL('./dist/licenses/jsonc-parser.md', import.meta.url));
copyFileSync(new URL('./node_modules/commander/LICENSE', import.meta.url), new URL('./dist/licenses/commander.md', import.meta.url));

const BUNDLED_PACKAGES = new Set(['jsonc-parser', 'commander']);
const bundled = (id) => id.startsWith('.') || id.startsWith('/') || id.startsWith('@kmsim/') || BUNDLED_PACKAGES.has(id) || id.startsWith('\0');
const builtin = new Set(builtinModules);

export default {
  input: { kmsim: 'dist/bin.js' },
  platform: 'node',
  // jsonc-parser's ES modules (its `main` is UMD, whose `require`s a bundle cannot follow).
  resolve: { mainFields: ['module', 'main'] },
  external: (id) => !bundled(id) || builtin.has(id) || id.startsWith('node:'),
  output: { dir: 'dist', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', comments: false },
};
