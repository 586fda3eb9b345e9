/** The error a property helper throws: the shrunk counterexample, its decision, and how to replay it. */
import type { Decision } from '@kmsim/core';
import type { KmsRequest } from '../arbitraries/request.js';

export interface Replay {
  readonly seed: number;
  readonly path: string;
}

export class KmsimPropertyError extends Error {
  override readonly name = 'KmsimPropertyError';

  constructor(
    message: string,
    /** The shrunk counterexample. */
    readonly counterexample: KmsRequest,
    /** Its decision; undefined when evaluating it threw (see `cause`). */
    readonly decision: Decision | undefined,
    /** Pass `replay` as fast-check parameters to run exactly this counterexample again. */
    readonly replay: Replay,
    readonly numRuns: number,
    readonly numShrinks: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get seed(): number {
    return this.replay.seed;
  }

  get path(): string {
    return this.replay.path;
  }
}
