/**
 * `kmsim check FILE [--format text|json|sarif] [--fail-on critical|high|medium|low|info]
 * [--key-arn ARN] [--key-spec SPEC] [--key-usage USAGE]`: the simulator's findings about the key
 * policy (public access, lockout risk, …). Exit 1 when a finding is at or above --fail-on (default
 * high), else 0; 2 when the input or an option is unusable. An analysis that could not finish is an
 * analysis-incomplete finding (high), and the summary line says so even when the check passes.
 */
import { pathLocator } from '@kmsim/loaders';
import { atOrAbove, FINDING_RULES, findings as findingsOf, SEVERITY_ORDER, simulate, type Matrix } from '@kmsim/simulator';
import { EXIT, type ExitCode, type Streams } from '../io.js';
import { streamColor } from '../messages.js';
import { loadInput, type KeyOptions } from '../load-input.js';
import { formatFindingsJson, formatFindingsText, type CheckSummary, type FindingSeverity } from '../format/findings.js';
import { formatSarif } from '../format/sarif.js';
import { policyErrorsIn, printWarnings, terminalWidth } from './matrix.js';

import { CHECK_FORMATS, SEVERITIES } from './choices.js';

export { CHECK_FORMATS, SEVERITIES };
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions extends KeyOptions {
  readonly format?: CheckFormat;
  readonly failOn?: FindingSeverity;
  /** For SARIF's tool.driver.version. */
  readonly toolVersion?: string;
  /** SARIF artifact URIs are relative to this directory (`--sarif-base`); default the working directory. */
  readonly sarifBase?: string;
  /** The simulator's per-cell bound (`SimulateOptions.maxCombinations`); its default when absent. */
  readonly maxCombinations?: number;
}

/** Matrix row labels by row id, for the text output (a finding names its principals by row id). */
function rowLabels(matrix: Matrix): (id: string) => string | undefined {
  const labels = new Map(matrix.principals.map((row) => [row.id, row.label]));
  return (id) => labels.get(id);
}

export async function checkCommand(file: string, options: CheckOptions, io: Streams): Promise<ExitCode> {
  const failOn = options.failOn ?? 'high';
  const loaded = await loadInput(file, options);
  printWarnings(loaded, io);
  const order: readonly FindingSeverity[] = SEVERITY_ORDER;
  const matrix = simulate(loaded.input, options.maxCombinations !== undefined ? { maxCombinations: options.maxCombinations } : {});
  const list = [...findingsOf(loaded.input, { matrix, policyErrors: policyErrorsIn(loaded) })].sort(
    (a, b) => order.indexOf(a.severity) - order.indexOf(b.severity),
  );
  const counts = Object.fromEntries(order.map((s) => [s, list.filter((f) => f.severity === s).length])) as Record<FindingSeverity, number>;
  const summary: CheckSummary = {
    failOn,
    failing: list.filter((f) => atOrAbove(f, failOn)).length,
    counts,
    incompleteCells: matrix.cells.filter((c) => !c.complete).length,
  };
  switch (options.format ?? 'text') {
    case 'json':
      io.stdout.write(formatFindingsJson(file, list, summary));
      break;
    case 'sarif': {
      // Statement paths are relative to the key policy, which sits at `policyPath` in the file (JSON
      // or YAML). A Terraform plan holds the policy as one JSON string and a live key has no file:
      // no line then (the SARIF says line 1).
      const locatable = loaded.format === 'policy' || loaded.format === 'scenario' || loaded.format === 'cloudformation';
      const source = locatable ? await pathLocator(loaded.text) : undefined;
      const locate = (path: string): number | undefined => source?.(`${loaded.policyPath}${path.slice(1)}`)?.line;
      io.stdout.write(
        formatSarif(list, {
          file,
          isFile: loaded.format !== 'live',
          ...(options.sarifBase !== undefined ? { base: options.sarifBase } : {}),
          toolVersion: options.toolVersion ?? '0.0.0',
          rules: FINDING_RULES,
          locate,
        }),
      );
      break;
    }
    case 'text':
      io.stdout.write(
        formatFindingsText(file, list, summary, order, {
          width: Math.min(100, terminalWidth(io.stdout)),
          label: rowLabels(matrix),
          color: streamColor(io, 'stdout'),
          file,
        }),
      );
      break;
  }
  return summary.failing > 0 ? EXIT.failed : EXIT.ok;
}
