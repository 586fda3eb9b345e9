/**
 * `kmsim validate FILE... [--json] [--key-arn ARN]`: parse and validate key policy files, printing
 * each diagnostic with its code, JSON path and line/column. Exit 1 when any policy has an error.
 */
import { parseKeyPolicy, type Diagnostic } from '@kmsim/core';
import { EXIT, type ExitCode, type Streams } from '../io.js';
import { readInputFile } from '../read-input.js';

export interface ValidateOptions {
  readonly json?: boolean;
  readonly keyArn?: string;
}

export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = d.line !== undefined ? `${file}:${d.line}:${d.column}` : file;
  return `${where}  ${d.severity}  ${d.code}  ${d.path}\n    ${d.message}`;
}

export async function validateCommand(files: readonly string[], options: ValidateOptions, io: Streams): Promise<ExitCode> {
  const results: { file: string; valid: boolean; diagnostics: readonly Diagnostic[] }[] = [];
  for (const file of files) {
    const text = await readInputFile(file);
    const parsed = parseKeyPolicy(text, options.keyArn ? { keyArn: options.keyArn } : {});
    results.push({ file, valid: parsed.valid, diagnostics: parsed.diagnostics });
  }
  if (options.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    for (const r of results) {
      if (r.diagnostics.length === 0) io.stdout.write(`${r.file}: valid key policy, no diagnostics\n`);
      for (const d of r.diagnostics) io.stdout.write(`${formatDiagnostic(r.file, d)}\n`);
      const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
      if (r.diagnostics.length > 0) io.stdout.write(`${r.file}: ${r.valid ? 'valid' : 'INVALID'} (${errors} error(s), ${r.diagnostics.length - errors} other)\n`);
    }
  }
  return results.every((r) => r.valid) ? EXIT.ok : EXIT.failed;
}
