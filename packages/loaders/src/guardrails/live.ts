/**
 * Guardrails as they are in AWS, read with the SDK's usual credential and region chain:
 *
 * - the organization through @aws-sdk/client-organizations (from the management account or a
 *   delegated administrator): DescribeOrganization, ListRoots (which policy types are enabled),
 *   ListAccounts, ListParents up to the root for each account, ListPoliciesForTarget for
 *   SERVICE_CONTROL_POLICY and RESOURCE_CONTROL_POLICY at each level, DescribePolicy for each
 *   policy's content (each call once per OU, target and policy);
 * - permissions boundaries through @aws-sdk/client-iam: GetRole / GetUser → PermissionsBoundary
 *   → GetPolicy (its default version) → GetPolicyVersion.
 *
 * The SDK clients are imported only when these are called.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { OrganizationsClient, PolicyType } from '@aws-sdk/client-organizations';
import type { JsonValue, Organization, OrganizationAccount, PolicyDocument } from '@kmsim/core';
import { arnParts } from '@kmsim/core/internal';
import { LoadError } from '../errors.js';
import { checkEndpoint, clientConfig, regionOf, type LiveClientOptions } from '../live-client.js';
// Each call times out as the key's calls do (connection and request timeout, default 10 s).
import { DEFAULT_LIVE_TIMEOUT_MS, MAX_PAGES } from '../live-key.js';
import { redactEndpoint, toLoadError } from '../live-errors.js';
import { BOUNDARY_PRINCIPAL, checkGuardrailPolicy, type GuardrailPolicyKind } from './shape.js';

export interface LiveOrganizationOptions extends LiveClientOptions {
  /** A configured client; it is not destroyed afterwards. */
  readonly client?: OrganizationsClient;
}

export interface LiveBoundariesOptions extends LiveClientOptions {
  /** A configured client; it is not destroyed afterwards. */
  readonly client?: IAMClient;
}

type Call = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

function caller(source: string, service: 'organizations' | 'iam', endpoint: string, region: string | undefined): Call {
  return async (operation, run) => {
    try {
      return await run();
    } catch (e) {
      const name = (e as { name?: unknown }).name;
      if (name === 'AWSOrganizationsNotInUseException') {
        throw new LoadError(source, 'not-found', `the caller's account is not in an organization (${operation} at ${endpoint})`, { cause: e });
      }
      throw toLoadError(e, { keyId: source, operation, endpoint, region, service });
    }
  };
}

/**
 * Every page of a paginated call, stopped with an error naming the call at a NextToken seen before
 * or past MAX_PAGES pages (as the key's list calls are: an endpoint cannot make kmsim page forever).
 */
async function pages<P extends { NextToken?: string | undefined }, T>(
  operation: string,
  where: { readonly source: string; readonly endpoint: string },
  send: (token: string | undefined) => Promise<P>,
  items: (page: P) => readonly T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let n = 1; ; n++) {
    const page = await send(token);
    out.push(...(items(page) ?? []));
    token = page.NextToken;
    if (!token) return out;
    if (seen.has(token))
      throw new LoadError(where.source, 'aws-error', `${operation} at ${where.endpoint} returned the same NextToken twice (page ${n}): kmsim stopped paging`);
    if (n >= MAX_PAGES)
      throw new LoadError(where.source, 'aws-error', `${operation} at ${where.endpoint} returned more than ${MAX_PAGES} pages: kmsim stopped paging`);
    seen.add(token);
  }
}

