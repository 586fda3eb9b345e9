/** What the explorer shows: the loaded matrix with everything derived from the same input. */
import type { DiffEntry, Matrix, SimulationInput } from '@kmsim/simulator';

/** A finding as the explorer shows it (the shape of @kmsim/simulator's `Finding`). */
export interface ExplorerFinding {
  readonly id: string;
  readonly severity: string;
  readonly title: string;
  readonly message: string;
  readonly statements: readonly { readonly sid: string | undefined; readonly index: number; readonly path: string }[];
  /** Matrix row ids (or ARNs / labels) involved. */
  readonly principals?: readonly string[];
  readonly actions?: readonly string[];
  readonly fix: string;
}

export interface ExplorerDiff {
  readonly before: string;
  readonly after: string;
  readonly entries: readonly DiffEntry[];
  readonly gained: number;
  readonly lost: number;
  readonly changed: number;
}

export interface ExplorerData {
  /** What is explored, for the title: a file name, or `before → after`. */
  readonly source: string;
  /** The input the matrix was simulated from (the AFTER side in diff mode). */
  readonly input: SimulationInput;
  readonly matrix: Matrix;
  readonly findings: readonly ExplorerFinding[];
  /** Parser warnings about the input, one line each. */
  readonly warnings: readonly string[];
  readonly diff?: ExplorerDiff;
}

/** Computes what the explorer shows; `progress` updates the text beside the spinner. */
export type Loader = (progress: (message: string) => void) => Promise<ExplorerData>;

/** One styled run of text; a screen line is a list of them. */
export interface Segment {
  readonly text: string;
  readonly color?: string;
  readonly backgroundColor?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

export type Line = readonly Segment[];
