/**
 * Guardrails from files: an organization file (the scenario format's guardrail fields, or a bare
 * `organization` object), SCP and RCP policy files attached at a level of the organization, and
 * permissions boundary files by principal. What `kmsim --org-file`, `--scp`, `--rcp` and
 * `--boundary` read.
 */
import type { GuardrailsInput, JsonValue, Organization, OrganizationAccount, PolicyDocument } from '@kmsim/core';
import { FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS } from '@kmsim/core';
import { ACCOUNT_ID } from '@kmsim/core/internal';
import { LoadError } from '../errors.js';
import { parseJson } from '../json.js';
import { isJsonObject } from '../json-path.js';
import { readDocumentFile } from '../read-file.js';
import {
  BOUNDARY_PRINCIPAL,
  checkBareOrganization,
  checkGuardrailPolicy,
  checkGuardrails,
  GUARDRAIL_FIELDS,
  GUARDRAIL_NAMES,
  type GuardrailPolicyKind,
} from './shape.js';

/** A guardrails document: an object with a guardrail field of the scenario format, or a bare organization (`id`, `managementAccount`, `accounts`). */
export function isGuardrailsDocument(root: JsonValue): boolean {
  if (!isJsonObject(root) || 'Statement' in root) return false;
  return GUARDRAIL_FIELDS.some((f) => f in root) || ('accounts' in root && 'managementAccount' in root);
}

function guardrailsOf(root: JsonValue, path: string): GuardrailsInput {
  const where = { source: path, path: '$' };
  if (isJsonObject(root) && !GUARDRAIL_FIELDS.some((f) => f in root) && 'accounts' in root) return checkBareOrganization(root, where);
  if (!isJsonObject(root) || !isGuardrailsDocument(root)) {
    throw new LoadError(
      path,
      'format',
      'not an organization file: expected an object with "organization" (and optionally "permissionsBoundaries", "sessionPolicies", "vpcEndpointPolicies"), or an organization ("id", "managementAccount", "accounts")',
    );
  }
  return checkGuardrails(root, where);
}

/** Read an organization file: the guardrail fields it holds (a bare organization gives `{ organization }`). */
export async function loadGuardrailsFile(path: string): Promise<GuardrailsInput> {
  return guardrailsOf(parseJson(await readDocumentFile(path), path), path);
}

/** Read one guardrail policy file (an SCP, RCP, boundary, session or VPC endpoint policy). */
export async function loadGuardrailPolicyFile(path: string, kind: GuardrailPolicyKind): Promise<PolicyDocument> {
  return checkGuardrailPolicy(parseJson(await readDocumentFile(path), path), kind, { source: path, path: '$' });
}

// The policies an organization has at every level when nothing else is said: core's (defaults).
export { FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS };

/** A policy file and where it is attached: a root id, an OU id or an account id (default: the key's account). */
export interface AttachedPolicyFile {
  readonly file: string;
  readonly target?: string;
}

export interface GuardrailFilesOptions {
  /** An organization file (see `loadGuardrailsFile`); it replaces `base.organization`. */
  readonly organizationFile?: string;
  /** SCP files; a file that is an organization file counts as `organizationFile`. */
  readonly scps?: readonly AttachedPolicyFile[];
  /** RCP files; a file that is an organization file counts as `organizationFile`. */
  readonly rcps?: readonly AttachedPolicyFile[];
  /** Permissions boundary files by user or role ARN. */
  readonly boundaries?: readonly { readonly principal: string; readonly file: string }[];
  /** The key's account: where an SCP or RCP without a target is attached. */
  readonly keyAccount?: string;
  /** The guardrails the key came with (a scenario case's); the files add to them. */
  readonly base?: GuardrailsInput;
}

/**
 * Attach `policy` at `target` in every account whose path holds it. A level the organization says
 * nothing about (no `scps` / `rcps` for the account) carries FullAWSAccess / RCPFullAWSAccess, and
 * the file is added beside it; a level it lists keeps its list and gains the file.
 */
