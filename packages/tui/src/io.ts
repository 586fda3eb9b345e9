/** Where commands write; tests pass in-memory streams. */
export interface Streams {
  readonly stdout: { write(chunk: string): unknown; isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown; isTTY?: boolean };
  /** The environment colour is decided by (NO_COLOR, FORCE_COLOR, TERM); default the process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** The explorer's first frame is already on the terminal (drawn by bin.ts: first-frame.ts). */
  readonly firstFrameDrawn?: boolean;
}

/** Exit codes: 0 all good, 1 a check failed (a case, a finding, gained access), 2 unusable input. */
export const EXIT = { ok: 0, failed: 1, input: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
