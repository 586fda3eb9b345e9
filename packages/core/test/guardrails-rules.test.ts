/** guardrails/: each rule on its own (rules.ts, paths.ts, org-context.ts), then the input checks (compile.ts). */
import { describe, expect, it } from 'vitest';
import { findAction } from '../src/catalogue/index.js';
import type { KmsAction } from '../src/catalogue/types.js';
import { GuardrailsError, PolicyInputError, RequestError } from '../src/errors.js';
import type { GuardrailsInput, Organization } from '../src/guardrails/types.js';
import { compileGuardrails, type CompiledOrganization } from '../src/guardrails/compile.js';
import { checkOrgContext, orgPathOf, principalOrgContext, resourceOrgContext, sourceOrgContext } from '../src/guardrails/org-context.js';
import { namedBy, statementNames } from '../src/guardrails/paths.js';
import {
  boundaryCaps,
  decideGuardrails,
  endpointOf,
  isServiceLinkedRole,
  levelVote,
  notPrincipalDenyBinds,
  pathSurvives,
  rcpApplies,
  scpApplies,
  sessionPolicyCaps,
  stackOutcome,
  type GuardrailFacts,
  type PermissionPath,
} from '../src/guardrails/rules.js';
import { toPolicy } from '../src/parse/to-model.js';
import { parseCaller } from '../src/principal/caller.js';

const A = '111122223333';
const B = '444455556666';
const MGMT = '999999999999';
const OUT = '777788889999';
const FULL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] };
const RFULL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal: '*' as const, Action: '*', Resource: '*' }] };

const ORG: Organization = {
  id: 'o-a1b2c3d4e5',
  managementAccount: MGMT,
  accounts: {
    [A]: { ouPath: ['r-ab12', 'ou-ab12-11111111'], scps: [[FULL], [FULL], [FULL]], rcps: [[RFULL], [RFULL], [RFULL]] },
    [B]: { ouPath: ['r-ab12', 'ou-ab12-22222222'] },
  },
};
const org = compileGuardrails({ organization: ORG })?.organization as CompiledOrganization;
const action = (name: string): KmsAction => findAction(name) as KmsAction;
const caller = parseCaller;

describe('stacks of SCPs and RCPs', () => {
  it('a Deny at any level denies, even when another level lacks an Allow', () => {
    expect(stackOutcome(['allow', 'none', 'deny'])).toEqual({ kind: 'deny', level: 2 });
  });
  it('every level must allow: the first level without one is named', () => {
    expect(stackOutcome(['allow', 'none', 'none'])).toEqual({ kind: 'no-allow', level: 1 });
    expect(stackOutcome(['allow', 'allow', 'allow'])).toEqual({ kind: 'allow' });
  });
  it('a level: Deny over Allow, nothing is no vote', () => {
    expect(levelVote(true, true)).toBe('deny');
    expect(levelVote(false, true)).toBe('allow');
    expect(levelVote(false, false)).toBe('none');
  });
});

describe('which stacks apply', () => {
  it('SCPs: a member account principal, its root user included', () => {
    expect(scpApplies(caller(`arn:aws:iam::${A}:role/App`), org)).toMatchObject({ applies: true, account: { id: A } });
    expect(scpApplies(caller(`arn:aws:iam::${A}:root`), org)).toMatchObject({ applies: true });
    expect(scpApplies(caller(`arn:aws:sts::${B}:assumed-role/Ops/s`), org)).toMatchObject({ applies: true, account: { id: B } });
  });
  it('SCPs: never the management account, an outsider, a service principal or a service-linked role', () => {
    expect(scpApplies(caller(`arn:aws:iam::${MGMT}:role/Admin`), org)).toMatchObject({ applies: false, why: expect.stringContaining('management') });
    expect(scpApplies(caller(`arn:aws:iam::${OUT}:role/X`), org)).toMatchObject({ applies: false, why: expect.stringContaining('outside') });
    expect(scpApplies(caller('cloudtrail.amazonaws.com'), org)).toMatchObject({ applies: false });
    const slr = caller(`arn:aws:iam::${A}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`);
    expect(isServiceLinkedRole(slr)).toBe(true);
    expect(isServiceLinkedRole(caller(`arn:aws:iam::${A}:role/aws-service-role-lookalike`))).toBe(false);
    expect(scpApplies(slr, org)).toMatchObject({ applies: false, why: expect.stringContaining('service-linked') });
  });
  it('RCPs: every caller of a member account key, outsiders, the management account and service principals included', () => {
    for (const p of [`arn:aws:iam::${OUT}:role/X`, `arn:aws:iam::${MGMT}:role/Admin`, 'cloudtrail.amazonaws.com', `arn:aws:iam::${A}:root`]) {
      expect(rcpApplies(A, caller(p), action('kms:Decrypt'), org), p).toMatchObject({ applies: true, account: { id: A } });
    }
  });
  it('RCPs: never a key of the management account or outside, a service-linked role, kms:RetireGrant, or an action not on a key', () => {
    const c = caller(`arn:aws:iam::${OUT}:role/X`);
    expect(rcpApplies(MGMT, c, action('kms:Decrypt'), org)).toMatchObject({ applies: false, why: expect.stringContaining('management') });
    expect(rcpApplies(OUT, c, action('kms:Decrypt'), org)).toMatchObject({ applies: false, why: expect.stringContaining('outside') });
    expect(rcpApplies(A, c, action('kms:RetireGrant'), org)).toMatchObject({ applies: false, why: expect.stringContaining('RetireGrant') });
    expect(rcpApplies(A, c, action('kms:CreateKey'), org)).toMatchObject({ applies: false });
    const slr = caller(`arn:aws:iam::${A}:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX`);
    expect(rcpApplies(A, slr, action('kms:Decrypt'), org)).toMatchObject({ applies: false });
  });
});

