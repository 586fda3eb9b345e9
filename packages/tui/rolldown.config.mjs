// The `kmsim` command as shipped: dist/bin.js (tsc's output) with the workspace packages it uses
// bundled in, so that start-up reads a few files instead of ~160 modules (`kmsim --help` and a small
// `kmsim matrix` stay under 2× `node -e 0` in CPU: `pnpm bench`). Every third-party package stays
// external and must be a dependency of this package (test/dependencies.test.ts checks), except
// jsonc-parser (core's JSON reader, bundled: as a dependency Node loads it as a dozen CommonJS
// files); what is imported lazily (the explorer, the AWS SDK, the YAML parser) stays in chunks of its own.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';

// Chunk names carry a hash: the last build's chunks go first.
rmSync(new URL('./dist/chunks', import.meta.url), { recursive: true, force: true });
// jsonc-parser's MIT licence travels with its bundled copy.
mkdirSync(new URL('./dist/licenses', import.meta.url), { recursive: true });
copyFileSync(new URL('../core/node_modules/jsonc-parser/LICENSE.md', import.meta.url), new URL('./dist/licenses/jsonc-parser.md', import.meta.url));

const bundled = (id) => id.startsWith('.') || id.startsWith('/') || id.startsWith('@kmsim/') || id === 'jsonc-parser' || id.startsWith('\0');
const builtin = new Set(builtinModules);

export default {
  input: { kmsim: 'dist/bin.js' },
  platform: 'node',
  // jsonc-parser's ES modules (its `main` is UMD, whose `require`s a bundle cannot follow).
  resolve: { mainFields: ['module', 'main'] },
  external: (id) => !bundled(id) || builtin.has(id) || id.startsWith('node:'),
  output: { dir: 'dist', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', comments: false },
};
