/** What the explorer shows: the loaded matrix with everything derived from the same input. */
import type { Finding, Matrix, PolicyDiff, SimulationInput } from '@kmsim/simulator';

/** A finding as the explorer shows it: the simulator's own. */
export type ExplorerFinding = Finding;

/** The diff of BEFORE and AFTER, with the two files' names. */
export type ExplorerDiff = Pick<PolicyDiff, 'entries' | 'gained' | 'lost' | 'changed'> & {
  readonly before: string;
  readonly after: string;
  /** The findings of BEFORE (to mark new and resolved ones); absent when they were not computed. */
  readonly findingsBefore?: readonly Finding[];
};

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