function attach(organization: Organization, kind: 'scp' | 'rcp', policy: PolicyDocument, target: string, file: string): Organization {
  const name = GUARDRAIL_NAMES[kind];
  if (target === organization.managementAccount) {
    throw new LoadError(
      file,
      'format',
      `${target} is the organization's management account: ${kind === 'scp' ? 'SCPs never limit its principals' : 'RCPs never apply to its keys'}`,
    );
  }
  const accounts: Record<string, OrganizationAccount> = { ...organization.accounts };
  let attached = 0;
  for (const [account, entry] of Object.entries(organization.accounts)) {
    const level = target === account ? entry.ouPath.length : entry.ouPath.indexOf(target);
    if (level < 0) continue;
    const field = kind === 'scp' ? 'scps' : 'rcps';
    const full = kind === 'scp' ? FULL_AWS_ACCESS : RCP_FULL_AWS_ACCESS;
    const levels = entry[field] ?? entry.ouPath.map(() => [full]).concat([[full]]);
    // An empty level is AWS's default (core reads it so): the default stays beside the file.
    accounts[account] = { ...entry, [field]: levels.map((list, i) => (i !== level ? list : list.length === 0 ? [full, policy] : [...list, policy])) };
    attached++;
  }
  if (attached === 0) {
    const what = ACCOUNT_ID.test(target)
      ? `account ${target} is not a member of organization ${organization.id}`
      : `no account of organization ${organization.id} is under ${target} (give a root id r-…, an OU id ou-…-… or an account id)`;
    throw new LoadError(file, 'not-found', `cannot attach the ${name}: ${what} (an ${kind.toUpperCase()} applies only to member accounts)`);
  }
  return { ...organization, accounts };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The guardrails of `base` with the files' added (see GuardrailFilesOptions). */
export async function loadGuardrails(options: GuardrailFilesOptions): Promise<GuardrailsInput> {
  let fromFiles: { guardrails: GuardrailsInput; file: string } | undefined;
  const policies: { kind: 'scp' | 'rcp'; policy: PolicyDocument; target: string | undefined; file: string }[] = [];
  const addGuardrails = (guardrails: GuardrailsInput, file: string): void => {
    if (fromFiles && fromFiles.file !== file && !same(fromFiles.guardrails, guardrails)) {
      throw new LoadError(file, 'ambiguous', `a second organization file; ${fromFiles.file} already gives the guardrails (give one organization file)`);
    }
    fromFiles = { guardrails, file };
  };
  if (options.organizationFile !== undefined) addGuardrails(await loadGuardrailsFile(options.organizationFile), options.organizationFile);
  for (const kind of ['scp', 'rcp'] as const) {
    for (const { file, target } of (kind === 'scp' ? options.scps : options.rcps) ?? []) {
      const root = parseJson(await readDocumentFile(file), file);
      if (isGuardrailsDocument(root)) {
        if (target !== undefined) throw new LoadError(file, 'format', `is an organization file; attach a policy file at ${target}, not an organization`);
        addGuardrails(guardrailsOf(root, file), file);
      } else policies.push({ kind, policy: checkGuardrailPolicy(root, kind, { source: file, path: '$' }), target, file });
    }
  }
  const base = options.base ?? {};
  const files = fromFiles?.guardrails ?? {};
  let organization = files.organization ?? base.organization;
  for (const { kind, policy, target, file } of policies) {
    if (!organization) {
      throw new LoadError(
        file,
        'format',
        `a ${GUARDRAIL_NAMES[kind]} applies inside an organization, and its id and accounts decide aws:PrincipalOrgID: give the organization file (kmsim: --org-file)`,
      );
    }
    const at = target ?? options.keyAccount;
    if (at === undefined)
      throw new LoadError(file, 'format', `where is the ${GUARDRAIL_NAMES[kind]} attached? give a root, OU or account id (kmsim: --${kind} ID=${file})`);
    organization = attach(organization, kind, policy, at, file);
  }
  const boundaries: Record<string, PolicyDocument> = {};
  for (const { principal, file } of options.boundaries ?? []) {
    if (!BOUNDARY_PRINCIPAL.test(principal)) {
      throw new LoadError(file, 'format', `"${principal}" is not an IAM user or role ARN (a permissions boundary is set on a user or a role)`);
    }
    boundaries[principal] = await loadGuardrailPolicyFile(file, 'boundary');
  }
  const merged = <T>(a: Readonly<Record<string, T>> | undefined, b: Readonly<Record<string, T>> | undefined, c: Readonly<Record<string, T>> = {}) =>
    a || b || Object.keys(c).length > 0 ? { ...a, ...b, ...c } : undefined;
  const permissionsBoundaries = merged(base.permissionsBoundaries, files.permissionsBoundaries, boundaries);
  const sessionPolicies = merged(base.sessionPolicies, files.sessionPolicies);
  const vpcEndpointPolicies = merged(base.vpcEndpointPolicies, files.vpcEndpointPolicies);
  return {
    ...(organization ? { organization } : {}),
    ...(permissionsBoundaries ? { permissionsBoundaries } : {}),
    ...(sessionPolicies ? { sessionPolicies } : {}),
    ...(vpcEndpointPolicies ? { vpcEndpointPolicies } : {}),
  };
}
