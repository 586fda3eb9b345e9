/**
 * AWS::KMS::Key resources of a CloudFormation template (hand-written or synthesized by the CDK,
 * `cdk.out/*.template.json`), with intrinsic functions resolved (see resolver.ts). A file is JSON
 * when its text starts with `{`, and YAML otherwise (short forms like `!Sub`: see yaml-template.ts).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html
 *
 * Per key: KeyPolicy (absent → the default key policy KMS applies), KeySpec (default
 * SYMMETRIC_DEFAULT), KeyUsage (default ENCRYPT_DECRYPT), Origin (default AWS_KMS), MultiRegion,
 * Tags, and the names of AWS::KMS::Alias resources that target it. The key ARN is synthesized:
 * `arn:${partition}:kms:${region}:${account}:key/${logicalId}`. A key whose Condition is false
 * is not created, so it is not returned.
 */
import { programmaticDefaultKeyPolicy, type JsonValue, type KeyAttributes, type KeyUsage } from '@kmsim/core';
import { LoadError } from '../errors.js';
import { parseJson } from '../json.js';
import { guardNesting } from '../nesting.js';
import { readDocumentFile, sourceName } from '../read-file.js';
import { childPath, isJsonObject, type JsonObject } from '../json-path.js';
import { checkKeyPolicy, type LoadedKey } from '../loaded-key.js';
import { createEnvironment, keyArnOf, type CloudFormationOptions, type Environment } from './environment.js';
import { checkParameters } from './parameters.js';
import { NO_VALUE, Resolver } from './resolver.js';

/** A template as an object (what `JSON.parse` of a template gives). */
export type CloudFormationTemplate = Readonly<Record<string, unknown>>;

const KEY_USAGES: readonly KeyUsage[] = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE'];

async function readTemplate(input: string | CloudFormationTemplate, options: CloudFormationOptions): Promise<{ source: string; template: JsonObject }> {
  if (typeof input !== 'string') {
    const source = options.source ?? 'template';
    if (!isJsonObject(input)) throw new LoadError(source, 'format', 'a CloudFormation template must be an object');
    return { source, template: input };
  }
  const text = await readDocumentFile(input, options.maxInputBytes !== undefined ? { maxBytes: options.maxInputBytes } : {});
  return { source: sourceName(input), template: await templateFromText(text, sourceName(input)) };
}

/** The template in `text`: JSON when it starts with `{`, else YAML (the YAML parser is loaded only then). */
export async function templateFromText(text: string, source: string): Promise<JsonObject> {
  const isJson = text.trimStart().startsWith('{');
  const template = isJson ? parseJson(text, source) : (await import('./yaml-template.js')).parseYamlTemplate(text, source);
  if (!isJsonObject(template)) throw new LoadError(source, 'format', `a CloudFormation template must be a ${isJson ? 'JSON object' : 'YAML mapping'}`);
  return template;
}

function resourcesOf(source: string, template: JsonObject): JsonObject {
  const resources = template['Resources'];
  if (!isJsonObject(resources)) throw new LoadError(source, 'format', 'not a CloudFormation template: it has no "Resources" object', { path: '$.Resources' });
  for (const id of Object.keys(resources)) {
    if (id.startsWith('Fn::ForEach')) {
      throw new LoadError(source, 'unresolvable', 'Fn::ForEach (AWS::LanguageExtensions) is not supported; it could create keys kmsim would not see', {
        resource: id,
        path: childPath('$.Resources', id),
      });
    }
  }
  return resources;
}

function typeOf(resource: JsonValue | undefined): string | undefined {
  return isJsonObject(resource) && typeof resource['Type'] === 'string' ? resource['Type'] : undefined;
}

/** Whether the resource's Condition (if any) holds. */
function isCreated(logicalId: string, r: JsonObject, resolver: Resolver): boolean {
  const condition = r['Condition'];
  if (condition === undefined) return true;
  const at = childPath(childPath('$.Resources', logicalId), 'Condition');
  if (typeof condition !== 'string') return resolver.fail(at, 'Condition must be a condition name', 'format');
  return resolver.condition(condition, at);
}

/** The alias names that AWS::KMS::Alias resources give the key `logicalId`. */
function aliasesOf(env: Environment, logicalId: string): string[] {
  const names: string[] = [];
  for (const [id, r] of Object.entries(env.resources)) {
    if (typeOf(r) !== 'AWS::KMS::Alias' || !isJsonObject(r)) continue;
    const props = isJsonObject(r['Properties']) ? r['Properties'] : {};
    const target = props['TargetKeyId'];
    const targets =
      isJsonObject(target) &&
      (target['Ref'] === logicalId ||
        (Array.isArray(target['Fn::GetAtt']) && target['Fn::GetAtt'][0] === logicalId) ||
        (typeof target['Fn::GetAtt'] === 'string' && target['Fn::GetAtt'].startsWith(`${logicalId}.`)));
    if (!targets) continue;
    const resolver = new Resolver(env, id);
    if (!isCreated(id, r, resolver)) continue;
    const base = childPath(childPath('$.Resources', id), 'Properties');
    names.push(resolver.string(props['AliasName'] ?? null, childPath(base, 'AliasName'), 'AliasName'));
  }
  return names;
}

