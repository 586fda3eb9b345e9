export * from './types.js';
export { createEvaluator, type Evaluator } from './evaluator.js';
export { checkPolicyLockout, type LockoutOptions } from './lockout.js';
export { DEFAULT_KEY_ARN } from './key.js';
export { parseCaller, principalArnOf, type Caller, type CallerKind } from './caller.js';
export { matchPrincipal, notPrincipalApplies, type PrincipalMatch } from './principal-match.js';
