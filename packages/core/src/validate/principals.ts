/**
 * Principal and NotPrincipal checks.
 *
 * Sources named below:
 * - PRINCIPAL: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * - NOTPRINCIPAL: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 * - GRAMMAR: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * - KEY_POLICY_ELEMENTS: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements
 * - CHECKS: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import type { DiagnosticCode, Severity } from '../model/diagnostic.js';
import type { JsonValue } from '../model/policy.js';
import { childPath } from '../parse/json-path.js';
import { get, has, isObject, q, stringEntries, type StatementCheck, type ValidationContext, type PolicyKind } from './context.js';
import { didYouMean } from './suggest.js';
import {
  ACCOUNT_ID as ACCOUNT,
  arnParts,
  CANONICAL_USER,
  HOST,
  IAM_NAME as NAME,
  IAM_PATH_AND_NAME as PATH_AND_NAME,
  IDENTITY_PROVIDER_ARN,
  PARTITION,
  SERVICE_PRINCIPAL as SERVICE,
  SESSION_NAME,
  UNIQUE_ID,
} from '../principal/syntax.js';

interface Finding {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
}

const ok = undefined;
const malformed = (message: string): Finding => ({ code: 'principal-malformed-arn', severity: 'error', message });

/**
 * Rule: "you can use * only to specify everyone/anonymous. You cannot use it to specify part of a
 * name or ARN" (GRAMMAR, principal_id_string; PRINCIPAL, "All principals").
 */
function partialWildcard(element: string, value: string): Finding | undefined {
  if (!/[*?]/.test(value)) return undefined;
  return {
    code: 'principal-partial-wildcard',
    severity: 'error',
    message: `${element}: ${q(value)} uses a wildcard inside a principal; a wildcard can only stand alone ("*", everyone), never match part of a principal name or ARN`,
  };
}

/**
 * Rules for "AWS" principals (PRINCIPAL, "AWS account principals", "IAM role principals", "Role
 * session principals", "IAM user principals"): an account ID (12 digits), or the ARN of an
 * account (`:root`), user, role, assumed-role session or federated user. "You cannot identify a
 * user group as a principal" (PRINCIPAL; KEY_POLICY_ELEMENTS: "IAM user groups are not a valid
 * principal in any policy type").
 */
function awsPrincipal(element: string, value: string): Finding | undefined {
  if (value === '*') return ok;
  if (ACCOUNT.test(value)) return ok;
  const wildcard = partialWildcard(element, value);
  if (wildcard) return wildcard;
  if (UNIQUE_ID.test(value)) {
    return {
      code: 'principal-invalid',
      severity: 'warning',
      message: `${element}: ${q(value)} is an IAM unique ID, which a policy shows in place of a principal that was deleted; it matches no current principal`,
    };
  }
  if (!value.startsWith('arn:')) {
    if (SERVICE.test(value)) return malformed(`${element}: ${q(value)} is a service principal; write it as {"Service": ${q(value)}}, not under "AWS"`);
    return malformed(`${element}: ${q(value)} is neither a 12-digit account ID nor an IAM ARN (arn:aws:iam::111122223333:root, …:user/Name, …:role/Name)`);
  }
  const parts = arnParts(value);
  if (!parts) return malformed(`${element}: ${q(value)} is not a complete ARN (arn:partition:service:region:account:resource)`);
  const { partition, service, region, account, resource, type, rest } = parts;
  if (!PARTITION.test(partition)) return malformed(`${element}: ${q(value)} has an unknown partition ${q(partition)} (aws, aws-cn, aws-us-gov, …)`);
  if (service !== 'iam' && service !== 'sts') {
    return malformed(`${element}: ${q(value)} is not an IAM principal ARN; only iam and sts ARNs name principals (use "Service" for AWS services)`);
  }
  if (region !== '') return malformed(`${element}: ${q(value)} has a Region (${q(region)}); IAM and STS principal ARNs have an empty Region field`);
  if (!ACCOUNT.test(account)) return malformed(`${element}: ${q(value)} has account ${q(account)}; an account ID is exactly 12 digits`);
  if (service === 'iam') {
    if (resource === 'root') return ok;
    if (type === 'group') {
      return {
        code: 'principal-iam-group',
        severity: 'error',
        message: `${element}: ${q(value)} is an IAM user group; user groups are not valid principals in any policy — name the users or roles, or the account`,
      };
    }
    if ((type === 'user' || type === 'role') && PATH_AND_NAME.test(rest)) return ok;
    if (type === 'user' || type === 'role') return malformed(`${element}: ${q(value)} has an invalid ${type} name`);
    return malformed(`${element}: ${q(value)} is not a principal: IAM principal ARNs end in :root, :user/Name or :role/Name`);
  }
  // sts
  if (type === 'assumed-role') {
    const [role = '', session = '', ...extra] = rest.split('/');
    if (NAME.test(role) && SESSION_NAME.test(session) && extra.length === 0) return ok;
    return malformed(`${element}: ${q(value)} is not a role session ARN (arn:aws:sts::111122223333:assumed-role/RoleName/SessionName)`);
  }
  if (type === 'federated-user' && NAME.test(rest)) return ok;
  return malformed(`${element}: ${q(value)} is not a principal: STS principal ARNs are …:assumed-role/Role/Session or …:federated-user/Name`);
}

