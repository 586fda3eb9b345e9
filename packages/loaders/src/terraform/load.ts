/**
 * KMS keys of a Terraform plan or state, as `terraform show -json` writes them.
 *
 * - `aws_kms_key` (and `aws_kms_external_key`): attribute `policy` (JSON text),
 *   `customer_master_key_spec` / `key_spec`, `key_usage`, `multi_region`, `tags_all` / `tags`.
 * - `aws_kms_key_policy`: its `policy` replaces the policy of the key its `key_id` designates
 *   (see references.ts); when it designates no key of the plan it is returned as a key of its own.
 * - `aws_kms_alias`: its `name` is added to the aliases of the key its `target_key_id` designates.
 * - `aws_kms_grant`: a grant (`grantee_principal`, `operations`, `retiring_principal`, `name`,
 *   `constraints` blocks with `encryption_context_equals` / `encryption_context_subset`) of the key
 *   its `key_id` designates, checked by core's validateGrant (`grantDiagnostics`).
 *
 * A policy that is only known after apply (`after_unknown.policy`) is a LoadError. The key ARN is
 * the `arn` attribute when known, else `arn:${partition}:kms:${region}:${account}:key/${address}`.
 * Results are keyed by resource address.
 */
import type { Grant, JsonValue, KeyAttributes, KeyUsage } from '@kmsim/core';
import { partitionOfRegion } from '../cloudformation/environment.js';
import { LoadError } from '../errors.js';
import { parseJson } from '../json.js';
import { guardNesting } from '../nesting.js';
import { readDocumentFile, sourceName, type InputLimits } from '../read-file.js';
import { childPath, isJsonObject } from '../json-path.js';
import { checkGrants } from '../grants.js';
import { checkKeyPolicy, type LoadedKey } from '../loaded-key.js';
import { providerRegion, readDocument, type Instance, type TerraformDocument } from './document.js';
import { KEY_TYPES, keyOf } from './references.js';

export interface TerraformOptions extends InputLimits {
  /** Account for ARNs not known before apply; default: the account of a known key ARN, else `111122223333`. */
  readonly accountId?: string;
  /** Region for ARNs not known before apply; default: the resource's `region`, the AWS provider's, else `us-east-1`. */
  readonly region?: string;
  readonly partition?: string;
  /** Label for messages and `source` when the plan is passed as an object; default `plan`. */
  readonly source?: string;
}

/** `terraform show -json` output as an object. */
export type TerraformJson = Readonly<Record<string, unknown>>;

const KEY_USAGES: readonly string[] = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE'];

async function readInput(input: string | TerraformJson, options: TerraformOptions): Promise<TerraformDocument> {
  if (typeof input !== 'string') return readDocument(options.source ?? 'plan', input as JsonValue);
  const text = await readDocumentFile(input, options.maxInputBytes !== undefined ? { maxBytes: options.maxInputBytes } : {});
  return readDocument(sourceName(input), parseJson(text, sourceName(input)));
}

