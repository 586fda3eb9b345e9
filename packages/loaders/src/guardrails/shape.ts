/**
 * The guardrail fields of the scenario format (shared/conformance's README, section "Guardrails"),
 * checked: `organization`, `permissionsBoundaries`, `sessionPolicies`, `vpcEndpointPolicies`.
 * Whatever is malformed is a LoadError naming the file and the JSON path; each policy goes through
 * core's parser, and one it cannot read as a policy is refused there too.
 */
import {
  parseIdentityPolicy,
  parseKeyPolicy,
  type GuardrailsInput,
  type JsonValue,
  type Organization,
  type OrganizationAccount,
  type PolicyDocument,
} from '@kmsim/core';
import { ACCOUNT_ID } from '@kmsim/core/internal';
import { LoadError } from '../errors.js';
import { childPath, isJsonObject, type JsonObject } from '../json-path.js';

/**
 * Organization ids: "o-" and 10 to 32 lowercase letters or digits; roots "r-" and 4 to 32; OUs
 * "ou-", the root's 4 to 32, "-" and 8 to 32 more.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html (Id);
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html (TargetId)
 */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/u;
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/u;
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/u;

/** A permissions boundary is set on an IAM user or a role. */
export const BOUNDARY_PRINCIPAL = /^arn:[a-z-]+:iam::\d{12}:(user|role)\/.+$/u;

/** Which guardrail a policy is: SCPs, boundaries and session policies are written like identity policies (no Principal); RCPs and VPC endpoint policies name principals. */
export type GuardrailPolicyKind = 'scp' | 'rcp' | 'boundary' | 'session' | 'vpce';

export const GUARDRAIL_NAMES: Readonly<Record<GuardrailPolicyKind, string>> = {
  scp: 'service control policy',
  rcp: 'resource control policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  vpce: 'VPC endpoint policy',
};

/** Where a value sits: the file (LoadError source), the case (resource) and the JSON path. */
export interface Where {
  readonly source: string;
  readonly resource?: string;
  readonly path: string;
}

export const at = (w: Where, key: string | number): Where => ({ ...w, path: childPath(w.path, key) });

export function fail(w: Where, detail: string): never {
  throw new LoadError(w.source, 'format', detail, { ...(w.resource !== undefined ? { resource: w.resource } : {}), path: w.path });
}

/** A guardrail policy (an object, or its JSON text), as a document; one core cannot read as a policy is a LoadError. */
export function checkGuardrailPolicy(value: JsonValue | undefined, kind: GuardrailPolicyKind, w: Where): PolicyDocument {
  if (!isJsonObject(value) && typeof value !== 'string') fail(w, `the ${GUARDRAIL_NAMES[kind]} must be a policy object`);
  const parsed = kind === 'rcp' || kind === 'vpce' ? parseKeyPolicy(value) : parseIdentityPolicy(value);
  if (parsed.policy === undefined) {
    const d = parsed.diagnostics.find((x) => x.severity === 'error');
    fail(w, `the ${GUARDRAIL_NAMES[kind]} is not usable: ${d?.message ?? 'it is not a JSON object'}`);
  }
  return (typeof value === 'string' ? JSON.parse(value) : value) as unknown as PolicyDocument;
}

function objectAt(value: JsonValue | undefined, w: Where, what: string): JsonObject {
  if (!isJsonObject(value)) fail(w, `${what} must be an object`);
  return value;
}

function policyLevels(value: JsonValue | undefined, kind: 'scp' | 'rcp', levels: number, w: Where): PolicyDocument[][] {
  const name = kind === 'scp' ? 'scps' : 'rcps';
  if (!Array.isArray(value) || value.length !== levels) {
    fail(w, `"${name}" must hold one list of policies per level of "ouPath" and one for the account itself: ${levels} lists`);
  }
  return value.map((level, i) => {
    if (!Array.isArray(level)) fail(at(w, i), 'must be a list of policies');
    return level.map((p, j) => checkGuardrailPolicy(p, kind, at(at(w, i), j)));
  });
}

