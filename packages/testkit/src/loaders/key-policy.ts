/**
 * Key policy files and scenario files.
 *
 * - A key policy file is one policy document. It is checked by core's `parseKeyPolicy`: invalid
 *   JSON, over 32 KB or not an object is a LoadError with line and column; statement-level
 *   findings come back as `diagnostics`.
 * - A scenario file (the shared/conformance case format) gives the key of its first evaluation
 *   case (or the one named): key policy, identity policies, grants and key attributes.
 */
import { parseIdentityPolicy, readScenarios, ScenarioError, type EvaluationCase, type KeyAttributes, type ScenarioCase } from '@kmsim/core';
import { LoadError } from './errors.js';
import { readTextFile } from './json-file.js';
import { isJsonObject } from './json-path.js';
import { checkKeyPolicy, type LoadedKey } from './loaded-key.js';

export interface LoadKeyPolicyOptions {
  /** The key the policy is attached to (ARN, key spec, tags …). Without it the evaluator's default applies. */
  readonly key?: KeyAttributes;
}

export interface LoadScenarioKeyOptions {
  /** The case to take; by default the file's first evaluation case. */
  readonly caseId?: string;
}

/** A scenario file rather than a policy: a list of cases, `{ "cases": [...] }`, or one case. */
function looksLikeScenario(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (!isJsonObject(value) || 'Statement' in value) return false;
  return Array.isArray(value['cases']) || ('keyPolicy' in value && 'request' in value);
}

/**
 * Load a key policy JSON file. A scenario file is accepted too (see `loadScenarioKey`);
 * `options.key` then overrides the case's key.
 */
export async function loadKeyPolicy(path: string, options: LoadKeyPolicyOptions = {}): Promise<LoadedKey> {
  const text = await readTextFile(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined; // parseKeyPolicy reports the syntax error with its line and column
  }
  if (isJsonObject(value) && !('Statement' in value)) {
    const other = 'Resources' in value ? 'a CloudFormation template (use loadCloudFormationKey)' : 'format_version' in value ? 'Terraform JSON (use loadTerraformPlanKey)' : undefined;
    if (other) throw new LoadError(path, 'format', `this is ${other}, not a key policy`);
  }
  if (looksLikeScenario(value)) {
    const loaded = scenarioKey(text, path, {});
    return options.key ? { ...loaded, key: options.key } : loaded;
  }
  const { keyPolicy, diagnostics } = checkKeyPolicy(text, { source: path }, options.key);
  return { keyPolicy, diagnostics, source: path, ...(options.key ? { key: options.key } : {}) };
}

/** Load the key of a scenario file's first evaluation case (or of `options.caseId`). */
export async function loadScenarioKey(path: string, options: LoadScenarioKeyOptions = {}): Promise<LoadedKey> {
  return scenarioKey(await readTextFile(path), path, options);
}

function isEvaluationCase(c: ScenarioCase): c is EvaluationCase {
  return 'keyPolicy' in c;
}

function scenarioKey(text: string, path: string, options: LoadScenarioKeyOptions): LoadedKey {
  let cases: ScenarioCase[];
  try {
    cases = readScenarios(text, path);
  } catch (e) {
    if (e instanceof ScenarioError) {
      // ScenarioError's message already names the file and case; keep the line/column it found.
      const prefix = `${e.location}: `;
      const detail = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
      const at = /\(line (\d+), column (\d+)\)/u.exec(detail);
      const caseAt = e.location.startsWith(path) ? e.location.slice(path.length).trim() : '';
      throw new LoadError(path, at ? 'json' : 'format', `not a usable scenario file: ${detail}`, {
        ...(caseAt !== '' ? { resource: `case ${caseAt}` } : {}),
        ...(at ? { line: Number(at[1]), column: Number(at[2]) } : {}),
        cause: e,
      });
    }
    throw e;
  }
  const index = options.caseId === undefined ? cases.findIndex(isEvaluationCase) : cases.findIndex((c) => c.id === options.caseId);
  const found = cases[index];
  if (found === undefined) {
    const what = options.caseId === undefined ? 'no evaluation case (one with "keyPolicy")' : `no case with id "${options.caseId}"`;
    throw new LoadError(path, 'not-found', `the scenario file has ${what}`);
  }
  if (!isEvaluationCase(found)) throw new LoadError(path, 'format', `case "${found.id}" is a validation case; it has no key policy`);
  const resource = `case "${found.id}"`;
  const root: unknown = JSON.parse(text);
  const casePath = Array.isArray(root) ? `$[${index}]` : isJsonObject(root) && Array.isArray(root['cases']) ? `$.cases[${index}]` : '$';
  const policy = checkKeyPolicy(found.keyPolicy, { source: path, resource, path: `${casePath}.keyPolicy` }, found.key);
  for (const [principal, list] of Object.entries(found.identityPolicies ?? {})) {
    list.forEach((p, i) => {
      const parsed = parseIdentityPolicy(p);
      if (parsed.policy === undefined) {
        const d = parsed.diagnostics.find((x) => x.severity === 'error');
        throw new LoadError(path, 'policy', `identity policy ${i} of ${principal} is not usable: ${d?.message ?? 'not a JSON object'}`, { resource });
      }
    });
  }
  return {
    keyPolicy: policy.keyPolicy,
    diagnostics: policy.diagnostics,
    source: `${path}#${found.id}`,
    ...(found.identityPolicies ? { identityPolicies: found.identityPolicies as LoadedKey['identityPolicies'] } : {}),
    ...(found.grants ? { grants: found.grants } : {}),
    ...(found.key ? { key: found.key } : {}),
  };
}
