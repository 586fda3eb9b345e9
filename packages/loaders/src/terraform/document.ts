/**
 * The parts of `terraform show -json` output the loader reads: the resource instances of the
 * plan's planned_values (or the state's values), what is unknown until apply, and the
 * configuration's references. https://developer.hashicorp.com/terraform/internals/json-format
 */
import type { JsonValue } from '@kmsim/core';
import { LoadError } from '../errors.js';
import { childPath, isJsonObject, type JsonObject } from '../json-path.js';

export interface Instance {
  /** Full address, e.g. `module.kms.aws_kms_key.this["app"]`. */
  readonly address: string;
  /** Address of the module instance, `''` for the root module, e.g. `module.kms` or `module.kms[0]`. */
  readonly module: string;
  readonly type: string;
  readonly name: string;
  readonly index: JsonValue | undefined;
  readonly values: JsonObject;
  /** JSON path of the resource entry in the file. */
  readonly path: string;
  /** `change.after_unknown` of the matching resource_changes entry (plans only). */
  readonly unknown: JsonObject | undefined;
}

export interface TerraformDocument {
  readonly source: string;
  readonly kind: 'plan' | 'state';
  readonly instances: readonly Instance[];
  readonly root: JsonObject;
}

/** Module calls nested deeper than this are refused (real configurations nest a handful). */
const MAX_MODULE_DEPTH = 100;

export function readDocument(source: string, root: JsonValue): TerraformDocument {
  if (!isJsonObject(root)) throw new LoadError(source, 'format', 'not Terraform JSON output: expected an object from `terraform show -json`');
  const version = root['format_version'];
  if (typeof version === 'string' && !version.startsWith('1.')) {
    throw new LoadError(source, 'format', `format_version ${version} is not supported (kmsim reads format 1.x of \`terraform show -json\`)`, {
      path: '$.format_version',
    });
  }
  let kind: 'plan' | 'state';
  let valuesPath: string;
  if (isJsonObject(root['planned_values'])) [kind, valuesPath] = ['plan', '$.planned_values'];
  else if (isJsonObject(root['values'])) [kind, valuesPath] = ['state', '$.values'];
  else if (Array.isArray(root['resources']) && 'lineage' in root) {
    throw new LoadError(source, 'format', 'this is a raw state file; give kmsim the output of `terraform show -json` instead');
  } else if ('format_version' in root)
    return { source, kind: 'state', instances: [], root }; // an empty state
  else throw new LoadError(source, 'format', 'not Terraform JSON output: no planned_values (a plan) or values (a state) — use `terraform show -json`');

  const unknownByAddress = new Map<string, JsonObject>();
  const changes = root['resource_changes'];
  if (Array.isArray(changes)) {
    for (const c of changes) {
      if (!isJsonObject(c) || typeof c['address'] !== 'string' || !isJsonObject(c['change'])) continue;
      const u = c['change']['after_unknown'];
      if (isJsonObject(u)) unknownByAddress.set(c['address'], u);
    }
  }
  const instances: Instance[] = [];
  const values = root[kind === 'plan' ? 'planned_values' : 'values'] as JsonObject;
  const walk = (module: JsonValue | undefined, path: string, moduleAddress: string, depth: number): void => {
    if (!isJsonObject(module)) return;
    if (depth > MAX_MODULE_DEPTH) {
      throw new LoadError(
        source,
        'format',
        `modules nested more than ${MAX_MODULE_DEPTH} levels deep (at ${moduleAddress.length > 80 ? `${moduleAddress.slice(0, 80)}…` : moduleAddress}); kmsim stops there`,
      );
    }
    const resources = module['resources'];
    if (Array.isArray(resources)) {
      resources.forEach((r, i) => {
        if (!isJsonObject(r) || r['mode'] === 'data' || typeof r['address'] !== 'string' || typeof r['type'] !== 'string') return;
        instances.push({
          address: r['address'],
          module: moduleAddress,
          type: r['type'],
          name: typeof r['name'] === 'string' ? r['name'] : '',
          index: r['index'],
          values: isJsonObject(r['values']) ? r['values'] : {},
          path: childPath(childPath(path, 'resources'), i),
          unknown: unknownByAddress.get(r['address']),
        });
      });
    }
    const children = module['child_modules'];
    if (Array.isArray(children)) {
      children.forEach((m, i) => {
        const address = isJsonObject(m) && typeof m['address'] === 'string' ? m['address'] : moduleAddress;
        walk(m, childPath(childPath(path, 'child_modules'), i), address, depth + 1);
      });
    }
  };
  walk(values['root_module'], childPath(valuesPath, 'root_module'), '', 0);
  return { source, kind, instances, root };
}

/** `module.a[0].module.b["x"]` → `['a', 'b']`: the module path in the configuration. */
export function moduleNames(moduleAddress: string): string[] {
  const names: string[] = [];
  for (const m of moduleAddress.matchAll(/module\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?/gu)) names.push(m[1] as string);
  return names;
}

/** The configuration of the module at `names` (module calls from the root), if the plan has one. */
export function configModule(root: JsonObject, names: readonly string[]): JsonObject | undefined {
  const configuration = root['configuration'];
  let module: JsonValue | undefined = isJsonObject(configuration) ? configuration['root_module'] : undefined;
  for (const name of names) {
    if (!isJsonObject(module)) return undefined;
    const calls = module['module_calls'];
    const call = isJsonObject(calls) ? calls[name] : undefined;
    module = isJsonObject(call) ? call['module'] : undefined;
  }
  return isJsonObject(module) ? module : undefined;
}

/** The references of `attribute` of the resource `type.name` in the module at `names`. */
export function referencesOf(root: JsonObject, names: readonly string[], type: string, name: string, attribute: string): string[] {
  const module = configModule(root, names);
  const resources = module?.['resources'];
  if (!Array.isArray(resources)) return [];
  const r = resources.find((x) => isJsonObject(x) && x['type'] === type && x['name'] === name && x['mode'] !== 'data');
  const expressions = isJsonObject(r) ? r['expressions'] : undefined;
  const expression = isJsonObject(expressions) ? expressions[attribute] : undefined;
  const refs = isJsonObject(expression) ? expression['references'] : undefined;
  return Array.isArray(refs) ? refs.filter((x): x is string => typeof x === 'string') : [];
}

/** The AWS provider's region, when the configuration sets it to a constant. */
export function providerRegion(root: JsonObject): string | undefined {
  const configuration = root['configuration'];
  const providers = isJsonObject(configuration) ? configuration['provider_config'] : undefined;
  const aws = isJsonObject(providers) ? providers['aws'] : undefined;
  const expressions = isJsonObject(aws) ? aws['expressions'] : undefined;
  const region = isJsonObject(expressions) ? expressions['region'] : undefined;
  const value = isJsonObject(region) ? region['constant_value'] : undefined;
  return typeof value === 'string' ? value : undefined;
}