describe('boundary and session-policy caps', () => {
  const all: PermissionPath[] = ['root', 'service', 'iam', 'user', 'role', 'session', 'everyone'];
  it('a boundary caps identity policies and a grant to the role ARN, not a user or a session named in its own account', () => {
    expect(all.filter((p) => boundaryCaps(p, true))).toEqual(['iam', 'role']);
    expect(all.filter((p) => boundaryCaps(p, false))).toEqual(['iam', 'user', 'role', 'session', 'everyone']);
  });
  it('a session policy caps identity policies and a grant to the role or the user, not one to the session', () => {
    expect(all.filter((p) => sessionPolicyCaps(p, true))).toEqual(['iam', 'user', 'role']);
  });
  it('a path survives when no cap that binds it says no', () => {
    expect(pathSurvives('role', true, 'no-allow', undefined)).toBe(false);
    expect(pathSurvives('user', true, 'no-allow', undefined)).toBe(true);
    expect(pathSurvives('user', true, undefined, 'no-allow')).toBe(false);
    expect(pathSurvives('session', true, 'no-allow', 'no-allow')).toBe(true);
    expect(pathSurvives('iam', true, 'allow', 'allow')).toBe(true);
  });
  it('a key policy Deny with NotPrincipal binds only principals with a boundary', () => {
    expect(notPrincipalDenyBinds(true, 'Deny', true)).toBe(true);
    expect(notPrincipalDenyBinds(false, 'Deny', true)).toBe(false);
    expect(notPrincipalDenyBinds(true, 'Allow', true)).toBe(false);
    expect(notPrincipalDenyBinds(true, 'Deny', false)).toBe(false);
  });
});

describe('endpoint policies', () => {
  it('apply when aws:SourceVpce names a known endpoint', () => {
    const known = (id: string): boolean => id === 'vpce-1a2b3c4d';
    expect(endpointOf('vpce-1a2b3c4d', known)).toBe('vpce-1a2b3c4d');
    expect(endpointOf('vpce-99999999', known)).toBeUndefined();
    expect(endpointOf(undefined, known)).toBeUndefined();
    expect(endpointOf(['vpce-1a2b3c4d'], known)).toBeUndefined();
  });
});

