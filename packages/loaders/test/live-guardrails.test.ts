/**
 * loadLiveOrganization and loadLiveBoundaries against moto (which stores organizations, their OUs,
 * SCPs and RCPs, and IAM roles with permissions boundaries; it enforces none of them), and the
 * error mapping for what moto cannot produce (a user's boundary, a caller outside any
 * organization) with stub clients.
 */
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
import { CreatePolicyCommand as CreateIamPolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Organization } from '@kmsim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_AWS_ACCESS, loadLiveBoundaries, loadLiveOrganization, RCP_FULL_AWS_ACCESS } from '../src/index.js';
import { motoAvailability, startMoto, type Moto } from '../src/moto.js';
import { loadError } from './loader-helpers.js';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const region = 'us-east-1';
const availability = motoAvailability();
if (!availability.available) console.warn(`[kmsim] skipping the live-guardrail tests against moto: ${availability.reason}`);

const DENY_OUTSIDE_ORG = (orgId: string) => ({
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
});
const DENY_DELETE = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }] };
const BOUNDARY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] };

describe.skipIf(!availability.available)('live guardrails against moto', () => {
  let moto: Moto;
  let orgs: OrganizationsClient;
  let iam: IAMClient;
  let orgId: string;
  let rootId: string;
  let ouId: string;
  let member: string;
  let management: string;
  let beforeScps: Organization | undefined;

  beforeAll(async () => {
    if (!availability.available) return;
    moto = await startMoto(availability);
    orgs = new OrganizationsClient({ region, endpoint: moto.endpoint, credentials });
    iam = new IAMClient({ region, endpoint: moto.endpoint, credentials });
    const created = await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    orgId = created.Organization?.Id ?? '';
    management = created.Organization?.MasterAccountId ?? '';
    rootId = (await orgs.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    ouId = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Prod' }))).OrganizationalUnit?.Id ?? '';
    member = (await orgs.send(new CreateAccountCommand({ AccountName: 'app', Email: 'app@example.com' }))).CreateAccountStatus?.AccountId ?? '';
    await orgs.send(new MoveAccountCommand({ AccountId: member, SourceParentId: rootId, DestinationParentId: ouId }));
    const rcp = await orgs.send(
      new CreatePolicyCommand({ Name: 'perimeter', Description: 'kmsim', Type: 'RESOURCE_CONTROL_POLICY', Content: JSON.stringify(DENY_OUTSIDE_ORG(orgId)) }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: rcp.Policy?.PolicySummary?.Id ?? '', TargetId: ouId }));
    const scp = await orgs.send(
      new CreatePolicyCommand({ Name: 'no-delete', Description: 'kmsim', Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(DENY_DELETE) }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: scp.Policy?.PolicySummary?.Id ?? '', TargetId: member }));

    const boundary = await iam.send(new CreateIamPolicyCommand({ PolicyName: 'kms-decrypt-only', PolicyDocument: JSON.stringify(BOUNDARY) }));
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    await iam.send(
      new CreateRoleCommand({ RoleName: 'App', AssumeRolePolicyDocument: JSON.stringify(trust), PermissionsBoundary: boundary.Policy?.Arn ?? '' }),
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'Free', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    // Read once before SCPs are enabled, then enable them.
    beforeScps = await loadLiveOrganization({ region, endpoint: moto.endpoint, credentials });
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  }, 60_000);

  afterAll(async () => {
    orgs?.destroy();
    iam?.destroy();
    await moto?.stop();
  });

  it('a policy type that is not enabled is left out: no SCP applies until SCPs are enabled', () => {
    expect(beforeScps?.accounts[member]?.scps).toBeUndefined();
    expect(beforeScps?.accounts[member]?.rcps?.[1]).toContainEqual(DENY_OUTSIDE_ORG(orgId));
  });

  it('reads the organization: every account with its path, and the SCPs and RCPs at each level', async () => {
    const organization = await loadLiveOrganization({ region, endpoint: moto.endpoint, credentials });
    expect(organization.id).toBe(orgId);
    expect(organization.managementAccount).toBe(management);
    expect(Object.keys(organization.accounts).sort()).toEqual([management, member].sort());
    const account = organization.accounts[member];
    expect(account?.ouPath).toEqual([rootId, ouId]);
    // RCPFullAWSAccess at every level (as AWS attaches it), the perimeter beside it at the OU.
    expect(account?.rcps).toEqual([[RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS, DENY_OUTSIDE_ORG(orgId)], [RCP_FULL_AWS_ACCESS]]);
    expect(account?.scps?.[2]).toContainEqual(DENY_DELETE);
    expect(account?.scps?.[0]?.[0]).toEqual(FULL_AWS_ACCESS);
  });

  it("reads a role's permissions boundary; a role without one is left out", async () => {
    const boundaries = await loadLiveBoundaries(['arn:aws:iam::123456789012:role/App', 'arn:aws:iam::123456789012:role/Free'], {
      region,
      endpoint: moto.endpoint,
      credentials,
    });
    expect(boundaries).toEqual({ 'arn:aws:iam::123456789012:role/App': BOUNDARY });
  });

  it('a missing role is a LoadError naming it', async () => {
    const error = await loadError(loadLiveBoundaries(['arn:aws:iam::123456789012:role/Nope'], { region, endpoint: moto.endpoint, credentials }));
    expect(error.source).toBe('arn:aws:iam::123456789012:role/Nope');
    expect(error.message).toContain('GetRole');
  });
});

