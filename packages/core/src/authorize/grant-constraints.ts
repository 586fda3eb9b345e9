/**
 * A grant's constraints as condition clauses: the one statement of which constraint applies to
 * which operation, used by the evaluator (authorize/grants.ts) and by the simulator's condition
 * space (the clauses are what a matrix cell is conditional on). Each rule cites its page:
 *
 * - GC  https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html
 * - CG  https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html (Constraints)
 * - CGO https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html
 */
import { keyClassOf } from '../catalogue/actions.js';
import type { KeyClass, KeyUsage } from '../catalogue/types.js';
import { compileClause, type CompiledClause } from '../conditions/clause.js';
import { childPath } from '../common/json-path.js';
import type { Grant } from '../evaluate/types.js';
import type { ConditionClause } from '../model/policy.js';

/** One constraint of a grant, as a condition clause, with what it stands for. */
export interface GrantCondition {
  /** `path`: where the constraint is, e.g. `grants[0].constraints.sourceArn`. */
  readonly clause: ConditionClause;
  readonly compiled: CompiledClause;
  /** The constraint, for people: "SourceArn constraint arn:aws:…". */
  readonly describe: string;
}

/**
 * The key class a grant operation runs against: the request's key spec and usage, else the key's.
 * A spec kmsim does not know counts as symmetric (the KMS default), so a constraint is never
 * dropped for a key kmsim cannot place.
 */
export function grantKeyClass(keySpec: string | undefined, keyUsage: KeyUsage | undefined): KeyClass {
  try {
    return keyClassOf(keySpec ?? 'SYMMETRIC_DEFAULT', keyUsage);
  } catch {
    return 'symmetric';
  }
}

/**
 * Whether an encryption-context constraint applies to the operation. GC: "These encryption
 * context constraints apply only to cryptographic operations that support an encryption context,
 * that is, all cryptographic operations with a symmetric KMS key. Encryption context grant
 * constraints are not applied to operations that do not support an encryption context, such as
 * cryptographic operations with asymmetric KMS keys and management operations, such as DescribeKey
 * or RetireGrant." CreateGrant keeps them (its encryption context is the new grant's constraint,
 * see `createGrantConditions`). HMAC keys take no encryption context either (CG: "You cannot use an
 * encryption context grant constraint for cryptographic operations with asymmetric KMS keys or
 * HMAC KMS keys").
 */
export function takesEncryptionContext(operation: string, keyClass: KeyClass): boolean {
  return keyClass === 'symmetric' && operation !== 'DescribeKey' && operation !== 'RetireGrant';
}

/**
 * The SourceArn constraint's clause for the operation, or undefined where it does not apply.
 * CG: "This is effectively the same as having the aws:SourceArn global condition key in the grant.
 * The SourceArn constraint is supported on grants for all types of KMS keys and can also be applied
 * to the DescribeKey operation when specified in the request. However, it does not apply to
 * RetireGrant operation."
 * - Matching: exact and case-sensitive (StringEquals). The constraint names one resource "identified
 *   by its ARN"; no page gives it wildcards, so a `*` in it is a literal character. (kmsim's choice.)
 * - A request without aws:SourceArn does not meet it (as a policy condition on the key would not),
 *   except DescribeKey, where the constraint applies "when specified in the request" (IfExists).
 *   CGO also says the constraint "is only evaluated when the request is made by an AWS service";
 *   whether a direct call by an IAM grantee without aws:SourceArn passes is not documented (the
 *   fidelity case for it is marked ambiguous).
 */
function sourceArnClause(arn: string, operation: string, path: string): ConditionClause | undefined {
  if (operation === 'RetireGrant') return undefined;
  const operator = operation === 'DescribeKey' ? 'StringEqualsIfExists' : 'StringEquals';
  return described({ operator, key: 'aws:SourceArn', values: [arn], path }, `SourceArn constraint ${arn} (the request's aws:SourceArn)`);
}

/**
 * Encryption-context constraints as clauses. GC: "in a grant constraint, the key in each key-value
 * pair is not case sensitive, but the value is case sensitive" — condition key names are read
 * without regard to case and StringEquals compares the value exactly; EncryptionContextEquals also
 * allows no other key (ForAllValues over kms:EncryptionContextKeys, keys compared ignoring case).
 */
