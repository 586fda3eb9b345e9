/**
 * A key as it is in AWS (or in a KMS-compatible endpoint), read through @aws-sdk/client-kms with
 * the SDK's usual credential and region chain: DescribeKey (attributes), GetKeyPolicy ('default'),
 * ListGrants, ListResourceTags and ListAliases (every page). Needs kms:DescribeKey,
 * kms:GetKeyPolicy, kms:ListGrants, kms:ListResourceTags and kms:ListAliases.
 *
 * Nothing an endpoint does can hang the read: each call has a connection and a request timeout, the
 * whole read a deadline (`timeoutMs`, default 10 s), and paging stops with an error at a marker seen
 * before or past MAX_PAGES pages. Only http and https endpoints are used, and credentials written
 * into an endpoint URL never appear in a message.
 */
// Types only: the SDK itself is imported when a live key is read (it takes most of a second to load).
import type { GrantListEntry, KMSClient } from '@aws-sdk/client-kms';
import type { Grant, KeyAttributes, KeyUsage } from '@kmsim/core';
import { checkGrants } from './grants.js';
import { LoadError } from './errors.js';
import { checkEndpoint, clientConfig, regionOf, type LiveClientOptions } from './live-client.js';
import { redactEndpoint, toLoadError, type CallContext } from './live-errors.js';
import { checkKeyPolicy, type LoadedKey } from './loaded-key.js';

export interface LiveKeyOptions extends LiveClientOptions {
  /** A configured client; it is not destroyed afterwards. */
  readonly client?: KMSClient;
}

type Sdk = typeof import('@aws-sdk/client-kms');

/** The default connection, request and whole-read timeout of a live read. */
export const DEFAULT_LIVE_TIMEOUT_MS = 10_000;

/** A list call paging further than this is refused: a key has at most 50,000 grants, at most 100 a page (plus tags and aliases). */
export const MAX_PAGES = 1_000;

function makeClient(sdk: Sdk, options: LiveKeyOptions, timeoutMs: number): KMSClient {
  return new sdk.KMSClient(clientConfig({ ...options, timeoutMs }));
}

/**
 * A ListGrants entry in kmsim's grant spelling. GrantListEntry (API Reference) gives the grantee as
 * GranteePrincipal or GranteeServicePrincipal, the retiring principal as RetiringPrincipal or
 * RetiringServicePrincipal, and Constraints with EncryptionContextSubset / EncryptionContextEquals /
 * SourceArn: one `granteePrincipal` and one `retiringPrincipal` hold either form.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantListEntry.html
 */
function toGrant(g: GrantListEntry): Grant {
  const c = g.Constraints;
  const constraints = {
    ...(c?.EncryptionContextSubset ? { encryptionContextSubset: { ...c.EncryptionContextSubset } } : {}),
    ...(c?.EncryptionContextEquals ? { encryptionContextEquals: { ...c.EncryptionContextEquals } } : {}),
    ...(c?.SourceArn ? { sourceArn: c.SourceArn } : {}),
  };
  const retiring = g.RetiringPrincipal ?? g.RetiringServicePrincipal;
  return {
    granteePrincipal: g.GranteePrincipal ?? g.GranteeServicePrincipal ?? '',
    operations: [...(g.Operations ?? [])],
    ...(Object.keys(constraints).length > 0 ? { constraints } : {}),
    ...(retiring ? { retiringPrincipal: retiring } : {}),
    ...(g.GrantId ? { grantId: g.GrantId } : {}),
    ...(g.Name ? { name: g.Name } : {}),
  };
}