/** A policy document returned as JSON text (Organizations' Content, IAM's URL-encoded Document), checked by core's parser. */
function policyText(text: string | undefined, kind: GuardrailPolicyKind, source: string, what: string): PolicyDocument {
  if (text === undefined) throw new LoadError(source, 'aws-error', `${what} returned no policy document`);
  // "The policy document returned in this structure is URL-encoded compliant with RFC 3986":
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyVersion.html
  const json = text.trimStart().startsWith('{') ? text : decodeURIComponent(text);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new LoadError(source, 'policy', `${what} returned a policy that is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return checkGuardrailPolicy(value as JsonValue, kind, { source, path: '$', resource: what });
}

/** The organization of the caller's account, with every account's path and its SCPs and RCPs (those of enabled policy types). */
export async function loadLiveOrganization(options: LiveOrganizationOptions = {}): Promise<Organization> {
  if (options.endpoint !== undefined && !options.client) checkEndpoint('organization', options.endpoint);
  const sdk = await import('@aws-sdk/client-organizations');
  const client = options.client ?? new sdk.OrganizationsClient(clientConfig({ timeoutMs: DEFAULT_LIVE_TIMEOUT_MS, ...options }));
  const region = await regionOf(client);
  const endpoint = options.client
    ? "the client's endpoint"
    : options.endpoint !== undefined
      ? redactEndpoint(options.endpoint)
      : 'the AWS Organizations endpoint';
  const source = 'organization';
  const call = caller(source, 'organizations', endpoint, region);
  try {
    const described = await call('DescribeOrganization', () => client.send(new sdk.DescribeOrganizationCommand({})));
    const id = described.Organization?.Id;
    const managementAccount = described.Organization?.MasterAccountId;
    if (!id || !managementAccount)
      throw new LoadError(source, 'aws-error', `DescribeOrganization at ${endpoint} returned no organization id or management account`);

    const where = { source, endpoint };
    const roots = await pages(
      'ListRoots',
      where,
      (NextToken) => call('ListRoots', () => client.send(new sdk.ListRootsCommand({ ...(NextToken ? { NextToken } : {}) }))),
      (p) => p.Roots,
    );
    const enabled = (type: PolicyType): boolean => roots.some((r) => r.PolicyTypes?.some((t) => t.Type === type && t.Status === 'ENABLED'));
    const types = (['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const).filter(enabled);

    const accountIds = (
      await pages(
        'ListAccounts',
        where,
        (NextToken) => call('ListAccounts', () => client.send(new sdk.ListAccountsCommand({ ...(NextToken ? { NextToken } : {}) }))),
        (p) => p.Accounts,
      )
    ).flatMap((a) => (a.Id ? [a.Id] : []));

    const parents = new Map<string, Promise<{ id: string; root: boolean }>>();
    const parentOf = (child: string): Promise<{ id: string; root: boolean }> => {
      let p = parents.get(child);
      if (!p) {
        p = call('ListParents', () => client.send(new sdk.ListParentsCommand({ ChildId: child }))).then((r) => {
          const parent = r.Parents?.[0];
          if (!parent?.Id) throw new LoadError(source, 'aws-error', `ListParents at ${endpoint} returned no parent for ${child}`);
          return { id: parent.Id, root: parent.Type === 'ROOT' };
        });
        parents.set(child, p);
      }
      return p;
    };
    const contents = new Map<string, Promise<PolicyDocument>>();
    const policy = (policyId: string, kind: 'scp' | 'rcp'): Promise<PolicyDocument> => {
      let p = contents.get(policyId);
      if (!p) {
        p = call('DescribePolicy', () => client.send(new sdk.DescribePolicyCommand({ PolicyId: policyId }))).then((r) =>
          policyText(r.Policy?.Content, kind, source, `policy ${policyId}`),
        );
        contents.set(policyId, p);
      }
      return p;
    };
    const attached = new Map<string, Promise<PolicyDocument[]>>();
    const policiesAt = (target: string, type: (typeof types)[number]): Promise<PolicyDocument[]> => {
      const k = `${type} ${target}`;
      let p = attached.get(k);
      if (!p) {
        p = pages(
          'ListPoliciesForTarget',
          where,
          (NextToken) =>
            call('ListPoliciesForTarget', () =>
              client.send(new sdk.ListPoliciesForTargetCommand({ TargetId: target, Filter: type, ...(NextToken ? { NextToken } : {}) })),
            ),
          (r) => r.Policies,
        ).then((list) => Promise.all(list.flatMap((s) => (s.Id ? [policy(s.Id, type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp')] : []))));
        attached.set(k, p);
      }
      return p;
    };

    const accounts: Record<string, OrganizationAccount> = {};
    // One account at a time: parents and policies are shared, and the calls stay under the API's rate.
    for (const account of accountIds) {
      const path: string[] = [];
      for (let child = account; ; ) {
        const parent = await parentOf(child);
        path.unshift(parent.id);
        if (parent.root) break;
        if (path.length > 6) throw new LoadError(source, 'aws-error', `ListParents at ${endpoint}: ${account} is more than 5 OUs below the root`);
        child = parent.id;
      }
      const levels = [...path, account];
      const entry: { ouPath: string[]; scps?: PolicyDocument[][]; rcps?: PolicyDocument[][] } = { ouPath: path };
      for (const type of types) {
        const lists = await Promise.all(levels.map((target) => policiesAt(target, type)));
        if (type === 'SERVICE_CONTROL_POLICY') entry.scps = lists;
        else entry.rcps = lists;
      }
      accounts[account] = entry;
    }
    return { id, managementAccount, accounts };
  } finally {
    if (!options.client) client.destroy();
  }
}

/**
 * The permissions boundaries of these IAM users and roles (of the caller's account), by ARN; a
 * principal without one is left out.
 */
export async function loadLiveBoundaries(principals: readonly string[], options: LiveBoundariesOptions = {}): Promise<Record<string, PolicyDocument>> {
  if (options.endpoint !== undefined && !options.client) checkEndpoint('permissions boundaries', options.endpoint);
  const sdk = await import('@aws-sdk/client-iam');
  const client = options.client ?? new sdk.IAMClient(clientConfig({ timeoutMs: DEFAULT_LIVE_TIMEOUT_MS, ...options }));
  const region = await regionOf(client);
  const endpoint = options.client ? "the client's endpoint" : options.endpoint !== undefined ? redactEndpoint(options.endpoint) : 'the IAM endpoint';
  const out: Record<string, PolicyDocument> = {};
  try {
    for (const principal of principals) {
      if (!BOUNDARY_PRINCIPAL.test(principal))
        throw new LoadError(principal, 'format', 'not an IAM user or role ARN (a permissions boundary is set on a user or a role)');
      const call = caller(principal, 'iam', endpoint, region);
      const parts = arnParts(principal);
      const name = (parts?.rest ?? '').split('/').pop() ?? '';
      const boundaryArn =
        parts?.type === 'role'
          ? (await call('GetRole', () => client.send(new sdk.GetRoleCommand({ RoleName: name })))).Role?.PermissionsBoundary?.PermissionsBoundaryArn
          : (await call('GetUser', () => client.send(new sdk.GetUserCommand({ UserName: name })))).User?.PermissionsBoundary?.PermissionsBoundaryArn;
      if (boundaryArn === undefined) continue;
      const versionId = (await call('GetPolicy', () => client.send(new sdk.GetPolicyCommand({ PolicyArn: boundaryArn })))).Policy?.DefaultVersionId;
      if (versionId === undefined) throw new LoadError(principal, 'aws-error', `GetPolicy at ${endpoint} returned no default version for ${boundaryArn}`);
      const version = await call('GetPolicyVersion', () => client.send(new sdk.GetPolicyVersionCommand({ PolicyArn: boundaryArn, VersionId: versionId })));
      out[principal] = policyText(version.PolicyVersion?.Document, 'boundary', principal, `boundary ${boundaryArn}`);
    }
    return out;
  } finally {
    if (!options.client) client.destroy();
  }
}
