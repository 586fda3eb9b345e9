/**
 * Explain: the sentence, `allowedBy`, `deniedBy` and the trace's notes, written from the verdict
 * and the facts only when someone reads them.
 */
import type { CompiledStatement } from '../compile/statement.js';
import type { Decision, Grant, StatementRef } from '../evaluate/types.js';
import { aliasAllowed, isCrossAccount, keyDirect, keySide, type Facts, type RuleId, type Verdict } from './decide.js';

type AllowRef = Decision['allowedBy'][number];

export const ref = (s: CompiledStatement): StatementRef => ({
  source: s.source,
  policyIndex: s.policyIndex,
  index: s.statement.index,
  sid: s.statement.sid,
  path: s.statement.path,
});

export const statementLabel = (s: { source: string; policyIndex: number; index: number; sid: string | undefined }): string =>
  `${s.source === 'key-policy' ? 'key policy' : `identity policy ${s.policyIndex + 1}`} statement ${s.sid !== undefined ? `"${s.sid}"` : `#${s.index + 1}`}`;
const label = (s: CompiledStatement | undefined): string => statementLabel(ref(s as CompiledStatement));

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The one-sentence reason. `callerArn`: the principal as the request gave it. */
export function reasonOf(v: Verdict, f: Facts, callerArn: string, grants: readonly Grant[]): string {
  const name = f.action.name;
  const account = f.caller.account;
  const side = keySide(f);
  switch (v.rule) {
    case 'explicit-deny':
      return `Explicitly denied by ${label(f.denies[0])}.`;
    case 'not-key-scoped/root':
      return `The root user of ${account} can call ${name}.`;
    case 'not-key-scoped/iam':
      return `Allowed by ${label(f.iamAllows[0])}.`;
    case 'not-key-scoped/none':
      return `No identity policy allows ${name} on "*" for ${callerArn}; a key policy cannot allow it.`;
    case 'cross-account/not-supported':
      return capitalized(`${name} cannot be called on a key in another account (caller ${account}, key ${f.keyAccount}).`);
    case 'iam-only/root':
      return `The root user of the key's account ${account} can call ${name} (not limited by IAM policies).`;
    case 'iam-only/iam':
      return `Allowed by ${label(f.iamAllows[0])} (${name} is granted by IAM policies of the key's account).`;
    case 'key-policy/root':
      return `Allowed by ${label(side)}, which names the account of the root user (not limited by IAM policies).`;
    case 'key-policy/direct':
      return `Allowed by ${label(keyDirect(f)[0])}, which names the principal; no IAM policy is needed in the key's account.`;
    case 'key-policy/with-iam':
      return isCrossAccount(f)
        ? `Allowed across accounts: ${label(side)} allows it and ${label(f.iamAllows[0])} in the caller's account allows it too.`
        : `Allowed: ${label(side)} enables IAM policies for account ${account} and ${label(f.iamAllows[0])} allows it.`;
    case 'grant':
      return `Allowed by grant #${f.grant + 1} to ${(grants[f.grant] as Grant).granteePrincipal}.`;
    case 'grant/retiring-account':
      return `Allowed: grant #${f.retiringAccountGrant + 1} names account ${account} as its retiring principal and ${label(f.iamAllows[0])} allows kms:RetireGrant.`;
    case 'alias/no-iam':
      return `No identity policy allows ${name} on the alias; the key side alone is not enough.`;
    case 'key-policy/no-iam':
      return capitalized(
        isCrossAccount(f)
          ? `${label(side)} allows the caller's account or the caller, but no identity policy of ${callerArn} (in its own account) allows ${name} on this key.`
          : `${label(side)} enables IAM policies for account ${account}, but no identity policy of ${callerArn} allows ${name} on this key.`,
      );
    case 'iam/no-key-policy':
      return capitalized(
        `${label(f.iamAllows[0])} allows it, but the key policy does not allow ${
          isCrossAccount(f) ? 'the caller or its account' : 'the caller and does not enable IAM policies for its account'
        } for ${name}: the IAM permission is not effective.`,
      );
    case 'nothing':
      return `No statement in the key policy${f.hasIdentityPolicies ? ', the identity policies' : ''} or grants allows ${name} for ${callerArn}.`;
  }
}

export function allowedByOf(v: Verdict, f: Facts): AllowRef[] {
  switch (v.rule) {
    case 'not-key-scoped/iam':
    case 'iam-only/iam':
      return f.iamAllows.map(ref);
    case 'key-policy/root':
      return [ref(keySide(f) as CompiledStatement)];
    case 'key-policy/direct':
      return keyDirect(f).map(ref);
    case 'key-policy/with-iam':
      return [ref(keySide(f) as CompiledStatement), ...f.iamAllows.map(ref)];
    case 'grant':
      return [{ source: 'grant', index: f.grant }];
    case 'grant/retiring-account':
      return [{ source: 'grant', index: f.retiringAccountGrant }, ...f.iamAllows.map(ref)];
    default:
      return [];
  }
}

export const deniedByOf = (v: Verdict, f: Facts): StatementRef[] => (v.rule === 'explicit-deny' ? f.denies.map(ref) : []);

/** Rules that come after the grants in `decide`'s order: the grants were looked at. */
const AFTER_GRANTS: ReadonlySet<RuleId> = new Set(['grant', 'grant/retiring-account', 'alias/no-iam', 'key-policy/no-iam', 'iam/no-key-policy', 'nothing']);
/** Rules that come after the cross-account check. */
const AFTER_CROSS_ACCOUNT: ReadonlySet<RuleId> = new Set([
  ...AFTER_GRANTS,
  'iam-only/root',
  'iam-only/iam',
  'key-policy/root',
  'key-policy/direct',
  'key-policy/with-iam',
]);

export const grantsLookedAt = (v: Verdict, f: Facts, grants: readonly Grant[]): boolean =>
  AFTER_GRANTS.has(v.rule) && f.action.grantOperation && grants.length > 0;

/** The rules that decided, in the order they were applied. */
export function notesOf(v: Verdict, f: Facts, aliasArn: string | undefined): string[] {
  const notes: string[] = [];
  const name = f.action.name;
  if (f.action.resource === 'none') {
    notes.push(`${name} is not authorized against a key: only identity policies with Resource "*" can allow it; the key policy does not apply`);
    if (v.rule === 'not-key-scoped/root') notes.push('the root user is not limited by IAM policies');
    return notes;
  }
  if (v.rule === 'cross-account/not-supported') notes.push(`${name} cannot be used on a KMS key in another account`);
  if (!AFTER_CROSS_ACCOUNT.has(v.rule)) return notes;
  if (f.everyAlias !== undefined) {
    const covering = [...f.everyAlias].map(label);
    notes.push(
      `no alias given: the alias side holds for every alias of the key's account and Region (${covering.length > 0 ? `${covering.join(', ')} ${covering.length === 1 ? 'covers' : 'cover'} every one; no other identity statement covers any` : 'no identity statement covers any'})`,
    );
  } else if (aliasArn === undefined && f.action.resource === 'alias-and-key') notes.push(`${name} also needs the alias resource (request.aliasArn)`);
  if (!f.action.keyPolicy && f.direct.length + f.viaAccount.length > 0) notes.push(`${name} is not effective in a key policy`);
  if (AFTER_GRANTS.has(v.rule) && keySide(f) && !aliasAllowed(f))
    notes.push(`no identity policy allows ${name} on ${f.everyAlias !== undefined ? 'any alias' : `the alias ${aliasArn ?? '(none given)'}`}`);
  return notes;
}
