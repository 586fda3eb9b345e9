/**
 * A key as it is in AWS (or in a KMS-compatible endpoint), read through @aws-sdk/client-kms with
 * the SDK's usual credential and region chain: DescribeKey (attributes), GetKeyPolicy ('default'),
 * ListGrants, ListResourceTags and ListAliases (every page). Needs kms:DescribeKey,
 * kms:GetKeyPolicy, kms:ListGrants, kms:ListResourceTags and kms:ListAliases.
 */
// Types only: the SDK itself is imported when a live key is read (it takes most of a second to load).
import type { GrantListEntry, KMSClient } from '@aws-sdk/client-kms';
import type { Grant, KeyAttributes, KeyUsage } from '@kmsim/core';
import { checkGrants } from './grants.js';
import { LoadError } from './errors.js';
import { clientConfig, regionOf, type LiveClientOptions } from './live-client.js';
import { toLoadError, type CallContext } from './live-errors.js';
import { checkKeyPolicy, type LoadedKey } from './loaded-key.js';

export interface LiveKeyOptions extends LiveClientOptions {
  /** A configured client; it is not destroyed afterwards. */
  readonly client?: KMSClient;
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
  const sdk = await import('@aws-sdk/client-kms');
  const { DescribeKeyCommand, GetKeyPolicyCommand, ListAliasesCommand, ListGrantsCommand, ListResourceTagsCommand } = sdk;
  const client = options.client ?? new sdk.KMSClient(clientConfig(options));
  const region = options.client ? await regionOf(client) : (options.region ?? (await regionOf(client)));
  const endpoint = options.client
    ? "the client's endpoint"
    : (options.endpoint ?? (region ? `https://kms.${region}.amazonaws.com` : 'the default KMS endpoint'));
  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      throw toLoadError(e, { keyId, operation, endpoint, region } satisfies CallContext);
    }
  };
  try {
    const described = await call('DescribeKey', () => client.send(new DescribeKeyCommand({ KeyId: keyId })));
    const meta = described.KeyMetadata;
    if (!meta?.KeyId || !meta.Arn) throw new LoadError(keyId, 'aws-error', `DescribeKey at ${endpoint} returned no key metadata`);
    const id = meta.KeyId;
    const policy = await call('GetKeyPolicy', () => client.send(new GetKeyPolicyCommand({ KeyId: id, PolicyName: 'default' })));

    const grants: Grant[] = [];
    /** Grants whose service principal is in GranteePrincipal (made by AWS services before GranteeServicePrincipal). */
    const legacyServiceGrantees = new Set<number>();
    let marker: string | undefined;
    do {
      const page = await call('ListGrants', () => client.send(new ListGrantsCommand({ KeyId: id, ...(marker ? { Marker: marker } : {}) })));
      for (const entry of page.Grants ?? []) {
        if (entry.GranteePrincipal !== undefined && entry.GranteeServicePrincipal === undefined && !entry.GranteePrincipal.startsWith('arn:')) {
          legacyServiceGrantees.add(grants.length);
        }
        grants.push(toGrant(entry));
      }
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);

    const tags: Record<string, string> = {};
    do {
      const page = await call('ListResourceTags', () => client.send(new ListResourceTagsCommand({ KeyId: id, ...(marker ? { Marker: marker } : {}) })));
      for (const t of page.Tags ?? []) if (t.TagKey !== undefined) tags[t.TagKey] = t.TagValue ?? '';
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);

    const aliases: string[] = [];
    do {
      const page = await call('ListAliases', () => client.send(new ListAliasesCommand({ KeyId: id, ...(marker ? { Marker: marker } : {}) })));
      for (const a of page.Aliases ?? []) if (a.AliasName) aliases.push(a.AliasName);
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);

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
    if (!options.client) client.destroy();
  }
}
