/**
 * The key of a scenario file (the case format of `conformance/`): the key policy, identity
 * policies, grants, key attributes and guardrails (organization, boundaries, session and VPC
 * endpoint policies) of its first evaluation case, or of the case named. A file
 * holding one object with a `keyPolicy` and no `request` is a bare key: `{ "keyPolicy": …,
 * "grants": […] }`. Cases are read by core's `readScenarios`; the shapes it leaves open (a grant,
 * the key, each identity policy) are checked here, so nothing malformed reaches the evaluator.
 */
import { parseIdentityPolicy, readScenarios, ScenarioError, type Diagnostic, type JsonValue, type ScenarioCase } from '@kmsim/core';
import { LoadError } from './errors.js';
import { childPath, isJsonObject, type JsonObject } from './json-path.js';
import { checkGuardrails } from './guardrails/shape.js';
import { checkKeyPolicy, type LoadedKey } from './loaded-key.js';
import { checkGrants } from './grants.js';

export interface LoadScenarioKeyOptions {
  /** The case to take; by default the file's first evaluation case. */
  readonly caseId?: string;
}

/** A scenario's key, with where its case sits in the file. */
export interface ScenarioKey extends LoadedKey {
  /** JSON path of the case in the file: `$[2]`, `$.cases[0]` or `$`. */
  readonly casePath: string;
  readonly caseId?: string;
}

/** A scenario file rather than a policy: a list of cases, `{ "cases": [...] }`, or one case. */
export function isScenario(root: JsonValue): boolean {
  if (Array.isArray(root)) return true;
  if (!isJsonObject(root) || 'Statement' in root) return false;
  return Array.isArray(root['cases']) || 'keyPolicy' in root;
}

function isBareKey(root: JsonValue): root is JsonObject {
  return isJsonObject(root) && !Array.isArray(root['cases']) && 'keyPolicy' in root && !('request' in root);
}

function cases(text: string, path: string): ScenarioCase[] {
  try {
    return readScenarios(text, path);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    // ScenarioError's message names the file and the case; keep its line and column as fields.
    const prefix = `${e.location}: `;
    let detail = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    const at = /^(.*?) \(line (\d+), column (\d+)\)(.*)$/u.exec(detail);
    if (at) detail = `${at[1] as string}${at[4] as string}`;
    const caseAt = e.location.startsWith(path) ? e.location.slice(path.length).trim() : '';
    throw new LoadError(path, at ? 'json' : 'format', at ? detail : `not a usable scenario file: ${detail}`, {
      ...(caseAt !== '' ? { resource: `case ${caseAt}` } : {}),
      ...(at ? { line: Number(at[2]), column: Number(at[3]) } : {}),
      cause: e,
    });
  }
}

interface FoundCase {
  readonly value: JsonObject;
  readonly path: string;
  readonly id?: string;
}

function findCase(text: string, root: JsonValue, path: string, options: LoadScenarioKeyOptions): FoundCase {
  if (isBareKey(root) && options.caseId === undefined) {
    const id = root['id'];
    return { value: root, path: '$', ...(typeof id === 'string' ? { id } : {}) };
  }
  const list = cases(text, path);
  const index = options.caseId === undefined ? list.findIndex((c) => 'keyPolicy' in c) : list.findIndex((c) => c.id === options.caseId);
  const found = list[index];
  if (found === undefined) {
    const what =
      options.caseId === undefined ? 'no evaluation case (one with "keyPolicy"); only evaluation cases have a key' : `no case with id "${options.caseId}"`;
    throw new LoadError(path, 'not-found', `the scenario file has ${what}`);
  }
  if (!('keyPolicy' in found)) throw new LoadError(path, 'format', `case "${found.id}" is a validation case; it has no key policy`);
  const casePath = Array.isArray(root) ? `$[${index}]` : isJsonObject(root) && Array.isArray(root['cases']) ? `$.cases[${index}]` : '$';
  return { value: found as unknown as JsonObject, path: casePath, id: found.id };
}

/**
 * The key of the case `options.caseId` (or the first evaluation case) of the scenario file `path`
 * whose text is `text` and JSON value `root`. `keyArn` overrides the case's key ARN for validation.
 */
