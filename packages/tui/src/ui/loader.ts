/**
 * The explorer's loader for files: one FILE (a key policy or a scenario file) is simulated; two
 * files are BEFORE and AFTER: the matrix of AFTER, with every cell `diffPolicies` reports marked.
 */
import { basename } from 'node:path';
import { KmsimError } from '@kmsim/core';
import {
  diffPolicies,
  findings,
  simulate,
  type CustomPrincipal,
  type Matrix,
  type PolicyDiff,
  type SimulateOptions,
  type SimulationInput,
} from '@kmsim/simulator';
import { simulateOptions, type SelectionOptions } from '../selection.js';
import { formatWarning, loadInput, type KeyOptions, type LoadedInput } from '../load-input.js';
import type { ExplorerFinding, Loader } from './model/types.js';

/** The input (key options) and the rows and columns (--principal, --action, --only-action). */
export type FileLoaderOptions = KeyOptions & SelectionOptions;

/** Lets Ink paint the progress message before the (synchronous) simulation starts. */
const paint = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 40));

/** The AFTER matrix, with rows and columns for every diff entry (a principal only BEFORE names, too). */
function afterMatrix(after: SimulationInput, diff: PolicyDiff, selection: SimulateOptions, warnings: string[]): Matrix {
  let matrix = simulate(after, selection);
  const rows = new Set(matrix.principals.map((p) => p.id));
  const cols = new Set(matrix.actions.map((a) => a.name.toLowerCase()));
  const principals: CustomPrincipal[] = [];
  const actions: string[] = [];
  // A class row only BEFORE has ("any AWS service") is no principal AFTER can be asked about.
  const classes = new Set<string>();
  for (const e of diff.entries) {
    if (!rows.has(e.principal) && !e.principal.startsWith('arn:')) {
      classes.add(e.label);
      continue;
    }
    if (!rows.has(e.principal)) {
      rows.add(e.principal);
      principals.push(e.principal.endsWith('#iam') ? { arn: e.principal.slice(0, -4), iam: 'allow-all' } : { arn: e.principal });
    }
    if (!cols.has(e.action.toLowerCase())) {
      cols.add(e.action.toLowerCase());
      actions.push(e.action);
    }
  }
  if (principals.length > 0 || actions.length > 0) {
    matrix = simulate(after, {
      ...selection,
      principals: [...(selection.principals ?? []), ...principals],
      actions: [...(selection.actions ?? []), ...actions],
    });
  }
  if (classes.size > 0) warnings.push(`changes of ${[...classes].join(', ')} (a row only BEFORE has) are not in the matrix: \`kmsim diff\` lists them`);
  return matrix;
}

function findingsOf(input: SimulationInput, matrix: Matrix, warnings: string[]): ExplorerFinding[] {
  try {
    return findings(input, { matrix });
  } catch (e) {
    warnings.push(`findings could not be computed: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
}

/** `preloaded`: the files already read (by `kmsim FILE`, before anything is drawn), in the order of `files`. */
export function fileLoader(files: readonly string[], options: FileLoaderOptions = {}, preloaded?: readonly LoadedInput[]): Loader {
  return async (progress) => {
    if (files.length < 1 || files.length > 2) {
      throw new KmsimError('usage', `the explorer takes one FILE, or two (BEFORE AFTER) to diff; got ${files.length}`);
    }
    progress(`reading ${files.join(' and ')}…`);
    const selection = simulateOptions(options);
    const loaded = preloaded ?? (await Promise.all(files.map((f) => loadInput(f, options))));
    const warnings = loaded.flatMap((l) => [...(l.notes ?? []), ...l.warnings.map((w) => formatWarning(l.file, w))]);
    const before = loaded[0];
    const after = loaded[loaded.length - 1];
    if (!before || !after) throw new KmsimError('usage', 'no input file');

    if (loaded.length === 1) {
      progress(`simulating ${basename(after.file)}…`);
      await paint();
      const matrix = simulate(after.input, selection);
      progress('checking findings…');
      await paint();
      return { source: basename(after.file), input: after.input, matrix, findings: findingsOf(after.input, matrix, warnings), warnings };
    }

    progress(`comparing ${basename(before.file)} → ${basename(after.file)}…`);
    await paint();
    const diff = diffPolicies(before.input, after.input, selection);
    progress(`simulating ${basename(after.file)}…`);
    await paint();
    const matrix = afterMatrix(after.input, diff, selection, warnings);
    progress('checking findings…');
    await paint();
    const findingsBefore = findingsOf(before.input, simulate(before.input, selection), warnings);
    return {
      source: `${basename(before.file)} → ${basename(after.file)}`,
      input: after.input,
      matrix,
      findings: findingsOf(after.input, matrix, warnings),
      warnings,
      diff: { before: before.file, after: after.file, entries: diff.entries, gained: diff.gained, lost: diff.lost, changed: diff.changed, findingsBefore },
    };
  };
}
