/**
 * Guardrails from files: organization files (the scenario format's guardrail fields, or a bare
 * organization), SCP and RCP files attached at a level, boundary files, and scenario cases that
 * carry guardrails. Every malformed input is a LoadError naming the file and the JSON path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicyDocument } from '@kmsim/core';
import { afterAll, describe, expect, it } from 'vitest';
import { FULL_AWS_ACCESS, loadGuardrailPolicyFile, loadGuardrails, loadGuardrailsFile, loadKeyFile, RCP_FULL_AWS_ACCESS } from '../src/index.js';
import { loadError } from './loader-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kmsim-guardrails-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
};

const KEY_ACCOUNT = '111122223333';
const MEMBER = '444455556666';
const MANAGEMENT = '999999999999';
const ORGANIZATION = {
  id: 'o-a1b2c3d4e5',
  managementAccount: MANAGEMENT,
  accounts: {
    [KEY_ACCOUNT]: { ouPath: ['r-ab12', 'ou-ab12-11111111'] },
    [MEMBER]: { ouPath: ['r-ab12', 'ou-ab12-22222222'], rcps: [[RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS]] },
  },
};
const DENY_OUTSIDE_ORG = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'RCPEnforceIdentityPerimeter',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:*',
      Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    },
  ],
};
const DENY_DELETE = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }] };
const BOUNDARY: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] };

describe('organization files', () => {
  it('reads the scenario format and a bare organization alike', async () => {
    const scenarioFormat = await loadGuardrailsFile(
      write('org.json', { organization: ORGANIZATION, permissionsBoundaries: { 'arn:aws:iam::111122223333:role/App': BOUNDARY } }),
    );
    expect(scenarioFormat.organization).toEqual(ORGANIZATION);
    expect(scenarioFormat.permissionsBoundaries).toEqual({ 'arn:aws:iam::111122223333:role/App': BOUNDARY });
    expect(await loadGuardrailsFile(write('bare-org.json', ORGANIZATION))).toEqual({ organization: ORGANIZATION });
  });

  it.each([
    ['an organization id', { ...ORGANIZATION, id: 'org-1' }, '$.id', 'is not an organization id'],
    ['a management account', { ...ORGANIZATION, managementAccount: '9999' }, '$.managementAccount', '12 digits'],
    ['an account id', { ...ORGANIZATION, accounts: { '1234': { ouPath: ['r-ab12'] } } }, '$.accounts["1234"]', 'not an account id'],
    [
      'a path without the root',
      { ...ORGANIZATION, accounts: { [KEY_ACCOUNT]: { ouPath: ['ou-ab12-11111111'] } } },
      '$.accounts["111122223333"].ouPath[0]',
      'root id',
    ],
    ['an OU id', { ...ORGANIZATION, accounts: { [KEY_ACCOUNT]: { ouPath: ['r-ab12', 'sales'] } } }, '$.accounts["111122223333"].ouPath[1]', 'not an OU id'],
    [
      'two roots',
      { ...ORGANIZATION, accounts: { [KEY_ACCOUNT]: { ouPath: ['r-ab12'] }, [MEMBER]: { ouPath: ['r-cd34'] } } },
      '$.accounts["444455556666"].ouPath[0]',
      'an organization has one root',
    ],
    [
      'a level missing from scps',
      { ...ORGANIZATION, accounts: { [KEY_ACCOUNT]: { ouPath: ['r-ab12'], scps: [[FULL_AWS_ACCESS]] } } },
      '$.accounts["111122223333"].scps',
      'give ouPath.length + 1 lists',
    ],
    [
      'a policy that is not one',
      { ...ORGANIZATION, accounts: { [KEY_ACCOUNT]: { ouPath: ['r-ab12'], rcps: [[RCP_FULL_AWS_ACCESS], [42]] } } },
      '$.accounts["111122223333"].rcps[1][0]',
      'a policy must be a JSON object',
    ],
  ])('refuses %s, naming the file and the path', async (_what, organization, path, detail) => {
    const file = write('bad-org.json', { organization });
    const error = await loadError(loadGuardrailsFile(file));
    expect(error.reason).toBe('format');
    expect(error.path).toBe(path.replace(/^\$/u, '$.organization'));
    expect(error.message).toContain(file);
    expect(error.message).toContain(detail);
    expect(error.message).not.toContain('\n');
  });

  it('refuses a file that holds no guardrails, and reports JSON syntax errors with line and column', async () => {
    expect((await loadError(loadGuardrailsFile(write('policy.json', DENY_DELETE)))).message).toContain('not an organization file');
    const syntax = await loadError(loadGuardrailsFile(write('broken.json', '{\n  "organization": {,}\n}')));
    expect([syntax.reason, syntax.line]).toEqual(['json', 2]);
  });

  it('checks boundaries, session policies and VPC endpoint policies by key', async () => {
    const boundary = await loadError(
      loadGuardrailsFile(write('b.json', { permissionsBoundaries: { 'arn:aws:sts::111122223333:assumed-role/App/s': BOUNDARY } })),
    );
    expect([boundary.path, boundary.message]).toEqual([
      '$.permissionsBoundaries["arn:aws:sts::111122223333:assumed-role/App/s"]',
      expect.stringContaining('not an IAM user or role ARN'),
    ]);
    const session = await loadError(loadGuardrailsFile(write('s.json', { sessionPolicies: { 'arn:aws:sts::111122223333:assumed-role/App/s': BOUNDARY } })));
    expect([session.path, session.message]).toEqual([
      '$.sessionPolicies["arn:aws:sts::111122223333:assumed-role/App/s"]',
      expect.stringContaining('must be a list of policies'),
    ]);
    const endpoint = await loadError(loadGuardrailsFile(write('v.json', { vpcEndpointPolicies: { 'endpoint-1': BOUNDARY } })));
    expect(endpoint.message).toContain('not a VPC endpoint id');
  });
});

describe('policy files attached at a level', () => {
  it('an RCP goes to the key account by default, beside RCPFullAWSAccess at every level', async () => {
    const guardrails = await loadGuardrails({
      organizationFile: write('org.json', { organization: ORGANIZATION }),
      rcps: [{ file: write('rcp.json', DENY_OUTSIDE_ORG) }],
      keyAccount: KEY_ACCOUNT,
    });
    expect(guardrails.organization?.accounts[KEY_ACCOUNT]?.rcps).toEqual([
      [RCP_FULL_AWS_ACCESS],
      [RCP_FULL_AWS_ACCESS],
      [RCP_FULL_AWS_ACCESS, DENY_OUTSIDE_ORG],
    ]);
    // Another account is left as the file says.
    expect(guardrails.organization?.accounts[MEMBER]).toEqual(ORGANIZATION.accounts[MEMBER]);
  });

  it('a target names the level: the root reaches every account, an OU the accounts under it', async () => {
    const guardrails = await loadGuardrails({
      organizationFile: write('org.json', ORGANIZATION),
      rcps: [{ file: write('rcp.json', DENY_OUTSIDE_ORG), target: 'r-ab12' }],
      scps: [{ file: write('scp.json', DENY_DELETE), target: 'ou-ab12-22222222' }],
      keyAccount: KEY_ACCOUNT,
    });
    const accounts = guardrails.organization?.accounts ?? {};
    expect(accounts[KEY_ACCOUNT]?.rcps?.[0]).toEqual([RCP_FULL_AWS_ACCESS, DENY_OUTSIDE_ORG]);
    expect(accounts[MEMBER]?.rcps?.[0]).toEqual([RCP_FULL_AWS_ACCESS, DENY_OUTSIDE_ORG]);
    expect(accounts[KEY_ACCOUNT]?.scps).toBeUndefined();
    expect(accounts[MEMBER]?.scps).toEqual([[FULL_AWS_ACCESS], [FULL_AWS_ACCESS, DENY_DELETE], [FULL_AWS_ACCESS]]);
  });

  it('a level listed empty is the default (RCPFullAWSAccess): the default stays beside the file', async () => {
    const organization = { ...ORGANIZATION, accounts: { [KEY_ACCOUNT]: { ouPath: ['r-ab12'], rcps: [[], []] } } };
    const guardrails = await loadGuardrails({
      organizationFile: write('org-empty.json', organization),
      rcps: [{ file: write('rcp.json', DENY_OUTSIDE_ORG) }],
      keyAccount: KEY_ACCOUNT,
    });
    expect(guardrails.organization?.accounts[KEY_ACCOUNT]?.rcps).toEqual([[], [RCP_FULL_AWS_ACCESS, DENY_OUTSIDE_ORG]]);
  });

  it('an organization file given as --scp / --rcp is the organization', async () => {
    const guardrails = await loadGuardrails({ rcps: [{ file: write('org-as-rcp.json', { organization: ORGANIZATION }) }], keyAccount: KEY_ACCOUNT });
    expect(guardrails.organization).toEqual(ORGANIZATION);
  });

  it('adds to the guardrails the key came with; an organization file replaces its organization', async () => {
    const base = { organization: { ...ORGANIZATION, id: 'o-zzzzzzzzzz' }, permissionsBoundaries: { 'arn:aws:iam::111122223333:role/Old': BOUNDARY } };
    const guardrails = await loadGuardrails({
      base,
      organizationFile: write('org.json', ORGANIZATION),
      boundaries: [{ principal: 'arn:aws:iam::111122223333:role/App', file: write('boundary.json', BOUNDARY) }],
      keyAccount: KEY_ACCOUNT,
    });
    expect(guardrails.organization?.id).toBe(ORGANIZATION.id);
    expect(Object.keys(guardrails.permissionsBoundaries ?? {})).toEqual(['arn:aws:iam::111122223333:role/Old', 'arn:aws:iam::111122223333:role/App']);
  });

  it.each([
    ['no organization', { rcps: [{ file: 'rcp' }] }, 'applies inside an organization'],
    ['the management account', { organizationFile: 'org', rcps: [{ file: 'rcp', target: MANAGEMENT }] }, 'never apply to its keys'],
    ['an account outside the organization', { organizationFile: 'org', scps: [{ file: 'scp', target: '777788889999' }] }, 'not a member of organization'],
    ['an OU no account is under', { organizationFile: 'org', rcps: [{ file: 'rcp', target: 'ou-ab12-99999999' }] }, 'no account of organization'],
    ['a target that is no id', { organizationFile: 'org', rcps: [{ file: 'rcp', target: 'prod' }] }, 'give a root id r-…'],
    ['a boundary on a session', { boundaries: [{ principal: 'arn:aws:sts::111122223333:assumed-role/A/s', file: 'boundary' }] }, 'not an IAM user or role ARN'],
  ])('refuses %s', async (_what, spec, detail) => {
    const files: Record<string, string> = {
      org: write('org.json', ORGANIZATION),
      rcp: write('rcp.json', DENY_OUTSIDE_ORG),
      scp: write('scp.json', DENY_DELETE),
      boundary: write('boundary.json', BOUNDARY),
    };
    const real = JSON.parse(JSON.stringify(spec), (k, v) => (typeof v === 'string' && (k === 'file' || k === 'organizationFile') ? files[v] : v));
    const error = await loadError(loadGuardrails({ ...real, keyAccount: KEY_ACCOUNT }));
    expect(error.message).toContain(detail);
    expect(error.message).not.toContain('\n');
  });

  it('refuses two different organizations', async () => {
    const error = await loadError(
      loadGuardrails({ organizationFile: write('a.json', ORGANIZATION), rcps: [{ file: write('b.json', { ...ORGANIZATION, id: 'o-bbbbbbbbbb' }) }] }),
    );
    expect([error.reason, error.message]).toEqual(['ambiguous', expect.stringContaining('a second organization file')]);
  });

  it('a policy file core cannot read is refused with its position', async () => {
    const error = await loadError(loadGuardrailPolicyFile(write('rcp-bad.json', '{"Statement": [}'), 'rcp'));
    expect([error.reason, error.line, error.column]).toEqual(['json', 1, 16]);
    const notPolicy = await loadError(loadGuardrailPolicyFile(write('rcp-list.json', '[1]'), 'rcp'));
    expect(notPolicy.message).toContain('resource control policy must be a policy object');
    // Core's rules for each kind: an RCP names only "*", an SCP no principal at all.
    const rcp = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Outsiders', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
    };
    const wrongPrincipal = await loadError(loadGuardrailPolicyFile(write('rcp-principal.json', rcp), 'rcp'));
    expect([wrongPrincipal.path, wrongPrincipal.message]).toEqual([
      '$',
      expect.stringContaining('statement "Outsiders": an RCP statement takes only "Principal": "*"'),
    ]);
    const scp = await loadError(loadGuardrailPolicyFile(write('scp-principal.json', rcp), 'scp'));
    expect(scp.message).toContain('an SCP cannot have a Principal element');
    expect(await loadGuardrailPolicyFile(write('scp-ok.json', DENY_DELETE), 'scp')).toEqual(DENY_DELETE);
  });
});

describe('scenario files carry their guardrails', () => {
  it("loadKeyFile returns the case's organization and boundaries; a malformed one is named by case and path", async () => {
    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${KEY_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
    };
    const loaded = await loadKeyFile(
      write('case.json', [
        {
          id: 'c1',
          keyPolicy,
          organization: ORGANIZATION,
          permissionsBoundaries: { 'arn:aws:iam::111122223333:role/App': BOUNDARY },
          request: { principal: 'x', action: 'kms:Decrypt' },
        },
      ]),
    );
    expect(loaded.organization).toEqual(ORGANIZATION);
    expect(loaded.permissionsBoundaries).toEqual({ 'arn:aws:iam::111122223333:role/App': BOUNDARY });
    const error = await loadError(
      loadKeyFile(
        write('case-bad.json', [
          { id: 'c1', keyPolicy, organization: { ...ORGANIZATION, managementAccount: 7 }, request: { principal: 'x', action: 'kms:Decrypt' } },
        ]),
      ),
    );
    expect([error.resource, error.path]).toEqual(['case "c1"', '$[0].organization.managementAccount']);
  });
});
