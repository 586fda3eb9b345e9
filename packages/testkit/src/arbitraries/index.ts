/** fast-check arbitraries for KMS key policies and requests; compose them in fc.property or test.prop. */
export { arbAccountId, type AccountIdOptions } from './accounts.js';
export { arbKmsAction, kmsActionNames, type KmsActionOptions } from './actions.js';
export { arbContext, arbViaService, consistentEncryptionContext, type ContextOptions, type ViaServiceOptions } from './context.js';
export {
  anyOutsideAccount,
  arbIamName,
  arbPrincipalArn,
  arbServicePrincipal,
  isPrincipal,
  PrincipalArbitrary,
  type PrincipalArnOptions,
  type PrincipalKind,
} from './principals.js';
export { arbActionFor, arbPrincipalFor, arbRequest, type KmsRequest, type RequestOptions } from './request.js';
export { accountStatement, arbKeyPolicy, arbStatement, type KeyPolicyOptions, type StatementOptions } from './statements.js';