function checkAccount(value: JsonValue | undefined, w: Where): OrganizationAccount {
  const o = objectAt(value, w, 'an account of the organization');
  const path = o['ouPath'];
  const pw = at(w, 'ouPath');
  if (!Array.isArray(path) || path.length === 0) fail(pw, '"ouPath" must list the root id and then each OU down to the account');
  path.forEach((id, i) => {
    const pattern = i === 0 ? ROOT_ID : OU_ID;
    if (typeof id !== 'string' || !pattern.test(id)) {
      fail(
        at(pw, i),
        i === 0
          ? 'the path starts with the root id ("r-" and 4 to 32 lowercase letters or digits)'
          : `"${String(id)}" is not an OU id (ou-<root>-<8 to 32 lowercase letters or digits>)`,
      );
    }
  });
  const levels = path.length + 1;
  return {
    ouPath: path as string[],
    ...(o['scps'] !== undefined ? { scps: policyLevels(o['scps'], 'scp', levels, at(w, 'scps')) } : {}),
    ...(o['rcps'] !== undefined ? { rcps: policyLevels(o['rcps'], 'rcp', levels, at(w, 'rcps')) } : {}),
  };
}

/** An `organization` object: its id, management account and member accounts, each with its path and policies. */
export function checkOrganization(value: JsonValue | undefined, w: Where): Organization {
  const o = objectAt(value, w, '"organization"');
  const id = o['id'];
  if (typeof id !== 'string' || !ORGANIZATION_ID.test(id)) fail(at(w, 'id'), 'the organization id is "o-" and 10 to 32 lowercase letters or digits');
  const management = o['managementAccount'];
  if (typeof management !== 'string' || !ACCOUNT_ID.test(management)) fail(at(w, 'managementAccount'), 'the management account is an account id (12 digits)');
  const aw = at(w, 'accounts');
  const accounts: Record<string, OrganizationAccount> = {};
  let root: string | undefined;
  for (const [account, entry] of Object.entries(objectAt(o['accounts'], aw, '"accounts"'))) {
    const ew = at(aw, account);
    if (!ACCOUNT_ID.test(account)) fail(ew, `"${account}" is not an account id (12 digits)`);
    const checked = checkAccount(entry, ew);
    const first = checked.ouPath[0] as string;
    // An organization has one root: every account's path starts there.
    if (root !== undefined && first !== root) fail(at(at(ew, 'ouPath'), 0), `every account's path starts at the organization's root ${root}, not ${first}`);
    root = first;
    accounts[account] = checked;
  }
  return { id, managementAccount: management, accounts };
}

/** The guardrail fields of an object in the scenario format (those it has). */
export function checkGuardrails(o: JsonObject, w: Where): GuardrailsInput {
  const out: { -readonly [K in keyof GuardrailsInput]: GuardrailsInput[K] } = {};
  if (o['organization'] !== undefined) out.organization = checkOrganization(o['organization'], at(w, 'organization'));
  const byKey = <T>(field: string, each: (v: JsonValue | undefined, vw: Where, key: string) => T): Record<string, T> | undefined => {
    if (o[field] === undefined) return undefined;
    const fw = at(w, field);
    return Object.fromEntries(Object.entries(objectAt(o[field], fw, `"${field}"`)).map(([k, v]) => [k, each(v, at(fw, k), k)]));
  };
  const boundaries = byKey('permissionsBoundaries', (v, vw, arn) => {
    if (!BOUNDARY_PRINCIPAL.test(arn)) fail(vw, `"${arn}" is not an IAM user or role ARN (a boundary is set on a user or a role)`);
    return checkGuardrailPolicy(v, 'boundary', vw);
  });
  if (boundaries) out.permissionsBoundaries = boundaries;
  const sessions = byKey('sessionPolicies', (v, vw, arn) => {
    if (!/^arn:[a-z-]+:sts::\d{12}:(assumed-role|federated-user)\/.+$/u.test(arn))
      fail(vw, `"${arn}" is not a session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION)`);
    if (!Array.isArray(v)) fail(vw, 'must be a list of session policies');
    return v.map((p, i) => checkGuardrailPolicy(p, 'session', at(vw, i)));
  });
  if (sessions) out.sessionPolicies = sessions;
  const endpoints = byKey('vpcEndpointPolicies', (v, vw, id) => {
    if (!/^vpce-[0-9a-f]+$/u.test(id)) fail(vw, `"${id}" is not a VPC endpoint id (vpce-…)`);
    return checkGuardrailPolicy(v, 'vpce', vw);
  });
  if (endpoints) out.vpcEndpointPolicies = endpoints;
  return out;
}
