/**
 * What `kmsim matrix`, `check` and `diff` simulate: one FILE, either a key policy (an object with
 * `Statement`) or a scenario file in the shared/conformance case format (the first evaluation
 * case's keyPolicy, identityPolicies, grants and key; a bare `{ "keyPolicy": … }` object works too).
 *
 * Problems that make the file unusable (not JSON, not an object, a key policy over 32 KB, neither
 * format) are an InputFileError naming the file and, for syntax errors, the line and column.
 * Anything else the parser reports about the policies (statement-level errors included) comes back
 * as `warnings`: the simulation still runs and the command prints them on stderr.
 */
import { isCloudFormation, isTerraform, loadLiveInput, loadTemplateInput, loadTerraformInput, type DeployedOptions, type LiveOptions } from './load-deployed.js';
import {
  createEvaluator,
  defaultKeyUsage,
  findKeySpec,
  KmsimError,
  parseIdentityPolicy,
  parseKeyPolicy,
  type Diagnostic,
  type Grant,
  type JsonValue,
  type KeyAttributes,
  type KeyUsage,
  type Policy,
} from '@kmsim/core';
import type { SimulationInput } from '@kmsim/simulator';
import { InputFileError, readInputFile } from './read-input.js';

/** A command-line option value kmsim cannot use (`--key-usage SIGN`, `--width 0` …). */
export class UsageError extends KmsimError {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super('usage', `${option}: ${message}`);
  }
}

/** `--key-arn`, `--key-spec`, `--key-usage`: override (or set) the key. Default: the evaluator's resolution. */
export interface KeyOptions extends DeployedOptions {
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

const YAML_TEMPLATE = /^\s*(AWSTemplateFormatVersion|Description|Metadata|Parameters|Rules|Mappings|Conditions|Transform|Resources|Outputs)\s*:/m;

const FATAL: ReadonlySet<string> = new Set(['invalid-json', 'not-an-object', 'policy-too-large', 'internal-error']);
const KEY_USAGES: readonly KeyUsage[] = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE'];

type JsonObject = { readonly [key: string]: JsonValue };

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function at(d: Diagnostic): string {
  return d.line !== undefined ? ` (line ${d.line}, column ${d.column ?? 1})` : '';
}

/** The JSON value of the file, or an InputFileError with the first syntax error's line and column. */
function parseJson(file: string, text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    // parseKeyPolicy never throws and reports syntax errors with line and column.
    const d = parseKeyPolicy(text).diagnostics.find((x) => x.code === 'invalid-json');
    throw new InputFileError(file, `not valid JSON${d ? `${at(d)}: ${d.message}` : ''}`);
  }
}

/** Throw for a diagnostic that leaves nothing to simulate; return the others. */
function usable(file: string, label: string, diagnostics: readonly Diagnostic[], policy: Policy | undefined): { policy: Policy; warnings: InputWarning[] } {
  const fatal = diagnostics.find((d) => FATAL.has(d.code) && d.severity === 'error');
  if (fatal || !policy) {
    const d = fatal ?? diagnostics[0];
    const what = label === 'keyPolicy' ? 'not a usable key policy' : `${label} is not a usable policy`;
    throw new InputFileError(file, `${what}${d ? `${at(d)}: ${d.message}` : ''}`);
  }
  return { policy, warnings: diagnostics.filter((d) => d.severity !== 'info').map((diagnostic) => ({ policy: label, diagnostic })) };
}

function checkGrants(file: string, value: JsonValue | undefined, where: string): Grant[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new InputFileError(file, `${where}grants must be a list`);
  return value.map((g, i) => {
    if (!isObject(g) || typeof g['granteePrincipal'] !== 'string' || !Array.isArray(g['operations']) || !g['operations'].every((o) => typeof o === 'string')) {
      throw new InputFileError(file, `${where}grants[${i}] needs a string "granteePrincipal" and a list of "operations"`);
    }
    return g as unknown as Grant;
  });
}

function checkKey(file: string, value: JsonValue | undefined, where: string): KeyAttributes | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || typeof value['arn'] !== 'string') throw new InputFileError(file, `${where}key must be an object with a string "arn"`);
  return value as unknown as KeyAttributes;
}

/** The case to take the policies from: the first evaluation case (one with keyPolicy). */
interface FoundCase {
  readonly value: JsonObject;
  /** Prefix for messages: `case "id": `. */
  readonly where: string;
  /** JSON path of the case in the file. */
  readonly path: string;
  readonly id?: string;
}

