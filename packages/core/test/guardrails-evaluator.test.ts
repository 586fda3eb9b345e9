/** The evaluator with guardrails: what the trace shows, what the request may not say, and no change without them. */
import { describe, expect, it } from 'vitest';
import { createEvaluator, RequestError, type EvaluationRequest, type EvaluatorInput, type Organization, type PolicyDocument } from '../src/index.js';

const A = '111122223333';
const B = '444455556666';
const KEY = `arn:aws:kms:us-west-2:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const FULL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] };
const RFULL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal: '*' as const, Action: '*', Resource: '*' }] };
const KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Root', Effect: 'Allow' as const, Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'App', Effect: 'Allow' as const, Principal: { AWS: `arn:aws:iam::${A}:role/App` }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
    { Sid: 'Partner', Effect: 'Allow' as const, Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'kms:Decrypt', Resource: '*' },
  ],
};
const IDENTITY = {
  [`arn:aws:iam::${A}:user/Dev`]: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: ['kms:*'], Resource: '*' }] }],
  [`arn:aws:iam::${B}:role/Ops`]: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'kms:Decrypt', Resource: KEY }] }],
};
const org = (scps?: PolicyDocument[][], rcps?: PolicyDocument[][]): Organization => ({
  id: 'o-a1b2c3d4e5',
  managementAccount: '999999999999',
  accounts: {
    [A]: { ouPath: ['r-ab12', 'ou-ab12-11111111'], ...(scps ? { scps } : {}), ...(rcps ? { rcps } : {}) },
    [B]: { ouPath: ['r-ab12', 'ou-ab12-22222222'] },
  },
});
const base: EvaluatorInput = { keyPolicy: KEY_POLICY, identityPolicies: IDENTITY, key: { arn: KEY } };

const REQUESTS: EvaluationRequest[] = ['kms:Decrypt', 'kms:Encrypt', 'kms:ScheduleKeyDeletion', 'kms:CreateKey', 'kms:RetireGrant'].flatMap((action) =>
  [
    `arn:aws:iam::${A}:role/App`,
    `arn:aws:sts::${A}:assumed-role/App/s1`,
    `arn:aws:iam::${A}:user/Dev`,
    `arn:aws:iam::${A}:root`,
    `arn:aws:iam::${B}:role/Ops`,
  ].map((principal) => ({ principal, action })),
);

describe('guardrails in the evaluator', () => {
  it("an organization of AWS's defaults only changes nothing", () => {
    const plain = createEvaluator(base);
    const guarded = createEvaluator({ ...base, organization: org([[FULL], [FULL], [FULL]], [[RFULL], [], [RFULL]]) });
    for (const r of REQUESTS) {
      const a = plain.evaluate(r);
      const b = guarded.evaluate(r);
      expect(b.decision, `${r.principal} ${r.action}`).toBe(a.decision);
      expect(b.reason).toBe(a.reason);
    }
    expect(REQUESTS.some((r) => plain.evaluate(r).decision === 'Allow')).toBe(true);
  });

  it('the trace shows every SCP statement with its level, and which one decided', () => {
    const deny = { Version: '2012-10-17', Statement: [{ Sid: 'NoDeletion', Effect: 'Deny' as const, Action: 'kms:ScheduleKeyDeletion', Resource: '*' }] };
    const e = createEvaluator({ ...base, organization: org([[FULL], [FULL, deny], [FULL]]) });
    const d = e.evaluate({ principal: `arn:aws:iam::${A}:root`, action: 'kms:ScheduleKeyDeletion' });
    expect(d.decision).toBe('ExplicitDeny');
    expect(d.deniedBy).toEqual([expect.objectContaining({ source: 'scp', sid: 'NoDeletion', level: 1, target: 'ou-ab12-11111111', owner: A, policyIndex: 1 })]);
    expect(d.reason).toContain('SCP 2 at level 1 (ou-ab12-11111111) of account 111122223333');
    const scp = d.trace.statements.filter((s) => s.source === 'scp');
    expect(scp.map((s) => [s.level, s.matched])).toEqual([
      [0, true],
      [1, true],
      [1, true],
      [2, true],
    ]);
    expect(d.trace.notes).toContain('decided by a guardrail Deny: SCP 2 at level 1 (ou-ab12-11111111) of account 111122223333, statement "NoDeletion"');
    expect(d.guardrail).toEqual({ source: 'scp', kind: 'deny', owner: A, level: 1, target: 'ou-ab12-11111111' });
    expect(e.evaluate({ principal: `arn:aws:iam::${A}:role/App`, action: 'kms:Decrypt' }).guardrail).toBeUndefined();
    expect(d.trace.context['aws:PrincipalOrgID']).toBe('o-a1b2c3d4e5');
    expect(d.trace.context['aws:ResourceOrgPaths']).toEqual(['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/']);
    expect(JSON.parse(JSON.stringify(d))).toMatchObject({ decision: 'ExplicitDeny', deniedBy: [{ source: 'scp' }] });
  });

  it('a request context that contradicts the organization is a RequestError', () => {
    const e = createEvaluator({ ...base, organization: org() });
    expect(() => e.evaluate({ principal: `arn:aws:iam::${B}:role/Ops`, action: 'kms:Decrypt', context: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } })).toThrow(
      RequestError,
    );
    expect(e.evaluate({ principal: `arn:aws:iam::${B}:role/Ops`, action: 'kms:Decrypt', context: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }).decision).toBe(
      'Allow',
    );
  });

  it('a key policy condition on aws:PrincipalOrgID reads the organization', () => {
    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow' as const,
          Principal: '*' as const,
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
    };
    const e = createEvaluator({ keyPolicy, key: { arn: KEY }, identityPolicies: IDENTITY, organization: org() });
    expect(e.evaluate({ principal: `arn:aws:iam::${B}:role/Ops`, action: 'kms:Decrypt' }).decision).toBe('Allow');
    expect(e.evaluate({ principal: `arn:aws:iam::777788889999:role/X`, action: 'kms:Decrypt' }).decision).toBe('ImplicitDeny');
    expect(e.callerContext?.(`arn:aws:iam::${B}:role/Ops`)).toMatchObject({ 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:ResourceOrgID': 'o-a1b2c3d4e5' });
  });

  it('a VPC endpoint policy applies only to requests through its endpoint', () => {
    const endpoint = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal: '*' as const, Action: 'kms:Encrypt', Resource: '*' }] };
    const e = createEvaluator({ ...base, vpcEndpointPolicies: { 'vpce-1a2b3c4d': endpoint } });
    const app = `arn:aws:iam::${A}:role/App`;
    expect(e.evaluate({ principal: app, action: 'kms:Decrypt' }).decision).toBe('Allow');
    expect(e.evaluate({ principal: app, action: 'kms:Decrypt', context: { 'aws:SourceVpce': 'vpce-99999999' } }).decision).toBe('Allow');
    const through = e.evaluate({ principal: app, action: 'kms:Decrypt', context: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } });
    expect(through.decision).toBe('ImplicitDeny');
    expect(through.reason).toContain('VPC endpoint policy of vpce-1a2b3c4d');
    expect(through.guardrail).toEqual({ source: 'vpc-endpoint-policy', kind: 'no-allow', owner: 'vpce-1a2b3c4d' });
    expect(e.evaluate({ principal: app, action: 'kms:Encrypt', context: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }).decision).toBe('Allow');
  });

  it('a session policy binds its own session, not the other sessions of the role', () => {
    const none = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 's3:GetObject', Resource: '*' }] };
    const e = createEvaluator({ ...base, sessionPolicies: { [`arn:aws:sts::${A}:assumed-role/App/s1`]: [none] } });
    expect(e.evaluate({ principal: `arn:aws:sts::${A}:assumed-role/App/s2`, action: 'kms:Decrypt' }).decision).toBe('Allow');
    expect(e.evaluate({ principal: `arn:aws:sts::${A}:assumed-role/App/s1`, action: 'kms:Decrypt' }).decision).toBe('ImplicitDeny');
    expect(e.evaluate({ principal: `arn:aws:sts::${A}:assumed-role/App/s3`, action: 'kms:Decrypt' }).decision).toBe('Allow');
  });

  it("a role's boundary binds its sessions (the role ARN may carry a path)", () => {
    const s3only = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 's3:*', Resource: '*' }] };
    const e = createEvaluator({ ...base, permissionsBoundaries: { [`arn:aws:iam::${A}:role/team/App`]: s3only } });
    const d = e.evaluate({ principal: `arn:aws:sts::${A}:assumed-role/App/s9`, action: 'kms:Decrypt' });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.trace.statements.some((s) => s.source === 'permissions-boundary' && s.owner === `arn:aws:iam::${A}:role/team/App`)).toBe(true);
  });

  it('CreateAlias: an SCP must allow both the alias and the key', () => {
    const keyOnly = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'kms:*', Resource: `arn:aws:kms:*:${A}:key/*` }] };
    const e = createEvaluator({ ...base, organization: org([[FULL], [keyOnly], [FULL]]) });
    const alias = `arn:aws:kms:us-west-2:${A}:alias/app`;
    const d = e.evaluate({ principal: `arn:aws:iam::${A}:user/Dev`, action: 'kms:CreateAlias', aliasArn: alias });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.reason).toContain('No SCP at level 1');
    expect(d.guardrail).toEqual({ source: 'scp', kind: 'no-allow', owner: A, level: 1, target: 'ou-ab12-11111111' });
    expect(d.trace.notes.at(-1)).toBe('decided by the SCPs: every level must allow: nothing allows it at level 1 (ou-ab12-11111111) of account 111122223333');
    expect(e.evaluate({ principal: `arn:aws:iam::${A}:user/Dev`, action: 'kms:Decrypt' }).decision).toBe('Allow');
  });

  it('guardrail input problems surface from createEvaluator', () => {
    expect(() => createEvaluator({ ...base, organization: { ...org(), accounts: { [A]: { ouPath: ['r-ab12'], scps: [[FULL]] } } } })).toThrow(
      /organization\.accounts\["111122223333"\]\.scps: has 1 level but the account's path has 2/,
    );
  });
});
