/**
 * The bundled command's CommonJS modules (dist/bundle/cjs), loaded through V8's code cache: the first
 * run that succeeds compiles them and, at exit, keeps V8's compiled code (the functions that ran
 * included) in a directory of the user's; later runs start from it. Node 20 has no such cache for ES modules (Node
 * ≥ 22.1's `module.enableCompileCache`, which bin.ts also turns on, covers the ESM bundle and the
 * packages kmsim imports). A cache that cannot be read, written or trusted is skipped silently: it
 * only saves time. `KMSIM_COMPILE_CACHE=0` turns it off; `KMSIM_COMPILE_CACHE=DIR` puts it in DIR.
 */
import { lstatSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';

interface CommonJsModule {
  exports: unknown;
}

const loaded = new Map<string, CommonJsModule>();
const unsaved: { readonly file: string; readonly script: Script }[] = [];
let directory: string | undefined | null = null;

/**
 * The cache directory, made if missing; undefined when turned off or not safe to use. Cached code
 * runs as this user, so the directory must be this user's and writable by nobody else.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env['KMSIM_COMPILE_CACHE'];
  if (setting === '0' || setting === 'false' || setting === 'off') return undefined;
  const uid = process.getuid?.();
  const dir = setting && setting !== '1' ? resolve(setting) : join(tmpdir(), `kmsim-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return undefined;
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * The cache entry of a module: its file's name — the bundle's chunks are named for a hash of their
 * code (rolldown's `[hash]`) — its length and modification time (a file edited in place), and the Node
 * that compiled it; V8 also checks its own version and flags. No hashing at start: a SHA would load
 * OpenSSL's hashing and a CRC node:zlib into every run.
 */
function entryOf(dir: string, file: string, source: string): string {
  const modified = Math.trunc(statSync(file).mtimeMs).toString(36);
  return join(dir, `${basename(file)}-${source.length.toString(36)}-${modified}-${process.version}-${process.arch}.v8`);
}

function saveAll(): void {
  for (const { file, script } of unsaved.splice(0)) {
    try {
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
      renameSync(temp, file);
    } catch {
      // A full disk or a read-only directory: the next run compiles again.
    }
  }
}

/** `require` for one of the bundle's CommonJS files (absolute path): its own relative requires load the same way, packages through Node. */
export function requireCompiled(file: string): unknown {
  const known = loaded.get(file);
  if (known) return known.exports;
  const source = readFileSync(file, 'utf8');
  if (directory === null) directory = cacheDirectory();
  const entry = directory === undefined ? undefined : entryOf(directory, file, source);
  let cachedData: Buffer | undefined;
  if (entry !== undefined) {
    try {
      cachedData = readFileSync(entry);
    } catch {
      cachedData = undefined;
    }
  }
  // Node's own CommonJS wrapper, on the first line so that line numbers stay the file's.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  if (entry !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // Saved at exit, with the functions the run compiled; only after a run that did its work (exit 0
    // or 1), since a cache is never rewritten and an error's path compiles little.
    if (unsaved.length === 0) process.once('exit', (code) => code < 2 && saveAll());
    unsaved.push({ file: entry, script });
  }
  const module: CommonJsModule = { exports: {} };
  loaded.set(file, module);
  const here = dirname(file);
  const nodeRequire = createRequire(file);
  const localRequire = Object.assign(
    (id: string): unknown => (id.startsWith('./') || id.startsWith('../') ? requireCompiled(resolve(here, id)) : nodeRequire(id)),
    {
      resolve: nodeRequire.resolve,
    },
  );
  const wrapper = script.runInThisContext() as (exports: unknown, require: unknown, module: CommonJsModule, filename: string, dirname: string) => void;
  wrapper(module.exports, localRequire, module, file, here);
  return module.exports;
}
