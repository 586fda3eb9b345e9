/**
 * Grant validation: what CreateGrant would refuse, as diagnostics with a code, the JSON path in the
 * grant (kmsim's scenario spelling: `granteePrincipal`, `operations`, `constraints.…`,
 * `retiringPrincipal`) and the page the rule comes from (`source`).
 */
import { findAction, GRANT_OPERATIONS, keyClassOf } from '../catalogue/actions.js';
import { findKeySpec } from '../catalogue/key-specs.js';
import type { KeyClass } from '../catalogue/types.js';
import { isObject } from '../common/guards.js';
import { childPath } from '../common/json-path.js';
import type { KeyAttributes } from '../evaluate/types.js';
import type { Diagnostic, DiagnosticCode } from '../model/diagnostic.js';
import { ACCOUNT_ID, CALLER_SERVICE, isCallerArn } from '../principal/syntax.js';
import { closest } from './suggest.js';

const CREATE_GRANT = 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html';
const GRANT_LIST_ENTRY = 'https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantListEntry.html';
const GRANTS = 'https://docs.aws.amazon.com/kms/latest/developerguide/grants.html';
const CONSTRAINTS = 'https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-constraints';

/**
 * API_CreateGrant / API_GrantListEntry: GranteePrincipal "Length Constraints: Minimum length of 1.
 * Maximum length of 256. Pattern: ^[\w+=,.@:/-]+$"; GranteeServicePrincipal "Maximum length of 128.
 * Pattern: ^([A-Za-z0-9\-]+)\.([A-Za-z0-9\-]+)(\.[A-Za-z0-9\-]+)+$".
 */
const PRINCIPAL_PATTERN = /^[\w+=,.@:/-]{1,256}$/;
const SERVICE_PATTERN = /^([A-Za-z0-9-]+)\.([A-Za-z0-9-]+)(\.[A-Za-z0-9-]+)+$/;
const SERVICE_MAX = 128;
/** CreateGrant (Constraints): "Each constraint value can include up to 8 encryption context pairs." */
const MAX_PAIRS = 8;
/**
 * CreateGrant (Constraints): "The encryption context value in each constraint cannot exceed 384
 * characters." Read as each value of the constraint's pairs (EncryptionContextValue is the API's
 * name for a value of an encryption context map); kmsim's reading, the page does not say more.
 */
const MAX_VALUE_CHARS = 384;
const ARN = /^arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;

export interface ValidateGrantOptions {
  /** JSON path of the grant, prefixed to every diagnostic's path (default `$`). */
  readonly path?: string;
}

type Report = (code: DiagnosticCode, path: string, message: string, source: string) => void;

/** Whether the text is written as a service principal (`rds.amazonaws.com`), as the grantee field reads it. */
const isServiceText = (text: string): boolean => !text.startsWith('arn:') && text.includes('.') && !ACCOUNT_ID.test(text);

/**
 * An AWS principal as CreateGrant's GranteePrincipal / RetiringPrincipal take it (grants.html,
 * "Grantee principal": "any AWS principal, including an AWS account (root), an IAM user, an IAM role,
 * a federated role or user, or an assumed role user … cannot be … an IAM group, or an AWS
 * organization"); a service principal goes in GranteeServicePrincipal / RetiringServicePrincipal.
 */
function checkPrincipal(value: string, path: string, what: 'grantee' | 'retiring principal', report: Report): 'service' | 'principal' | 'bad' {
  const code = what === 'grantee' ? 'grant-grantee-malformed' : 'grant-retiring-principal-malformed';
  if (isServiceText(value)) {
    if (value.length > SERVICE_MAX || !SERVICE_PATTERN.test(value) || !CALLER_SERVICE.test(value)) {
      report(code, path, `The ${what} "${value}" is not a service principal (such as rds.amazonaws.com)`, GRANT_LIST_ENTRY);
      return 'bad';
    }
    return 'service';
  }
  if (/^arn:[^:]+:iam::\d{12}:group\//.test(value)) {
    report(code, path, `The ${what} "${value}" is an IAM group: a grant's ${what} cannot be a group`, `${GRANTS}#terms-grantee-principal`);
    return 'bad';
  }
  if (!PRINCIPAL_PATTERN.test(value) || !(isCallerArn(value) || ACCOUNT_ID.test(value))) {
    report(
      code,
      path,
      `The ${what} "${value}" is not an AWS principal ARN (account root, IAM user or role, assumed-role or federated-user session) or a service principal`,
      `${GRANTS}#terms-grantee-principal`,
    );
    return 'bad';
  }
  return 'principal';
}

