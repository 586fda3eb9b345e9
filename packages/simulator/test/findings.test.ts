/**
 * Findings (issue #3, item 5): every rule has a policy that triggers it and a fixed policy that is
 * clean of it. The console's default key policy is the clean baseline.
 */
import { consoleDefaultKeyPolicy, type PolicyDocument, type StatementDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { findConditionKey } from '@kmsim/core';
import {
  ACCESS_SEVERITY,
  atOrAbove,
  CALLER_CONTROLLED_KEYS,
  callerControlled,
  FINDING_RULES,
  findings,
  incompleteReason,
  SEVERITY_ORDER,
  type Finding,
  type FindingsOptions,
} from '../src/findings/index.js';
import { simulate, type SimulationInput } from '../src/index.js';

const ACCT = '111122223333';
const EXT = '444455556666';
const KEY = { arn: `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };
const ROOT = `arn:aws:iam::${ACCT}:root`;
const admin = `arn:aws:iam::${ACCT}:role/KMSAdminRole`;
const app = `arn:aws:iam::${ACCT}:role/App`;

type Stmt = StatementDocument;
const enableIam: Stmt = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
const policy = (...statements: Stmt[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
const statementsOf = (p: PolicyDocument): Stmt[] => (Array.isArray(p.Statement) ? p.Statement : [p.Statement]);
/** The console default for a symmetric key, with administrators and users. */
const consoleDefault = (options: { administrators?: string[]; users?: string[]; externalAccounts?: string[] } = {}): PolicyDocument =>
  consoleDefaultKeyPolicy({ account: ACCT, keyType: 'symmetric', administrators: [admin], users: [app], ...options });
/** The console default plus more statements. */
const consoleWith = (...more: Stmt[]): PolicyDocument => policy(...statementsOf(consoleDefault()), ...more);

const run = (keyPolicy: SimulationInput['keyPolicy'], options?: FindingsOptions, rest: Partial<SimulationInput> = {}): Finding[] =>
  findings({ keyPolicy, key: KEY, ...rest }, options);
const ofRule = (list: readonly Finding[], id: string): Finding[] => list.filter((f) => f.id === id);
const only = (list: readonly Finding[], id: string): Finding => {
  const mine = ofRule(list, id);
  expect(mine, list.map((f) => `${f.id}: ${f.message}`).join('\n')).toHaveLength(1);
  return mine[0] as Finding;
};

describe('the rule table', () => {
  it('lists every rule once, with a severity, a title, what it checks and AWS documentation', () => {
    const ids = FINDING_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'public-access',
        'account-wide-access',
        'analysis-incomplete',
        'unmanageable-key',
        'no-iam-delegation',
        'admin-can-use-key',
        'user-can-create-grants',
        'cross-account-access',
        'iam-only-action-in-key-policy',
        'statement-never-applies',
        'statement-shadowed',
      ]),
    );
    for (const r of FINDING_RULES) {
      expect(SEVERITY_ORDER).toContain(r.severity);
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.title).not.toContain('\n');
      expect(r.checks.length).toBeGreaterThan(20);
      expect(r.docs.length).toBeGreaterThan(0);
      for (const url of r.docs) expect(url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });

  it('orders severities most severe first', () => {
    expect(SEVERITY_ORDER).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    const f = { id: 'x', severity: 'medium', title: 't', message: 'm', statements: [], fix: 'f' } as const;
    expect(atOrAbove(f, 'medium')).toBe(true);
    expect(atOrAbove(f, 'low')).toBe(true);
    expect(atOrAbove(f, 'high')).toBe(false);
  });
});

describe('the console default key policy (the clean baseline)', () => {
  const list = run(consoleDefault());

  it('has no critical or high finding', () => {
    expect(list.filter((f) => atOrAbove(f, 'high'))).toEqual([]);
  });

  it("has only the administrators' kms:Create* grant finding (medium)", () => {
    expect(list.map((f) => `${f.severity} ${f.id}`)).toEqual(['medium user-can-create-grants']);
    expect(list[0]?.principals).toEqual([admin]);
  });

  it('the programmatic default (account statement only) has no finding', () => {
    expect(run(policy(enableIam))).toEqual([]);
  });
});

describe('findings()', () => {
  it('sorts by severity, then rule id', () => {
    const list = run(
      policy(
        { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt', 'kms:CreateGrant', 'kms:CreateKey'], Resource: '*' },
        { Sid: 'NoResource', Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Decrypt' },
      ),
    );
    const ranks = list.map((f) => SEVERITY_ORDER.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1] as Finding, list[i] as Finding];
      if (a.severity === b.severity) expect(a.id <= b.id).toBe(true);
    }
    expect(list[0]?.severity).toBe('critical');
    expect(new Set(list.map((f) => f.id))).toEqual(
      new Set([
        // NoResource has no Resource: AWS rejects the policy.
        'policy-invalid',
        'public-access',
        'account-wide-access',
        'unmanageable-key',
        'no-iam-delegation',
        'user-can-create-grants',
        'iam-only-action-in-key-policy',
        'statement-never-applies',
      ]),
    );
  });

  it('reuses a matrix it is given, with the same result', () => {
    const input: SimulationInput = { keyPolicy: consoleDefault({ users: [app, admin], externalAccounts: [EXT] }), key: KEY };
    const matrix = simulate(input);
    expect(findings(input, { matrix })).toEqual(findings(input));
  });

  it('points at real statements, by Sid, index and JSON path', () => {
    const p = consoleWith(
      { Sid: 'Dup', Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*' },
      { Sid: 'IamOnly', Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:ListKeys', Resource: '*' },
    );
    const list = run(p);
    expect(list.length).toBeGreaterThan(0);
    const statements = statementsOf(p);
    for (const f of list) {
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.fix.length).toBeGreaterThan(10);
      expect(FINDING_RULES.map((r) => r.id)).toContain(f.id);
      for (const s of f.statements) {
        expect(s.path).toBe(`$.Statement[${s.index}]`);
        expect(s.sid).toBe(statements[s.index]?.Sid);
        expect(f.message).toContain(`"${s.sid ?? ''}"`);
      }
    }
  });
});

describe('public-access', () => {
  const open: Stmt = { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' };

  it('Principal "*" without a condition: critical (any account) and high (every principal of the key account)', () => {
    const all = run(policy(enableIam, open));
    expect(ofRule(all, 'account-wide-access').map((f) => f.severity)).toEqual(['high']);
    const list = ofRule(all, 'public-access');
    expect(list.map((f) => f.severity)).toEqual(['critical']);
    const critical = list[0] as Finding;
    expect(critical.actions).toEqual(['kms:Decrypt', 'kms:Encrypt']);
    expect(critical.message).toContain('statement "Public"');
    expect(critical.message).toContain('kms:Decrypt and kms:Encrypt');
    expect(critical.statements.map((s) => s.sid)).toEqual(['Public']);
    expect(critical.principals?.[0]).toBe('arn:aws:iam::*:*');
    expect(critical.fix).toContain('aws:PrincipalOrgID');
  });

  it('NotPrincipal with Allow is public too', () => {
    const list = run(policy(enableIam, { Sid: 'AllButApp', Effect: 'Allow', NotPrincipal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*' }));
    expect(ofRule(list, 'public-access').map((f) => f.severity)).toContain('critical');
  });

  it('"*" limited only by a request condition (aws:SourceVpce): medium, naming the condition', () => {
    const vpce: Stmt = { ...open, Sid: 'ViaEndpoint', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } };
    const f = only(run(policy(enableIam, vpce)), 'public-access');
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('aws:SourceVpce is vpce-1a2b3c4d');
    expect(f.message).toContain('statement "ViaEndpoint"');
  });

  it('"*" limited to an organization: low (confirm the organization)', () => {
    const org: Stmt = { ...open, Sid: 'Org', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } };
    const f = only(run(policy(enableIam, org)), 'public-access');
    expect(f.severity).toBe('low');
    expect(f.message).toContain('aws:PrincipalOrgID is o-a1b2c3d4e5');
  });

  it('"*" with kms:CallerAccount only: every principal of the account, without IAM (high)', () => {
    const account: Stmt = { ...open, Sid: 'Account', Condition: { StringEquals: { 'kms:CallerAccount': ACCT } } };
    const list = run(policy(enableIam, account));
    expect(ofRule(list, 'public-access')).toEqual([]);
    const f = only(list, 'account-wide-access');
    expect(f.severity).toBe('high');
    expect(f.message).toContain(ACCT);
  });

  it('fixed: named principals, or "*" with kms:CallerAccount and kms:ViaService (the AWS managed key pattern)', () => {
    expect(ofRule(run(policy(enableIam, { ...open, Principal: { AWS: app } })), 'public-access')).toEqual([]);
    const managed: Stmt = {
      ...open,
      Sid: 'Managed',
      Condition: { StringEquals: { 'kms:CallerAccount': ACCT, 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } },
    };
    expect(ofRule(run(policy(enableIam, managed)), 'public-access')).toEqual([]);
    expect(ofRule(run(consoleDefault()), 'public-access')).toEqual([]);
  });
});

describe('unmanageable-key', () => {
  it('nobody can call kms:PutKeyPolicy (no account statement, no administrator)', () => {
    const list = run(policy({ Sid: 'App', Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*' }));
    const f = only(list, 'unmanageable-key');
    expect(f.severity).toBe('critical');
    expect(f.actions).toEqual(['kms:PutKeyPolicy']);
    expect(f.principals).toEqual(expect.arrayContaining([ROOT, app]));
    expect(f.fix).toContain(`"AWS": "${ROOT}"`);
  });

  it('a Deny of kms:PutKeyPolicy to everyone, naming the statement', () => {
    const deny: Stmt = { Sid: 'NoPolicyChanges', Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*' };
    const f = only(run(policy(enableIam, deny)), 'unmanageable-key');
    expect(f.statements.map((s) => s.sid)).toEqual(['NoPolicyChanges']);
    expect(f.message).toContain('statement "NoPolicyChanges"');
  });

  it('fixed: the account statement, or a Deny that spares the administrator', () => {
    expect(
      ofRule(run(policy(enableIam, { Sid: 'App', Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*' })), 'unmanageable-key'),
    ).toEqual([]);
    const spare: Stmt = {
      Sid: 'OnlyAdminChangesPolicy',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:PutKeyPolicy',
      Resource: '*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': admin } },
    };
    const list = run(policy(enableIam, { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: admin }, Action: 'kms:PutKeyPolicy', Resource: '*' }, spare));
    expect(ofRule(list, 'unmanageable-key')).toEqual([]);
    // IAM can no longer grant kms:PutKeyPolicy: said, as information.
    const info = only(list, 'no-iam-delegation');
    expect(info.severity).toBe('info');
    expect(info.actions).toEqual(['kms:PutKeyPolicy']);
    expect(ofRule(run(consoleDefault()), 'unmanageable-key')).toEqual([]);
  });
});

describe('no-iam-delegation', () => {
  const withoutAccount = (): PolicyDocument => policy(...statementsOf(consoleDefault()).filter((s) => s.Sid !== 'Enable IAM User Permissions'));

  it('no account statement: only the named principals can ever manage the key (medium)', () => {
    const list = run(withoutAccount());
    const f = only(list, 'no-iam-delegation');
    expect(f.severity).toBe('medium');
    expect(f.message).toContain(ACCT);
    expect(f.statements).toEqual([]);
    expect(f.fix).toContain(ROOT);
    // The administrator can still change the policy: not unmanageable.
    expect(ofRule(list, 'unmanageable-key')).toEqual([]);
  });

  it('fixed: the console default (kms:* to the account)', () => {
    expect(ofRule(run(consoleDefault()), 'no-iam-delegation')).toEqual([]);
  });
});

describe('no-iam-delegation, partial', () => {
  it('names the actions and the Deny statements, and does not suggest the account statement that exists', () => {
    const deny: Stmt = {
      Sid: 'No deletion',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['kms:ScheduleKeyDeletion'],
      Resource: '*',
    };
    const f = only(run(policy(enableIam, deny)), 'no-iam-delegation');
    expect(f.severity).toBe('info');
    expect(f.title).toBe('IAM policies cannot grant some actions on this key');
    expect(f.actions).toEqual(['kms:ScheduleKeyDeletion']);
    expect(f.message).toContain('denied it by statement "No deletion"');
    expect(f.fix).toContain('narrow those Deny statements');
    expect(f.fix).not.toContain('allow it to');
  });
});

describe('admin-can-use-key', () => {
  it('an administrator who is also a key user (high)', () => {
    const list = run(consoleDefault({ users: [app, admin] }));
    const f = only(list, 'admin-can-use-key');
    expect(f.severity).toBe('high');
    expect(f.principals).toEqual([admin]);
    expect(f.message).toContain('kms:PutKeyPolicy');
    expect(f.message).toContain('kms:Decrypt');
    expect(f.statements.map((s) => s.sid)).toEqual(['Allow access for Key Administrators', 'Allow use of the key']);
    // Its unconditional kms:CreateGrant comes from kms:Create*, not from the GrantIsForAWSResource statement.
    expect(only(list, 'user-can-create-grants').statements.map((s) => s.sid)).toEqual(['Allow access for Key Administrators']);
  });

  it('one statement that gives both', () => {
    const both: Stmt = {
      Sid: 'Ops',
      Effect: 'Allow',
      Principal: { AWS: admin },
      Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:Decrypt'],
      Resource: '*',
    };
    const f = only(run(policy(enableIam, both)), 'admin-can-use-key');
    expect(f.message).toContain('kms:ScheduleKeyDeletion and kms:DisableKey');
    expect(f.statements.map((s) => s.sid)).toEqual(['Ops']);
  });

  it('an IAM policy with kms:* makes its role both administrator and user', () => {
    const ops = `arn:aws:iam::${ACCT}:role/Ops`;
    const iam = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'kms:*', Resource: '*' }] };
    const f = only(run(consoleDefault(), undefined, { identityPolicies: { [ops]: [iam] } }), 'admin-can-use-key');
    expect(f.principals).toEqual([ops]);
    expect(f.statements.map((s) => s.sid)).toEqual(['Enable IAM User Permissions']);
  });

  it('a declared administrator that can use the key, even without management permissions', () => {
    const f = only(run(consoleDefault(), { administrators: [app] }), 'admin-can-use-key');
    expect(f.principals).toEqual([app]);
    expect(f.message).toContain('declared key administrator');
  });

  it('a declared administrator the policy does not name gets a row of its own', () => {
    const other = `arn:aws:iam::${ACCT}:role/NotNamed`;
    const everyone: Stmt = {
      Sid: 'Account',
      Effect: 'Allow',
      Principal: '*',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': ACCT } },
    };
    const f = only(run(policy(enableIam, everyone), { administrators: [other] }), 'admin-can-use-key');
    expect(f.principals).toEqual([other]);
    expect(f.statements.map((s) => s.sid)).toEqual(['Account']);
    expect(ofRule(run(consoleDefault(), { administrators: [other] }), 'admin-can-use-key')).toEqual([]);
  });

  it('fixed: the console default — administrators can Put* and Create* but are not reported (decision)', () => {
    const list = run(consoleDefault());
    expect(ofRule(list, 'admin-can-use-key')).toEqual([]);
    // Rewriting the policy (kms:Put*) is inherent to administering; creating a grant for oneself
    // (kms:Create* includes kms:CreateGrant) is user-can-create-grants' (medium), which says so.
    const grants = only(list, 'user-can-create-grants');
    expect(grants.principals).toEqual([admin]);
    expect(grants.message).toContain('is a key administrator');
  });
});

describe('user-can-create-grants', () => {
  it('kms:CreateGrant with no condition (medium), principals with the same outcome together', () => {
    const grants: Stmt = { Sid: 'Grants', Effect: 'Allow', Principal: { AWS: [app, admin] }, Action: 'kms:CreateGrant', Resource: '*' };
    const f = only(run(policy(enableIam, grants)), 'user-can-create-grants');
    expect(f.severity).toBe('medium');
    expect(new Set(f.principals)).toEqual(new Set([app, admin]));
    expect(f.message).toContain('statement "Grants"');
    expect(f.fix).toContain('kms:GrantIsForAWSResource');
  });

  it('a condition that is not kms:GrantIsForAWSResource: medium, naming the condition', () => {
    const grants: Stmt = {
      Sid: 'GrantsViaEc2',
      Effect: 'Allow',
      Principal: { AWS: app },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } },
    };
    const f = only(run(policy(enableIam, grants)), 'user-can-create-grants');
    expect(f.message).toContain('kms:ViaService is ec2.us-east-1.amazonaws.com');
  });

  it("the console default's kms:Create* for administrators, with the wildcard named in the fix", () => {
    const f = only(run(consoleDefault()), 'user-can-create-grants');
    expect(f.statements.map((s) => s.sid)).toEqual(['Allow access for Key Administrators']);
    expect(f.fix).toContain('kms:Create*');
  });

  it('fixed: administrators get kms:CreateAlias instead of kms:Create*; users keep the GrantIsForAWSResource statement', () => {
    const fixed = policy(
      ...statementsOf(consoleDefault()).map((s) =>
        s.Sid === 'Allow access for Key Administrators' && Array.isArray(s.Action)
          ? { ...s, Action: s.Action.map((a) => (a === 'kms:Create*' ? 'kms:CreateAlias' : a)) }
          : s,
      ),
    );
    const list = run(fixed);
    expect(ofRule(list, 'user-can-create-grants')).toEqual([]);
    expect(list).toEqual([]);
  });
});

describe('cross-account-access', () => {
  it('lists each external account with what it can do (info)', () => {
    const f = only(run(consoleDefault({ externalAccounts: [EXT] })), 'cross-account-access');
    expect(f.severity).toBe('info');
    expect(f.message).toContain(`Account ${EXT}`);
    expect(f.message).toContain('kms:Decrypt');
    expect(f.message).toContain('kms:GrantIsForAWSResource is true');
    expect(f.principals).toEqual(expect.arrayContaining([`arn:aws:iam::${EXT}:*`]));
    expect(f.statements.map((s) => s.sid)).toEqual(['Allow use of the key', 'Allow attachment of persistent resources']);
    expect(f.actions).not.toContain('kms:PutKeyPolicy');
  });

  it('a named role of another account, and a grantee of another account', () => {
    const reader = `arn:aws:iam::${EXT}:role/Reader`;
    const f = only(
      run(policy(enableIam, { Sid: 'Reader', Effect: 'Allow', Principal: { AWS: reader }, Action: 'kms:Decrypt', Resource: '*' })),
      'cross-account-access',
    );
    expect(f.principals).toEqual([reader]);
    const grantee = `arn:aws:iam::${EXT}:role/Worker`;
    const g = only(run(policy(enableIam), undefined, { grants: [{ granteePrincipal: grantee, operations: ['Encrypt'] }] }), 'cross-account-access');
    expect(g.principals).toEqual([grantee]);
    expect(g.actions).toEqual(['kms:Encrypt']);
  });

  it('fixed: no external account', () => {
    expect(ofRule(run(consoleDefault()), 'cross-account-access')).toEqual([]);
  });
});

describe('iam-only-action-in-key-policy', () => {
  it('names the IAM-only permissions of a statement (low)', () => {
    const s: Stmt = { Sid: 'AppAll', Effect: 'Allow', Principal: { AWS: app }, Action: ['kms:Decrypt', 'kms:CreateKey', 'kms:ListAliases'], Resource: '*' };
    const f = only(run(policy(enableIam, s)), 'iam-only-action-in-key-policy');
    expect(f.severity).toBe('low');
    expect(f.actions).toEqual(['kms:CreateKey', 'kms:ListAliases']);
    expect(f.message).toContain('statement "AppAll"');
    expect(f.message).not.toContain('never applies');
  });

  it('a statement with nothing else never applies', () => {
    const s: Stmt = { Sid: 'Random', Effect: 'Allow', Principal: { AWS: app }, Action: ['kms:GenerateRandom', 'kms:*CustomKeyStore*'], Resource: '*' };
    const list = run(policy(enableIam, s));
    const f = only(list, 'iam-only-action-in-key-policy');
    expect(f.message).toContain('never applies');
    expect(f.actions).toEqual(expect.arrayContaining(['kms:GenerateRandom', 'kms:CreateCustomKeyStore']));
    // Reported once, not again as statement-never-applies.
    expect(ofRule(list, 'statement-never-applies')).toEqual([]);
  });

  it('fixed: key permissions only; wildcards that also match key permissions (kms:Create*, kms:List*) are fine', () => {
    const s: Stmt = { Sid: 'AppAll', Effect: 'Allow', Principal: { AWS: app }, Action: ['kms:Decrypt'], Resource: '*' };
    expect(ofRule(run(policy(enableIam, s)), 'iam-only-action-in-key-policy')).toEqual([]);
    expect(ofRule(run(consoleDefault()), 'iam-only-action-in-key-policy')).toEqual([]);
  });
});

describe('statement-never-applies', () => {
  const base: Stmt = { Sid: 'S', Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*' };
  const cases: [string, Record<string, unknown>, string][] = [
    ['no Resource', { Resource: undefined }, 'no Resource'],
    ['no Action', { Action: undefined }, 'no Action or NotAction'],
    ['an Action that is no KMS action', { Action: 'kms:Decrpyt' }, 'matches no KMS action'],
    ['a non-KMS action', { Action: ['s3:GetObject'] }, 'matches no KMS action'],
    ['an action of another key type', { Action: 'kms:Sign' }, 'do not exist for this key'],
    ['no Principal', { Principal: undefined }, 'no Principal'],
    ['a partial-wildcard Principal', { Principal: { AWS: `arn:aws:iam::${ACCT}:role/*` } }, 'names nobody who can make a request'],
    ['a Resource of another key', { Resource: `arn:aws:kms:us-east-1:${ACCT}:key/other` }, 'does not match this key'],
    ['an invalid Effect', { Effect: 'Permit' }, 'Effect'],
    ['an unknown operator', { Condition: { StringEqualz: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } } }, '"StringEqualz" is not a condition operator'],
    ['a value of the wrong type', { Condition: { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 'seven' } } }, 'no valid Numeric value'],
    ['a Bool that is not true/false', { Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }, 'no valid Bool value'],
    ['a bad CIDR', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/99' } } }, 'no valid IPAddress value'],
    ['a kms: key the action never has', { Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } }, 'never in the request of kms:Decrypt'],
    ['a misspelt kms: key', { Condition: { StringEquals: { 'kms:CallerAcount': ACCT } } }, 'not a KMS condition key'],
  ];

  it.each(cases)('%s (low, naming the statement)', (_, change, why) => {
    const s = { ...base, ...change };
    const list = run(JSON.stringify(policy(enableIam, s as Stmt)));
    const f = only(list, 'statement-never-applies');
    expect(f.severity).toBe('low');
    expect(f.message).toContain('statement "S" never applies');
    expect(f.message).toContain(why);
    expect(f.statements).toEqual([{ sid: 'S', index: 1, path: '$.Statement[1]' }]);
  });

  it('a Deny that never applies says it forbids nothing', () => {
    const deny: Stmt = {
      Sid: 'KeepSevenDays',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:ScheduleKeyDeletion',
      Resource: '*',
      Condition: { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 'seven' } },
    };
    const f = only(run(policy(enableIam, deny)), 'statement-never-applies');
    expect(f.message).toContain('It is a Deny');
  });

  it('conditions that can hold are not reported', () => {
    const fine: Stmt[] = [
      { ...base, Sid: 'A', Condition: { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '7' } }, Action: 'kms:ScheduleKeyDeletion' },
      // Negated, IfExists and Null=true hold when the key is absent.
      { ...base, Sid: 'B', Condition: { StringNotEquals: { 'kms:GrantIsForAWSResource': 'x' } } },
      { ...base, Sid: 'C', Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'true' } } },
      { ...base, Sid: 'D', Condition: { Null: { 'kms:GrantIsForAWSResource': 'true' } } },
      { ...base, Sid: 'E', Condition: { StringEquals: { 'kms:EncryptionContext:Project': 'alpha', 'aws:PrincipalTag/Team': 'blue' } } },
      { ...base, Sid: 'F', Condition: { StringLike: { 'kms:ViaService': '${aws:username}.amazonaws.com' } } },
    ];
    expect(ofRule(run(policy(enableIam, ...fine)), 'statement-never-applies')).toEqual([]);
  });

  it('fixed: every statement of the console default applies', () => {
    expect(ofRule(run(consoleDefault()), 'statement-never-applies')).toEqual([]);
    expect(ofRule(run(policy(enableIam, base)), 'statement-never-applies')).toEqual([]);
  });
});

describe('statement-shadowed', () => {
  const dup: Stmt = { Sid: 'AppDecrypt', Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*' };

  it('an Allow already given by another statement (info), naming both', () => {
    const f = only(run(consoleWith(dup)), 'statement-shadowed');
    expect(f.severity).toBe('info');
    expect(f.statements.map((s) => s.sid)).toEqual(['AppDecrypt', 'Allow use of the key']);
    expect(f.message).toContain('statement "AppDecrypt" is redundant');
    expect(f.message).toContain('statement "Allow use of the key"');
    expect(f.principals).toEqual([app]);
    expect(f.actions).toEqual(['kms:Decrypt']);
  });

  it('of two identical statements only the later is reported', () => {
    const list = ofRule(run(policy(enableIam, { ...dup, Sid: 'First' }, { ...dup, Sid: 'Second' })), 'statement-shadowed');
    expect(list.map((f) => f.statements[0]?.sid)).toEqual(['Second']);
  });

  it('a conditional Allow covered by an unconditional one', () => {
    const conditional: Stmt = { ...dup, Sid: 'ViaS3', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } };
    expect(only(run(consoleWith(conditional)), 'statement-shadowed').statements[0]?.sid).toBe('ViaS3');
  });

  it('an Allow that a Deny overrides everywhere allows nothing', () => {
    const deny: Stmt = { Sid: 'NoDecrypt', Effect: 'Deny', Principal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*' };
    const f = only(run(policy(enableIam, dup, deny)), 'statement-shadowed');
    expect(f.message).toContain('allows nothing');
  });

  it('skips policies over 50 statements', () => {
    const many = Array.from({ length: 50 }, (_, i): Stmt => ({ ...dup, Sid: `Dup${i}` }));
    expect(ofRule(run(policy(enableIam, ...many)), 'statement-shadowed')).toEqual([]);
  });

  it('fixed: without the duplicate, and an Allow that adds a principal is not redundant', () => {
    expect(ofRule(run(consoleDefault()), 'statement-shadowed')).toEqual([]);
    const adds: Stmt = { ...dup, Principal: { AWS: [app, `arn:aws:iam::${ACCT}:role/Batch`] } };
    expect(ofRule(run(consoleWith(adds)), 'statement-shadowed')).toEqual([]);
  });
});

describe('analysis-incomplete', () => {
  // Two condition keys on one statement: more combinations per cell than a bound of 2.
  const gated: Stmt = {
    Sid: 'Gated',
    Effect: 'Allow',
    Principal: { AWS: app },
    Action: ['kms:Decrypt', 'kms:Encrypt'],
    Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com', 'kms:EncryptionContext:project': 'alpha' } },
  };
  const input: SimulationInput = { keyPolicy: policy(enableIam, gated), key: KEY };

  it('a cell over the bound: high, naming each principal × action and why, and the statement', () => {
    const matrix = simulate(input, { maxCombinations: 2 });
    const incomplete = matrix.cells.filter((c) => !c.complete);
    expect(incomplete.length).toBeGreaterThan(0);
    const list = findings(input, { matrix });
    const f = only(list, 'analysis-incomplete');
    expect(f.severity).toBe('high');
    expect(atOrAbove(f, 'high')).toBe(true);
    expect(f.principals).toEqual([app]);
    expect(f.actions).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt']));
    expect(f.message).toContain('role/App × kms:Decrypt');
    for (const c of incomplete) expect(f.message).toContain(incompleteReason(c));
    expect(incompleteReason(incomplete[0] as (typeof incomplete)[number])).toMatch(/\b2 of \d+\b/);
    expect(f.statements.map((s) => s.sid)).toEqual(['Gated']);
    // The same through the findings option, and it sorts first among the non-critical findings.
    expect(ofRule(findings(input, { maxCombinations: 2 }), 'analysis-incomplete')).toEqual([f]);
  });

  it('one finding per row, so findings with the same title say whose cells they are', () => {
    const open: Stmt = { ...gated, Sid: 'OpenGated', Principal: '*' };
    const list = ofRule(run(policy(enableIam, open), { maxCombinations: 2 }), 'analysis-incomplete');
    expect(list.length).toBeGreaterThan(1);
    expect(new Set(list.map((f) => f.message)).size).toBe(list.length);
    const outsider = list.find((f) => f.outside?.length);
    expect(outsider?.outside?.[0]).toMatchObject({ account: '*', principal: 'arn:aws:iam::*:*' });
    expect(outsider?.message).toContain('account *');
  });

  it('the reason the simulator gives is the one reported', () => {
    const matrix = simulate(input, { maxCombinations: 2 });
    const cell = matrix.cells.find((c) => !c.complete);
    expect(cell).toBeDefined();
    if (!cell) return;
    expect(incompleteReason({ ...cell, incompleteReason: 'the string search reached 4000 states' } as typeof cell)).toBe(
      'the string search reached 4000 states',
    );
    expect(incompleteReason({ ...cell, complete: true })).toBeUndefined();
  });

  it('a public statement that adds outside access is not redundant, even when a named principal has the same access', () => {
    const named: Stmt = { Sid: 'App', Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*' };
    const open: Stmt = { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' };
    const list = ofRule(run(policy(enableIam, named, open)), 'statement-shadowed');
    expect(list.map((f) => f.statements[0]?.sid)).not.toContain('Public');
  });

  it('a statement whose cells are incomplete is never called redundant', () => {
    const dup: Stmt = { ...gated, Sid: 'GatedAgain' };
    const both: SimulationInput = { keyPolicy: policy(enableIam, gated, dup), key: KEY };
    expect(ofRule(findings(both), 'statement-shadowed').map((f) => f.statements[0]?.sid)).toEqual(['GatedAgain']);
    expect(ofRule(findings(both, { maxCombinations: 2 }), 'statement-shadowed')).toEqual([]);
  });

  it('fixed: within the bound, every cell is complete and nothing is reported', () => {
    expect(simulate(input).cells.every((c) => c.complete)).toBe(true);
    expect(ofRule(findings(input), 'analysis-incomplete')).toEqual([]);
  });
});

describe('severity: access limited only by values the caller controls', () => {
  const open: Stmt = { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' };
  const publicWith = (sid: string, condition: NonNullable<Stmt['Condition']>): Finding[] =>
    ofRule(run(policy(enableIam, { ...open, Sid: sid, Condition: condition })), 'public-access').filter((f) => f.outside?.[0]?.account === '*');

  it('the table: every key is one the catalogue knows, with a reason and an AWS source', () => {
    expect(CALLER_CONTROLLED_KEYS.length).toBeGreaterThan(10);
    for (const k of CALLER_CONTROLLED_KEYS) {
      expect(findConditionKey(k.key), k.key).toBeDefined();
      expect(k.reason.length).toBeGreaterThan(10);
      expect(k.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/.+#.+/);
    }
    expect(callerControlled('kms:EncryptionContext:Department')?.key).toBe('kms:EncryptionContext:');
    expect(callerControlled('AWS:SOURCEIP')?.by).toBe('any');
    expect(callerControlled('aws:PrincipalTag/team')?.by).toBe('outside');
    for (const key of [
      'aws:PrincipalOrgID',
      'aws:PrincipalAccount',
      'kms:CallerAccount',
      'kms:ViaService',
      'aws:SourceVpce',
      'kms:GrantIsForAWSResource',
      'aws:ResourceTag/x',
    ]) {
      expect(callerControlled(key), key).toBeUndefined();
    }
    expect(ACCESS_SEVERITY.public.open).toBe('critical');
  });

  it.each([
    ['the encryption context', { StringEquals: { 'kms:EncryptionContext:project': 'alpha' } }],
    ['the encryption context keys', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'project' } }],
    ['the source IP (inside a range)', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['the source IP (outside a range)', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['TLS', { Bool: { 'aws:SecureTransport': 'true' } }],
    ['the time', { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }],
    ["the outsider's own principal tag", { StringEquals: { 'aws:PrincipalTag/team': 'blue' } }],
    ['not an endpoint (aws:SourceVpce absent or another)', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }],
  ])('public access gated only by %s is critical, naming what the caller chooses', (_, condition) => {
    const list = publicWith('Gated', condition);
    expect(list.map((f) => f.severity)).toEqual(['critical']);
    const f = list[0] as Finding;
    expect(f.actions).toEqual(['kms:Decrypt', 'kms:Encrypt']);
    expect(f.message).toContain('statement "Gated"');
    expect(atOrAbove(f, 'high')).toBe(true);
  });

  it('says which of the conditions the caller chooses, and why', () => {
    const [f] = publicWith('EC', { StringEquals: { 'kms:EncryptionContext:project': 'alpha' } });
    expect(f?.message).toContain(
      'The caller chooses kms:EncryptionContext:project (kms:EncryptionContext:project: the encryption context is a request parameter',
    );
  });

  it('a condition the caller cannot meet at will keeps its severity: endpoint medium, organization low', () => {
    expect(publicWith('Vpce', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }).map((f) => f.severity)).toEqual(['medium']);
    expect(
      publicWith('VpceAndEc', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d', 'kms:EncryptionContext:project': 'alpha' } }).map((f) => f.severity),
    ).toEqual(['medium']);
    expect(publicWith('Org', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }).map((f) => f.severity)).toEqual(['low']);
    expect(
      publicWith('OrgAndEc', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'kms:EncryptionContext:project': 'alpha' } }).map((f) => f.severity),
    ).toEqual(['low']);
  });

  it('every principal of the key account, gated only by the encryption context: high, like no condition', () => {
    const account: Stmt = { ...open, Sid: 'Account', Condition: { StringEquals: { 'kms:CallerAccount': ACCT, 'kms:EncryptionContext:project': 'alpha' } } };
    const f = only(run(policy(enableIam, account)), 'account-wide-access');
    expect(f.severity).toBe('high');
    expect(f.title).toBe("Every principal of the key's account can use or manage the key, whatever its IAM policies");
    expect(f.outside).toBeUndefined();
    // A key-account principal's own tags are set by the key's account, not by the caller: not reported.
    const tagged: Stmt = { ...open, Sid: 'Tagged', Condition: { StringEquals: { 'kms:CallerAccount': ACCT, 'aws:PrincipalTag/team': 'blue' } } };
    expect(ofRule(run(policy(enableIam, tagged)), 'account-wide-access')).toEqual([]);
  });
});

describe('outside access names the principals with their account', () => {
  it("public access: the outsider as arn:aws:iam::*:*, account *, never kmsim's made-up name", () => {
    const f = only(
      run(
        policy(enableIam, {
          Sid: 'Public',
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
        }),
      ).filter((x) => x.outside),
      'public-access',
    );
    expect(f.outside).toEqual([expect.objectContaining({ principal: 'arn:aws:iam::*:*', account: '*' })]);
    const who = f.outside?.[0]?.who ?? '';
    expect(who.length).toBeGreaterThan(10);
    expect(f.message.startsWith(`${who.charAt(0).toUpperCase()}${who.slice(1)} (arn:aws:iam::*:*, account *;`)).toBe(true);
    expect(f.message).not.toContain('kmsim-');
  });

  it('a role name any account can create is public: arn:aws:iam::*:role/Admin', () => {
    const byName: Stmt = {
      Sid: 'AnyAdmin',
      Effect: 'Allow',
      Principal: '*',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin' } },
    };
    const list = ofRule(run(policy(enableIam, byName)), 'public-access');
    // Whether the simulator gives the role name a row of its own or a term of the outsider class,
    // any account can create the role: critical, account *.
    const open = list.filter((f) => f.severity === 'critical' && f.outside?.[0]?.account === '*');
    expect(open.length).toBeGreaterThan(0);
    for (const f of open) expect(f.outside?.[0]?.principal).toMatch(/^arn:aws:iam::\*:(\*|role\/Admin)$/);
  });

  it('cross-account access: each principal with its account, the account as a whole as arn:…:<account>:*', () => {
    const f = only(run(consoleDefault({ externalAccounts: [EXT] })), 'cross-account-access');
    expect(f.outside?.map((p) => p.account)).toEqual(f.outside?.map(() => EXT));
    expect(f.outside?.map((p) => p.principal)).toContain(`arn:aws:iam::${EXT}:*`);
    const any = f.outside?.find((p) => p.principal === `arn:aws:iam::${EXT}:*`);
    expect(any?.who).toContain(EXT);
    expect(f.message).toContain(`arn:aws:iam::${EXT}:* (${any?.who ?? ''}, if its IAM policies allow it)`);
    expect(f.message).not.toContain('kmsim-');
    const reader = `arn:aws:iam::${EXT}:role/Reader`;
    const g = only(
      run(policy(enableIam, { Sid: 'Reader', Effect: 'Allow', Principal: { AWS: reader }, Action: 'kms:Decrypt', Resource: '*' })),
      'cross-account-access',
    );
    expect(g.outside).toEqual([{ row: reader, principal: reader, account: EXT, who: `role/Reader of account ${EXT}` }]);
  });

  it('two accounts: two findings with the same title, told apart by their account', () => {
    const other = '777788889999';
    const list = ofRule(run(consoleDefault({ externalAccounts: [EXT, other] })), 'cross-account-access');
    expect(list).toHaveLength(2);
    expect(list.map((f) => f.outside?.[0]?.account).sort()).toEqual([EXT, other].sort());
    expect(new Set(list.map((f) => f.message)).size).toBe(2);
  });

  it('clean: a policy that keeps outsiders out raises no outside-access finding', () => {
    const keepOut = (p: PolicyDocument): Finding[] => run(p).filter((f) => f.id === 'public-access' || f.id === 'cross-account-access' || f.outside);
    expect(keepOut(consoleDefault())).toEqual([]);
    const account: Stmt = {
      Sid: 'AccountViaEc2',
      Effect: 'Allow',
      Principal: '*',
      Action: ['kms:Decrypt', 'kms:Encrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': ACCT, 'kms:ViaService': 'ec2.us-east-1.amazonaws.com', 'kms:EncryptionContext:project': 'alpha' } },
    };
    expect(keepOut(policy(enableIam, account))).toEqual([]);
    const denyOutside: Stmt = {
      Sid: 'DenyOutside',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCT } },
    };
    expect(
      keepOut(
        policy(
          enableIam,
          {
            Sid: 'Public',
            Effect: 'Allow',
            Principal: '*',
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringEquals: { 'kms:CallerAccount': ACCT, 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } },
          },
          denyOutside,
        ),
      ),
    ).toEqual([]);
  });
});

describe('policy-invalid', () => {
  const misspelt = policy(
    { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'OnlyS3',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringNotEqualsIfExist: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    },
  );

  it('reports each validation error at critical severity, with its statement and path', () => {
    const list = run(misspelt).filter((f) => f.id === 'policy-invalid');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      severity: 'critical',
      title: 'AWS would reject this key policy',
      statements: [{ sid: 'OnlyS3', index: 1, path: '$.Statement[1]' }],
      location: { policy: 'keyPolicy', path: '$.Statement[1].Condition.StringNotEqualsIfExist' },
    });
    expect(list[0]?.message).toMatch(/^keyPolicy: condition-operator-unknown at \$\.Statement\[1\]\.Condition\.StringNotEqualsIfExist: /);
  });

  it("takes the caller's errors with their lines and columns", () => {
    const given = [
      {
        policy: 'keyPolicy',
        diagnostic: {
          code: 'effect-invalid' as const,
          severity: 'error' as const,
          message: 'Effect "Permit"',
          path: '$.Statement[0].Effect',
          line: 4,
          column: 15,
        },
      },
    ];
    const list = run(misspelt, { policyErrors: given }).filter((f) => f.id === 'policy-invalid');
    expect(list.map((f) => f.location)).toEqual([{ policy: 'keyPolicy', path: '$.Statement[0].Effect', line: 4, column: 15 }]);
  });

  it('names an identity policy with errors', () => {
    const list = run(policy({ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' }), undefined, {
      identityPolicies: { [app]: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt' }] }] },
    }).filter((f) => f.id === 'policy-invalid');
    expect(list.map((f) => [f.title, f.location?.policy])).toEqual([['AWS would reject this identity policy', `identityPolicies["${app}"][0]`]]);
  });

  it('says nothing about a valid policy', () => {
    expect(run(consoleDefault({ users: [app] })).filter((f) => f.id === 'policy-invalid')).toEqual([]);
  });
});
