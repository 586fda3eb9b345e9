/**
 * loadLiveKey against moto (a local KMS-compatible server that stores keys, policies, grants,
 * tags and aliases): everything a key has comes back as the evaluator needs it, and each failure
 * is a LoadError that says what happened. The error mapping for cases moto cannot produce
 * (AccessDenied, missing credentials or region) is tested with stub clients.
 */
import { CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { createEvaluator } from '@kmsim/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadLiveKey } from '../src/index.js';
import { freePort, motoAvailability, startMoto, type Moto } from '../src/moto.js';
import { loadError } from './loader-helpers.js';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const region = 'us-east-1';
const availability = motoAvailability();
if (!availability.available) console.warn(`[kmsim] skipping the live-key tests against moto: ${availability.reason}`);

describe.skipIf(!availability.available)('loadLiveKey against moto', () => {
  let moto: Moto;
  let client: KMSClient;
  let keyId: string;
  let keyArn: string;
  let account: string;

  beforeAll(async () => {
    if (!availability.available) return;
    moto = await startMoto(availability);
    client = new KMSClient({ region, endpoint: moto.endpoint, credentials });
    // moto's default account; the policy names it so that the key is not locked out.
    account = '123456789012';
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'AppDecryptsForS3',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:role/App` },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
        },
      ],
    };
    const created = await client.send(
      new CreateKeyCommand({
        Policy: JSON.stringify(policy),
        Description: 'kmsim live-key test',
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
        Tags: [
          { TagKey: 'team', TagValue: 'payments' },
          { TagKey: 'env', TagValue: 'test' },
        ],
      }),
    );
    keyId = created.KeyMetadata?.KeyId ?? '';
    keyArn = created.KeyMetadata?.Arn ?? '';
    await client.send(new CreateAliasCommand({ AliasName: 'alias/payments', TargetKeyId: keyId }));
    await client.send(
      new CreateGrantCommand({
        KeyId: keyId,
        Name: 'worker-decrypt',
        GranteePrincipal: `arn:aws:iam::${account}:role/Worker`,
        RetiringPrincipal: `arn:aws:iam::${account}:role/Ops`,
        Operations: ['Decrypt', 'DescribeKey'],
        Constraints: { EncryptionContextSubset: { tenant: 'acme' } },
      }),
    );
  }, 30_000);

  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  it('reads the policy, tags, aliases, grants and attributes', async () => {
    const loaded = await loadLiveKey(keyId, { region, endpoint: moto.endpoint, credentials });
    expect(loaded.source).toBe(keyArn);
    expect(loaded.keyPolicy.Statement).toEqual([
      { Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'AppDecryptsForS3',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:role/App` },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
      },
    ]);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.key).toEqual({
      arn: keyArn,
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      multiRegion: false,
      tags: { team: 'payments', env: 'test' },
      aliases: ['alias/payments'],
    });
    expect(loaded.grants).toHaveLength(1);
    expect(loaded.grants?.[0]).toMatchObject({
      granteePrincipal: `arn:aws:iam::${account}:role/Worker`,
      retiringPrincipal: `arn:aws:iam::${account}:role/Ops`,
      operations: ['Decrypt', 'DescribeKey'],
      constraints: { encryptionContextSubset: { tenant: 'acme' } },
      name: 'worker-decrypt',
    });
    expect(loaded.grants?.[0]?.grantId).toEqual(expect.any(String));
    expect(loaded.grantDiagnostics).toEqual([]);

    const evaluator = createEvaluator(loaded); // a LoadedKey is an evaluator input
    const worker = `arn:aws:iam::${account}:role/Worker`;
    expect(evaluator.evaluate({ principal: worker, action: 'kms:Decrypt', context: { 'kms:EncryptionContext:tenant': 'acme' } }).decision).toBe('Allow');
    expect(evaluator.evaluate({ principal: worker, action: 'kms:Decrypt', context: { 'kms:EncryptionContext:tenant': 'other' } }).decision).toBe(
      'ImplicitDeny',
    );
    const app = `arn:aws:iam::${account}:role/App`;
    expect(evaluator.evaluate({ principal: app, action: 'kms:Decrypt', context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }).decision).toBe('Allow');
  });

  it('accepts an alias name and a configured client', async () => {
    const loaded = await loadLiveKey('alias/payments', { client });
    expect(loaded.key?.arn).toBe(keyArn);
    expect(loaded.key?.aliases).toEqual(['alias/payments']);
  });

  it('names the key when it does not exist', async () => {
    const missing = '0b0b0b0b-1111-2222-3333-444444444444';
    const error = await loadError(loadLiveKey(missing, { region, endpoint: moto.endpoint, credentials }));
    expect(error.reason).toBe('not-found');
    expect(error.code).toBe('load-failed');
    expect(error.message).toContain(`no KMS key ${missing} in us-east-1 at ${moto.endpoint}`);
    expect(error.message).not.toMatch(/\n\s+at /u);
  });
});

