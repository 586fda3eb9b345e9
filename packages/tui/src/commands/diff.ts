/**
 * `kmsim diff BEFORE AFTER [--format text|json|markdown] [--fail-on-gain] [--principal ARN]...
 * [--action A]... [--only-action A]... [--key-arn ARN] [--key-spec SPEC] [--key-usage USAGE]`:
 * every principal × action × condition region whose decision changes from BEFORE to AFTER (both
 * evaluated against BEFORE's key). Exit 1 with --fail-on-gain when anything is gained, else 0;
 * 2 when an input or option is unusable.
 */
import { diffPolicies } from '@kmsim/simulator';
import { EXIT, type ExitCode, type Streams } from '../io.js';
import { loadInput, type KeyOptions } from '../load-input.js';
import { formatDiffJson, formatDiffMarkdown, formatDiffText } from '../format/diff.js';
import { simulateOptions, type SelectionOptions } from '../selection.js';
import { printWarnings } from './matrix.js';

import { DIFF_FORMATS } from './choices.js';

export { DIFF_FORMATS };
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffOptions extends KeyOptions, SelectionOptions {
  readonly format?: DiffFormat;
  readonly failOnGain?: boolean;
  /** The key of BEFORE / AFTER when each is a template or plan with several (default: --resource). */
  readonly beforeResource?: string;
  readonly afterResource?: string;
}

function withResource(options: DiffOptions, resource: string | undefined): DiffOptions {
  return resource === undefined ? options : { ...options, resource };
}

export async function diffCommand(before: string, after: string, options: DiffOptions, io: Streams): Promise<ExitCode> {
  const selection = simulateOptions(options);
  const a = await loadInput(before, withResource(options, options.beforeResource));
  const b = await loadInput(after, withResource(options, options.afterResource));
  printWarnings(a, io);
  printWarnings(b, io);
  const diff = diffPolicies(a.input, b.input, selection);
  const format = options.format ?? 'text';
  io.stdout.write(format === 'json' ? formatDiffJson(diff, { before, after }) : format === 'markdown' ? formatDiffMarkdown(diff) : formatDiffText(diff));
  return options.failOnGain && diff.gained > 0 ? EXIT.failed : EXIT.ok;
}
