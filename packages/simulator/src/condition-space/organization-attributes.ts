/**
 * aws:PrincipalOrgID and aws:PrincipalOrgPaths when the organization is given: AWS fills them in
 * from the caller's account, so they are not the caller's to choose. A principal of a member
 * account (or of the management account) has exactly its organization's id and path — core
 * derives them, so its witness carries none of its own; a principal of any other account has none,
 * or another organization's, never this one's (core refuses a request that says otherwise).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
 */
import type { ContextValue, Organization } from '@kmsim/core';
import type { IdentityWitness } from './identity.js';

const ORG_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths']);

/** Whether an account is in the organization (a member listed, or the management account). */
export const isMember = (organization: Organization, account: string | undefined): boolean =>
  account !== undefined && (account === organization.managementAccount || Object.hasOwn(organization.accounts, account));

const names = (organization: Organization, value: ContextValue | undefined): boolean =>
  (Array.isArray(value) ? value : [value]).some((v) => typeof v === 'string' && (v === organization.id || v.startsWith(`${organization.id}/`)));

/**
 * The witnesses a class (or a named principal) can really have: a member's without organization
 * keys of its own (one per distinct rest of its context), an outsider's without this organization.
 */
export function witnessesIn(organization: Organization, witnesses: readonly IdentityWitness[]): IdentityWitness[] {
  const out: IdentityWitness[] = [];
  const seen = new Set<string>();
  for (const w of witnesses) {
    const account = w.kind === 'service' ? undefined : w.principal.split(':')[4];
    const entries = Object.entries(w.context);
    let context = w.context;
    if (isMember(organization, account)) {
      context = Object.fromEntries(entries.filter(([k]) => !ORG_KEYS.has(k.toLowerCase())));
    } else if (entries.some(([k, v]) => ORG_KEYS.has(k.toLowerCase()) && names(organization, v))) continue;
    const key = `${w.principal}\u0000${JSON.stringify(context)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(context === w.context ? w : { ...w, context });
  }
  return out;
}