function scenarioCase(file: string, root: JsonValue): FoundCase | undefined {
  const list = Array.isArray(root) ? root : isObject(root) && Array.isArray(root['cases']) ? root['cases'] : undefined;
  if (list) {
    const index = list.findIndex((c) => isObject(c) && c['keyPolicy'] !== undefined);
    const found = list[index];
    if (!isObject(found)) throw new InputFileError(file, 'a scenario file, but no case has a "keyPolicy" (only evaluation cases can be simulated)');
    const id = found['id'];
    return {
      value: found,
      where: `case ${typeof id === 'string' ? `"${id}"` : `[${index}]`}: `,
      path: Array.isArray(root) ? `$[${index}]` : `$.cases[${index}]`,
      ...(typeof id === 'string' ? { id } : {}),
    };
  }
  if (isObject(root) && root['keyPolicy'] !== undefined) {
    const id = root['id'];
    return { value: root, where: '', path: '$', ...(typeof id === 'string' ? { id } : {}) };
  }
  return undefined;
}

function fromScenario(file: string, text: string, found: FoundCase, keyArn: string | undefined): LoadedInput {
  const { value, where } = found;
  const raw = value['keyPolicy'];
  const parsed = parseKeyPolicy(raw, keyArn ? { keyArn } : {});
  const key = usable(file, `${where}keyPolicy`, parsed.diagnostics, parsed.policy);
  const warnings = [...key.warnings];

  const ip = value['identityPolicies'];
  let identityPolicies: Record<string, Policy[]> | undefined;
  if (ip !== undefined) {
    if (!isObject(ip)) throw new InputFileError(file, `${where}identityPolicies must map principal ARNs to lists of policies`);
    identityPolicies = {};
    for (const [principal, list] of Object.entries(ip)) {
      if (!Array.isArray(list)) throw new InputFileError(file, `${where}identityPolicies["${principal}"] must be a list of policies`);
      identityPolicies[principal] = list.map((p, i) => {
        const label = `${where}identityPolicies["${principal}"][${i}]`;
        const r = parseIdentityPolicy(p);
        const u = usable(file, label, r.diagnostics, r.policy);
        warnings.push(...u.warnings);
        return u.policy;
      });
    }
  }
  const grants = checkGrants(file, value['grants'], where);
  const keyAttributes = checkKey(file, value['key'], where);
  return {
    file,
    text,
    format: 'scenario',
    policyPath: `${found.path}.keyPolicy`,
    ...(found.id !== undefined ? { caseId: found.id } : {}),
    input: {
      keyPolicy: key.policy,
      ...(identityPolicies ? { identityPolicies } : {}),
      ...(grants ? { grants } : {}),
      ...(keyAttributes ? { key: keyAttributes } : {}),
    },
    warnings,
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

/** Read FILE (a key policy or a scenario file) into what the simulator takes, with the parser's warnings. */
export async function loadInput(file: string, options: KeyOptions = {}): Promise<LoadedInput> {
  if (options.live) return withKeyOptions(await loadLiveInput(options.live), options);
  const text = await readInputFile(file);
  if (text.trim() === '') throw new InputFileError(file, 'is empty');
  // YAML: only CloudFormation templates are YAML (they open with one of the template's sections).
  if (!/^\s*[[{]/.test(text) && YAML_TEMPLATE.test(text)) return withKeyOptions(await loadTemplateInput(file, text, undefined, options), options);
  const root = parseJson(file, text);
  if (isCloudFormation(root)) return withKeyOptions(await loadTemplateInput(file, text, root, options), options);
  if (isTerraform(root)) return withKeyOptions(await loadTerraformInput(file, text, root, options), options);
  let loaded: LoadedInput;
  const found = scenarioCase(file, root);
  if (found) {
    loaded = fromScenario(file, text, found, options.keyArn);
  } else if (isObject(root) && root['Statement'] !== undefined) {
    const parsed = parseKeyPolicy(text, options.keyArn ? { keyArn: options.keyArn } : {});
    const { policy, warnings } = usable(file, 'keyPolicy', parsed.diagnostics, parsed.policy);
    loaded = { file, text, format: 'policy', policyPath: '$', input: { keyPolicy: policy }, warnings };
  } else {
    throw new InputFileError(
      file,
      isObject(root)
        ? 'neither a key policy (an object with "Statement") nor a scenario file (cases with "keyPolicy")'
        : `expected a key policy object or a scenario file, not ${root === null ? 'null' : typeof root}`,
    );
  }
  return withKeyOptions(loaded, options);
}

function withKeyOptions(loaded: LoadedInput, options: KeyOptions): LoadedInput {
  const key = applyKeyOptions(loaded.input.keyPolicy, loaded.input.key, options);
  // A --key-arn replaces the made-up ARN the notes speak of.
  const { notes, ...rest } = loaded;
  const kept = options.keyArn === undefined && notes ? { notes } : {};
  return key ? { ...rest, ...kept, input: { ...loaded.input, key } } : { ...rest, ...kept };
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
