import { KmsimError } from '@kmsim/core';

/** A command-line option value kmsim cannot use (`--key-usage SIGN`, `--width 0` …). */
export class UsageError extends KmsimError {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super('usage', `${option}: ${message}`);
  }
}