/** The key class to check operations against, or undefined when no key (or an unknown spec) is given. */
function classOf(key: Pick<KeyAttributes, 'keySpec' | 'keyUsage'> | undefined): KeyClass | undefined {
  if (key === undefined) return undefined;
  const spec = key.keySpec ?? 'SYMMETRIC_DEFAULT';
  if (findKeySpec(spec) === undefined) return undefined;
  return keyClassOf(spec, key.keyUsage);
}

function checkOperations(ops: unknown, at: string, keyClass: KeyClass | undefined, report: Report): void {
  if (!Array.isArray(ops) || ops.length === 0 || !ops.every((o) => typeof o === 'string')) {
    report('grant-invalid', at, 'A grant needs "operations": a non-empty list of grant operation names', CREATE_GRANT);
    return;
  }
  ops.forEach((op: string, i) => {
    const path = childPath(at, i);
    // grants.html, "Grant operations": "If you specify other operations, the CreateGrant request fails
    // with a ValidationError exception." The names are CreateGrant's `Operations` enum, exactly.
    if (!GRANT_OPERATIONS.includes(op)) {
      const guess = closest(op.replace(/^kms:/i, ''), GRANT_OPERATIONS);
      report(
        'grant-operation-unknown',
        path,
        `"${op}" is not a grant operation${guess ? ` (did you mean "${guess}"?)` : ''}`,
        `${GRANTS}#terms-grant-operations`,
      );
      return;
    }
    // grants.html: "The grant operations that you allow must be supported by the KMS key in the grant
    // … grants for symmetric encryption KMS keys cannot allow the Sign, Verify, GenerateMac or
    // VerifyMac operations. Grants for asymmetric KMS keys cannot allow any operations that generate
    // data keys or data key pairs." Which key types each operation supports: the catalogue.
    const action = findAction(`kms:${op}`);
    if (keyClass !== undefined && action !== undefined && !action.keyClasses.includes(keyClass)) {
      report(
        'grant-operation-unsupported',
        path,
        `${op} is not supported by a ${keyClass} key, so CreateGrant refuses it for this key`,
        `${GRANTS}#terms-grant-operations`,
      );
    }
  });
}

function checkEncryptionContext(value: unknown, at: string, keyClass: KeyClass | undefined, report: Report): void {
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    report('grant-invalid', at, 'An encryption-context constraint must be an object of string values', CREATE_GRANT);
    return;
  }
  // CreateGrant (Constraints): "You cannot use an encryption context grant constraint for
  // cryptographic operations with asymmetric KMS keys or HMAC KMS keys."
  if (keyClass !== undefined && keyClass !== 'symmetric') {
    report(
      'grant-encryption-context-unsupported',
      at,
      `An encryption-context constraint is not allowed on a ${keyClass} key (only symmetric encryption keys take one)`,
      CREATE_GRANT,
    );
  }
  const pairs = Object.entries(value as Record<string, string>);
  if (pairs.length > MAX_PAIRS) {
    report(
      'grant-encryption-context-too-many-pairs',
      at,
      `${pairs.length} encryption context pairs: a grant constraint takes at most ${MAX_PAIRS}`,
      CREATE_GRANT,
    );
  }
  for (const [k, v] of pairs) {
    if (v.length > MAX_VALUE_CHARS) {
      report('grant-encryption-context-too-long', childPath(at, k), `The value of "${k}" has ${v.length} characters: at most ${MAX_VALUE_CHARS}`, CREATE_GRANT);
    }
  }
}