describe('decideGuardrails: the order', () => {
  const none: GuardrailFacts = {
    denied: false,
    notPrincipalDeny: false,
    rcp: undefined,
    scp: undefined,
    endpoint: undefined,
    boundary: undefined,
    session: undefined,
    paths: ['iam'],
    sameAccount: true,
  };
  it('never grants and keeps a base explicit deny', () => {
    expect(decideGuardrails('ImplicitDeny', none)).toEqual({ decision: 'ImplicitDeny', rule: 'passed' });
    expect(decideGuardrails('ExplicitDeny', { ...none, denied: true })).toEqual({ decision: 'ExplicitDeny', rule: 'passed' });
    expect(decideGuardrails('Allow', none)).toEqual({ decision: 'Allow', rule: 'passed' });
    // Without a boundary or session policy that says no, how the Allow came does not matter.
    expect(decideGuardrails('Allow', { ...none, paths: [] })).toEqual({ decision: 'Allow', rule: 'passed' });
    expect(decideGuardrails('Allow', { ...none, boundary: 'allow', session: 'allow', paths: [] }).decision).toBe('Allow');
  });
  it('a guardrail Deny turns even an implicit deny into an explicit one', () => {
    expect(decideGuardrails('ImplicitDeny', { ...none, scp: { kind: 'deny', level: 0 } }).decision).toBe('ExplicitDeny');
    expect(decideGuardrails('Allow', { ...none, rcp: { kind: 'deny', level: 1 } }).rule).toBe('guardrail/explicit-deny');
    expect(decideGuardrails('Allow', { ...none, notPrincipalDeny: true }).rule).toBe('boundary/not-principal-deny');
  });
  it('RCPs before SCPs before the endpoint before the boundary and the session policy', () => {
    const all = {
      ...none,
      rcp: { kind: 'no-allow', level: 0 },
      scp: { kind: 'no-allow', level: 0 },
      endpoint: 'no-allow',
      boundary: 'no-allow',
      session: 'no-allow',
    } as const;
    expect(decideGuardrails('Allow', all).rule).toBe('rcp/no-allow');
    expect(decideGuardrails('Allow', { ...all, rcp: { kind: 'allow' } }).rule).toBe('scp/no-allow');
    expect(decideGuardrails('Allow', { ...all, rcp: undefined, scp: { kind: 'allow' } }).rule).toBe('vpc-endpoint-policy/no-allow');
    expect(decideGuardrails('Allow', { ...all, rcp: undefined, scp: undefined, endpoint: 'allow' }).rule).toBe('permissions-boundary/no-allow');
    expect(decideGuardrails('Allow', { ...all, rcp: undefined, scp: undefined, endpoint: undefined, boundary: 'allow' }).rule).toBe('session-policy/no-allow');
  });
  it('an Allow survives when one of its paths escapes the caps', () => {
    expect(decideGuardrails('Allow', { ...none, boundary: 'no-allow', paths: ['role', 'session'] }).decision).toBe('Allow');
    expect(decideGuardrails('Allow', { ...none, boundary: 'no-allow', paths: ['role', 'iam'] }).decision).toBe('ImplicitDeny');
  });
});

describe('how a grant names the caller', () => {
  const session = caller(`arn:aws:sts::${A}:assumed-role/App/s1`);
  it('by its ARN, its role, its account (root user) or *', () => {
    expect(namedBy(session.arn, session)).toBe('session');
    expect(namedBy(`arn:aws:iam::${A}:role/path/App`, session)).toBe('role');
    expect(namedBy(`arn:aws:iam::${A}:role/Other`, session)).toBeUndefined();
    expect(namedBy(`arn:aws:iam::${A}:user/U`, caller(`arn:aws:iam::${A}:user/U`))).toBe('user');
    expect(namedBy(`arn:aws:iam::${A}:root`, caller(`arn:aws:iam::${A}:root`))).toBe('root');
    expect(namedBy('*', session)).toBe('everyone');
  });
  it('a statement naming both the role and the session counts as naming the session', () => {
    const p = toPolicy({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow' as const, Principal: { AWS: [`arn:aws:iam::${A}:role/App`, session.arn] }, Action: 'kms:*', Resource: '*' }],
    });
    expect(statementNames(p.statements[0]?.principal, session)).toBe('session');
    expect(statementNames(undefined, session)).toBe('everyone');
  });
});