/** Rule: service principals are named like `service.amazonaws.com` (PRINCIPAL, "AWS service principals"). */
function servicePrincipal(element: string, value: string): Finding | undefined {
  const wildcard = partialWildcard(element, value);
  if (wildcard) return wildcard;
  if (SERVICE.test(value)) return ok;
  if (value.startsWith('arn:') || ACCOUNT.test(value)) {
    return malformed(`${element}: ${q(value)} is not a service principal; write accounts, users and roles under "AWS"`);
  }
  return malformed(`${element}: ${q(value)} is not a service principal name (they look like cloudtrail.amazonaws.com)`);
}

/**
 * Rule: federated principals are SAML/OIDC provider ARNs or identity-provider host names
 * (PRINCIPAL, "Federated user principals"). They only sign in through role trust policies, so in
 * a key policy they match no KMS caller: warning there.
 */
function federatedPrincipal(element: string, value: string, kind: PolicyKind): Finding | undefined {
  const wildcard = partialWildcard(element, value);
  if (wildcard) return wildcard;
  const provider = IDENTITY_PROVIDER_ARN.test(value);
  if (!provider && !HOST.test(value)) {
    return malformed(`${element}: ${q(value)} is not an identity provider (a SAML/OIDC provider ARN or a host name such as accounts.google.com)`);
  }
  if (kind === 'key') {
    return {
      code: 'principal-invalid',
      severity: 'warning',
      message: `${element}: Federated ${q(value)} is for role trust policies; in a key policy it matches no KMS caller (name the role its users assume)`,
    };
  }
  return ok;
}

/** Rule: a canonical user ID is 64 hex digits and is an Amazon S3 concept (PRINCIPAL, "Canonical user principals"). */
function canonicalUser(element: string, value: string, kind: PolicyKind): Finding | undefined {
  if (!CANONICAL_USER.test(value)) return malformed(`${element}: ${q(value)} is not a canonical user ID (64 hexadecimal digits)`);
  if (kind === 'key') {
    return {
      code: 'principal-invalid',
      severity: 'warning',
      message: `${element}: CanonicalUser is an Amazon S3 principal; it matches no KMS caller`,
    };
  }
  return ok;
}

type EntryCheck = (element: string, value: string, kind: PolicyKind) => Finding | undefined;

/** The principal types of the grammar (<principal_map_entry> = ("AWS" | "Federated" | "Service" | "CanonicalUser")). */
const PRINCIPAL_TYPES: Readonly<Record<string, EntryCheck>> = {
  AWS: awsPrincipal,
  Service: servicePrincipal,
  Federated: federatedPrincipal,
  CanonicalUser: canonicalUser,
};

function checkPrincipalValue(value: JsonValue, element: string, path: string, ctx: ValidationContext): void {
  if (typeof value === 'string') {
    if (value === '*') return;
    ctx.report('principal-invalid', 'error', path, `${element} ${q(value)} is not valid: write "*" or an object such as {"AWS": ${q(value)}}`);
    return;
  }
  if (!isObject(value)) return; // wrong type: reported by the element table
  const types = Object.keys(value);
  if (types.length === 0) {
    // CHECKS: "Suggestion – Empty object principal".
    ctx.report('principal-invalid', 'warning', path, `${element} is an empty object: the statement names no principal and applies to no one`);
    return;
  }
  for (const type of types) {
    const typePath = childPath(path, type);
    const check = PRINCIPAL_TYPES[type];
    if (!has(PRINCIPAL_TYPES, type) || !check) {
      // CHECKS: "Error – Invalid principal key".
      ctx.report(
        'principal-invalid',
        'error',
        typePath,
        `${element} type ${q(type)} is not valid: use AWS, Service, Federated or CanonicalUser (case-sensitive).${didYouMean(type, Object.keys(PRINCIPAL_TYPES))}`,
      );
      continue;
    }
    const raw = get(value, type) ?? null;
    if (typeof raw !== 'string' && !Array.isArray(raw)) {
      ctx.report('wrong-type', 'error', typePath, `${element}.${type} must be a string or an array of strings`);
      continue;
    }
    if (Array.isArray(raw) && raw.length === 0) {
      // CHECKS: "Suggestion – Empty array principal".
      ctx.report('principal-invalid', 'warning', typePath, `${element}.${type} is an empty array: it names no principal`);
    }
    for (const entry of stringEntries(raw, typePath, `${element}.${type}`, ctx)) {
      const finding = check(element, entry.value, ctx.kind);
      if (finding) ctx.report(finding.code, finding.severity, entry.path, finding.message);
    }
  }
}

const principals: StatementCheck = (stmt, raw, ctx) => {
  for (const element of ['Principal', 'NotPrincipal'] as const) {
    if (!has(raw, element)) continue;
    const path = childPath(stmt.path, element);
    if (ctx.kind === 'identity') {
      // PRINCIPAL: "You cannot use the Principal element in an identity-based policy";
      // GRAMMAR: the principal_block "must not be included in identity-based policies".
      ctx.report(
        'principal-invalid',
        'error',
        path,
        `${element} is not allowed in an identity-based policy: the principal is the user or role the policy is attached to`,
      );
      continue;
    }
    // NOTPRINCIPAL: "NotPrincipal must be used with Effect Deny. Using it with Effect Allow is not supported."
    if (element === 'NotPrincipal' && stmt.effect === 'Allow') {
      ctx.report(
        'not-principal-with-allow',
        'error',
        path,
        'NotPrincipal with "Effect": "Allow" is not supported: it would allow everyone except the listed principals; use NotPrincipal only with Deny',
      );
    }
    checkPrincipalValue(get(raw, element) ?? null, element, path, ctx);
  }
};

export const PRINCIPAL_CHECKS: readonly StatementCheck[] = [principals];