function loadKey(env: Environment, logicalId: string, r: JsonObject): LoadedKey | undefined {
  const resolver = new Resolver(env, logicalId);
  if (!isCreated(logicalId, r, resolver)) return undefined;
  const base = childPath(childPath('$.Resources', logicalId), 'Properties');
  const rawProps = r['Properties'] ?? {};
  if (!isJsonObject(rawProps)) return resolver.fail(base, 'Properties must be an object', 'format');
  const optional = (name: string, fallback: string): string => resolver.optionalString(rawProps[name], childPath(base, name), name, fallback);

  const keyUsage = optional('KeyUsage', 'ENCRYPT_DECRYPT');
  if (!(KEY_USAGES as readonly string[]).includes(keyUsage))
    resolver.fail(childPath(base, 'KeyUsage'), `KeyUsage "${keyUsage}" is not a KMS key usage`, 'format');
  const multiRegion = optional('MultiRegion', 'false');
  if (multiRegion !== 'true' && multiRegion !== 'false') resolver.fail(childPath(base, 'MultiRegion'), 'MultiRegion must be true or false', 'format');
  const key: KeyAttributes = {
    arn: keyArnOf(env, logicalId),
    keySpec: optional('KeySpec', 'SYMMETRIC_DEFAULT'),
    keyUsage: keyUsage as KeyUsage,
    origin: optional('Origin', 'AWS_KMS'),
    multiRegion: multiRegion === 'true',
    tags: tagsOf(resolver, rawProps['Tags'], childPath(base, 'Tags')),
    aliases: aliasesOf(env, logicalId),
  };

  const policyPath = childPath(base, 'KeyPolicy');
  const raw = rawProps['KeyPolicy'];
  const policy =
    raw === undefined
      ? (programmaticDefaultKeyPolicy({ account: env.accountId, partition: env.partition }) as unknown as JsonValue)
      : resolver.resolve(raw, policyPath);
  if (policy === NO_VALUE) return resolver.fail(policyPath, 'KeyPolicy resolves to AWS::NoValue; leave it out to get the default key policy', 'format');
  const origin = { source: env.source, resource: logicalId, path: policyPath, what: 'the KeyPolicy', embedded: typeof policy === 'string' };
  const checked = checkKeyPolicy(policy, origin, key.arn);
  return { ...checked, key, source: `${env.source}#${logicalId}` };
}

function tagsOf(resolver: Resolver, raw: JsonValue | undefined, path: string): Record<string, string> {
  const tags: Record<string, string> = {};
  if (raw === undefined) return tags;
  const list = resolver.resolve(raw, path);
  if (!Array.isArray(list)) return resolver.fail(path, 'Tags must be a list of { "Key": …, "Value": … }', 'format');
  list.forEach((t, i) => {
    if (!isJsonObject(t) || typeof t['Key'] !== 'string' || typeof t['Value'] !== 'string') {
      resolver.fail(childPath(path, i), 'a tag must be { "Key": string, "Value": string }', 'format');
    }
    tags[t['Key'] as string] = t['Value'] as string;
  });
  return tags;
}

interface Loaded {
  readonly source: string;
  readonly keys: Record<string, LoadedKey>;
  /** Every AWS::KMS::Key in the template, created or not. */
  readonly declared: readonly string[];
}

async function load(input: string | CloudFormationTemplate, options: CloudFormationOptions, only?: string): Promise<Loaded> {
  const { source, template } = await readTemplate(input, options);
  const resources = resourcesOf(source, template);
  const env = createEnvironment(source, template, resources, options);
  checkParameters(source, template, env.parameters);
  const keys: Record<string, LoadedKey> = {};
  const declared: string[] = [];
  for (const [id, r] of Object.entries(resources)) {
    if (typeOf(r) !== 'AWS::KMS::Key' || !isJsonObject(r)) continue;
    declared.push(id);
    if (only !== undefined && id !== only) continue;
    const loaded = loadKey(env, id, r);
    if (loaded) keys[id] = loaded;
  }
  return { source, keys, declared };
}

/** Every AWS::KMS::Key of a JSON or YAML template (a file or an object), by logical id. */
export async function loadCloudFormationKeys(input: string | CloudFormationTemplate, options: CloudFormationOptions = {}): Promise<Record<string, LoadedKey>> {
  return (await guardNesting(typeof input === 'string' ? sourceName(input) : (options.source ?? 'template'), () => load(input, options))).keys;
}

/** The template's only AWS::KMS::Key, or the one named `logicalId`. */
export async function loadCloudFormationKey(
  input: string | CloudFormationTemplate,
  logicalId?: string,
  options: CloudFormationOptions = {},
): Promise<LoadedKey> {
  return (await cloudFormationKeyAt(input, logicalId, options))[1];
}

/** The template's only AWS::KMS::Key, or the one named `logicalId`, with its logical id. */
export async function cloudFormationKeyAt(
  input: string | CloudFormationTemplate,
  logicalId: string | undefined,
  options: CloudFormationOptions,
): Promise<[string, LoadedKey]> {
  const { source, keys, declared } = await guardNesting(typeof input === 'string' ? sourceName(input) : (options.source ?? 'template'), () =>
    load(input, options, logicalId),
  );
  const ids = Object.keys(keys);
  if (logicalId !== undefined) {
    const key = keys[logicalId];
    if (key) return [logicalId, key];
    const why = declared.includes(logicalId)
      ? 'its Condition is false, so the stack would not create it'
      : `the template has no AWS::KMS::Key of that name (it has: ${declared.join(', ') || 'none'})`;
    throw new LoadError(source, 'not-found', why, { resource: logicalId });
  }
  const only = ids[0];
  if (ids.length === 1 && only !== undefined) return [only, keys[only] as LoadedKey];
  if (ids.length === 0) throw new LoadError(source, 'not-found', 'the template has no AWS::KMS::Key resource');
  throw new LoadError(
    source,
    'ambiguous',
    `the template has ${ids.length} AWS::KMS::Key resources (${ids.join(', ')}); choose one with --resource (kmsim) or the logicalId argument`,
  );
}