describe('organization condition keys', () => {
  it('come from the account: the path lists the root and OUs, not the account', () => {
    expect(orgPathOf(org, A)).toBe('o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/');
    expect(principalOrgContext(org, B)).toEqual({ 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/'] });
    expect(resourceOrgContext(org, A)).toMatchObject({ 'aws:ResourceOrgID': 'o-a1b2c3d4e5' });
  });
  it('the management account is in the organization, under the root unless listed', () => {
    expect(principalOrgContext(org, MGMT)).toEqual({ 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/'] });
  });
  it('are absent outside the organization and for service principals', () => {
    expect(principalOrgContext(org, OUT)).toEqual({});
    expect(principalOrgContext(org, undefined)).toEqual({});
  });
  it("aws:SourceOrgID / aws:SourceOrgPaths follow the request's aws:SourceAccount", () => {
    expect(sourceOrgContext({ 'aws:SourceAccount': B }, org)).toEqual({
      'aws:SourceOrgID': 'o-a1b2c3d4e5',
      'aws:SourceOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/'],
    });
    expect(sourceOrgContext({ 'aws:SourceAccount': B, 'aws:SourceOrgID': 'o-a1b2c3d4e5' }, org)).toEqual({
      'aws:SourceOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/'],
    });
    expect(sourceOrgContext({ 'aws:SourceAccount': OUT }, org)).toBeUndefined();
    expect(sourceOrgContext({}, org)).toBeUndefined();
    expect(() => checkOrgContext({ 'aws:SourceAccount': B, 'aws:SourceOrgID': 'o-zzzzzzzzzz' }, org, undefined, A)).toThrow(/source account/);
    expect(() => checkOrgContext({ 'aws:SourceAccount': OUT, 'aws:SourceOrgID': 'o-a1b2c3d4e5' }, org, undefined, A)).toThrow(RequestError);
  });

  it('a request may repeat them, never contradict them', () => {
    expect(() => checkOrgContext({ 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, org, B, A)).not.toThrow();
    expect(() => checkOrgContext({ 'aws:principalorgid': 'o-zzzzzzzzzz' }, org, B, A)).toThrow(RequestError);
    expect(() => checkOrgContext({ 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' }, org, OUT, A)).not.toThrow();
    expect(() => checkOrgContext({ 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, org, OUT, A)).toThrow(/777788889999 is not in o-a1b2c3d4e5/);
    expect(() => checkOrgContext({ 'aws:ResourceOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/'] }, org, B, A)).toThrow(/ResourceOrgPaths/);
    expect(() => checkOrgContext({ 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/'] }, org, B, A)).not.toThrow();
  });
});

describe('guardrail input is checked, with the field named', () => {
  const withAccount = (account: object): GuardrailsInput => ({ organization: { ...ORG, accounts: { [A]: account as never } } });
  const fails = (input: GuardrailsInput, path: string | RegExp, type: new (...a: never[]) => Error = GuardrailsError): void => {
    let error: unknown;
    try {
      compileGuardrails(input);
    } catch (e) {
      error = e;
    }
    expect(error, String(path)).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(path);
  };
  it('no guardrail field: nothing to compile', () => {
    expect(compileGuardrails({})).toBeUndefined();
  });
  it('an ouPath whose level count does not match', () => {
    fails(
      withAccount({ ouPath: ['r-ab12', 'ou-ab12-11111111'], scps: [[FULL], [FULL]] }),
      /^organization\.accounts\["111122223333"\]\.scps: has 2 levels but the account's path has 3/,
    );
    fails(withAccount({ ouPath: ['r-ab12'], rcps: [[RFULL], [RFULL], [RFULL]] }), /\.rcps: has 3 levels/);
  });
  it('ids that are not ids', () => {
    fails({ organization: { ...ORG, accounts: { '1234': { ouPath: ['r-ab12'] } } } }, /accounts\["1234"\]: "1234" is not an account id/);
    fails({ organization: { ...ORG, id: 'org-1' } }, /^organization\.id/);
    fails({ organization: { ...ORG, managementAccount: 'mgmt' } }, /^organization\.managementAccount/);
    fails(withAccount({ ouPath: ['ou-ab12-11111111'] }), /ouPath\[0\]: "ou-ab12-11111111" is not a root id/);
    fails(withAccount({ ouPath: ['r-ab12', 'r-cd34'] }), /ouPath\[1\]/);
    fails({ organization: { ...ORG, accounts: { [A]: { ouPath: ['r-ab12'] }, [B]: { ouPath: ['r-cd34'] } } } }, /one root/);
    fails({ permissionsBoundaries: { 'arn:aws:sts::111122223333:assumed-role/App/s': FULL } }, /^permissionsBoundaries\[.*not an IAM user or role ARN/);
    fails({ sessionPolicies: { [`arn:aws:iam::${A}:role/App`]: [FULL] } }, /^sessionPolicies\[.*not a session ARN/);
    fails({ vpcEndpointPolicies: { 'vpc-123': RFULL } }, /^vpcEndpointPolicies\["vpc-123"\]/);
  });
  it('a malformed policy: not JSON, no Effect, no Resource, a Principal where none belongs', () => {
    fails(
      withAccount({ ouPath: ['r-ab12'], scps: [['{not json'], [FULL]] }),
      /accounts\["111122223333"\]\.scps\[0\]\[0\] is not a usable policy/,
      PolicyInputError,
    );
    fails(withAccount({ ouPath: ['r-ab12'], scps: [[{ Statement: [{ Action: '*', Resource: '*' }] }], [FULL]] }), /scps\[0\]\[0\] statement #1: Effect/);
    fails(withAccount({ ouPath: ['r-ab12'], scps: [[{ Statement: [{ Effect: 'Allow' as const, Action: '*' }] }], [FULL]] }), /needs Resource/);
    fails(withAccount({ ouPath: ['r-ab12'], scps: [[RFULL], [FULL]] }), /an SCP cannot have a Principal/);
    fails(withAccount({ ouPath: ['r-ab12'], rcps: [[FULL], [RFULL]] }), /rcps\[0\]\[0\] statement #1: an RCP statement takes only "Principal": "\*"/);
    fails({ permissionsBoundaries: { [`arn:aws:iam::${A}:role/App`]: RFULL } }, /a permissions boundary cannot have a Principal/);
    fails({ vpcEndpointPolicies: { 'vpce-1a2b3c4d': FULL } }, /needs a Principal/);
    fails({ sessionPolicies: { [`arn:aws:sts::${A}:assumed-role/App/s`]: FULL as never } }, /must be a list of policies/);
  });
});
