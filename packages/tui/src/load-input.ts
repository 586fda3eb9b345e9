/**
 * What `kmsim matrix`, `check` and `diff` simulate: one FILE — a key policy, a scenario file (the
 * first evaluation case's keyPolicy, identityPolicies, grants and key; a bare `{ "keyPolicy": … }`
 * object works too), a CloudFormation/CDK template or Terraform JSON — or a live key. Reading and
 * telling the formats apart is `@kmsim/loaders`' (`loadKeyFile`, `loadLiveKey`): a file it cannot
 * use is a LoadError naming the file and, for syntax errors, the line and column.
 *
 * Anything the parser reports about the policies that does not make them unusable (statement-level
 * errors included) comes back as `warnings`: the simulation still runs and the command prints them.
 */
import { createEvaluator, defaultKeyUsage, findKeySpec, type Diagnostic, type KeyAttributes, type KeyUsage } from '@kmsim/core';
import { guardrailsOf, loadKeyFile, loadParametersFile, type LoadedKeyFile } from '@kmsim/loaders';
import { arnParts } from '@kmsim/core/internal';
import type { SimulationInput } from '@kmsim/simulator';
import type { DeployedOptions, LiveOptions } from './load-deployed.js';
import { ignoredFlags, type TemplateOptions } from './template-options.js';
import { hasGuardrailFlags, type GuardrailFlags } from './guardrail-flags.js';
import { UsageError } from './usage-error.js';

export { UsageError };

/** `--key-arn`, `--key-spec`, `--key-usage`: override (or set) the key. Default: the evaluator's resolution. */
export interface KeyOptions extends DeployedOptions, TemplateOptions, Omit<GuardrailFlags, 'region'> {
  readonly keyArn?: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
  /** A live key instead of FILE (`--key-id`, with `--region`, `--profile`, `--endpoint`). */
  readonly live?: LiveOptions;
}

/** A diagnostic of one of the file's policies, printed as a warning. */
export interface InputWarning {
  /** `keyPolicy` for a policy file, or `keyPolicy` / `identityPolicies["arn"][0]` of a scenario. */
  readonly policy: string;
  readonly diagnostic: Diagnostic;
}

export interface LoadedInput {
  readonly file: string;
  readonly text: string;
  /** `policy`: a key policy file; `scenario`: a scenario case; `cloudformation` / `terraform`: a key of a template or plan; `live`: a deployed key. */
  readonly format: 'policy' | 'scenario' | 'cloudformation' | 'terraform' | 'live';
  /** JSON path of the key policy in the file: `$` for a policy file, `$[0].keyPolicy` in a scenario file. */
  readonly policyPath: string;
  /** For a scenario file, the id of the case used (when it has one). */
  readonly caseId?: string;
  readonly input: SimulationInput;
  readonly warnings: readonly InputWarning[];
  /** Things worth saying that are not problems, e.g. a key ARN made up for a template's key. */
  readonly notes?: readonly string[];
}

const KEY_USAGES: readonly KeyUsage[] = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE'];

/** Warnings: every diagnostic of the key policy, the identity policies and the grants that is not `info`. */
function warningsOf(loaded: Omit<LoadedKeyFile, 'format'>, format: LoadedInput['format']): InputWarning[] {
  const where = format === 'scenario' && loaded.resource !== undefined ? `case "${loaded.resource}": ` : '';
  const keep = (label: string, list: readonly Diagnostic[]): InputWarning[] =>
    list.filter((d) => d.severity !== 'info').map((diagnostic) => ({ policy: label, diagnostic }));
  const warnings = keep(`${where}keyPolicy`, loaded.diagnostics);
  for (const [principal, lists] of Object.entries(loaded.identityPolicyDiagnostics ?? {})) {
    for (const [i, list] of lists.entries()) warnings.push(...keep(`${where}identityPolicies[${JSON.stringify(principal)}][${i}]`, list));
  }
  warnings.push(...keep(`${where}grants`, loaded.grantDiagnostics ?? []));
  return warnings;
}

/** What the loaders give, as the commands take it. */
function asInput(file: string, loaded: Omit<LoadedKeyFile, 'format'>, format: LoadedInput['format']): LoadedInput {
  const arn = loaded.key?.arn;
  const { resource } = loaded;
  // Before deployment a key has no ARN: the loaders make one up from the logical id or address.
  const madeUp = (format === 'cloudformation' || format === 'terraform') && resource !== undefined && arn !== undefined && arn.endsWith(`:key/${resource}`);
  return {
    ...(madeUp ? { notes: [`${file}: ${resource} has no key ARN before deployment; kmsim uses ${arn} (set the real one with --key-arn)`] } : {}),
    file,
    text: loaded.text,
    format,
    policyPath: loaded.policyPath,
    ...(format === 'scenario' && resource !== undefined ? { caseId: resource } : {}),
    input: {
      keyPolicy: loaded.keyPolicy,
      ...(loaded.identityPolicies ? { identityPolicies: loaded.identityPolicies } : {}),
      ...(loaded.grants ? { grants: loaded.grants } : {}),
      ...(loaded.key ? { key: loaded.key } : {}),
      ...guardrailsOf(loaded),
    },
    warnings: warningsOf(loaded, format),
  };
}

