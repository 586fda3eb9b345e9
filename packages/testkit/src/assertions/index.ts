/** Assertions on a key policy: who can and cannot do what, with readable failures. */
export { KmsimAssertionError } from './error.js';
export { KmsimPolicyError, type InvalidPolicyOption } from './policy-error.js';
export type { AssertionOptions } from './evaluation.js';
export type { Expectation } from './format.js';
export { expectCan, expectCannot, expectExplicitlyDenied } from './expect.js';
export {
  MANAGE_ACTIONS,
  expectCanCreateGrant,
  expectCanDecrypt,
  expectCanDeriveSharedSecret,
  expectCanEncrypt,
  expectCanGenerateDataKey,
  expectCanGenerateMac,
  expectCanManage,
  expectCanReEncrypt,
  expectCanSign,
  expectCanVerify,
  expectCanVerifyMac,
  expectCannotCreateGrant,
  expectCannotDecrypt,
  expectCannotDeriveSharedSecret,
  expectCannotEncrypt,
  expectCannotGenerateDataKey,
  expectCannotGenerateMac,
  expectCannotManage,
  expectCannotReEncrypt,
  expectCannotSign,
  expectCannotVerify,
  expectCannotVerifyMac,
  type ManageOptions,
} from './families.js';
export { expectNoFindings, KmsimFindingsError, type FindingsExpectation } from './findings.js';
