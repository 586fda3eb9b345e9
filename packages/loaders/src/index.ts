/**
 * @kmsim/loaders — AWS KMS keys from where they are written down or deployed: key policy files,
 * scenario files, CloudFormation/CDK templates (JSON and YAML), Terraform plans and states, and
 * live keys (through @aws-sdk/client-kms). Each loader returns a LoadedKey ready for the evaluator,
 * the simulator and the test kit, or throws a LoadError saying in one line what is wrong and where.
 * The YAML parser and the AWS SDK are imported only when a YAML template or a live key is read.
 */
export { LoadError, type LoadErrorDetails, type LoadErrorReason } from './errors.js';
export type { LoadedKey } from './loaded-key.js';
export {
  readTextFile,
  readDocumentFile,
  formatBytes,
  sourceName,
  STDIN_PATH,
  DEFAULT_MAX_INPUT_BYTES,
  KEY_POLICY_FILE_MAX_BYTES,
  MAX_INPUT_BYTES_LIMIT,
  type InputLimits,
  type ReadFileOptions,
} from './read-file.js';
export { parseJson } from './json.js';
export { pathLocator, type PathLocator, type TextPosition } from './locate.js';
export { loadKeyPolicy, loadScenarioKey, type LoadKeyPolicyOptions, type LoadScenarioKeyOptions } from './key-policy.js';
export {
  loadKeyFile,
  isCloudFormationTemplate,
  isTerraformJson,
  isYamlTemplate,
  type KeyFileFormat,
  type LoadedKeyFile,
  type LoadKeyFileOptions,
} from './key-file.js';
export { loadCloudFormationKey, loadCloudFormationKeys, type CloudFormationTemplate } from './cloudformation/load.js';
export { CLOUDFORMATION_DEFAULTS, type CloudFormationOptions } from './cloudformation/environment.js';
export { loadParametersFile, parseParametersFile } from './cloudformation/parameters.js';
export { loadTerraformPlanKey, loadTerraformPlanKeys, type TerraformJson, type TerraformOptions } from './terraform/load.js';
export { loadLiveKey, DEFAULT_LIVE_TIMEOUT_MS, MAX_PAGES, type LiveKeyOptions } from './live-key.js';
export {
  loadGuardrails,
  loadGuardrailsFile,
  loadGuardrailPolicyFile,
  isGuardrailsDocument,
  FULL_AWS_ACCESS,
  RCP_FULL_AWS_ACCESS,
  type AttachedPolicyFile,
  type GuardrailFilesOptions,
} from './guardrails/files.js';
export { guardrailsOf, type GuardrailPolicyKind } from './guardrails/shape.js';
export { loadLiveOrganization, loadLiveBoundaries, type LiveOrganizationOptions, type LiveBoundariesOptions } from './guardrails/live.js';
export type { LiveClientOptions } from './live-client.js';