function encryptionContextClauses(c: NonNullable<Grant['constraints']>, base: string): ConditionClause[] {
  const out: ConditionClause[] = [];
  for (const kind of ['encryptionContextEquals', 'encryptionContextSubset'] as const) {
    const pairs = c[kind];
    if (pairs === undefined) continue;
    const at = childPath(base, kind);
    const name = kind === 'encryptionContextEquals' ? 'EncryptionContextEquals' : 'EncryptionContextSubset';
    for (const [k, v] of Object.entries(pairs)) {
      out.push(described({ operator: 'StringEquals', key: `kms:EncryptionContext:${k}`, values: [v], path: childPath(at, k) }, `${name} constraint ${k}=${v}`));
    }
    if (kind === 'encryptionContextEquals') {
      const keys = Object.keys(pairs);
      out.push(
        described(
          { operator: 'ForAllValues:StringEqualsIgnoreCase', key: 'kms:EncryptionContextKeys', values: keys, path: at },
          `EncryptionContextEquals constraint: no encryption context key other than ${keys.join(', ')}`,
        ),
      );
    }
  }
  return out;
}

/**
 * CreateGrant through a grant (CGO, "Granting CreateGrant permission"): "The grantee principal can
 * only create grants that allow some or all of the operations in the parent grant" and "The grant
 * constraints in the grants they create must be at least as strict as those in the parent grant":
 * the child can add pairs to an EncryptionContextSubset or change it to EncryptionContextEquals,
 * "but not the reverse"; a parent's SourceArn constraint must be the child's too (a child for
 * another resource, or for none, is not as strict). The child's encryption-context pairs are the
 * CreateGrant request's encryption context, checked by the parent's own pair clauses.
 */
function createGrantClauses(grant: Grant, base: string, keyClass: KeyClass): ConditionClause[] {
  const out: ConditionClause[] = [
    described(
      { operator: 'ForAllValues:StringEquals', key: 'kms:GrantOperations', values: [...grant.operations], path: childPath(base, 'operations') },
      `new grant's operations within this grant's (${grant.operations.join(', ')})`,
    ),
  ];
  const c = grant.constraints;
  const at = childPath(base, 'constraints');
  if (c?.encryptionContextEquals && keyClass === 'symmetric') {
    out.push(
      described(
        { operator: 'StringEquals', key: 'kms:GrantConstraintType', values: ['EncryptionContextEquals'], path: childPath(at, 'encryptionContextEquals') },
        "new grant's EncryptionContextEquals constraint (as strict as this grant's)",
      ),
    );
  } else if (c?.encryptionContextSubset && keyClass === 'symmetric') {
    out.push(
      described(
        {
          operator: 'StringEquals',
          key: 'kms:GrantConstraintType',
          values: ['EncryptionContextSubset', 'EncryptionContextEquals'],
          path: childPath(at, 'encryptionContextSubset'),
        },
        "new grant's encryption-context constraint (as strict as this grant's EncryptionContextSubset)",
      ),
    );
  }
  if (c?.sourceArn !== undefined) {
    out.push(
      described(
        { operator: 'StringEquals', key: 'kms:GrantConstraintSourceArn', values: [c.sourceArn], path: childPath(at, 'sourceArn') },
        `new grant's SourceArn constraint ${c.sourceArn} (as strict as this grant's)`,
      ),
    );
  }
  return out;
}

/** What each clause stands for, for people (the trace's reason), by clause. */
const DESCRIPTIONS = new WeakMap<ConditionClause, string>();

function described(clause: ConditionClause, text: string): ConditionClause {
  DESCRIPTIONS.set(clause, text);
  return clause;
}

/** The clauses of grant `index` for the operation on a key of `keyClass` (paths under `grants[index]`). */
export function grantConstraintClauses(grant: Grant, index: number, operation: string, keyClass: KeyClass): ConditionClause[] {
  const base = `grants[${index}]`;
  const out: ConditionClause[] = [];
  const c = grant.constraints;
  if (c && takesEncryptionContext(operation, keyClass)) out.push(...encryptionContextClauses(c, childPath(base, 'constraints')));
  if (c?.sourceArn !== undefined) {
    const s = sourceArnClause(c.sourceArn, operation, childPath(childPath(base, 'constraints'), 'sourceArn'));
    if (s) out.push(s);
  }
  if (operation === 'CreateGrant') out.push(...createGrantClauses(grant, base, keyClass));
  return out;
}

const compiledByGrant = new WeakMap<Grant, Map<string, readonly GrantCondition[]>>();

/** `grantConstraintClauses`, compiled once per grant, position, operation and key class. */
export function grantConditions(grant: Grant, index: number, operation: string, keyClass: KeyClass): readonly GrantCondition[] {
  let byKey = compiledByGrant.get(grant);
  if (byKey === undefined) compiledByGrant.set(grant, (byKey = new Map()));
  const k = `${index}|${operation}|${keyClass}`;
  let out = byKey.get(k);
  if (out === undefined) {
    out = grantConstraintClauses(grant, index, operation, keyClass).map((clause) => ({
      clause,
      compiled: compileClause(clause, undefined),
      describe: DESCRIPTIONS.get(clause) ?? clause.path,
    }));
    byKey.set(k, out);
  }
  return out;
}
