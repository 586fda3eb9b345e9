/**
 * Which key an aws_kms_key_policy or aws_kms_alias belongs to. When `key_id` / `target_key_id` is
 * known (a state, or a plan for existing keys) it is matched against the keys' ids and ARNs.
 * In a plan it is usually unknown until apply; then the configuration's references tell:
 * `aws_kms_key.this.arn` in the same module, through module outputs (`module.kms.key_arn`) and
 * input variables (`var.key_arn`).
 */
import type { JsonValue } from '@kmsim/core';
import { LoadError } from '../errors.js';
import { isJsonObject } from '../json-path.js';
import { configModule, moduleNames, referencesOf, type Instance, type TerraformDocument } from './document.js';

export const KEY_TYPES = new Set(['aws_kms_key', 'aws_kms_external_key']);

interface Target {
  readonly names: readonly string[];
  readonly type: string;
  readonly name: string;
  /** The instance key written in the reference (`aws_kms_key.this[0]`), if any. */
  readonly index?: JsonValue;
}

function follow(root: Parameters<typeof configModule>[0], names: readonly string[], refs: readonly string[], depth: number): Target | undefined {
  if (depth > 16) return undefined;
  for (const ref of refs) {
    const resource = /^(aws_kms_(?:external_)?key)\.([\w-]+)(?:\[([^\]]+)\])?/u.exec(ref);
    if (resource) {
      let index: JsonValue | undefined;
      try {
        index = resource[3] === undefined ? undefined : (JSON.parse(resource[3]) as JsonValue);
      } catch {
        index = undefined; // count.index, each.key …: not a literal
      }
      return { names, type: resource[1] as string, name: resource[2] as string, ...(index !== undefined ? { index } : {}) };
    }
    const output = /^module\.([\w-]+)\.([\w-]+)/u.exec(ref);
    if (output) {
      const child = [...names, output[1] as string];
      const outputs = configModule(root, child)?.['outputs'];
      const def = isJsonObject(outputs) ? outputs[output[2] as string] : undefined;
      const expression = isJsonObject(def) ? def['expression'] : undefined;
      const inner = isJsonObject(expression) && Array.isArray(expression['references']) ? expression['references'] : [];
      const found = follow(
        root,
        child,
        inner.filter((x): x is string => typeof x === 'string'),
        depth + 1,
      );
      if (found) return found;
      continue;
    }
    const variable = /^var\.([\w-]+)/u.exec(ref);
    if (variable && names.length > 0) {
      const parentNames = names.slice(0, -1);
      const calls = configModule(root, parentNames)?.['module_calls'];
      const call = isJsonObject(calls) ? calls[names[names.length - 1] as string] : undefined;
      const expressions = isJsonObject(call) ? call['expressions'] : undefined;
      const expression = isJsonObject(expressions) ? expressions[variable[1] as string] : undefined;
      const inner = isJsonObject(expression) && Array.isArray(expression['references']) ? expression['references'] : [];
      const found = follow(
        root,
        parentNames,
        inner.filter((x): x is string => typeof x === 'string'),
        depth + 1,
      );
      if (found) return found;
    }
  }
  return undefined;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function matchesId(key: Instance, id: string): boolean {
  const v = key.values;
  return v['key_id'] === id || v['id'] === id || v['arn'] === id || (typeof v['arn'] === 'string' && v['arn'].endsWith(`:key/${id}`));
}

/**
 * The key `from.values[attribute]` designates, or undefined when it designates no key of the
 * document (a key managed elsewhere, or a reference kmsim cannot follow).
 */
export function keyOf(doc: TerraformDocument, from: Instance, attribute: string, keys: readonly Instance[]): Instance | undefined {
  const known = from.values[attribute];
  if (typeof known === 'string' && known !== '') return keys.find((k) => matchesId(k, known));
  const target = follow(doc.root, moduleNames(from.module), referencesOf(doc.root, moduleNames(from.module), from.type, from.name, attribute), 0);
  if (!target) return undefined;
  let candidates = keys.filter((k) => k.type === target.type && k.name === target.name && sameNames(moduleNames(k.module), target.names));
  if (target.index !== undefined) candidates = candidates.filter((k) => JSON.stringify(k.index) === JSON.stringify(target.index));
  if (candidates.length > 1)
    candidates = candidates.filter((k) => k.module === from.module || from.module.startsWith(`${k.module}.`) || k.module.startsWith(`${from.module}.`));
  if (candidates.length > 1 && from.index !== undefined) candidates = candidates.filter((k) => JSON.stringify(k.index) === JSON.stringify(from.index));
  if (candidates.length > 1) {
    throw new LoadError(
      doc.source,
      'ambiguous',
      `${attribute} refers to ${candidates.length} key instances (${candidates.map((k) => k.address).join(', ')}); kmsim cannot tell which`,
      {
        resource: from.address,
        path: from.path,
      },
    );
  }
  return candidates[0];
}
