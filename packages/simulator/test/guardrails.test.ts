/**
 * The audit with guardrails: the key account's RCPs apply to every row, the outsider class; with
 * an organization given, "any principal of another account" splits into the accounts of the
 * organization (rows of their own) and the accounts outside it; member accounts' SCPs apply to
 * their principals; findings name the guardrail that closes a path, or say it is left open.
 */
import { createEvaluator, FULL_AWS_ACCESS, type Organization, type PolicyDocument, RCP_FULL_AWS_ACCESS } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { diffPolicies, findings, simulate, type Matrix, type SimulationInput } from '../src/index.js';

const ACCT = '111122223333';
const MEMBER = '444455556666';
const MANAGEMENT = '999999999999';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ORG_ID = 'o-a1b2c3d4e5';

const policy = (...extra: PolicyDocument['Statement'][]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
    ...(extra.flat() as NonNullable<PolicyDocument['Statement']>[] as never[]),
  ],
});
const PUBLIC = policy([{ Sid: 'Anyone can decrypt', Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }]);
const DENY_OUTSIDE_ORG: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'RCPEnforceIdentityPerimeter',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:*',
      Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG_ID }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    },
  ],
};
const DENY_DECRYPT_SCP: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'NoDecrypt', Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }] };

function organization(rcps: PolicyDocument[], memberScps?: PolicyDocument[]): Organization {
  return {
    id: ORG_ID,
    managementAccount: MANAGEMENT,
    accounts: {
      [ACCT]: { ouPath: ['r-ab12', 'ou-ab12-11111111'], rcps: [[RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS, ...rcps]] },
      [MEMBER]: {
        ouPath: ['r-ab12', 'ou-ab12-22222222'],
        ...(memberScps ? { scps: [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS], [FULL_AWS_ACCESS, ...memberScps]] } : {}),
      },
    },
  };
}

const input = (keyPolicy: PolicyDocument, org?: Organization): SimulationInput => ({ keyPolicy, key: { arn: KEY_ARN }, ...(org ? { organization: org } : {}) });
const outcome = (m: Matrix, row: string, action: string): string | undefined => m.cell(row, action)?.outcome;
const outsiderRow = (m: Matrix): string => m.principals.find((p) => p.origin === 'outsider')?.id ?? '';

/** Every evaluated point of every cell is a request core accepts, and re-deciding it gives the cell's decision. */
function everyPointSendable(m: Matrix, i: SimulationInput): void {
  for (const cell of m.cells) {
    for (const point of cell.points) {
      const request = cell.requestFor(point);
      const row = m.principals.find((p) => p.id === cell.principal);
      const identityPolicies = row?.identityPolicies.length ? { [request.principal]: row.identityPolicies } : undefined;
      const decision = createEvaluator({ ...i, ...(identityPolicies ? { identityPolicies } : {}) }).evaluate(request).decision;
      expect(decision, `${cell.principal} ${cell.action} ${JSON.stringify(request)}`).toBe(point.decision);
    }
  }
}

describe('simulate with an organization', () => {
  it("splits the outsider class: each account of the organization is its own row; the key account's RCP closes the key to the rest", () => {
    const open = simulate(input(PUBLIC, organization([])));
    const closedInput = input(PUBLIC, organization([DENY_OUTSIDE_ORG]));
    const closed = simulate(closedInput);
    const rows = closed.principals.map((p) => p.id);
    expect(rows).toContain(`arn:aws:iam::${MEMBER}:*`);
    expect(rows).toContain(`arn:aws:iam::${MANAGEMENT}:*`);
    const outsider = closed.principals.find((p) => p.origin === 'outsider');
    expect(outsider?.members).toContain(`outside the organization ${ORG_ID}`);
    for (const action of ['kms:Decrypt', 'kms:DescribeKey']) {
      expect(outcome(open, outsiderRow(open), action)).toBe('Allow');
      expect(outcome(closed, outsiderRow(closed), action)).toBe('ExplicitDeny');
      expect(closed.cell(outsiderRow(closed), action)?.complete).toBe(true);
      // Members of the organization keep what the key policy gives them; so does the key's account.
      expect(outcome(closed, `arn:aws:iam::${MEMBER}:*`, action)).toBe('Allow');
      expect(outcome(closed, `arn:aws:iam::${MANAGEMENT}:*`, action)).toBe('Allow');
      expect(outcome(closed, `arn:aws:iam::${ACCT}:*#iam`, action)).toBe('Allow');
    }
    everyPointSendable(closed, closedInput);
  });

  it('an organization condition in the key policy: outsiders range over other organizations, members have their own', () => {
    // Any principal of any organization: a member always, an outsider only when its account is in some organization.
    const anyOrg = policy([
      { Sid: 'AnyOrg', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } },
    ]);
    const i = input(anyOrg, organization([]));
    const m = simulate(i);
    expect(outcome(m, `arn:aws:iam::${MEMBER}:*`, 'kms:Decrypt')).toBe('Allow');
    const cell = m.cell(outsiderRow(m), 'kms:Decrypt');
    expect(cell?.outcome).toBe('Conditional');
    for (const point of cell?.points ?? []) {
      const org = cell?.requestFor(point).context?.['aws:PrincipalOrgID'];
      // Never this organization: an outsider's account is not in it.
      expect(org).not.toBe(ORG_ID);
      if (point.decision === 'Allow') expect(typeof org).toBe('string');
    }
    everyPointSendable(m, i);
    // The perimeter RCP closes the outsiders in other organizations too.
    const closed = simulate(input(anyOrg, organization([DENY_OUTSIDE_ORG])));
    expect(outcome(closed, outsiderRow(closed), 'kms:Decrypt')).toBe('ExplicitDeny');
  });

  it("a member account's SCP limits its principals, not the key account's or outsiders", () => {
    const m = simulate(input(PUBLIC, organization([], [DENY_DECRYPT_SCP])));
    expect(outcome(m, `arn:aws:iam::${MEMBER}:*`, 'kms:Decrypt')).toBe('ExplicitDeny');
    expect(outcome(m, `arn:aws:iam::${MEMBER}:*`, 'kms:DescribeKey')).toBe('Allow');
    expect(outcome(m, `arn:aws:iam::${ACCT}:*#iam`, 'kms:Decrypt')).toBe('Allow');
    expect(outcome(m, outsiderRow(m), 'kms:Decrypt')).toBe('Allow');
  });
});

