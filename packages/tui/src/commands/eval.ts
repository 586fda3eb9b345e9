/**
 * `kmsim eval FILE... [--json] [--strict]`: run every scenario case (shared/conformance format) and
 * report. Exit 1 when a non-ambiguous case fails, 2 when a file cannot be read or is not a scenario
 * file. A case whose policies AWS would reject is never answered silently: its answer carries the
 * errors (`policyErrors` in JSON), one `kmsim: warning:` line names them, and with --strict the
 * case fails.
 */
import {
  createEvaluator,
  describePolicyError,
  readScenarios,
  rejectionOf,
  runCase,
  type CaseResult,
  type JsonValue,
  type PolicyError,
  type PolicyInput,
  type ScenarioCase,
} from '@kmsim/core';
import { arnParts, isObject } from '@kmsim/core/internal';
import { guardrailsOf, isYamlTemplate } from '@kmsim/loaders';
import { applyGuardrailFlags, hasGuardrailFlags, type GuardrailFlags } from '../load-guardrails.js';
import { EXIT, type ExitCode, type Streams } from '../io.js';
import { policyErrorJson } from '../format/policy-errors.js';
import { isCloudFormation, isTerraform } from '../load-deployed.js';
import { InputFileError, readInputFile } from '../read-input.js';

export interface EvalOptions extends GuardrailFlags {
  readonly json?: boolean;
  readonly verbose?: boolean;
  /** Cases whose policies have validation errors fail. */
  readonly strict?: boolean;
}

function jsonResult(r: CaseResult, pass: boolean): unknown {
  switch (r.kind) {
    case 'evaluation':
      return {
        id: r.id,
        decision: r.decision,
        ...(r.expected !== undefined ? { expected: r.expected } : {}),
        pass,
        ...(r.policyErrors.length > 0 ? { policyErrors: r.policyErrors.map(policyErrorJson) } : {}),
        ...(r.ambiguous ? { ambiguous: true } : {}),
        reason: r.reason,
        trace: r.result.trace,
      };
    case 'validation':
      return {
        id: r.id,
        valid: r.valid,
        ...(r.expectedValid !== undefined ? { expectedValid: r.expectedValid } : {}),
        pass: r.pass,
        ...(r.ambiguous ? { ambiguous: true } : {}),
        diagnostics: r.diagnostics,
        ...(r.missingMentions.length ? { missingMentions: r.missingMentions } : {}),
      };
    case 'error':
      return { id: r.id, pass: false, ...(r.ambiguous ? { ambiguous: true } : {}), error: r.error };
  }
}

function line(r: CaseResult, pass: boolean): string {
  const status = r.ambiguous ? 'NOTE' : pass ? 'PASS' : 'FAIL';
  switch (r.kind) {
    case 'evaluation': {
      const exp = r.expected !== undefined && r.expected !== r.decision ? ` (expected ${r.expected})` : '';
      const invalid = r.policyErrors.length > 0 ? ' (AWS would reject its policies: answered as written)' : '';
      const why = !r.pass || r.ambiguous ? `\n      ${r.reason}` : '';
      return `${status}  ${r.id}  ${r.decision}${exp}${invalid}${why}`;
    }
    case 'validation': {
      const exp = r.expectedValid !== undefined && r.expectedValid !== r.valid ? ` (expected ${r.expectedValid ? 'valid' : 'invalid'})` : '';
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      const detail =
        !r.pass || r.ambiguous
          ? [
              ...errors.map((d) => `\n      ${d.code} at ${d.path}${d.line ? ` (line ${d.line}, column ${d.column ?? 1})` : ''}: ${d.message}`),
              ...(r.missingMentions.length ? [`\n      no diagnostic mentions: ${r.missingMentions.join(', ')}`] : []),
            ].join('')
          : '';
      return `${status}  ${r.id}  ${r.valid ? 'valid' : 'invalid'}${exp}${detail}`;
    }
    case 'error':
      return `${r.ambiguous ? 'NOTE' : 'FAIL'}  ${r.id}  error: ${r.error.message}`;
  }
}

