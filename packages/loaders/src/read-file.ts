/**
 * Reading the files the loaders are given: the one place kmsim reads a file from disk. A file that
 * cannot be read is a LoadError naming it and saying why in a few words.
 */
import { readFile } from 'node:fs/promises';
import { LoadError } from './errors.js';

function reasonOf(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot be read (${typeof code === 'string' ? code : e instanceof Error ? e.message : String(e)})`;
}

/** The file's text, exactly as it is (UTF-8). */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new LoadError(path, 'file', reasonOf(e), { cause: e });
  }
}

/**
 * The text of a document file (a policy, scenario, template or plan): an empty file is a
 * LoadError, and a UTF-8 byte order mark is dropped — it marks the file's encoding and is not part
 * of the document (RFC 8259, section 8.1, lets parsers ignore it).
 */
export async function readDocumentFile(path: string): Promise<string> {
  const text = await readTextFile(path);
  if (text.trim() === '' || text === '\uFEFF') throw new LoadError(path, 'file', 'is empty');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
