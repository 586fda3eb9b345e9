// The `kmsim` command as shipped: dist/bin.js (tsc's output) with the workspace packages it uses
// bundled in, so that start-up reads a few files instead of ~160 modules (`kmsim --help` and a small
// `kmsim matrix` aim at 2× `node -e 0` in CPU: `pnpm bench` measures it). Every third-party package stays
// external and must be a dependency of this package (test/dependencies.test.ts checks), except:
// - jsonc-parser (core's JSON reader) and commander, bundled: Node would load each as several CommonJS
//   files, scanning them for exports (commander alone: ~30 ms of CPU);
// - Ink, bundled with the small packages it imports, because the command runs Ink with our patch
//   (patches/ink@6.8.0.patch, applied by pnpm to the copy in node_modules: see README.md, "Ink,
//   patched"). React's renderer and scheduler and the Yoga layout engine, which the patch leaves alone,
//   stay external (INK_EXTERNAL), and so does chalk, a dependency of ours too.
// What is imported lazily (the explorer, the AWS SDK, the YAML parser) stays in chunks of its own.
// The licence of every bundled third-party package is copied into dist/licenses/.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

// Chunk names carry a hash: the last build's chunks go first; so do the last build's licences.
rmSync(new URL('./dist/chunks', import.meta.url), { recursive: true, force: true });
rmSync(new URL('./dist/licenses', import.meta.url), { recursive: true, force: true });

const BUNDLED_PACKAGES = new Set(['jsonc-parser', 'commander', 'ink']);
// What Ink imports that stays external (react-devtools-core: Ink's optional peer, imported only when DEV=true).
const INK_EXTERNAL = new Set(['react', 'react-reconciler', 'scheduler', 'yoga-layout', 'react-devtools-core', 'chalk']);
const builtin = new Set(builtinModules);
const packageOf = (id) =>
  id
    .split('/')
    .slice(0, id.startsWith('@') ? 2 : 1)
    .join('/');
const NODE_MODULES = '/node_modules/';

function external(id, importer) {
  if (builtin.has(id) || id.startsWith('node:')) return true;
  if (id.startsWith('.') || id.startsWith('/') || id.startsWith('@kmsim/') || id.startsWith('\0')) return false;
  // A bare import from a bundled third-party package (Ink's own imports).
  if (importer?.includes(NODE_MODULES)) return INK_EXTERNAL.has(packageOf(id));
  return !BUNDLED_PACKAGES.has(packageOf(id));
}

/** Copies the licence of each third-party package with a module in the bundle to dist/licenses/NAME.md. */
const licences = {
  name: 'kmsim-licences',
  generateBundle(_options, bundle) {
    const roots = new Set();
    for (const chunk of Object.values(bundle)) {
      for (const id of chunk.type === 'chunk' ? chunk.moduleIds : []) {
        const at = id.lastIndexOf(NODE_MODULES);
        if (at < 0) continue;
        const rest = id.slice(at + NODE_MODULES.length).split('/');
        roots.add(id.slice(0, at + NODE_MODULES.length) + rest.slice(0, rest[0]?.startsWith('@') ? 2 : 1).join('/'));
      }
    }
    mkdirSync(new URL('./dist/licenses', import.meta.url), { recursive: true });
    for (const root of roots) {
      const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
      const file = readdirSync(root).find((f) => /^licen[cs]e/iu.test(f));
      if (!file) throw new Error(`${name} (bundled into dist) has no licence file`);
      copyFileSync(join(root, file), new URL(`./dist/licenses/${name.replace('/', '+')}.md`, import.meta.url));
    }
  },
};

export default {
  input: { kmsim: 'dist/bin.js' },
  platform: 'node',
  // jsonc-parser's ES modules (its `main` is UMD, whose `require`s a bundle cannot follow).
  resolve: { mainFields: ['module', 'main'] },
  external,
  plugins: [licences],
  output: { dir: 'dist', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', comments: false },
};