describe('live guardrails: what moto cannot produce', () => {
  const stub = <C>(answers: Record<string, unknown>): C =>
    ({
      config: { region: async () => region },
      send: async (command: { constructor: { name: string } }) => {
        const answer = answers[command.constructor.name];
        if (answer instanceof Error) throw answer;
        if (answer === undefined) throw new Error(`unexpected ${command.constructor.name}`);
        return answer;
      },
      destroy: () => undefined,
    }) as unknown as C;

  it("a user's boundary, URL-encoded as IAM returns policy documents", async () => {
    const client = stub<IAMClient>({
      GetUserCommand: { User: { PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/b' } } },
      GetPolicyCommand: { Policy: { DefaultVersionId: 'v2' } },
      GetPolicyVersionCommand: { PolicyVersion: { Document: encodeURIComponent(JSON.stringify(BOUNDARY)) } },
    });
    expect(await loadLiveBoundaries(['arn:aws:iam::111122223333:user/alice'], { client })).toEqual({ 'arn:aws:iam::111122223333:user/alice': BOUNDARY });
  });

  it('a caller outside any organization, and a denied caller, are one clear line each', async () => {
    const notInUse = Object.assign(new Error('Your account is not a member of an organization.'), { name: 'AWSOrganizationsNotInUseException' });
    const outside = await loadError(loadLiveOrganization({ client: stub<OrganizationsClient>({ DescribeOrganizationCommand: notInUse }) }));
    expect([outside.reason, outside.message]).toEqual(['not-found', expect.stringContaining('not in an organization')]);
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    const error = await loadError(loadLiveOrganization({ client: stub<OrganizationsClient>({ DescribeOrganizationCommand: denied }) }));
    expect([error.reason, error.message]).toEqual(['access-denied', expect.stringContaining('organizations:DescribeOrganization')]);
  });
});

describe('live guardrail reads: endpoints as a live key reads them', () => {
  it('refuses an endpoint that is not http or https, for the organization and for boundaries', async () => {
    const org = await loadError(loadLiveOrganization({ endpoint: 'file:///etc/passwd', region, credentials }));
    expect(org.message).toMatch(/not an http or https URL/);
    const iam = await loadError(loadLiveBoundaries(['arn:aws:iam::111122223333:role/App'], { endpoint: 'ftp://host', region, credentials }));
    expect(iam.message).toMatch(/not an http or https URL/);
  });

  it('never prints credentials written into the endpoint', async () => {
    // Port 1 on the loopback refuses the connection at once.
    const e = await loadError(loadLiveOrganization({ endpoint: 'http://user:s3cret@127.0.0.1:1', region, credentials, maxAttempts: 1, timeoutMs: 2000 }));
    expect(e.message).toContain('127.0.0.1:1');
    expect(e.message).not.toContain('s3cret');
  });
});
