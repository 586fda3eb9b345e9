// The `kmsim` command as shipped: tsc's output (dist/) with the workspace packages it uses bundled in,
// so that start-up reads a few files instead of ~160 modules (`kmsim --help` and a small `kmsim matrix`
// aim at 2× `node -e 0` in CPU: `pnpm bench` measures it). Three outputs:
//
// - dist/bundle/cjs/ — the commands as CommonJS, for everything but the explorer. dist/kmsim.js loads
//   them through V8's code cache (src/compile-cache.ts): Node 20 has no compile cache for ES modules,
//   and compiling the code afresh was a third of a small `kmsim matrix`.
// - dist/bundle/esm/ — the same commands as ES modules, for the explorer: Ink awaits its layout engine
//   at the top of its module, which `require` cannot load. bin.ts chooses (route.ts).
// - dist/kmsim.cjs — dist/bin.js with what it imports, loading one of the two at run time (CommonJS:
//   Node's ES module loader would cost every run a few milliseconds).
//
// Every third-party package stays external and must be a dependency of this package
// (test/dependencies.test.ts checks), except:
// - jsonc-parser (core's JSON reader) and commander, bundled: Node would load each as several CommonJS
//   files, scanning them for exports (commander alone: ~30 ms of CPU);
// - Ink, bundled into the ES modules with the small packages it imports, because the explorer runs Ink
//   with our patch (patches/ink@6.8.0.patch, applied by pnpm to the copy in node_modules: see
//   README.md, "Ink, patched"). React's renderer and scheduler and the Yoga layout engine, which the
//   patch leaves alone, stay external (INK_EXTERNAL), and so does chalk, a dependency of ours too.
// What is imported lazily (the explorer, the AWS SDK, the YAML parser, templates, plans, guardrail
// files) stays in chunks of its own. The licence of every bundled third-party package is copied into
// dist/licenses/.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

// Chunk names carry a hash: the last build's chunks go first; so do the last build's licences.
rmSync(new URL('./dist/bundle', import.meta.url), { recursive: true, force: true });
rmSync(new URL('./dist/chunks', import.meta.url), { recursive: true, force: true });
rmSync(new URL('./dist/kmsim.js', import.meta.url), { force: true });
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

/** What cli.ts needs to parse a command line, before any command runs. */
const START =
  /\/(tui\/dist\/(cli|messages|color|io|usage-error|template-options|commands\/choices)\.js|core\/dist\/(errors|principal\/syntax)\.js|loaders\/dist\/(read-file|errors)\.js|[^/]+\/node_modules\/commander\/)/;

/** The modules of a plain command on a key policy file (see the CommonJS bundle's `codeSplitting`); START's go there first. */
const ENGINE =
  /\/(core\/dist\/|simulator\/dist\/(?!findings\/|matrix\/diff\.js)|loaders\/dist\/(?!cloudformation\/|terraform\/|guardrails\/|live)|tui\/dist\/(load-input|selection|format\/(?!sarif|findings|diff)|commands\/matrix|guardrail-flags)\b|[^/]+\/node_modules\/jsonc-parser\/)/;

const commands = {
  input: { cli: 'dist/cli.js' },
  platform: 'node',
  // jsonc-parser's ES modules (its `main` is UMD, whose `require`s a bundle cannot follow).
  resolve: { mainFields: ['module', 'main'] },
  plugins: [licences],
};

export default [
  {
    ...commands,
    // Ink is never reached from this bundle (route.ts), so it is not bundled a second time.
    external: (id, importer) => packageOf(id) === 'ink' || external(id, importer),
    output: {
      dir: 'dist/bundle/cjs',
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: 'chunks/[name]-[hash].cjs',
      // `require` for the lazily loaded packages too (the YAML parser, the AWS SDK): a dynamic `import()`
      // in code compiled by node:vm needs an experimental flag.
      dynamicImportInCjs: false,
      comments: false,
      minify: true,
      // Everything `kmsim matrix FILE` needs in one file beside the entry's: each file costs an open, a
      // read and a compile (or a cache entry) at every start.
      // The parsing of the command line (`kmsim --help`) in a file of its own.
      codeSplitting: {
        groups: [
          { name: 'start', test: START, priority: 2 },
          { name: 'engine', test: ENGINE, priority: 1 },
        ],
      },
    },
  },
  {
    ...commands,
    external,
    output: { dir: 'dist/bundle/esm', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', comments: false },
  },
  {
    input: { kmsim: 'dist/bin.js' },
    platform: 'node',
    // The two bundles load at run time, by path.
    external: (id, importer) => external(id, importer) || id.includes('/bundle/'),
    output: { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', comments: false },
  },
];
