/**
 * `kmsim check FILE --live-org`: the organization (accounts, OUs, RCPs) read from moto_server's AWS
 * Organizations, closing a key public by its key policy (skipped, saying why, without moto).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { motoAvailability, startMoto, type Moto } from '@kmsim/loaders/moto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const moto = motoAvailability();
if (!moto.available) console.warn(`skipping the live-organization command tests: ${moto.reason}`);

describe.skipIf(!moto.available)('check --live-org', () => {
  let server: Moto | undefined;
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), 'kmsim-live-org-'));
  let keyFile = '';
  let member = '';

  beforeAll(async () => {
    if (!moto.available) return;
    server = await startMoto(moto);
    process.env['AWS_ACCESS_KEY_ID'] = 'testing';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'testing';
    const orgs = new OrganizationsClient({
      region: 'us-east-1',
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const orgId = (await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization?.Id ?? '';
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Prod' }))).OrganizationalUnit?.Id ?? '';
    member = (await orgs.send(new CreateAccountCommand({ AccountName: 'app', Email: 'app@example.com' }))).CreateAccountStatus?.AccountId ?? '';
    await orgs.send(new MoveAccountCommand({ AccountId: member, SourceParentId: rootId, DestinationParentId: ou }));
    const perimeter = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'RCPEnforceIdentityPerimeter',
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:*',
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
        },
      ],
    };
    const rcp = await orgs.send(
      new CreatePolicyCommand({ Name: 'perimeter', Description: 'kmsim', Type: 'RESOURCE_CONTROL_POLICY', Content: JSON.stringify(perimeter) }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: rcp.Policy?.PolicySummary?.Id ?? '', TargetId: ou }));
    orgs.destroy();
    keyFile = join(dir, 'public-key.json');
    writeFileSync(
      keyFile,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${member}:root` }, Action: 'kms:*', Resource: '*' },
          { Sid: 'Anyone can decrypt', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
        ],
      }),
    );
  }, 60_000);
  afterAll(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await server?.stop();
  });

  it('the RCP read from the organization closes the key to outsiders; without --live-org it is public', async () => {
    const live = await runCli('check', keyFile, '--live-org', '--endpoint', server?.endpoint ?? '', '--region', 'us-east-1', '--format', 'json');
    expect(live.stderr).toBe('');
    const ids = (JSON.parse(live.stdout) as { findings: { id: string; message: string }[] }).findings;
    expect(ids.map((f) => f.id)).not.toContain('public-access');
    expect(ids.find((f) => f.id === 'guardrail-only')?.message).toContain(`of account ${member}, statement "RCPEnforceIdentityPerimeter"`);
    const plain = await runCli('check', keyFile, '--format', 'json');
    expect((JSON.parse(plain.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id)).toContain('public-access');
  });
});
