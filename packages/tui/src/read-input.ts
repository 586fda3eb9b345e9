/** Reading files named on the command line, with errors that name the file and never a stack trace. */
import { readFile } from 'node:fs/promises';
import { KmsimError } from '@kmsim/core';

export class InputFileError extends KmsimError {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super('input-file', `${file}: ${message}`);
  }
}

export async function readInputFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? String(e)})`;
    throw new InputFileError(file, why);
  }
}
