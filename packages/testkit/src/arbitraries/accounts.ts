/** AWS account ids: twelve digits, shrinking towards 000000000000. */
import { ACCOUNT_ID } from '@kmsim/core/internal';
import fc, { type Arbitrary } from 'fast-check';

export interface AccountIdOptions {
  /** Accounts never generated (e.g. the key's own account). */
  readonly exclude?: readonly string[];
}

const MAX_ACCOUNT = 999_999_999_999;

export const padAccount = (n: number): string => String(n).padStart(12, '0');

/** Any 12-digit account id but the excluded ones. */
export function arbAccountId(options: AccountIdOptions = {}): Arbitrary<string> {
  const exclude = new Set(options.exclude ?? []);
  const ids = fc.integer({ min: 0, max: MAX_ACCOUNT }).map(padAccount, (v) => {
    if (typeof v !== 'string' || !ACCOUNT_ID.test(v)) throw new Error('not an account id');
    return Number(v);
  });
  return exclude.size === 0 ? ids : ids.filter((a) => !exclude.has(a));
}
