/**
 * Condition keys AWS fills in from the organization: aws:PrincipalOrgID / aws:PrincipalOrgPaths
 * from the caller's account, aws:ResourceOrgID / aws:ResourceOrgPaths from the key's account.
 * Absent for an account outside the organization (and for service principals).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgpaths
 *
 * The organization decides these keys: a request context may repeat them, never contradict them
 * (a member account's principal claiming another organization, an outsider claiming this one).
 * Such a request is a RequestError naming the key, not an answer about a different organization.
 */
import type { ContextRecord, ContextValue } from '../conditions/context.js';
import { RequestError } from '../errors.js';
import type { CompiledOrganization } from './compile.js';

export const PRINCIPAL_ORG_ID = 'aws:PrincipalOrgID';
export const PRINCIPAL_ORG_PATHS = 'aws:PrincipalOrgPaths';
export const RESOURCE_ORG_ID = 'aws:ResourceOrgID';
export const RESOURCE_ORG_PATHS = 'aws:ResourceOrgPaths';
export const SOURCE_ORG_ID = 'aws:SourceOrgID';
export const SOURCE_ORG_PATHS = 'aws:SourceOrgPaths';
export const SOURCE_ACCOUNT = 'aws:SourceAccount';

/** The organization path of an account (`o-…/r-…/ou-…/`); the management account sits under the root unless listed. */
export function orgPathOf(org: CompiledOrganization, account: string): string | undefined {
  const member = org.accounts.get(account);
  if (member !== undefined) return member.orgPath;
  if (account === org.managementAccount && org.rootId !== undefined) return `${org.id}/${org.rootId}/`;
  return undefined;
}

export const inOrganization = (org: CompiledOrganization, account: string | undefined): boolean =>
  account !== undefined && (account === org.managementAccount || org.accounts.has(account));

/** The two keys for an account, under the given names (principal or resource side). */
function orgKeys(org: CompiledOrganization, account: string | undefined, idKey: string, pathsKey: string): Record<string, ContextValue> {
  if (!inOrganization(org, account)) return {};
  const path = orgPathOf(org, account as string);
  return path === undefined ? { [idKey]: org.id } : { [idKey]: org.id, [pathsKey]: [path] };
}

export const principalOrgContext = (org: CompiledOrganization, account: string | undefined): Record<string, ContextValue> =>
  orgKeys(org, account, PRINCIPAL_ORG_ID, PRINCIPAL_ORG_PATHS);

export const resourceOrgContext = (org: CompiledOrganization, account: string | undefined): Record<string, ContextValue> =>
  orgKeys(org, account, RESOURCE_ORG_ID, RESOURCE_ORG_PATHS);

const ORG_KEYS = new Set(
  [PRINCIPAL_ORG_ID, PRINCIPAL_ORG_PATHS, RESOURCE_ORG_ID, RESOURCE_ORG_PATHS, SOURCE_ORG_ID, SOURCE_ORG_PATHS].map((k) => k.toLowerCase()),
);

/** Whether the request's context names any of the four keys (most requests do not: nothing to check). */
function mentionsOrgKeys(context: ContextRecord): boolean {
  for (const name in context) if (ORG_KEYS.has(name.toLowerCase())) return true;
  return false;
}

/** The request's own value for a key, under any spelling. */
function requestValue(context: ContextRecord, key: string): { name: string; value: ContextValue } | undefined {
  const lower = key.toLowerCase();
  for (const name of Object.keys(context)) {
    if (name.toLowerCase() !== lower) continue;
    const value = context[name];
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

const asList = (v: ContextValue): readonly unknown[] => (Array.isArray(v) ? v : [v]);
const sameValues = (a: ContextValue, b: ContextValue): boolean => {
  const x = asList(a);
  const y = new Set(asList(b));
  return x.length === y.size && x.every((v) => y.has(v));
};

/**
 * Throws when the request's context says otherwise than the organization about an account: a
 * member's keys must be the derived values; an account outside may belong to another
 * organization, never to this one.
 */
function checkSide(context: ContextRecord, org: CompiledOrganization, account: string | undefined, idKey: string, pathsKey: string, whose: string): void {
  const derived = orgKeys(org, account, idKey, pathsKey);
  for (const key of [idKey, pathsKey]) {
    const given = requestValue(context, key);
    if (given === undefined) continue;
    const expected = derived[key];
    const where = `context["${given.name}"]`;
    if (expected !== undefined) {
      if (!sameValues(given.value, expected)) {
        throw new RequestError(
          where,
          `${JSON.stringify(given.value)} contradicts the organization: ${whose} ${account} is in ${org.id} (${key} ${JSON.stringify(expected)})`,
        );
      }
    } else if (inOrganization(org, account)) {
      throw new RequestError(where, `${whose} ${account} is in ${org.id}, whose path is not known (list it under organization.accounts)`);
    } else if (asList(given.value).some((v) => typeof v === 'string' && (v === org.id || v.startsWith(`${org.id}/`)))) {
      throw new RequestError(where, `${JSON.stringify(given.value)} contradicts the organization: ${whose} ${account ?? '(none)'} is not in ${org.id}`);
    }
  }
}

export function checkOrgContext(context: ContextRecord, org: CompiledOrganization, principalAccount: string | undefined, keyAccount: string | undefined): void {
  if (!mentionsOrgKeys(context)) return;
  checkSide(context, org, principalAccount, PRINCIPAL_ORG_ID, PRINCIPAL_ORG_PATHS, "the caller's account");
  if (keyAccount !== undefined) checkSide(context, org, keyAccount, RESOURCE_ORG_ID, RESOURCE_ORG_PATHS, "the key's account");
  const source = sourceAccountOf(context);
  if (source !== undefined) checkSide(context, org, source, SOURCE_ORG_ID, SOURCE_ORG_PATHS, 'the source account (aws:SourceAccount)');
}

function sourceAccountOf(context: ContextRecord): string | undefined {
  const v = requestValue(context, SOURCE_ACCOUNT)?.value;
  return typeof v === 'string' ? v : undefined;
}

/**
 * aws:SourceOrgID / aws:SourceOrgPaths for a service-to-service request: the organization of the
 * resource the service acts for, read from the request's aws:SourceAccount when that account is in
 * the organization (kmsim's reading: the page defines them as the source resource's organization).
 * `undefined` when there is nothing to add (no member source account, or the request gives them).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgpaths
 */
export function sourceOrgContext(context: ContextRecord, org: CompiledOrganization): Record<string, ContextValue> | undefined {
  const source = sourceAccountOf(context);
  if (source === undefined || !inOrganization(org, source)) return undefined;
  const derived = orgKeys(org, source, SOURCE_ORG_ID, SOURCE_ORG_PATHS);
  const missing = Object.keys(derived).filter((k) => requestValue(context, k) === undefined);
  return missing.length === 0 ? undefined : Object.fromEntries(missing.map((k) => [k, derived[k] as ContextValue]));
}
