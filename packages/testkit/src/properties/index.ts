/** Property helpers: fast-check runs over a key's requests, with shrunk, replayable counterexamples. */
export { assertAlwaysAllowed, assertNeverAllowed } from './never-allowed.js';
export { assertOnlyVia, type OnlyViaOptions } from './only-via.js';
export { KmsimPropertyError, type Replay } from './error.js';
export type { PropertyParameters } from './run.js';
export type { RequestSpec } from './spec.js';
