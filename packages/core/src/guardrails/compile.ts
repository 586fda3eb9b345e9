/**
 * Guardrails, checked and compiled once per evaluator: the organization's SCPs and RCPs per level
 * of each member account's path, permissions boundaries, session policies and VPC endpoint
 * policies. Malformed input is a GuardrailsError naming the field (never ignored).
 */
import { compileStatement, type CompiledStatement } from '../compile/statement.js';
import { GuardrailsError } from '../errors.js';
import { policyFromInput } from '../evaluate/policy-input.js';
import type { GuardrailSource, PolicyInput } from '../evaluate/types.js';
import type { Policy } from '../model/policy.js';
import { roleKey } from '../principal/match.js';
import { ACCOUNT_ID, CALLER_STS_ARN, lastSegment } from '../principal/syntax.js';
import { hasGuardrails } from './fields.js';
import type { GuardrailsInput, OrganizationAccount } from './types.js';

/** One level of an account's path (the root, an OU, the account) and the policies attached there. */
export interface Level {
  /** `r-…`, `ou-…` or the account id. */
  readonly target: string;
  readonly statements: readonly CompiledStatement[];
  /** No policy given for the level: AWS's default (FullAWSAccess / RCPFullAWSAccess) stands there. */
  readonly byDefault: boolean;
}

export interface MemberAccount {
  readonly id: string;
  /** `o-…/r-…/ou-…/`: the value of aws:PrincipalOrgPaths / aws:ResourceOrgPaths. */
  readonly orgPath: string;
  readonly scps: readonly Level[];
  readonly rcps: readonly Level[];
}

export interface CompiledOrganization {
  readonly id: string;
  readonly managementAccount: string;
  /** Accounts listed with their paths (the management account may be among them). */
  readonly accounts: ReadonlyMap<string, MemberAccount>;
  /** The root's id, read from the accounts' paths (`undefined` when no account is listed). */
  readonly rootId: string | undefined;
}

/** A boundary or session policy, compiled, with the ARN it is given for. */
export interface OwnedPolicy {
  readonly owner: string;
  readonly statements: readonly CompiledStatement[];
}

export interface CompiledGuardrails {
  readonly organization: CompiledOrganization | undefined;
  /** Boundaries by principal ARN, and roles' boundaries by role (`account/name`), for their sessions. */
  readonly boundaries: ReadonlyMap<string, OwnedPolicy>;
  readonly roleBoundaries: ReadonlyMap<string, OwnedPolicy>;
  readonly sessionPolicies: ReadonlyMap<string, OwnedPolicy>;
  readonly endpointPolicies: ReadonlyMap<string, OwnedPolicy>;
}

const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const BOUNDARY_OWNER = /^arn:[a-z-]+:iam::(\d{12}):(user|role)\/(.+)$/;
const ENDPOINT_ID = /^vpce-[0-9a-f]{8,17}$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const quoted = (key: string): string => `[${JSON.stringify(key)}]`;

/**
 * Statements that can never be evaluated are errors here (a guardrail that silently never applies
 * would hide a Deny): no valid Effect, no Action/NotAction, no Resource/NotResource; a Principal
 * where the policy type has none (SCPs, boundaries, session policies); RCPs only take `"*"`
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html),
 * and an endpoint policy statement needs one.
 */
function checkStatements(policy: Policy, source: GuardrailSource, where: string): void {
  for (const s of policy.statements) {
    const at = `${where} statement ${s.sid !== undefined ? `"${s.sid}"` : `#${s.index + 1}`}`;
    if (s.effect === undefined) throw new GuardrailsError(at, 'Effect must be "Allow" or "Deny"');
    if (s.action === undefined && s.notAction === undefined) throw new GuardrailsError(at, 'needs Action or NotAction');
    if (s.resource === undefined && s.notResource === undefined) throw new GuardrailsError(at, 'needs Resource or NotResource');
    const hasPrincipal = s.principal !== undefined || s.notPrincipal !== undefined;
    if (source === 'rcp') {
      if (s.notPrincipal !== undefined || s.principal?.wildcard !== true) throw new GuardrailsError(at, 'an RCP statement takes only "Principal": "*"');
    } else if (source === 'vpc-endpoint-policy') {
      if (!hasPrincipal) throw new GuardrailsError(at, 'a VPC endpoint policy statement needs a Principal');
    } else if (hasPrincipal) {
      throw new GuardrailsError(
        at,
        `${source === 'scp' ? 'an SCP' : source === 'permissions-boundary' ? 'a permissions boundary' : 'a session policy'} cannot have a Principal element`,
      );
    }
  }
}

function compileList(list: readonly PolicyInput[], source: GuardrailSource, where: string): CompiledStatement[] {
  return list.flatMap((input, i) => {
    const label = `${where}[${i}]`;
    const policy = policyFromInput(input, label);
    checkStatements(policy, source, label);
    return policy.statements.map((s) => compileStatement(s, policy, source, i));
  });
}

function compileLevels(raw: OrganizationAccount['scps'], targets: readonly string[], source: 'scp' | 'rcp', where: string): Level[] {
  if (raw === undefined) return targets.map((target) => ({ target, statements: [], byDefault: true }));
  if (!Array.isArray(raw)) throw new GuardrailsError(where, 'must be a list with one list of policies per level');
  if (raw.length !== targets.length) {
    throw new GuardrailsError(
      where,
      `has ${raw.length} level${raw.length === 1 ? '' : 's'} but the account's path has ${targets.length} (the root, ${targets.length - 2} OU${targets.length === 3 ? '' : 's'}, the account): give ouPath.length + 1 lists`,
    );
  }
  return raw.map((level, i) => {
    if (!Array.isArray(level)) throw new GuardrailsError(`${where}[${i}]`, 'must be a list of policies');
    return { target: targets[i] as string, statements: compileList(level, source, `${where}[${i}]`), byDefault: level.length === 0 };
  });
}