/**
 * Why FILE is another kind of input kmsim reads (a key policy, a template, a plan), with the
 * command that reads it; undefined otherwise (readScenarios then checks the cases).
 */
export function notAScenarioFile(text: string): string | undefined {
  if (isYamlTemplate(text)) {
    return 'a YAML CloudFormation template, not a scenario file: `kmsim check FILE` or `kmsim matrix FILE` reads it';
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject<JsonValue>(root)) return undefined;
  const o = root;
  if (o['id'] !== undefined || o['cases'] !== undefined) return undefined;
  if (o['Statement'] !== undefined) {
    return 'a key policy, not a scenario file: `kmsim validate FILE`, `kmsim check FILE` or `kmsim matrix FILE` reads it (eval runs cases in the shared/conformance format)';
  }
  if (isCloudFormation(root)) return 'a CloudFormation/CDK template, not a scenario file: `kmsim check FILE` or `kmsim matrix FILE` reads it';
  if (isTerraform(root)) return 'a Terraform plan or state, not a scenario file: `kmsim check FILE` or `kmsim matrix FILE` reads it';
  return undefined;
}

/** An evaluation case with the command line's guardrails added to its own (attached at its key's account unless told where). */
async function withGuardrails(c: ScenarioCase, flags: GuardrailFlags): Promise<ScenarioCase> {
  if (!('keyPolicy' in c)) return c;
  let keyArn = c.key?.arn;
  try {
    keyArn ??= createEvaluator({ keyPolicy: c.keyPolicy as PolicyInput }).key.arn;
  } catch {
    // A key policy the evaluator refuses: runCase reports it; the guardrails need a target then.
  }
  return { ...c, ...(await applyGuardrailFlags(guardrailsOf(c), keyArn === undefined ? undefined : arnParts(keyArn)?.account, flags)) };
}

export async function evalCommand(files: readonly string[], options: EvalOptions, io: Streams): Promise<ExitCode> {
  const loaded: { readonly file: string; readonly c: ScenarioCase }[] = [];
  for (const file of files) {
    const text = await readInputFile(file);
    const other = notAScenarioFile(text);
    if (other) throw new InputFileError(file, other);
    loaded.push(...readScenarios(text, file).map((c) => ({ file, c })));
  }
  const cases = hasGuardrailFlags(options) ? await Promise.all(loaded.map(({ c }) => withGuardrails(c, options))) : loaded.map(({ c }) => c);
  const results = cases.map(runCase);
  const invalid = (r: CaseResult): readonly PolicyError[] => (r.kind === 'evaluation' ? r.policyErrors : []);
  // --strict: an answer for policies AWS would reject is a failure.
  const passes = results.map((r) => r.pass && !(options.strict && invalid(r).length > 0));
  results.forEach((r, i) => {
    const errors = invalid(r);
    if (errors.length === 0) return;
    const file = loaded[i]?.file ?? '';
    const list = errors.map((e) => `${e.policy}: ${describePolicyError(e)}`).join('; ');
    io.stderr.write(
      `kmsim: warning: ${file}: case "${r.id}": ${rejectionOf(errors)} (${errors.length} error${errors.length === 1 ? '' : 's'}: ${list}); ${
        options.strict ? 'the case fails (--strict)' : 'answered as written (--strict makes this case fail)'
      }\n`,
    );
  });
  const failed = results.filter((r, i) => !passes[i] && !r.ambiguous);
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify(
        results.map((r, i) => jsonResult(r, passes[i] ?? r.pass)),
        null,
        2,
      )}\n`,
    );
  } else {
    results.forEach((r, i) => {
      io.stdout.write(`${line(r, passes[i] ?? r.pass)}\n`);
    });
    const ambiguous = results.filter((r) => r.ambiguous).length;
    io.stdout.write(
      `\n${results.length} cases: ${results.length - failed.length - ambiguous} passed, ${failed.length} failed${
        ambiguous ? `, ${ambiguous} ambiguous (reported, not asserted)` : ''
      }\n`,
    );
  }
  return failed.length > 0 ? EXIT.failed : EXIT.ok;
}
