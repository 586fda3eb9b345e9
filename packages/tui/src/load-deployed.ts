/**
 * Inputs that are not policy files: CloudFormation / CDK templates, Terraform plan or state JSON,
 * and live keys through @aws-sdk/client-kms — read with the testkit's loaders, which report every
 * problem as a LoadError (a KmsimError: one line, no stack trace).
 */
import type { JsonValue } from '@kmsim/core';
import {
  loadCloudFormationKeys,
  loadLiveKey,
  loadTerraformPlanKeys,
  LoadError,
  type CloudFormationTemplate,
  type LoadedKey,
  type TerraformJson,
} from '@kmsim/testkit/loaders';
import type { InputWarning, LoadedInput } from './load-input.js';

export interface DeployedOptions {
  /** Which key of a template or plan: a logical id or a Terraform address. */
  readonly resource?: string;
  readonly accountId?: string;
  readonly region?: string;
}

export interface LiveOptions {
  readonly keyId: string;
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
}

type JsonObject = { readonly [key: string]: JsonValue };
const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isCloudFormation(root: JsonValue): boolean {
  return isObject(root) && isObject(root['Resources']);
}

export function isTerraform(root: JsonValue): boolean {
  return isObject(root) && (root['planned_values'] !== undefined || (isObject(root['values']) && root['terraform_version'] !== undefined) || root['resource_changes'] !== undefined);
}

function pick(file: string, keys: Record<string, LoadedKey>, resource: string | undefined, kind: string): [string, LoadedKey] {
  const names = Object.keys(keys);
  if (resource !== undefined) {
    const key = keys[resource];
    if (!key) throw new LoadError(file, 'not-found', `no KMS key with ${kind} "${resource}" (it has: ${names.join(', ') || 'none'})`);
    return [resource, key];
  }
  if (names.length === 1) return [names[0] as string, keys[names[0] as string] as LoadedKey];
  throw new LoadError(
    file,
    names.length === 0 ? 'not-found' : 'ambiguous',
    names.length === 0 ? `no KMS key in this ${kind === 'address' ? 'plan' : 'template'}` : `${names.length} KMS keys (${names.join(', ')}); choose one with --resource`,
  );
}

function asInput(file: string, text: string, format: LoadedInput['format'], policyPath: string, key: LoadedKey, resource?: string): LoadedInput {
  const warnings: InputWarning[] = key.diagnostics.filter((d) => d.severity !== 'info').map((diagnostic) => ({ policy: 'keyPolicy', diagnostic }));
  const arn = key.key?.arn;
  // Before deployment a key has no ARN: the loaders make one up from the logical id or address.
  const notes =
    resource !== undefined && arn !== undefined && arn.endsWith(`:key/${resource}`)
      ? [`${file}: ${resource} has no key ARN before deployment; kmsim uses ${arn} (set the real one with --key-arn)`]
      : [];
  return {
    ...(notes.length ? { notes } : {}),
    file,
    text,
    format,
    policyPath,
    input: {
      keyPolicy: key.keyPolicy,
      ...(key.identityPolicies ? { identityPolicies: key.identityPolicies } : {}),
      ...(key.grants ? { grants: key.grants } : {}),
      ...(key.key ? { key: key.key } : {}),
    },
    warnings,
  };
}

export async function loadTemplateInput(file: string, text: string, root: JsonValue | undefined, options: DeployedOptions): Promise<LoadedInput> {
  const keys = await loadCloudFormationKeys((root as CloudFormationTemplate | undefined) ?? file, {
    source: file,
    ...(options.accountId ? { accountId: options.accountId } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
  const [id, key] = pick(file, keys, options.resource, 'logical id');
  return asInput(file, text, 'cloudformation', `$.Resources.${id}.Properties.KeyPolicy`, key, id);
}

export async function loadTerraformInput(file: string, text: string, root: JsonValue, options: DeployedOptions): Promise<LoadedInput> {
  const keys = await loadTerraformPlanKeys(root as TerraformJson, {
    source: file,
    ...(options.accountId ? { accountId: options.accountId } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
  const [address, key] = pick(file, keys, options.resource, 'address');
  return asInput(file, text, 'terraform', '$', key, address);
}

export async function loadLiveInput(options: LiveOptions): Promise<LoadedInput> {
  // The SDK reads the profile from AWS_PROFILE in its default credential chain.
  if (options.profile) process.env['AWS_PROFILE'] = options.profile;
  const key = await loadLiveKey(options.keyId, {
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  const label = key.key?.arn ?? options.keyId;
  return asInput(label, JSON.stringify(key.keyPolicy, null, 2), 'live', '$', key);
}
