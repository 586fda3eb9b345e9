export * from './types.js';
export { createEvaluator, type Evaluator } from '../authorize/evaluator.js';
export { checkPolicyLockout, type LockoutOptions } from './lockout.js';
export { DEFAULT_KEY_ARN } from './key.js';
export { parseCaller, principalArnOf, type Caller, type CallerKind } from '../principal/caller.js';
export { matchPrincipal, notPrincipalApplies, type PrincipalMatch } from '../principal/match.js';
