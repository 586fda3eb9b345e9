/**
 * `kmsim matrix FILE [--format table|json|markdown|csv] [--principal ARN]... [--action A]...
 * [--only-action A]... [--width N] [--key-arn ARN] [--key-spec SPEC] [--key-usage USAGE]`:
 * who can do what with the key — every principal × action cell, simulated over the whole
 * condition space. FILE is a key policy or a scenario file (see load-input.ts). Exit 0; 2 when
 * the input or an option is unusable.
 */
import type { PolicyError } from '@kmsim/core';
import { simulate, type Matrix } from '@kmsim/simulator';
import { messageLine } from '../messages.js';
import { EXIT, type ExitCode, type Streams } from '../io.js';
import { formatWarning, loadInput, type KeyOptions, type LoadedInput } from '../load-input.js';
import { simulateOptions, type SelectionOptions } from '../selection.js';
import { formatMatrixCsv } from '../format/matrix-csv.js';
import { formatMatrixJson } from '../format/matrix-json.js';
import { formatMatrixMarkdown } from '../format/matrix-markdown.js';
import { formatMatrixTable } from '../format/matrix-table.js';

import { MATRIX_FORMATS } from './choices.js';

export { MATRIX_FORMATS };
export type MatrixFormat = (typeof MATRIX_FORMATS)[number];

export interface MatrixOptions extends KeyOptions, SelectionOptions {
  readonly format?: MatrixFormat;
  readonly width?: number;
}

/**
 * The validation errors of FILE's policies (AWS would reject them), with the file's lines and columns
 * where they are the file's: a Terraform plan holds its policy as JSON text (lines of that text) and a
 * live key has no file, so their errors keep the path only.
 */
export function policyErrorsIn(loaded: LoadedInput): PolicyError[] {
  const fileLines = loaded.format === 'policy' || loaded.format === 'scenario' || loaded.format === 'cloudformation';
  return loaded.warnings
    .filter((w) => w.diagnostic.severity === 'error')
    .map(({ policy, diagnostic }) => {
      const { line, column, ...rest } = diagnostic;
      return { policy: policy.replace(/^case "[^"]*": /, ''), diagnostic: fileLines ? diagnostic : rest };
    });
}

/** Print the parser's diagnostics about FILE's policies on stderr, one `kmsim: warning:` line each. */
export function printWarnings(loaded: LoadedInput, io: Streams): void {
  for (const note of loaded.notes ?? []) io.stderr.write(messageLine(io, 'note', note));
  for (const w of loaded.warnings) io.stderr.write(messageLine(io, 'warning', formatWarning(loaded.file, w)));
  const errors = loaded.warnings.filter((w) => w.diagnostic.severity === 'error').length;
  if (errors > 0) {
    const what = `${loaded.file} has ${errors} validation error${errors === 1 ? '' : 's'} (AWS would reject it)`;
    io.stderr.write(messageLine(io, 'warning', `${what}; simulated as written, statements that cannot apply never match`));
  }
}

/** The width of the terminal behind `stdout` when it says, else 80. */
export function terminalWidth(stdout: Streams['stdout']): number {
  const columns = (stdout as { columns?: unknown }).columns;
  return typeof columns === 'number' && Number.isInteger(columns) && columns > 0 ? columns : 80;
}

export function formatMatrix(matrix: Matrix, format: MatrixFormat, width: number, policyErrors: readonly PolicyError[] = []): string {
  switch (format) {
    case 'json':
      return formatMatrixJson(matrix, policyErrors);
    case 'markdown':
      return formatMatrixMarkdown(matrix);
    case 'csv':
      return formatMatrixCsv(matrix);
    case 'table':
      return formatMatrixTable(matrix, { width });
  }
}

export async function matrixCommand(file: string, options: MatrixOptions, io: Streams): Promise<ExitCode> {
  const selection = simulateOptions(options);
  const loaded = await loadInput(file, options);
  printWarnings(loaded, io);
  const matrix = simulate(loaded.input, selection);
  io.stdout.write(formatMatrix(matrix, options.format ?? 'table', options.width ?? terminalWidth(io.stdout), policyErrorsIn(loaded)));
  return EXIT.ok;
}
