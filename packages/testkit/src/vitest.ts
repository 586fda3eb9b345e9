/**
 * `import '@kmsim/testkit/vitest'` (in a test file or in vitest's setupFiles) registers the kmsim
 * matchers and types them: `expect(key).toAllow(principal, action, context?)`, `.toDeny(…)`,
 * `.toHaveNoFindings({ severity? })`.
 */
import { expect } from 'vitest';
import { kmsimMatchers, type KmsimMatchers } from './matchers/index.js';

expect.extend(kmsimMatchers);

export type { KmsimMatchers } from './matchers/index.js';

declare module 'vitest' {
  // Declaration merging: the type parameter must be declared exactly as vitest declares it (`T = any`).
  // biome-ignore lint/suspicious/noExplicitAny: vitest's own declaration, repeated for the merge
  interface Assertion<T = any> extends KmsimMatchers<void> {}
  interface AsymmetricMatchersContaining extends KmsimMatchers<unknown> {}
}
