/**
 * Key policy files and scenario files.
 *
 * - A key policy file is one policy document. It is checked by core's `parseKeyPolicy`: invalid
 *   JSON, over 32 KB or not an object is a LoadError with line and column; statement-level
 *   findings come back as `diagnostics`.
 * - A scenario file gives the key of its first evaluation case (or the one named): see scenario.ts.
 */
import type { KeyAttributes } from '@kmsim/core';
import { LoadError } from './errors.js';
import { parseJson } from './json.js';
import { isJsonObject } from './json-path.js';
import { checkKeyPolicy, type LoadedKey } from './loaded-key.js';
import { guardNesting } from './nesting.js';
import { readDocumentFile, refuseOversizedPolicy, sourceName, type InputLimits } from './read-file.js';
import { isScenario, scenarioKey, type LoadScenarioKeyOptions, type ScenarioKey } from './scenario.js';

export type { LoadScenarioKeyOptions } from './scenario.js';

export interface LoadKeyPolicyOptions extends InputLimits {
  /** The key the policy is attached to (ARN, key spec, tags …). Without it the evaluator's default applies. */
  readonly key?: KeyAttributes;
}

/**
 * Load a key policy JSON file. A scenario file is accepted too (see `loadScenarioKey`);
 * `options.key` then overrides the case's key.
 */
export async function loadKeyPolicy(path: string, options: LoadKeyPolicyOptions = {}): Promise<LoadedKey> {
  const text = await readDocumentFile(path, options.maxInputBytes !== undefined ? { maxBytes: options.maxInputBytes } : {});
  const source = sourceName(path);
  refuseOversizedPolicy(source, text);
  return guardNesting(source, async () => keyPolicyFromText(source, text, options));
}

function keyPolicyFromText(path: string, text: string, options: LoadKeyPolicyOptions): LoadedKey {
  const root = parseJson(text, path);
  if (isJsonObject(root) && !('Statement' in root)) {
    const other =
      'Resources' in root
        ? 'a CloudFormation template (use loadCloudFormationKey)'
        : 'format_version' in root
          ? 'Terraform JSON (use loadTerraformPlanKey)'
          : undefined;
    if (other) throw new LoadError(path, 'format', `this is ${other}, not a key policy`);
  }
  if (isScenario(root)) {
    const loaded = asLoadedKey(scenarioKey(text, root, path, options.key ? { keyArn: options.key.arn } : {}));
    return options.key ? { ...loaded, key: options.key } : loaded;
  }
  const { keyPolicy, diagnostics } = checkKeyPolicy(text, { source: path }, options.key?.arn);
  return { keyPolicy, diagnostics, source: path, ...(options.key ? { key: options.key } : {}) };
}

function asLoadedKey(k: ScenarioKey): LoadedKey {
  const { casePath, caseId, ...loaded } = k;
  void casePath;
  void caseId;
  return loaded;
}

/** Load the key of a scenario file's first evaluation case (or of `options.caseId`). */
export async function loadScenarioKey(path: string, options: LoadScenarioKeyOptions & InputLimits = {}): Promise<LoadedKey> {
  const text = await readDocumentFile(path, options.maxInputBytes !== undefined ? { maxBytes: options.maxInputBytes } : {});
  const source = sourceName(path);
  return guardNesting(source, async () => asLoadedKey(scenarioKey(text, parseJson(text, source), source, options)));
}
