/**
 * Reading scenario files: an array of cases, one case, or `{ "cases": [...] }`. Problems are
 * ScenarioError with the file and the case named; nothing else is thrown.
 */
import { ScenarioError } from '../errors.js';
import { isObject } from '../parse/to-model.js';
import { parseJsonText } from '../parse/json-text.js';
import type { JsonValue } from '../model/policy.js';
import type { ScenarioCase } from './types.js';
import { validateGrant } from '../validate/grant.js';

const DECISIONS = new Set(['Allow', 'ExplicitDeny', 'ImplicitDeny']);

function checkCase(value: JsonValue, where: string): ScenarioCase {
  if (!isObject(value)) throw new ScenarioError(where, 'a case must be a JSON object');
  const id = value['id'];
  const at = typeof id === 'string' ? `${where} (${id})` : where;
  if (typeof id !== 'string' || id === '') throw new ScenarioError(where, 'a case needs a string "id"');
  if (typeof value['policyText'] === 'string') {
    const ev = value['expectedValid'];
    if (ev !== undefined && typeof ev !== 'boolean') throw new ScenarioError(at, '"expectedValid" must be true or false');
    return value as unknown as ScenarioCase;
  }
  if (value['keyPolicy'] === undefined) throw new ScenarioError(at, 'a case needs "keyPolicy" (an evaluation case) or "policyText" (a validation case)');
  const request = value['request'];
  if (!isObject(request)) throw new ScenarioError(at, 'an evaluation case needs a "request" object');
  if (typeof request['principal'] !== 'string') throw new ScenarioError(at, 'request.principal must be a string');
  if (typeof request['action'] !== 'string') throw new ScenarioError(at, 'request.action must be a string');
  const ctx = request['context'];
  if (ctx !== undefined && !isObject(ctx)) throw new ScenarioError(at, 'request.context must be an object');
  const expected = value['expected'];
  if (expected !== undefined && (typeof expected !== 'string' || !DECISIONS.has(expected))) {
    throw new ScenarioError(at, '"expected" must be "Allow", "ExplicitDeny" or "ImplicitDeny"');
  }
  const ip = value['identityPolicies'];
  if (ip !== undefined && !isObject(ip)) throw new ScenarioError(at, '"identityPolicies" must map principal ARNs to lists of policies');
  const grants = value['grants'];
  if (grants !== undefined && !Array.isArray(grants)) throw new ScenarioError(at, '"grants" must be a list');
  // A grant the evaluator cannot read (no grantee, no operations, constraints of the wrong shape)
  // stops the case; what CreateGrant would refuse but can be evaluated as written is validateGrant's.
  for (const [i, g] of (grants ?? []).entries()) {
    const shape = validateGrant(g, undefined, { path: `grants[${i}]` }).find((d) => d.code === 'grant-invalid');
    if (shape) throw new ScenarioError(at, `${shape.path}: ${shape.message}`);
  }
  return value as unknown as ScenarioCase;
}

export function readScenarios(text: string, location: string): ScenarioCase[] {
  const parsed = parseJsonText(text);
  if (parsed.value === undefined || parsed.diagnostics.some((d) => d.code === 'invalid-json')) {
    const d = parsed.diagnostics[0];
    throw new ScenarioError(
      location,
      `not valid JSON${d?.line ? ` (line ${d.line}, column ${d.column})` : ''}: ${d?.message.replace(/^Invalid JSON:? */, '') || 'unreadable'}`,
    );
  }
  const root = parsed.value;
  const list = Array.isArray(root) ? root : isObject(root) && Array.isArray(root['cases']) ? root['cases'] : isObject(root) ? [root] : undefined;
  if (!list) throw new ScenarioError(location, 'expected a list of cases, one case, or {"cases": [...]}');
  const seen = new Set<string>();
  return list.map((c, i) => {
    const out = checkCase(c, `${location}[${i}]`);
    if (seen.has(out.id)) throw new ScenarioError(`${location}[${i}]`, `duplicate case id "${out.id}"`);
    seen.add(out.id);
    return out;
  });
}
