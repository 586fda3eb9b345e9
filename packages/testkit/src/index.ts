/**
 * @kmsim/testkit — assert AWS KMS key policies in unit tests: assertions with readable failure
 * messages, fast-check arbitraries and property helpers that search for counterexamples, and
 * loaders for policy files, scenarios, CloudFormation/CDK templates, Terraform plans and live keys.
 * Vitest matchers: `import '@kmsim/testkit/vitest'`.
 */
export { guardrailsOf, toKeyUnderTest, type KeyLike, type KeyUnderTest } from './key-under-test.js';
export * from './assertions/index.js';
export * from './arbitraries/index.js';
export * from './properties/index.js';
export * from './loaders.js';
export { kmsimMatchers, type KmsimMatchers } from './matchers/index.js';
