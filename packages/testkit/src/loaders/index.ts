/**
 * Loaders: key policies from files, scenario files, CloudFormation/CDK templates, Terraform plans
 * and states, and live keys. Each returns a LoadedKey (or a record of them) ready for the
 * evaluator and the testkit's assertions, or throws a LoadError saying where and why.
 */
export { LoadError, type LoadErrorDetails, type LoadErrorReason } from './errors.js';
export type { LoadedKey } from './loaded-key.js';
export { loadKeyPolicy, loadScenarioKey, type LoadKeyPolicyOptions, type LoadScenarioKeyOptions } from './key-policy.js';
export { loadCloudFormationKey, loadCloudFormationKeys, type CloudFormationTemplate } from './cloudformation/load.js';
export { CLOUDFORMATION_DEFAULTS, type CloudFormationOptions } from './cloudformation/environment.js';
export { loadTerraformPlanKey, loadTerraformPlanKeys, type TerraformJson, type TerraformOptions } from './terraform/load.js';
export { loadLiveKey, type LiveKeyOptions } from './live-key.js';