function stringMap(value: JsonValue | undefined): Record<string, string> | undefined {
  if (!isJsonObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

interface Context {
  readonly doc: TerraformDocument;
  readonly accountId: string;
  readonly region: string | undefined;
  readonly partition: string | undefined;
}

function keyAttributes(ctx: Context, key: Instance, aliases: readonly string[]): KeyAttributes {
  const v = key.values;
  const str = (name: string): string | undefined => (typeof v[name] === 'string' && v[name] !== '' ? (v[name] as string) : undefined);
  const region = ctx.region ?? str('region') ?? providerRegion(ctx.doc.root) ?? 'us-east-1';
  const arn = str('arn') ?? `arn:${ctx.partition ?? partitionOfRegion(region)}:kms:${region}:${ctx.accountId}:key/${key.address}`;
  const keyUsage = str('key_usage') ?? 'ENCRYPT_DECRYPT';
  if (!KEY_USAGES.includes(keyUsage)) {
    throw new LoadError(ctx.doc.source, 'format', `key_usage "${keyUsage}" is not a KMS key usage`, {
      resource: key.address,
      path: childPath(childPath(key.path, 'values'), 'key_usage'),
    });
  }
  const origin =
    key.type === 'aws_kms_external_key' ? 'EXTERNAL' : str('custom_key_store_id') ? (str('xks_key_id') ? 'EXTERNAL_KEY_STORE' : 'AWS_CLOUDHSM') : 'AWS_KMS';
  return {
    arn,
    keySpec: str('customer_master_key_spec') ?? str('key_spec') ?? 'SYMMETRIC_DEFAULT',
    keyUsage: keyUsage as KeyUsage,
    origin,
    multiRegion: v['multi_region'] === true,
    tags: stringMap(v['tags_all']) ?? stringMap(v['tags']) ?? {},
    aliases,
  };
}

/** The `policy` attribute's text; a LoadError when it is only known after apply or missing. */
function policyText(doc: TerraformDocument, r: Instance, note = ''): string {
  const policy = r.values['policy'];
  const path = childPath(childPath(r.path, 'values'), 'policy');
  if (typeof policy === 'string' && policy !== '') return policy;
  if (r.unknown?.['policy'] === true) {
    throw new LoadError(
      doc.source,
      'unknown-after-apply',
      `the policy is only known after apply, so kmsim cannot check it from this plan${note}; apply first and load the state (terraform show -json), or make the policy a known value (e.g. jsonencode with known ARNs)`,
      {
        resource: r.address,
        path,
      },
    );
  }
  throw new LoadError(doc.source, 'format', `${r.type} has no policy attribute`, { resource: r.address, path });
}

function loaded(ctx: Context, owner: Instance, text: string, key: KeyAttributes, grants: readonly Grant[] = []): LoadedKey {
  const origin = {
    source: ctx.doc.source,
    resource: owner.address,
    path: childPath(childPath(owner.path, 'values'), 'policy'),
    what: 'the policy attribute',
    embedded: true,
  };
  const withGrants =
    grants.length === 0 ? {} : { grants, grantDiagnostics: checkGrants(grants, key, { source: ctx.doc.source, resource: owner.address, path: '$.grants' }) };
  return { ...checkKeyPolicy(text, origin, key.arn), key, ...withGrants, source: `${ctx.doc.source}#${owner.address}` };
}

/** An `aws_kms_grant` in kmsim's grant spelling; a grantee or operations only known after apply is a LoadError. */
function grantOf(doc: TerraformDocument, g: Instance): Grant {
  const v = g.values;
  const at = (name: string): string => childPath(childPath(g.path, 'values'), name);
  for (const name of ['grantee_principal', 'operations']) {
    if (g.unknown?.[name] === true) {
      throw new LoadError(
        doc.source,
        'unknown-after-apply',
        `the grant's ${name} is only known after apply, so kmsim cannot evaluate the grant from this plan`,
        {
          resource: g.address,
          path: at(name),
        },
      );
    }
  }
  const grantee = v['grantee_principal'];
  const operations = v['operations'];
  if (typeof grantee !== 'string' || !Array.isArray(operations) || !operations.every((o) => typeof o === 'string')) {
    throw new LoadError(doc.source, 'format', 'aws_kms_grant needs a string grantee_principal and a list of operations', { resource: g.address, path: g.path });
  }
  // The constraints block (a list in the JSON output; KMS takes one Constraints object): its maps merged.
  const blocks = Array.isArray(v['constraints']) ? v['constraints'].filter(isJsonObject) : [];
  const equals = blocks.map((b) => stringMap(b['encryption_context_equals'] ?? undefined)).find((m) => m !== undefined && Object.keys(m).length > 0);
  const subset = blocks.map((b) => stringMap(b['encryption_context_subset'] ?? undefined)).find((m) => m !== undefined && Object.keys(m).length > 0);
  const retiring = v['retiring_principal'];
  const name = v['name'];
  return {
    granteePrincipal: grantee,
    operations: operations as string[],
    ...(equals || subset
      ? { constraints: { ...(equals ? { encryptionContextEquals: equals } : {}), ...(subset ? { encryptionContextSubset: subset } : {}) } }
      : {}),
    ...(typeof retiring === 'string' && retiring !== '' ? { retiringPrincipal: retiring } : {}),
    ...(typeof name === 'string' && name !== '' ? { name } : {}),
  };
}

interface Loaded {
  readonly source: string;
  readonly keys: Record<string, LoadedKey>;
  readonly declared: readonly string[];
}

async function load(input: string | TerraformJson, options: TerraformOptions, only?: string): Promise<Loaded> {
  const doc = await readInput(input, options);
  const keys = doc.instances.filter((r) => KEY_TYPES.has(r.type));
  const knownArn = keys.map((k) => k.values['arn']).find((a): a is string => typeof a === 'string' && a.startsWith('arn:'));
  const ctx: Context = {
    doc,
    accountId: options.accountId ?? knownArn?.split(':')[4] ?? '111122223333',
    region: options.region,
    partition: options.partition,
  };

  const policies = new Map<Instance, Instance>(); // key → its aws_kms_key_policy
  const standalone: Instance[] = [];
  for (const p of doc.instances.filter((r) => r.type === 'aws_kms_key_policy')) {
    const key = keyOf(doc, p, 'key_id', keys);
    if (!key) standalone.push(p);
    else if (policies.has(key)) {
      const other = policies.get(key) as Instance;
      throw new LoadError(doc.source, 'ambiguous', `${other.address} and ${p.address} both set the policy of ${key.address}`, {
        resource: p.address,
        path: p.path,
      });
    } else policies.set(key, p);
  }
  const aliases = new Map<Instance, string[]>();
  for (const a of doc.instances.filter((r) => r.type === 'aws_kms_alias')) {
    const key = keyOf(doc, a, 'target_key_id', keys);
    if (!key) continue;
    const name = a.values['name'];
    if (typeof name !== 'string') {
      throw new LoadError(
        doc.source,
        'unknown-after-apply',
        'the alias name is only known after apply (name_prefix?), so kms:ResourceAliases cannot be evaluated',
        {
          resource: a.address,
          path: childPath(childPath(a.path, 'values'), 'name'),
        },
      );
    }
    aliases.set(key, [...(aliases.get(key) ?? []), name]);
  }

  const grants = new Map<Instance, Grant[]>();
  for (const g of doc.instances.filter((r) => r.type === 'aws_kms_grant')) {
    const key = keyOf(doc, g, 'key_id', keys);
    if (key) grants.set(key, [...(grants.get(key) ?? []), grantOf(doc, g)]);
  }

  const out: Record<string, LoadedKey> = {};
  const declared = [...keys, ...standalone].map((r) => r.address);
  for (const k of keys) {
    if (only !== undefined && k.address !== only) continue;
    const attributes = keyAttributes(ctx, k, aliases.get(k) ?? []);
    const attached = policies.get(k);
    out[k.address] = attached
      ? loaded(ctx, attached, policyText(doc, attached), attributes, grants.get(k))
      : loaded(ctx, k, policyText(doc, k, ' (no aws_kms_key_policy sets it either)'), attributes, grants.get(k));
  }
  for (const p of standalone) {
    if (only !== undefined && p.address !== only) continue;
    const id = p.values['key_id'];
    const region = ctx.region ?? providerRegion(doc.root) ?? 'us-east-1';
    const arn =
      typeof id === 'string' && id.startsWith('arn:')
        ? id
        : `arn:${ctx.partition ?? partitionOfRegion(region)}:kms:${region}:${ctx.accountId}:key/${typeof id === 'string' && id !== '' ? id : p.address}`;
    out[p.address] = loaded(ctx, p, policyText(doc, p), { arn });
  }
  return { source: doc.source, keys: out, declared };
}

/** Every KMS key of a Terraform plan or state (`terraform show -json`), by resource address. */
export async function loadTerraformPlanKeys(input: string | TerraformJson, options: TerraformOptions = {}): Promise<Record<string, LoadedKey>> {
  return (await guardNesting(typeof input === 'string' ? sourceName(input) : (options.source ?? 'plan'), () => load(input, options))).keys;
}

/** The plan's only KMS key, or the one at `address`. */
export async function loadTerraformPlanKey(input: string | TerraformJson, address?: string, options: TerraformOptions = {}): Promise<LoadedKey> {
  return (await terraformPlanKeyAt(input, address, options))[1];
}

/** The plan's only KMS key, or the one at `address`, with its address. */
export async function terraformPlanKeyAt(input: string | TerraformJson, address: string | undefined, options: TerraformOptions): Promise<[string, LoadedKey]> {
  const { source, keys, declared } = await guardNesting(typeof input === 'string' ? sourceName(input) : (options.source ?? 'plan'), () =>
    load(input, options, address),
  );
  const addresses = Object.keys(keys);
  if (address !== undefined) {
    const key = keys[address];
    if (key) return [address, key];
    throw new LoadError(source, 'not-found', `no KMS key at this address (the plan has: ${declared.join(', ') || 'none'})`, { resource: address });
  }
  const only = addresses[0];
  if (addresses.length === 1 && only !== undefined) return [only, keys[only] as LoadedKey];
  if (addresses.length === 0) throw new LoadError(source, 'not-found', 'the plan has no aws_kms_key or aws_kms_key_policy resource');
  throw new LoadError(
    source,
    'ambiguous',
    `the plan has ${addresses.length} KMS keys (${addresses.join(', ')}); choose one with --resource (kmsim) or the address argument`,
  );
}