describe('loadLiveKey failures', () => {
  it('names an endpoint that does not answer', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const error = await loadError(loadLiveKey('1234abcd-12ab-34cd-56ef-1234567890ab', { region, endpoint, credentials, maxAttempts: 1, timeoutMs: 2000 }));
    expect(error.reason).toBe('unreachable');
    expect(error.message).toContain(`the KMS endpoint ${endpoint} refused or dropped the connection (ECONNREFUSED`);
    expect(error.message).toContain('during DescribeKey');
    expect(error.message).not.toMatch(/\n\s+at /u);
    // Fails at once, without retrying (the SDK counts its attempts on the error).
    expect((error.cause as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(1);
  });

  function stubClient(error: Error): KMSClient {
    const stub = { config: { region: async () => 'eu-west-1' }, send: async () => Promise.reject(error), destroy: () => undefined };
    return stub as unknown as KMSClient;
  }

  it('names the missing permission on AccessDenied', async () => {
    const denied = Object.assign(new Error('User: arn:aws:iam::111122223333:user/ci is not authorized to perform: kms:DescribeKey'), {
      name: 'AccessDeniedException',
    });
    const error = await loadError(loadLiveKey('alias/app', { client: stubClient(denied) }));
    expect(error.reason).toBe('access-denied');
    expect(error.message).toContain('access denied to kms:DescribeKey: the caller needs permission kms:DescribeKey on the key');
    expect(error.source).toBe('alias/app');
  });

  it('says so when there are no credentials', async () => {
    const noCredentials = async (): Promise<never> =>
      Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const error = await loadError(loadLiveKey('alias/app', { region, credentials: noCredentials, maxAttempts: 1 }));
    expect(error.reason).toBe('no-credentials');
    expect(error.message).toContain('no AWS credentials found');
  });

  it('says so when there is no region', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/kmsim-config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/kmsim-credentials');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    try {
      const error = await loadError(loadLiveKey('alias/app', { credentials, maxAttempts: 1 }));
      expect(error.reason).toBe('no-region');
      expect(error.message).toContain('no AWS region: set AWS_REGION');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reads service-principal grantees and SourceArn constraints from ListGrants, and checks each grant', async () => {
    const arn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const table = 'arn:aws:dynamodb:eu-west-1:111122223333:table/ExampleTable';
    const answers: Record<string, unknown> = {
      DescribeKeyCommand: {
        KeyMetadata: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: arn, KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' },
      },
      GetKeyPolicyCommand: {
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
        }),
      },
      ListGrantsCommand: {
        Grants: [
          {
            GrantId: 'g1',
            GranteeServicePrincipal: 'dynamodb.amazonaws.com',
            RetiringServicePrincipal: 'dynamodb.amazonaws.com',
            Operations: ['Encrypt', 'Decrypt'],
            Constraints: { SourceArn: table, EncryptionContextSubset: { Department: 'IT' } },
          },
          // A grant an AWS service made before GranteeServicePrincipal: the service in GranteePrincipal, no SourceArn.
          {
            GrantId: 'g2',
            GranteePrincipal: 'dynamodb.us-west-2.amazonaws.com',
            RetiringPrincipal: 'dynamodb.us-west-2.amazonaws.com',
            Operations: ['Decrypt'],
          },
          { GrantId: 'g3', GranteePrincipal: 'arn:aws:iam::111122223333:role/App', Operations: ['Sign'] },
        ],
      },
      ListResourceTagsCommand: { Tags: [] },
      ListAliasesCommand: { Aliases: [] },
    };
    const stub = {
      config: { region: async () => 'eu-west-1' },
      send: async (command: { constructor: { name: string } }) => answers[command.constructor.name],
      destroy: () => undefined,
    };
    const loaded = await loadLiveKey(arn, { client: stub as unknown as KMSClient });
    expect(loaded.grants?.[0]).toEqual({
      granteePrincipal: 'dynamodb.amazonaws.com',
      retiringPrincipal: 'dynamodb.amazonaws.com',
      operations: ['Encrypt', 'Decrypt'],
      constraints: { encryptionContextSubset: { Department: 'IT' }, sourceArn: table },
      grantId: 'g1',
    });
    // Only the Sign grant on a symmetric key is one CreateGrant would refuse today.
    expect(loaded.grantDiagnostics).toEqual([expect.objectContaining({ code: 'grant-operation-unsupported', path: '$.grants[2].operations[0]' })]);
    const evaluator = createEvaluator(loaded);
    const ask = (sourceArn: string): string =>
      evaluator.evaluate({
        principal: 'dynamodb.amazonaws.com',
        action: 'kms:Decrypt',
        context: { 'aws:SourceArn': sourceArn, 'kms:EncryptionContext:Department': 'IT' },
      }).decision;
    expect(ask(table)).toBe('Allow');
    expect(ask(`${table}-other`)).toBe('ImplicitDeny');
  });
});
