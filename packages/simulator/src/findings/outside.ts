/**
 * Principals outside the key's account, named with their account: the outsider class (any
 * principal of any account the policies do not name, account `*`), and the principals of the
 * external accounts the policies name. Names kmsim makes up for a row (`role/kmsim-…`) are never
 * shown as if they were principals: they become `*`.
 */
import { arnParts } from '@kmsim/core/internal';
import type { PrincipalRow } from '../principals.js';
import type { FindingContext } from './context.js';
import type { OutsidePrincipal } from './types.js';

const MADE_UP = /(^|\/)kmsim-/;

/** The row's `members` sentence, when the simulator gives one (rows that are classes). */
function members(row: PrincipalRow): string | undefined {
  const m = (row as { readonly members?: unknown }).members;
  return typeof m === 'string' && m !== '' ? m : undefined;
}

/** The row stands for principals of an account other than the key's (or of any such account). */
export function isOutside(ctx: FindingContext, row: PrincipalRow): boolean {
  if (row.origin === 'outsider') return true;
  if (row.origin === 'unnamed-service' || row.origin === 'key-account-root' || row.origin === 'unnamed-role') return false;
  return row.account !== undefined && row.account !== ctx.keyAccount;
}

export function outsidePrincipal(row: PrincipalRow): OutsidePrincipal {
  const arn = arnParts(row.arn);
  const any = row.origin === 'outsider';
  const account = any ? '*' : (row.account ?? arn?.account ?? '*');
  const resource = arn?.resource ?? '';
  const named = resource !== '' && !MADE_UP.test(resource) && resource !== '*';
  const principal = arn ? `arn:${arn.partition}:${arn.service}:${arn.region}:${account}:${named ? resource : '*'}` : row.arn;
  const who =
    members(row) ??
    (any
      ? named
        ? `any principal named ${resource} in any account other than the key's and those the policies name`
        : "any principal of any account other than the key's and those the policies name"
      : named
        ? resource === 'root'
          ? `the root user of account ${account}`
          : `${resource} of account ${account}`
        : `any principal of account ${account}`);
  return { row: row.id, principal, account, who };
}
