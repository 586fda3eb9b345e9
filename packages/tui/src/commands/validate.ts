/**
 * `kmsim validate FILE... [--json] [--key-arn ARN]`: parse and validate key policy files, printing
 * each diagnostic with its code, JSON path and line/column. Exit 1 when any policy has an error.
 *
 * A file that is not a key policy at all (a CloudFormation/CDK template, a Terraform plan, a
 * scenario file, YAML) is unusable input for validate: one `kmsim: …` line naming the command that
 * reads it, exit 2 — rather than a screen of "Version is missing" about the wrong kind of file.
 */
import { parseKeyPolicy, type Diagnostic, type JsonValue } from '@kmsim/core';
import { isObject } from '@kmsim/core/internal';
import { isYamlTemplate } from '@kmsim/loaders';
import { EXIT, type ExitCode, type Streams } from '../io.js';
import { isCloudFormation, isTerraform } from '../load-deployed.js';
import { InputFileError, readInputFile } from '../read-input.js';

export interface ValidateOptions {
  readonly json?: boolean;
  readonly keyArn?: string;
}

export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = d.line !== undefined ? `${file}:${d.line}:${d.column}` : file;
  return `${where}  ${d.severity}  ${d.code}  ${d.path}\n    ${d.message}`;
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** `INVALID: 3 errors, 1 warning` / `valid: 2 warnings`: the file's verdict and its diagnostics by severity. */
export function validateSummary(valid: boolean, diagnostics: readonly Diagnostic[]): string {
  const count = (severity: string): number => diagnostics.filter((d) => d.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const other = diagnostics.length - errors - warnings;
  const parts = [plural(errors, 'error'), plural(warnings, 'warning'), ...(other > 0 ? [`${other} info`] : [])];
  return `${valid ? 'valid' : 'INVALID'}: ${parts.join(', ')}`;
}

/** Fields only a scenario case (shared/conformance format) has. */
const CASE_FIELDS = ['keyPolicy', 'policyText', 'request', 'expected', 'expectedValid'];

/** Why FILE is some other kind of input kmsim reads (and which command reads it), or undefined for a key policy (valid or not). */
export function notAKeyPolicy(text: string): string | undefined {
  if (isYamlTemplate(text)) {
    return 'a YAML CloudFormation template, not a key policy: `kmsim check FILE [--resource LogicalId]` reads its key policy and prints its problems';
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    // Syntax errors are the validator's to report, with line and column.
    return undefined;
  }
  if (isObject<JsonValue>(root) && root['Statement'] !== undefined) return undefined;
  if (isObject<JsonValue>(root) && isCloudFormation(root)) {
    return 'a CloudFormation/CDK template, not a key policy: `kmsim check FILE [--resource LogicalId]` reads its key policy and prints its problems';
  }
  if (isObject<JsonValue>(root) && isTerraform(root)) {
    return 'a Terraform plan or state, not a key policy: `kmsim check FILE [--resource ADDRESS]` reads its key policy and prints its problems';
  }
  const isCase = (c: unknown): boolean => isObject(c) && CASE_FIELDS.some((f) => f in c);
  const cases = Array.isArray(root) ? root : isObject<JsonValue>(root) && Array.isArray(root['cases']) ? root['cases'] : isCase(root) ? [root] : undefined;
  if (cases && cases.length > 0 && cases.every(isCase)) {
    return 'a scenario file, not a key policy: run its cases with `kmsim eval FILE`';
  }
  return undefined;
}

export async function validateCommand(files: readonly string[], options: ValidateOptions, io: Streams): Promise<ExitCode> {
  const results: { file: string; valid: boolean; diagnostics: readonly Diagnostic[] }[] = [];
  for (const file of files) {
    const text = await readInputFile(file);
    const other = notAKeyPolicy(text);
    if (other) throw new InputFileError(file, other);
    const parsed = parseKeyPolicy(text, options.keyArn ? { keyArn: options.keyArn } : {});
    results.push({ file, valid: parsed.valid, diagnostics: parsed.diagnostics });
  }
  if (options.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    for (const r of results) {
      if (r.diagnostics.length === 0) io.stdout.write(`${r.file}: valid key policy, no diagnostics\n`);
      for (const d of r.diagnostics) io.stdout.write(`${formatDiagnostic(r.file, d)}\n`);
      if (r.diagnostics.length > 0) io.stdout.write(`${r.file}: ${validateSummary(r.valid, r.diagnostics)}\n`);
    }
  }
  return results.every((r) => r.valid) ? EXIT.ok : EXIT.failed;
}
