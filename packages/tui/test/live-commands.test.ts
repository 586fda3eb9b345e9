/** `kmsim check|matrix --key-id` against a key created in moto_server (skipped, saying why, without it). */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { motoAvailability, startMoto, type Moto } from '@kmsim/loaders/moto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const moto = motoAvailability();
if (!moto.available) console.warn(`skipping the live-key command tests: ${moto.reason}`);

describe.skipIf(!moto.available)('commands on a live key', () => {
  let server: Moto | undefined;
  let keyId = '';
  const saved = { ...process.env };

  beforeAll(async () => {
    if (!moto.available) return;
    server = await startMoto(moto);
    process.env['AWS_ACCESS_KEY_ID'] = 'testing';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'testing';
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
    const client = new KMSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Anyone can decrypt', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
      ],
    };
    keyId = (await client.send(new CreateKeyCommand({ Policy: JSON.stringify(policy) }))).KeyMetadata?.KeyId ?? '';
    client.destroy();
  });
  afterAll(async () => {
    process.env = saved;
    await server?.stop();
  });

  it('check --key-id finds the public statement and fails at critical', async () => {
    const run = await runCli('check', '--key-id', keyId, '--endpoint', server?.endpoint ?? '', '--region', 'us-east-1', '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { findings: { id: string; severity: string; statements: { sid: string }[] }[] };
    expect(out.findings[0]).toMatchObject({ id: 'public-access', severity: 'critical', statements: [{ sid: 'Anyone can decrypt' }] });
  });

  it('matrix --key-id prints the key read from the endpoint', async () => {
    const run = await runCli('matrix', '--key-id', keyId, '--endpoint', server?.endpoint ?? '', '--region', 'us-east-1', '--format', 'json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { key: { arn: string }; cells: { principal: string; action: string; outcome: string }[] };
    expect(out.key.arn).toContain(keyId);
    expect(out.cells.find((c) => c.principal === 'arn:aws:iam::*:*' && c.action === 'kms:Decrypt')?.outcome).toBe('Allow');
  });

  it('a FILE and --key-id together is a usage error', async () => {
    const run = await runCli('check', 'policy.json', '--key-id', keyId);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^kmsim: --key-id: reads a live key; do not also give a FILE/);
  });
});