/** Load a key's policy, grants, tags, aliases and attributes from KMS. `keyId`: key id, key ARN, alias name or alias ARN. */
export async function loadLiveKey(keyId: string, options: LiveKeyOptions = {}): Promise<LoadedKey> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIVE_TIMEOUT_MS;
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) throw new RangeError(`timeoutMs must be a positive number of milliseconds (got ${timeoutMs})`);
  if (options.endpoint !== undefined && !options.client) checkEndpoint(keyId, options.endpoint);
  const sdk = await import('@aws-sdk/client-kms');
  const { DescribeKeyCommand, GetKeyPolicyCommand, ListAliasesCommand, ListGrantsCommand, ListResourceTagsCommand } = sdk;
  const client = options.client ?? makeClient(sdk, options, timeoutMs);
  // The whole read's deadline: every call is sent with this signal, and aborted when it fires.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  timer.unref();
  const region = options.client ? await regionOf(client) : (options.region ?? (await regionOf(client)));
  const endpoint = options.client
    ? "the client's endpoint"
    : options.endpoint !== undefined
      ? redactEndpoint(options.endpoint)
      : region
        ? `https://kms.${region}.amazonaws.com`
        : 'the default KMS endpoint';
  const call = async <T>(operation: string, run: (signal: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> => {
    try {
      if (deadline.signal.aborted) throw Object.assign(new Error('deadline passed'), { name: 'AbortError' });
      return await run({ abortSignal: deadline.signal });
    } catch (e) {
      throw toLoadError(e, { keyId, operation, endpoint, region, timeoutMs, timedOut: deadline.signal.aborted } satisfies CallContext);
    }
  };
  /** Every page of a list call; a marker seen before, or more than MAX_PAGES pages, is an error naming the call. */
  const pages = async <P extends { Truncated?: boolean | undefined; NextMarker?: string | undefined }>(
    operation: string,
    send: (marker: string | undefined, signal: { abortSignal: AbortSignal }) => Promise<P>,
    each: (page: P) => void,
  ): Promise<void> => {
    const seen = new Set<string>();
    let marker: string | undefined;
    for (let n = 1; ; n++) {
      const page = await call(operation, (signal) => send(marker, signal));
      each(page);
      marker = page.Truncated ? page.NextMarker : undefined;
      if (marker === undefined) return;
      if (seen.has(marker))
        throw new LoadError(
          keyId,
          'aws-error',
          `${operation} at ${endpoint} returned the same NextMarker twice (page ${n}): kmsim stopped paging instead of asking forever`,
        );
      if (n >= MAX_PAGES)
        throw new LoadError(
          keyId,
          'aws-error',
          `${operation} at ${endpoint} returned more than ${MAX_PAGES} pages: kmsim stopped paging (no key has that many)`,
        );
      seen.add(marker);
    }
  };
  try {
    const described = await call('DescribeKey', (signal) => client.send(new DescribeKeyCommand({ KeyId: keyId }), signal));
    const meta = described.KeyMetadata;
    if (!meta?.KeyId || !meta.Arn) throw new LoadError(keyId, 'aws-error', `DescribeKey at ${endpoint} returned no key metadata`);
    const id = meta.KeyId;
    const policy = await call('GetKeyPolicy', (signal) => client.send(new GetKeyPolicyCommand({ KeyId: id, PolicyName: 'default' }), signal));
    const marked = (marker: string | undefined) => ({ KeyId: id, ...(marker ? { Marker: marker } : {}) });

    const grants: Grant[] = [];
    /** Grants whose service principal is in GranteePrincipal (made by AWS services before GranteeServicePrincipal). */
    const legacyServiceGrantees = new Set<number>();
    await pages(
      'ListGrants',
      (marker, signal) => client.send(new ListGrantsCommand(marked(marker)), signal),
      (page) => {
        for (const entry of page.Grants ?? []) {
          if (entry.GranteePrincipal !== undefined && entry.GranteeServicePrincipal === undefined && !entry.GranteePrincipal.startsWith('arn:')) {
            legacyServiceGrantees.add(grants.length);
          }
          grants.push(toGrant(entry));
        }
      },
    );

    const tags: Record<string, string> = {};
    await pages(
      'ListResourceTags',
      (marker, signal) => client.send(new ListResourceTagsCommand(marked(marker)), signal),
      (page) => {
        for (const t of page.Tags ?? []) if (t.TagKey !== undefined) tags[t.TagKey] = t.TagValue ?? '';
      },
    );

    const aliases: string[] = [];
    await pages(
      'ListAliases',
      (marker, signal) => client.send(new ListAliasesCommand(marked(marker)), signal),
      (page) => {
        for (const a of page.Aliases ?? []) if (a.AliasName) aliases.push(a.AliasName);
      },
    );

    const key: KeyAttributes = {
      arn: meta.Arn,
      keySpec: meta.KeySpec ?? meta.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT',
      ...(meta.KeyUsage ? { keyUsage: meta.KeyUsage as KeyUsage } : {}),
      ...(meta.Origin ? { origin: meta.Origin } : {}),
      multiRegion: meta.MultiRegion === true,
      tags,
      aliases,
    };
    if (policy.Policy === undefined) throw new LoadError(keyId, 'aws-error', `GetKeyPolicy at ${endpoint} returned no policy`);
    const checked = checkKeyPolicy(policy.Policy, { source: meta.Arn, what: 'the key policy returned by GetKeyPolicy', embedded: true }, key.arn);
    const grantDiagnostics = checkGrants(grants, key, { source: meta.Arn, path: '$.grants' }, legacyServiceGrantees);
    return { ...checked, key, grants, grantDiagnostics, source: meta.Arn };
  } finally {
    clearTimeout(timer);
    if (!options.client) client.destroy();
  }
}
