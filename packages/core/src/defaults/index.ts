/**
 * Default key policies: the one CreateKey applies without a policy, and the one the AWS KMS console generates;
 * and an organization's default SCP and RCP (guardrail-policies.ts).
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export { programmaticDefaultKeyPolicy, consoleDefaultKeyPolicy } from './default-policy.js';
export type { ConsoleDefaultOptions, ProgrammaticDefaultOptions } from './default-policy.js';
export { DefaultPolicyOptionsError } from './errors.js';
export type { DefaultPolicyOptionsErrorCode } from './errors.js';
export { DEFAULT_KEY_TYPES } from './tables.js';
export type { DefaultKeyType } from './tables.js';
export { FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS } from './guardrail-policies.js';