/**
 * Diagnostics for a grant (kmsim's scenario spelling), against the key when it is given: every one
 * is a reason CreateGrant would refuse the grant, so each is an error.
 */
export function validateGrant(grant: unknown, key?: Pick<KeyAttributes, 'keySpec' | 'keyUsage'>, options: ValidateGrantOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = options.path ?? '$';
  const report: Report = (code, path, message, source) => out.push({ code, severity: 'error', path, message, source });
  if (!isObject(grant)) {
    report('grant-invalid', root, 'A grant must be an object with "granteePrincipal" and "operations"', CREATE_GRANT);
    return out;
  }
  const keyClass = classOf(key);

  const grantee = grant['granteePrincipal'];
  let granteeKind: 'service' | 'principal' | 'bad' = 'bad';
  if (typeof grantee !== 'string' || grantee === '') {
    report('grant-invalid', childPath(root, 'granteePrincipal'), 'A grant needs "granteePrincipal": an AWS principal ARN or a service principal', CREATE_GRANT);
  } else granteeKind = checkPrincipal(grantee, childPath(root, 'granteePrincipal'), 'grantee', report);

  const retiring = grant['retiringPrincipal'];
  if (retiring !== undefined) {
    if (typeof retiring !== 'string' || retiring === '')
      report('grant-invalid', childPath(root, 'retiringPrincipal'), '"retiringPrincipal" must be a principal ARN or a service principal', CREATE_GRANT);
    else checkPrincipal(retiring, childPath(root, 'retiringPrincipal'), 'retiring principal', report);
  }

  checkOperations(grant['operations'], childPath(root, 'operations'), keyClass, report);

  const constraints = grant['constraints'];
  const at = childPath(root, 'constraints');
  let sourceArn: unknown;
  if (constraints !== undefined) {
    if (!isObject(constraints)) report('grant-invalid', at, '"constraints" must be an object', CREATE_GRANT);
    else {
      const equals = constraints['encryptionContextEquals'];
      const subset = constraints['encryptionContextSubset'];
      if (equals !== undefined) checkEncryptionContext(equals, childPath(at, 'encryptionContextEquals'), keyClass, report);
      if (subset !== undefined) checkEncryptionContext(subset, childPath(at, 'encryptionContextSubset'), keyClass, report);
      // create-grant-overview.html: "you can specify either EncryptionContextEquals or EncryptionContextSubset, but not both."
      if (equals !== undefined && subset !== undefined) {
        report('grant-encryption-context-both', at, 'A grant takes EncryptionContextEquals or EncryptionContextSubset, not both', `${CONSTRAINTS}-source-arn`);
      }
      sourceArn = constraints['sourceArn'];
      // CreateGrant (Constraints): the SourceArn constraint names a resource "identified by its Amazon Resource Name (ARN)".
      if (sourceArn !== undefined && (typeof sourceArn !== 'string' || !ARN.test(sourceArn))) {
        report('grant-source-arn-malformed', childPath(at, 'sourceArn'), `The SourceArn constraint ${JSON.stringify(sourceArn)} is not an ARN`, CREATE_GRANT);
      }
    }
  }

  // grants.html, "Grantee service principal": "When you create a grant with a GranteeServicePrincipal,
  // you must also include a SourceArn grant constraint … you must also specify either a
  // RetiringPrincipal or a RetiringServicePrincipal."
  if (granteeKind === 'service') {
    if (sourceArn === undefined) {
      report(
        'grant-service-grantee-source-arn',
        at,
        `A grant to the service principal ${String(grantee)} needs a SourceArn constraint`,
        `${GRANTS}#terms-grantee-service-principal`,
      );
    }
    if (retiring === undefined) {
      report(
        'grant-service-grantee-retiring-principal',
        childPath(root, 'retiringPrincipal'),
        `A grant to the service principal ${String(grantee)} needs a retiring principal (or retiring service principal)`,
        `${GRANTS}#terms-grantee-service-principal`,
      );
    }
  }
  return out;
}
