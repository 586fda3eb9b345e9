/**
 * One file, whatever it holds: a key policy, a scenario file, a CloudFormation/CDK template (JSON or
 * YAML) or Terraform JSON (`terraform show -json`). What `kmsim` reads for FILE; the format is told
 * from the content, not the file name.
 */
import type { JsonValue } from '@kmsim/core';
import type { CloudFormationOptions } from './cloudformation/environment.js';
import { LoadError } from './errors.js';
import { parseJson } from './json.js';
import { childPath, isJsonObject } from './json-path.js';
import { checkKeyPolicy, type LoadedKey } from './loaded-key.js';
import { guardNesting } from './nesting.js';
import { readDocumentFile, refuseOversizedPolicy, sourceName, type InputLimits } from './read-file.js';
import { isScenario, scenarioKey } from './scenario.js';
import type { TerraformJson } from './terraform/load.js';

export type KeyFileFormat = 'policy' | 'scenario' | 'cloudformation' | 'terraform';

export interface LoadKeyFileOptions extends Pick<CloudFormationOptions, 'accountId' | 'region' | 'partition' | 'stackName' | 'parameters'>, InputLimits {
  /** Which key: a template's logical id, a plan's resource address, or a scenario file's case id. */
  readonly resource?: string;
  /** Policies and scenarios: the key ARN the key policy is validated against (its `Resource` …). */
  readonly keyArn?: string;
}

export interface LoadedKeyFile extends LoadedKey {
  readonly format: KeyFileFormat;
  /** The file's text (without a byte order mark). */
  readonly text: string;
  /**
   * JSON path of the key policy in the file, to locate the policy's diagnostics: `$` for a policy
   * file (and for Terraform, whose policy is JSON text of its own), `$[0].keyPolicy` in a scenario,
   * `$.Resources.AppKey.Properties.KeyPolicy` in a template.
   */
  readonly policyPath: string;
  /** The logical id, resource address or case id of the key, when the file can hold several. */
  readonly resource?: string;
}

/** The section names a YAML CloudFormation template opens with. */
const YAML_TEMPLATE = /^\s*(AWSTemplateFormatVersion|Description|Metadata|Parameters|Rules|Mappings|Conditions|Transform|Resources|Outputs)\s*:/mu;

/** A CloudFormation (or CDK-synthesized) template: an object with a `Resources` object. */
export function isCloudFormationTemplate(root: JsonValue): boolean {
  return isJsonObject(root) && isJsonObject(root['Resources']);
}

/** Terraform JSON: a plan (`planned_values`, `resource_changes`) or a state (`values` and `terraform_version`). */
export function isTerraformJson(root: JsonValue): boolean {
  return (
    isJsonObject(root) &&
    (root['planned_values'] !== undefined ||
      (isJsonObject(root['values']) && root['terraform_version'] !== undefined) ||
      root['resource_changes'] !== undefined)
  );
}

/** Whether `text` is a YAML CloudFormation template rather than JSON. */
export function isYamlTemplate(text: string): boolean {
  return !/^\s*[[{]/u.test(text) && YAML_TEMPLATE.test(text);
}

/** Load the key in FILE (`-`: standard input): a key policy, a scenario case, or a key of a template or plan. */
export async function loadKeyFile(path: string, options: LoadKeyFileOptions = {}): Promise<LoadedKeyFile> {
  const text = await readDocumentFile(path, options.maxInputBytes !== undefined ? { maxBytes: options.maxInputBytes } : {});
  const source = sourceName(path);
  return guardNesting(source, () => keyFromText(source, text, options));
}

async function keyFromText(path: string, text: string, options: LoadKeyFileOptions): Promise<LoadedKeyFile> {
  const environment = {
    source: path,
    ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.partition !== undefined ? { partition: options.partition } : {}),
  };
  // Templates and plans load their readers only when a file is one (start-up of a plain policy file).
  if (isYamlTemplate(text)) {
    const { templateFromText } = await import('./cloudformation/load.js');
    return fromTemplate(text, await templateFromText(text, path), options, environment);
  }
  refuseOversizedPolicy(path, text);
  const root = parseJson(text, path);
  if (isCloudFormationTemplate(root)) return fromTemplate(text, root, options, environment);
  if (isTerraformJson(root)) {
    const { terraformPlanKeyAt } = await import('./terraform/load.js');
    const [address, key] = await terraformPlanKeyAt(root as TerraformJson, options.resource, environment);
    return { ...key, format: 'terraform', text, policyPath: '$', resource: address };
  }
  if (isScenario(root)) {
    const { casePath, caseId, ...key } = scenarioKey(text, root, path, {
      ...(options.resource !== undefined ? { caseId: options.resource } : {}),
      ...(options.keyArn !== undefined ? { keyArn: options.keyArn } : {}),
    });
    return { ...key, format: 'scenario', text, policyPath: `${casePath}.keyPolicy`, ...(caseId !== undefined ? { resource: caseId } : {}) };
  }
  if (isJsonObject(root) && root['Statement'] !== undefined) {
    const checked = checkKeyPolicy(text, { source: path }, options.keyArn);
    return { ...checked, source: path, format: 'policy', text, policyPath: '$' };
  }
  throw new LoadError(
    path,
    'format',
    isJsonObject(root)
      ? 'neither a key policy (an object with "Statement"), a scenario file (cases with "keyPolicy"), a CloudFormation template ("Resources") nor Terraform JSON ("planned_values" or "values")'
      : `expected a key policy object, a scenario file, a template or a plan, not ${root === null ? 'null' : Array.isArray(root) ? 'a list' : typeof root}`,
  );
}

async function fromTemplate(text: string, template: JsonValue, options: LoadKeyFileOptions, environment: CloudFormationOptions): Promise<LoadedKeyFile> {
  const cfn: CloudFormationOptions = {
    ...environment,
    ...(options.stackName !== undefined ? { stackName: options.stackName } : {}),
    ...(options.parameters !== undefined ? { parameters: options.parameters } : {}),
  };
  const { cloudFormationKeyAt } = await import('./cloudformation/load.js');
  const [logicalId, key] = await cloudFormationKeyAt(template as Readonly<Record<string, unknown>>, options.resource, cfn);
  return {
    ...key,
    format: 'cloudformation',
    text,
    policyPath: childPath(childPath(childPath(childPath('$', 'Resources'), logicalId), 'Properties'), 'KeyPolicy'),
    resource: logicalId,
  };
}