export function scenarioKey(text: string, root: JsonValue, path: string, options: LoadScenarioKeyOptions & { readonly keyArn?: string } = {}): ScenarioKey {
  const found = findCase(text, root, path, options);
  const { value } = found;
  const resource = found.id !== undefined ? `case "${found.id}"` : undefined;
  const fail = (at: string, detail: string): never => {
    throw new LoadError(path, 'format', detail, { ...(resource !== undefined ? { resource } : {}), path: at });
  };

  const key = value['key'];
  if (key !== undefined && (!isJsonObject(key) || typeof key['arn'] !== 'string'))
    fail(childPath(found.path, 'key'), 'the key must be an object with a string "arn"');
  const grants = value['grants'];
  if (grants !== undefined) {
    if (!Array.isArray(grants)) fail(childPath(found.path, 'grants'), '"grants" must be a list');
    (grants as JsonValue[]).forEach((g, i) => {
      const ops = isJsonObject(g) ? g['operations'] : undefined;
      if (!isJsonObject(g) || typeof g['granteePrincipal'] !== 'string' || !Array.isArray(ops) || !ops.every((o) => typeof o === 'string')) {
        fail(childPath(childPath(found.path, 'grants'), i), 'a grant needs a string "granteePrincipal" and a list of "operations"');
      }
    });
  }
  const keyAttributes = key as unknown as LoadedKey['key'];
  const grantDiagnostics =
    grants === undefined
      ? undefined
      : // Without key attributes the evaluator's key is a symmetric encryption key (core's resolveKey).
        checkGrants(grants as JsonValue[], keyAttributes ?? { keySpec: 'SYMMETRIC_DEFAULT' }, {
          source: path,
          ...(resource !== undefined ? { resource } : {}),
          path: childPath(found.path, 'grants'),
        });
  const keyArn = options.keyArn ?? keyAttributes?.arn;
  const raw = value['keyPolicy'];
  // A key policy given as JSON text: positions of its syntax errors are in that text, not in the file.
  const origin = { source: path, ...(resource !== undefined ? { resource } : {}), path: `${found.path}.keyPolicy`, embedded: typeof raw === 'string' };
  const policy = checkKeyPolicy(raw, origin, keyArn);

  const ip = value['identityPolicies'];
  let identityPolicyDiagnostics: Record<string, (readonly Diagnostic[])[]> | undefined;
  if (ip !== undefined) {
    const ipPath = childPath(found.path, 'identityPolicies');
    if (!isJsonObject(ip)) fail(ipPath, '"identityPolicies" must map principal ARNs to lists of policies');
    identityPolicyDiagnostics = {};
    for (const [principal, list] of Object.entries(ip as JsonObject)) {
      const listPath = childPath(ipPath, principal);
      if (!Array.isArray(list)) return fail(listPath, 'must be a list of policies');
      identityPolicyDiagnostics[principal] = list.map((p, i) => {
        const parsed = parseIdentityPolicy(p);
        if (parsed.policy === undefined) {
          const d = parsed.diagnostics.find((x) => x.severity === 'error');
          fail(childPath(listPath, i), `the identity policy is not usable: ${d?.message ?? 'it is not a JSON object'}`);
        }
        return parsed.diagnostics;
      });
    }
  }
  const guardrails = checkGuardrails(value, { source: path, ...(resource !== undefined ? { resource } : {}), path: found.path });
  return {
    ...guardrails,
    keyPolicy: policy.keyPolicy,
    diagnostics: policy.diagnostics,
    source: found.id !== undefined ? `${path}#${found.id}` : path,
    casePath: found.path,
    ...(found.id !== undefined ? { caseId: found.id } : {}),
    ...(ip !== undefined ? { identityPolicies: ip as unknown as NonNullable<LoadedKey['identityPolicies']> } : {}),
    ...(identityPolicyDiagnostics ? { identityPolicyDiagnostics } : {}),
    ...(grants !== undefined ? { grants: grants as unknown as NonNullable<LoadedKey['grants']> } : {}),
    ...(grantDiagnostics !== undefined ? { grantDiagnostics } : {}),
    ...(keyAttributes ? { key: keyAttributes } : {}),
  };
}
