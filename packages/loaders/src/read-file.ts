/**
 * Reading the files the loaders are given: the one place kmsim reads a file from disk. A file that
 * cannot be read is a LoadError naming it and saying why in a few words.
 *
 * Nothing here can hang or exhaust memory: `-` is standard input; anything else must be a regular
 * file (a FIFO, a device such as /dev/zero, a socket or a directory is refused before a byte is
 * read: it is opened non-blocking and checked with fstat); and a file larger than `maxBytes` is
 * refused from its size before it is read (standard input is counted as it arrives).
 */
import { close, constants, fstat, open, read } from 'node:fs';
import { promisify } from 'node:util';
import { LoadError } from './errors.js';

// node:fs's callbacks rather than node:fs/promises, which would load Node's readline and streams
// modules into every `kmsim` run (start-up).
const openFile = promisify(open);
const statOf = promisify(fstat);
const readInto = promisify(read);
const closeFile = promisify(close);

/** The path that names standard input. */
export const STDIN_PATH = '-';

/** How messages name what was read: `standard input` for `-`, else the path. */
export function sourceName(path: string): string {
  return path === STDIN_PATH ? 'standard input' : path;
}

/** What kmsim reads at most by default: templates and plans of tens of megabytes (`maxBytes` raises it). */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * The largest file read as a key policy: AWS allows 32 KB per key policy
 * (https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html, "Key policy document
 * size"); this leaves room for indentation and a byte order mark, and no more.
 */
export const KEY_POLICY_FILE_MAX_BYTES = 256 * 1024;

/** The most `maxBytes` can be: a JavaScript string holds about 512 million UTF-16 units. */
export const MAX_INPUT_BYTES_LIMIT = 512 * 1024 * 1024;

/** How much a loader reads at most (`kmsim --max-input-size`). */
export interface InputLimits {
  /** Refuse a file larger than this many bytes; default DEFAULT_MAX_INPUT_BYTES (64 MB). Key policy files are refused above KEY_POLICY_FILE_MAX_BYTES whatever this says. */
  readonly maxInputBytes?: number;
}

export interface ReadFileOptions {
  /** Refuse a file (or standard input) larger than this many bytes. Default: DEFAULT_MAX_INPUT_BYTES. */
  readonly maxBytes?: number;
}

/** `123 bytes`, `4.0 KB`, `64 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const [v, unit] = n < 1024 * 1024 ? [n / 1024, 'KB'] : n < 1024 ** 3 ? [n / 1024 ** 2, 'MB'] : [n / 1024 ** 3, 'GB'];
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}`;
}

function reasonOf(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot be read (${typeof code === 'string' ? code : e instanceof Error ? e.message : String(e)})`;
}

/** `size`: the file's size, when known before reading. */
function tooLarge(path: string, size: number | undefined, maxBytes: number): LoadError {
  const what = size === undefined ? 'is larger than' : `is ${formatBytes(size)}, more than`;
  return new LoadError(path, 'file', `${what} the ${formatBytes(maxBytes)} kmsim reads (raise it with --max-input-size, or the loaders' maxInputBytes option)`);
}

function limitOf(options: ReadFileOptions): number {
  const max = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  if (!Number.isSafeInteger(max) || max < 1 || max > MAX_INPUT_BYTES_LIMIT) {
    throw new RangeError(`maxBytes must be a whole number from 1 to ${MAX_INPUT_BYTES_LIMIT} (got ${max})`);
  }
  return max;
}

/** Standard input, up to `maxBytes` (stopped as soon as it is exceeded, e.g. `< /dev/zero`). */
async function readStdin(maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of process.stdin as AsyncIterable<Buffer | string>) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += buf.length;
      if (total > maxBytes) {
        process.stdin.destroy();
        throw tooLarge('standard input', undefined, maxBytes);
      }
      chunks.push(buf);
    }
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError('standard input', 'file', reasonOf(e), { cause: e });
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What a path that is not a regular file is, for the message. */
function kindOf(s: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The file's text, exactly as it is (UTF-8); `-` is standard input. */
export async function readTextFile(path: string, options: ReadFileOptions = {}): Promise<string> {
  const maxBytes = limitOf(options);
  if (path === STDIN_PATH) return readStdin(maxBytes);
  let fd: number;
  try {
    // Non-blocking: opening a FIFO without a writer would otherwise wait forever.
    fd = await openFile(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new LoadError(path, 'file', reasonOf(e), { cause: e });
  }
  try {
    const s = await statOf(fd);
    if (!s.isFile()) {
      const kind = kindOf(s);
      throw new LoadError(
        path,
        'file',
        kind === 'a directory' ? 'is a directory, not a file' : `is ${kind}, not a regular file (kmsim reads files, and standard input as -)`,
      );
    }
    if (s.size > maxBytes) throw tooLarge(path, s.size, maxBytes);
    // At most one byte more than allowed: a file that grew since fstat is refused, never read whole.
    const buf = Buffer.alloc(s.size + 1 > maxBytes ? maxBytes + 1 : s.size + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await readInto(fd, buf, total, buf.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(path, undefined, maxBytes);
      if (total === buf.length) break;
    }
    return buf.subarray(0, total).toString('utf8');
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError(path, 'file', reasonOf(e), { cause: e });
  } finally {
    await closeFile(fd);
  }
}

/**
 * The text of a document file (a policy, scenario, template or plan): an empty file is a
 * LoadError, and a UTF-8 byte order mark is dropped — it marks the file's encoding and is not part
 * of the document (RFC 8259, section 8.1, lets parsers ignore it).
 */
export async function readDocumentFile(path: string, options: ReadFileOptions = {}): Promise<string> {
  const text = await readTextFile(path, options);
  if (text.trim() === '' || text === '\uFEFF') throw new LoadError(sourceName(path), 'file', 'is empty');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A document of `bytes` bytes that can only be a key policy (no template, plan or scenario marker)
 * but is larger than a key policy file can be: refused before it is parsed.
 */
export function refuseOversizedPolicy(path: string, text: string): void {
  if (text.length <= KEY_POLICY_FILE_MAX_BYTES) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= KEY_POLICY_FILE_MAX_BYTES) return;
  if (/"(?:Resources|planned_values|resource_changes|values|keyPolicy|cases)"\s*:/u.test(text) || /^\s*\[/u.test(text)) return;
  throw new LoadError(
    path,
    'policy',
    `is ${formatBytes(bytes)}: larger than a key policy file can be (AWS allows 32 KB per key policy; kmsim reads policy files up to ${formatBytes(KEY_POLICY_FILE_MAX_BYTES)}), and not a template, plan or scenario file`,
  );
}