function compileOrganization(raw: unknown): CompiledOrganization {
  if (!isRecord(raw)) throw new GuardrailsError('organization', 'must be an object with "id", "managementAccount" and "accounts"');
  const { id, managementAccount, accounts } = raw;
  if (typeof id !== 'string' || !ORG_ID.test(id))
    throw new GuardrailsError('organization.id', `${JSON.stringify(id)} is not an organization id (o- and 10 to 32 lower-case letters or digits)`);
  if (typeof managementAccount !== 'string' || !ACCOUNT_ID.test(managementAccount)) {
    throw new GuardrailsError('organization.managementAccount', `${JSON.stringify(managementAccount)} is not an account id (12 digits)`);
  }
  if (!isRecord(accounts)) throw new GuardrailsError('organization.accounts', 'must map account ids to { ouPath, scps, rcps }');
  const out = new Map<string, MemberAccount>();
  let rootId: string | undefined;
  for (const [account, value] of Object.entries(accounts)) {
    const where = `organization.accounts${quoted(account)}`;
    if (!ACCOUNT_ID.test(account)) throw new GuardrailsError(where, `"${account}" is not an account id (12 digits)`);
    if (!isRecord(value)) throw new GuardrailsError(where, 'must be an object with "ouPath" (and optionally "scps", "rcps")');
    const ouPath = value['ouPath'];
    if (!Array.isArray(ouPath) || ouPath.length === 0)
      throw new GuardrailsError(`${where}.ouPath`, 'must list the root id first, then each OU down to the account');
    ouPath.forEach((part, i) => {
      const ok = typeof part === 'string' && (i === 0 ? ROOT_ID.test(part) : OU_ID.test(part));
      if (!ok) throw new GuardrailsError(`${where}.ouPath[${i}]`, `${JSON.stringify(part)} is not ${i === 0 ? 'a root id (r-…)' : 'an OU id (ou-…-…)'}`);
    });
    const root = ouPath[0] as string;
    if (rootId !== undefined && root !== rootId)
      throw new GuardrailsError(`${where}.ouPath[0]`, `"${root}" differs from the root of the other accounts ("${rootId}"): an organization has one root`);
    rootId = root;
    const targets = [...(ouPath as string[]), account];
    const entry = value as unknown as OrganizationAccount;
    out.set(account, {
      id: account,
      orgPath: `${id}/${(ouPath as string[]).join('/')}/`,
      scps: compileLevels(entry.scps, targets, 'scp', `${where}.scps`),
      rcps: compileLevels(entry.rcps, targets, 'rcp', `${where}.rcps`),
    });
  }
  return { id, managementAccount, accounts: out, rootId };
}

function compileOwned(
  raw: unknown,
  field: 'permissionsBoundaries' | 'sessionPolicies' | 'vpcEndpointPolicies',
  source: GuardrailSource,
  keyOk: (key: string) => boolean,
  expected: string,
): Map<string, OwnedPolicy> {
  const out = new Map<string, OwnedPolicy>();
  if (raw === undefined) return out;
  if (!isRecord(raw)) throw new GuardrailsError(field, `must map ${expected} to policies`);
  for (const [owner, value] of Object.entries(raw)) {
    const where = `${field}${quoted(owner)}`;
    if (!keyOk(owner)) throw new GuardrailsError(where, `"${owner}" is not ${expected}`);
    // Session policies: a list per session (AssumeRole takes several); the others: one policy each.
    const list = source === 'session-policy' ? value : [value];
    if (!Array.isArray(list)) throw new GuardrailsError(where, 'must be a list of policies');
    const statements = source === 'session-policy' ? compileList(list as PolicyInput[], source, where) : compileOne(value as PolicyInput, source, where);
    out.set(owner, { owner, statements });
  }
  return out;
}

function compileOne(input: PolicyInput, source: GuardrailSource, where: string): CompiledStatement[] {
  const policy = policyFromInput(input, where);
  checkStatements(policy, source, where);
  return policy.statements.map((s) => compileStatement(s, policy, source, 0));
}

/** `undefined` when the input carries no guardrail: the evaluator then runs exactly as without them. */
export function compileGuardrails(input: GuardrailsInput): CompiledGuardrails | undefined {
  if (!hasGuardrails(input)) return undefined;
  const { organization, permissionsBoundaries, sessionPolicies, vpcEndpointPolicies } = input;
  const boundaries = compileOwned(
    permissionsBoundaries,
    'permissionsBoundaries',
    'permissions-boundary',
    (k) => BOUNDARY_OWNER.test(k),
    'an IAM user or role ARN',
  );
  const roleBoundaries = new Map<string, OwnedPolicy>();
  for (const [arn, owned] of boundaries) {
    const m = BOUNDARY_OWNER.exec(arn);
    if (m?.[2] === 'role') roleBoundaries.set(roleKey(m[1] as string, lastSegment(m[3] as string)), owned);
  }
  return {
    organization: organization === undefined ? undefined : compileOrganization(organization),
    boundaries,
    roleBoundaries,
    sessionPolicies: compileOwned(
      sessionPolicies,
      'sessionPolicies',
      'session-policy',
      (k) => CALLER_STS_ARN.test(k),
      'a session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION or federated-user/NAME)',
    ),
    endpointPolicies: compileOwned(
      vpcEndpointPolicies,
      'vpcEndpointPolicies',
      'vpc-endpoint-policy',
      (k) => ENDPOINT_ID.test(k),
      'a VPC endpoint id (vpce- and 8 to 17 hexadecimal digits)',
    ),
  };
}
