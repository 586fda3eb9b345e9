/**
 * Files named on the command line that `validate` and `eval` read as they are: read by
 * `@kmsim/loaders` (the one place kmsim reads files), and refused with the loaders' error, so every
 * unusable file is one line naming it, worded the same way by every command.
 */
import { LoadError, readTextFile } from '@kmsim/loaders';

/** A file kmsim can read but not use for this command (a template given to `validate` …). */
export class InputFileError extends LoadError {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(file, 'format', message);
  }
}

/** The file's text; a file that cannot be read is a LoadError naming it. */
export const readInputFile: (file: string) => Promise<string> = readTextFile;
