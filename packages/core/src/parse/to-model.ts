/**
 * Lenient conversion of a JSON value into the policy model. It never throws: elements of the
 * wrong type are dropped here (so they can never match) and reported by `parseKeyPolicy`'s checks.
 */
import type { ConditionClause, ConditionValue, JsonValue, Policy, PrincipalSet, Statement } from '../model/policy.js';
import { childPath } from './json-path.js';
import { isObject as isPlainObject } from '../common/guards.js';

type JsonObject = { [key: string]: JsonValue };

export const isObject = (value: unknown): value is JsonObject => isPlainObject<JsonValue>(value);

/** Element names are case-sensitive in IAM's grammar; look them up exactly. */
function field(obj: JsonObject, name: string): JsonValue | undefined {
  return Object.hasOwn(obj, name) ? obj[name] : undefined;
}

function stringList(value: JsonValue | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function principalSet(value: JsonValue | undefined): PrincipalSet | undefined {
  if (value === undefined) return undefined;
  const empty = { wildcard: false, aws: [], service: [], federated: [], canonicalUser: [] };
  if (value === '*') return { ...empty, wildcard: true };
  if (!isObject(value)) return empty;
  const aws = stringList(field(value, 'AWS')) ?? [];
  return {
    // IAM: `"Principal": "*"` and `"Principal": {"AWS": "*"}` are equivalent.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html (All principals)
    wildcard: aws.includes('*'),
    aws: aws.filter((a) => a !== '*'),
    service: stringList(field(value, 'Service')) ?? [],
    federated: stringList(field(value, 'Federated')) ?? [],
    canonicalUser: stringList(field(value, 'CanonicalUser')) ?? [],
  };
}

function conditionValues(value: JsonValue): ConditionValue[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is ConditionValue => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
}

function conditions(value: JsonValue | undefined, path: string): ConditionClause[] {
  if (!isObject(value)) return [];
  const out: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (!isObject(block)) continue;
    const opPath = childPath(path, operator);
    for (const [key, raw] of Object.entries(block)) {
      out.push({ operator, key, values: conditionValues(raw), path: childPath(opPath, key) });
    }
  }
  return out;
}

function statement(value: JsonValue, index: number, path: string): Statement {
  const obj = isObject(value) ? value : {};
  const effect = field(obj, 'Effect');
  const sid = field(obj, 'Sid');
  return {
    index,
    path,
    sid: typeof sid === 'string' ? sid : undefined,
    effect: effect === 'Allow' || effect === 'Deny' ? effect : undefined,
    principal: principalSet(field(obj, 'Principal')),
    notPrincipal: principalSet(field(obj, 'NotPrincipal')),
    action: stringList(field(obj, 'Action')),
    notAction: stringList(field(obj, 'NotAction')),
    resource: stringList(field(obj, 'Resource')),
    notResource: stringList(field(obj, 'NotResource')),
    conditions: conditions(field(obj, 'Condition'), childPath(path, 'Condition')),
    source: value,
  };
}

/** Build the model from a parsed JSON document. A single Statement object counts as a list of one. */
export function toPolicy(document: JsonValue): Policy {
  const doc = isObject(document) ? document : {};
  const version = field(doc, 'Version');
  const id = field(doc, 'Id');
  const raw = field(doc, 'Statement');
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const single = raw !== undefined && !Array.isArray(raw);
  return {
    version: typeof version === 'string' ? version : undefined,
    id: typeof id === 'string' ? id : undefined,
    statements: list.map((s, i) => statement(s, i, single ? '$.Statement' : `$.Statement[${i}]`)),
  };
}