describe('simulate with boundaries', () => {
  it("a role's permissions boundary caps what a key policy naming the role allows it", () => {
    const app = `arn:aws:iam::${ACCT}:role/App`;
    const keyPolicy = policy([{ Sid: 'App', Effect: 'Allow', Principal: { AWS: app }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' }]);
    const boundary: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }] };
    const without = simulate(input(keyPolicy));
    const bounded = simulate({ ...input(keyPolicy), permissionsBoundaries: { [app]: boundary } });
    expect(outcome(without, app, 'kms:Decrypt')).toBe('Allow');
    expect(outcome(bounded, app, 'kms:Decrypt')).toBe('ImplicitDeny');
    expect(outcome(bounded, app, 'kms:Encrypt')).toBe('Allow');
  });
});

describe('findings with guardrails', () => {
  it('the RCP removes the public-access finding and a guardrail-only finding names it; without it public-access is back', () => {
    const closed = findings(input(PUBLIC, organization([DENY_OUTSIDE_ORG])));
    expect(closed.map((f) => f.id)).not.toContain('public-access');
    const only = closed.find((f) => f.id === 'guardrail-only');
    expect(only?.severity).toBe('medium');
    expect(only?.message).toContain('Only your RCP keeps outsiders out: the key policy alone allows');
    expect(only?.message).toContain('"RCPEnforceIdentityPerimeter"');
    expect(only?.actions).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:DescribeKey']));
    expect(only?.statements.map((s) => s.sid)).toEqual(['Anyone can decrypt']);

    const open = findings(input(PUBLIC, organization([])));
    const publicAccess = open.find((f) => f.id === 'public-access');
    expect(publicAccess?.severity).toBe('critical');
    expect(publicAccess?.message).toContain(`The guardrails given leave it open: no RCP on the path of the key's account ${ACCT}`);
    expect(open.map((f) => f.id)).not.toContain('guardrail-only');
  });

  it('a key in the management account: RCPs never apply, the finding says why', () => {
    const org: Organization = { ...organization([DENY_OUTSIDE_ORG]), managementAccount: ACCT };
    const list = findings(input(PUBLIC, org));
    expect(list.find((f) => f.id === 'public-access')?.message).toContain(`is the management account of ${ORG_ID}, whose keys no RCP limits`);
  });
});

describe('diffPolicies with guardrails', () => {
  it('a statement opening the key to everyone gains access for the organization only, with the perimeter RCP', () => {
    const org = organization([DENY_OUTSIDE_ORG]);
    const diff = diffPolicies(input(policy(), org), input(PUBLIC, org));
    const gained = diff.entries.filter((e) => e.change === 'gained' && e.action === 'kms:Decrypt').map((e) => e.principal);
    expect(gained).toContain(`arn:aws:iam::${MEMBER}:*`);
    expect(gained.some((p) => p === 'arn:aws:iam::*:*')).toBe(false);
    const withoutRcp = diffPolicies(input(policy(), organization([])), input(PUBLIC, organization([])));
    expect(withoutRcp.entries.some((e) => e.change === 'gained' && e.action === 'kms:Decrypt' && e.principal === 'arn:aws:iam::*:*')).toBe(true);
  });

  it('attaching the RCP is a diff like any other: outsiders lose access, the organization keeps it', () => {
    const diff = diffPolicies(input(PUBLIC, organization([])), input(PUBLIC, organization([DENY_OUTSIDE_ORG])));
    const lost = diff.entries.filter((e) => e.change === 'lost').map((e) => `${e.principal} ${e.action}`);
    expect(lost).toEqual(expect.arrayContaining(['arn:aws:iam::*:* kms:Decrypt', 'arn:aws:iam::*:* kms:DescribeKey']));
    expect(lost.some((e) => e.startsWith(`arn:aws:iam::${MEMBER}:*`) || e.startsWith(`arn:aws:iam::${ACCT}:`))).toBe(false);
  });

  it('two different organizations are refused, in one line', () => {
    const other: Organization = { ...organization([]), id: 'o-zzzzzzzzzz' };
    expect(() => diffPolicies(input(PUBLIC, organization([])), input(PUBLIC, other))).toThrow(/BEFORE and AFTER are in different organizations/);
  });
});

describe('every guardrail case of conformance/next', () => {
  it('simulates without error, and every point of every cell is a request core decides as the cell says', async () => {
    const { readFileSync } = await import('node:fs');
    const { readScenarios } = await import('@kmsim/core');
    const file = new URL('../../../conformance/next/guardrails.json', import.meta.url);
    const cases = readScenarios(readFileSync(file, 'utf8'), 'guardrails.json').filter((c) => 'keyPolicy' in c);
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      const { id, request, expected, source, topic, note, ambiguous, ...rest } = c as unknown as Record<string, unknown>;
      void [id, request, expected, source, topic, note, ambiguous];
      const i = rest as unknown as SimulationInput;
      const m = simulate(i, { maxCombinations: 256 });
      everyPointSendable(m, i);
    }
  });
});
