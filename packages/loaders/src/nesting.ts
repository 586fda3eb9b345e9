/**
 * Documents nested deeper than the stack can follow (3,000 nested Terraform modules, a YAML alias
 * that contains itself, `[[[[…]]]]` a hundred thousand deep): a LoadError naming the file, never
 * "Maximum call stack size exceeded". Every reader and resolver is recursive; this guard is where
 * a loader's work starts, so each of them is covered.
 */
import { LoadError } from './errors.js';

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/iu.test(e.message);
}

/** `run()`, with a stack overflow turned into a LoadError of `source`. */
export async function guardNesting<T>(source: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isStackOverflow(e))
      throw new LoadError(source, 'format', 'is nested too deeply to read (or refers to itself): kmsim stopped instead of following it', { cause: e });
    throw e;
  }
}