/** The key with the command-line overrides applied; undefined when nothing is given or set. */
export function applyKeyOptions(keyPolicy: SimulationInput['keyPolicy'], given: KeyAttributes | undefined, options: KeyOptions): KeyAttributes | undefined {
  const { keyArn, keySpec, keyUsage } = options;
  if (keyArn === undefined && keySpec === undefined && keyUsage === undefined) return given;
  if (keyArn !== undefined && !/^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/.+$/.test(keyArn)) {
    throw new UsageError('--key-arn', `"${keyArn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)`);
  }
  let usage: KeyUsage | undefined;
  if (keyUsage !== undefined) {
    usage = KEY_USAGES.find((u) => u === keyUsage.toUpperCase());
    if (!usage) throw new UsageError('--key-usage', `"${keyUsage}" is not a key usage (${KEY_USAGES.join(', ')})`);
  }
  let spec: string | undefined;
  if (keySpec !== undefined) {
    const info = findKeySpec(keySpec.toUpperCase());
    if (!info) throw new UsageError('--key-spec', `"${keySpec}" is not a KMS key spec (e.g. SYMMETRIC_DEFAULT, RSA_2048, HMAC_256, ECC_NIST_P256)`);
    spec = info.spec;
    if (usage && !info.usages.includes(usage)) {
      throw new UsageError('--key-usage', `a ${spec} key cannot have usage ${usage} (it can be ${info.usages.join(' or ')})`);
    }
    usage ??= defaultKeyUsage(spec);
  }
  // The evaluator's resolution (the given key, or the policy's account) fills in what is not set.
  const resolved = createEvaluator({ keyPolicy, ...(given ? { key: given } : {}) }).key;
  if (usage && spec === undefined) {
    const info = findKeySpec(resolved.keySpec ?? 'SYMMETRIC_DEFAULT');
    if (info && !info.usages.includes(usage)) {
      throw new UsageError('--key-usage', `a ${info.spec} key cannot have usage ${usage}; give --key-spec too`);
    }
  }
  return {
    ...resolved,
    ...(keyArn !== undefined ? { arn: keyArn } : {}),
    ...(spec !== undefined ? { keySpec: spec } : {}),
    ...(usage !== undefined ? { keyUsage: usage } : {}),
  };
}

/** The parameter values: the file's, then each --parameter; undefined when neither is given. */
export async function templateParameters(options: TemplateOptions): Promise<Record<string, string> | undefined> {
  if (options.parametersFile === undefined && options.parameter === undefined) return undefined;
  const file = options.parametersFile?.replace(/^file:\/\//u, '');
  const values = file !== undefined ? await loadParametersFile(file) : {};
  for (const [name, value] of options.parameter ?? []) values[name] = value;
  return values;
}

/** Read FILE (a key policy, scenario file, template or plan) or the live key into what the simulator takes, with the parser's warnings. */
export async function loadInput(file: string, options: KeyOptions = {}): Promise<LoadedInput> {
  if (options.live) {
    const { loadLiveKeyInput } = await import('./load-deployed.js');
    const live = await loadLiveKeyInput(options.live);
    return withKeyOptions(asInput(live.source, live, 'live'), options);
  }
  const parameters = await templateParameters(options);
  const loaded = await loadKeyFile(file, {
    ...(options.resource !== undefined ? { resource: options.resource } : {}),
    ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.partition !== undefined ? { partition: options.partition } : {}),
    ...(options.stackName !== undefined ? { stackName: options.stackName } : {}),
    ...(parameters !== undefined ? { parameters } : {}),
    ...(options.keyArn !== undefined ? { keyArn: options.keyArn } : {}),
    ...(options.maxInputSize !== undefined ? { maxInputBytes: options.maxInputSize } : {}),
  });
  const input = await withKeyOptions(asInput(file, loaded, loaded.format), options);
  const ignored = ignoredFlags(options, loaded.format);
  if (ignored.length === 0) return input;
  const note = `${file} is ${loaded.format === 'terraform' ? 'Terraform JSON' : `a ${loaded.format === 'policy' ? 'key policy' : 'scenario file'}`}, not a CloudFormation template: ${ignored.join(', ')} ignored`;
  return { ...input, notes: [...(input.notes ?? []), note] };
}

async function withKeyOptions(loaded: LoadedInput, options: KeyOptions): Promise<LoadedInput> {
  const key = applyKeyOptions(loaded.input.keyPolicy, loaded.input.key, options);
  // A --key-arn replaces the made-up ARN the notes speak of.
  const { notes, ...rest } = loaded;
  const kept = options.keyArn === undefined && notes ? { notes } : {};
  const input = key ? { ...loaded.input, key } : loaded.input;
  // --org-file, --scp, --rcp, --boundary, --live-org: attached at the key's account unless told where.
  // The guardrail readers load only when a flag asks for them (start-up).
  let guardrails = guardrailsOf(input);
  if (hasGuardrailFlags(options)) {
    const keyAccount = arnParts((key ?? createEvaluator({ keyPolicy: input.keyPolicy }).key).arn)?.account;
    guardrails = await (await import('./load-guardrails.js')).applyGuardrailFlags(guardrails, keyAccount, options);
  }
  return { ...rest, ...kept, input: { ...input, ...guardrails } };
}

/** FILE as the simulator's input (see `loadInput` for the warnings). */
export async function loadSimulationInput(file: string, options: KeyOptions = {}): Promise<SimulationInput> {
  return (await loadInput(file, options)).input;
}

/** One warning line (without the `kmsim: ` prefix): `file:4:17: error effect-invalid at $.Statement[0].Effect: …`. */
export function formatWarning(file: string, w: InputWarning): string {
  const d = w.diagnostic;
  const where = d.line !== undefined ? `${file}:${d.line}:${d.column ?? 1}` : w.policy === 'keyPolicy' ? file : `${file} (${w.policy})`;
  return `${where}: ${d.severity} ${d.code} at ${d.path}: ${d.message}`;
}
