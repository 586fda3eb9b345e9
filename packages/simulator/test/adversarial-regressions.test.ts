/**
 * The attacks of issue 9, one test each: policies that slipped outside access past the matrix
 * (rows that were fixed made-up principals a policy could single out, a string search that gave up
 * yet said complete, identity keys varied as if the caller chose them) or that stalled it. Each
 * checks the attack is real (core allows a concrete outsider), that the matrix says so for the
 * row's whole class (the soundness audit of test/adversary/audit.ts on many members), and that
 * `findings` reports outside access.
 */
import {
  type ContextValue,
  createEvaluator,
  FULL_AWS_ACCESS,
  type Organization,
  type PolicyDocument,
  RCP_FULL_AWS_ACCESS,
  type StatementDocument,
} from '@kmsim/core';
import { findings, simulate, type Cell, type Matrix, type SimulationInput } from '@kmsim/simulator';
import { describe, expect, it } from 'vitest';
import { audit } from './adversary/audit.js';
import { ENABLE_IAM } from './adversary/policies.js';
import { KEY, KEY_ACCOUNT } from './adversary/world.js';

const OUTSIDE = ['public-access', 'cross-account-access'];
const SEVERITY = ['info', 'low', 'medium', 'high', 'critical'];
const ALLOW_KMS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };
/** Members per cell and points per cell the audit checks in these tests. */
const THOROUGH = { samples: 60, points: 200 };

const policy = (...statements: StatementDocument[]): PolicyDocument => ({ Version: '2012-10-17', Statement: [ENABLE_IAM, ...statements] });
const publicDecrypt = (condition?: StatementDocument['Condition']): StatementDocument => ({
  Sid: 'Public',
  Effect: 'Allow',
  Principal: '*',
  Action: 'kms:Decrypt',
  Resource: '*',
  ...(condition ? { Condition: condition } : {}),
});

/** Core's decision for a principal of another account whose IAM policies allow kms:* (the audit assumption). */
function outsiderDecision(keyPolicy: PolicyDocument, principal: string, context: Record<string, ContextValue>, action = 'kms:Decrypt'): string {
  const evaluator = createEvaluator({ keyPolicy, key: KEY, identityPolicies: { [principal]: [ALLOW_KMS] } });
  return evaluator.evaluate({ principal, action, context }).decision;
}

function outsiderCell(matrix: Matrix, action = 'kms:Decrypt'): Cell {
  const rows = matrix.principals.filter((r) => r.origin === 'outsider');
  expect(rows.length, 'the matrix has an outsider row').toBeGreaterThan(0);
  const cells = rows.map((r) => matrix.cell(r.id, action)).filter((c): c is Cell => c !== undefined);
  expect(cells.length).toBe(rows.length);
  return cells[0] as Cell;
}

/** The matrix of `keyPolicy` on `actions`, audited on many members of every row's class. */
function auditedMatrix(keyPolicy: PolicyDocument, actions: readonly string[] = ['kms:Decrypt']): Matrix {
  const input = { keyPolicy, key: KEY };
  const matrix = simulate(input, { onlyActions: [...actions] });
  for (const seed of [1, 2, 3]) {
    const violations = audit(input, matrix, seed, THOROUGH);
    expect(violations.length === 0 ? 'sound' : `${violations.length} violation(s); the first:\n${violations[0]}`).toBe('sound');
  }
  return matrix;
}

function outsideFindings(keyPolicy: PolicyDocument): { id: string; severity: string }[] {
  return findings({ keyPolicy, key: KEY }).filter((f) => OUTSIDE.includes(f.id));
}

const maxSeverity = (list: readonly { severity: string }[]): number => Math.max(-1, ...list.map((f) => SEVERITY.indexOf(f.severity)));

describe('conditions that single out the rows kmsim used to make up', () => {
  const SESSION = 'arn:aws:sts::555566667777:assumed-role/App/s';
  const cases: { name: string; condition: NonNullable<StatementDocument['Condition']>; principal: string; context: Record<string, ContextValue> }[] = [
    { name: 'StringNotLike aws:PrincipalArn "*kmsim*"', condition: { StringNotLike: { 'aws:PrincipalArn': '*kmsim*' } }, principal: SESSION, context: {} },
    {
      name: 'StringNotEquals aws:PrincipalAccount ["999988887777"]',
      condition: { StringNotEquals: { 'aws:PrincipalAccount': ['999988887777'] } },
      principal: SESSION,
      context: {},
    },
    {
      name: 'ArnNotLike aws:PrincipalArn "arn:aws:iam::*:role/kmsim-*"',
      condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/kmsim-*' } },
      principal: SESSION,
      context: {},
    },
    {
      name: 'StringEquals aws:PrincipalType "User"',
      condition: { StringEquals: { 'aws:PrincipalType': 'User' } },
      principal: 'arn:aws:iam::555566667777:user/alice',
      context: { 'aws:userid': 'AIDAEXAMPLE7777777777777' },
    },
    {
      name: 'StringLike aws:userid "AROA*:*"',
      condition: { StringLike: { 'aws:userid': 'AROA*:*' } },
      principal: SESSION,
      context: { 'aws:userid': 'AROAEXAMPLE7777777777777:s' },
    },
  ];

  for (const c of cases) {
    it(`Principal "*" with ${c.name}: outsiders can decrypt, and the matrix and findings say so`, () => {
      const keyPolicy = policy(publicDecrypt(c.condition));
      // The attack is real: a principal of an unrelated account gets in.
      expect(outsiderDecision(keyPolicy, c.principal, c.context)).toBe('Allow');

      const matrix = auditedMatrix(keyPolicy);
      const cell = outsiderCell(matrix);
      expect(['Allow', 'Conditional'], `outsider × kms:Decrypt: ${cell.summary}`).toContain(cell.outcome);
      expect(cell.complete).toBe(true);
      // The witness of an allowed point is an outsider that really gets in.
      const allowed = cell.points.find((p) => p.decision === 'Allow');
      expect(allowed).toBeDefined();
      if (allowed) {
        const request = cell.requestFor(allowed);
        expect(outsiderDecision(keyPolicy, request.principal, { ...(request.context ?? {}) })).toBe('Allow');
      }

      expect(outsideFindings(keyPolicy).length, JSON.stringify(findings({ keyPolicy, key: KEY }).map((f) => f.id))).toBeGreaterThan(0);
    });
  }
});

describe('a string search that gives up must not say complete', () => {
  const letters = 'abcdefghijkl'.split('');
  const denies = (n: number): StatementDocument[] =>
    letters.slice(0, n).map((l) => ({
      Sid: `Deny${l.toUpperCase()}`,
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringNotLike: { 'kms:EncryptionContext:x': `*${l}*` } },
    }));

  for (const n of [11, 12]) {
    it(`a public Allow after ${n} Deny statements StringNotLike kms:EncryptionContext:x "*a*"…: allowed when x holds all ${n} letters`, () => {
      const keyPolicy = policy(publicDecrypt(), ...denies(n));
      const x = letters.slice(0, n).join('');
      expect(outsiderDecision(keyPolicy, 'arn:aws:iam::555566667777:role/App', { 'kms:EncryptionContext:x': x, 'kms:EncryptionContextKeys': ['x'] })).toBe(
        'Allow',
      );

      const matrix = auditedMatrix(keyPolicy);
      for (const cell of matrix.cells) {
        const row = matrix.principals.find((r) => r.id === cell.principal);
        if (row?.origin === 'unnamed-role' && row.iam === 'none') continue;
        expect(cell.outcome, `${cell.principal} × ${cell.action}: ${cell.summary}`).toBe('Conditional');
        expect(cell.complete, `${cell.principal} × ${cell.action}`).toBe(true);
      }
      const cell = outsiderCell(matrix);
      const allowed = cell.points.find((p) => p.decision === 'Allow');
      expect(allowed).toBeDefined();
      if (allowed) {
        const request = cell.requestFor(allowed);
        const value = String(request.context?.['kms:EncryptionContext:x'] ?? '');
        for (const l of letters.slice(0, n)) expect(value).toContain(l);
      }
      expect(outsideFindings(keyPolicy).length).toBeGreaterThan(0);
    });
  }
});

describe('cost follows the policy', () => {
  it('8 condition keys in one statement: every cell complete and sound', () => {
    // Each key takes four classes here (a… without b at the end, a…b, anything else, absent): 4^8 combinations.
    const keys = Array.from({ length: 8 }, (_, i) => `kms:EncryptionContext:k${i + 1}`);
    const keyPolicy = policy(
      publicDecrypt({
        StringLike: Object.fromEntries(keys.map((k) => [k, 'a*'])),
        StringNotLike: Object.fromEntries(keys.map((k) => [k, '*b'])),
      }),
    );
    const matrix = auditedMatrix(keyPolicy);
    for (const cell of matrix.cells) expect(cell.complete, `${cell.principal} × ${cell.action} (${cell.evaluated} of ${cell.total})`).toBe(true);
    const cell = outsiderCell(matrix);
    expect(cell.outcome).toBe('Conditional');
    const allowed = cell.points.find((p) => p.decision === 'Allow');
    expect(allowed).toBeDefined();
    if (allowed) expect(outsiderDecision(keyPolicy, cell.requestFor(allowed).principal, { ...(cell.requestFor(allowed).context ?? {}) })).toBe('Allow');
  });

  it('StringLike "*a*a*a*a*a*a*a*a*a*a*b" decides on a 40-character value (and 20 stars on 10,000 characters)', () => {
    const ten = '*a*a*a*a*a*a*a*a*a*a*b';
    const twenty = `${'*a'.repeat(19)}*b`;
    for (const [pattern, length] of [
      [ten, 40],
      [twenty, 10_000],
    ] as const) {
      const keyPolicy = policy(publicDecrypt({ StringLike: { 'kms:EncryptionContext:x': pattern } }));
      const decide = (x: string): string =>
        outsiderDecision(keyPolicy, 'arn:aws:iam::555566667777:role/App', { 'kms:EncryptionContext:x': x, 'kms:EncryptionContextKeys': ['x'] });
      expect(decide('a'.repeat(length))).toBe('ImplicitDeny');
      expect(decide(`${'a'.repeat(length - 1)}b`)).toBe('Allow');
      expect(decide(`${'ab'.repeat(length / 2)}`)).toBe('Allow');
      const cell = outsiderCell(auditedMatrix(keyPolicy));
      expect(cell.outcome).toBe('Conditional');
      expect(cell.complete).toBe(true);
    }
  });
});

describe('identity keys range over what the members can have', () => {
  it('"deny outside the organization unless an AWS service": a named service principal is always allowed', () => {
    const keyPolicy = policy(
      {
        Sid: 'DenyOutsideOrgUnlessService',
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-kmsim00000' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
      },
      { Sid: 'Sns', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' },
    );
    const matrix = auditedMatrix(keyPolicy);
    const cell = matrix.cell('sns.amazonaws.com', 'kms:Decrypt');
    expect(cell?.outcome, cell?.summary).toBe('Allow');
  });
});

describe('severity: access limited only by what the caller chooses is unconditional access', () => {
  const unconditional = maxSeverity(outsideFindings(policy(publicDecrypt())));
  const chosen: [string, NonNullable<StatementDocument['Condition']>][] = [
    ['the encryption context', { StringEquals: { 'kms:EncryptionContext:x': 'a' } }],
    ["the outsider's own principal tags", { StringEquals: { 'aws:PrincipalTag/team': 'red' } }],
    ['aws:SourceIp outside one range', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['aws:SecureTransport', { Bool: { 'aws:SecureTransport': 'true' } }],
  ];
  it('unconditional public access is reported', () => expect(unconditional).toBeGreaterThanOrEqual(SEVERITY.indexOf('high')));
  for (const [name, condition] of chosen) {
    it(`a public Allow conditioned on ${name} gets the severity of unconditional access`, () => {
      expect(SEVERITY[maxSeverity(outsideFindings(policy(publicDecrypt(condition))))]).toBe(SEVERITY[unconditional]);
    });
  }
});

describe('policies that truly keep outsiders out', () => {
  it(`Principal "*" limited to aws:PrincipalAccount ${KEY_ACCOUNT}: no outsider gets in, no outside-access finding`, () => {
    const keyPolicy = policy(publicDecrypt({ StringEquals: { 'aws:PrincipalAccount': KEY_ACCOUNT } }));
    const matrix = auditedMatrix(keyPolicy);
    expect(outsiderCell(matrix).outcome).toBe('ImplicitDeny');
    expect(outsideFindings(keyPolicy)).toEqual([]);
  });
});

describe('rows are classes, not made-up principals (/work/notes/contract.md)', () => {
  const CLASS_ORIGINS = new Set(['outsider', 'external-account', 'unnamed-role', 'unnamed-service']);
  const policies: [string, PolicyDocument][] = [
    ['a public Allow', policy(publicDecrypt())],
    ['a named external account', policy({ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'kms:Decrypt', Resource: '*' })],
    ['an Allow on aws:PrincipalAccount', policy(publicDecrypt({ StringEquals: { 'aws:PrincipalAccount': ['444455556666'] } }))],
  ];
  for (const [name, keyPolicy] of policies) {
    it(`${name}: class rows say they are classes and name no made-up account`, () => {
      const matrix = simulate({ keyPolicy, key: KEY }, { onlyActions: ['kms:Decrypt'] });
      const accounts = new Set([KEY_ACCOUNT, ...(JSON.stringify(keyPolicy).match(/\d{12}/g) ?? [])]);
      for (const row of matrix.principals) {
        const { kind, members } = row as { readonly kind?: string; readonly members?: string };
        expect(kind, `${row.id} (${row.origin})`).toBe(CLASS_ORIGINS.has(row.origin) ? 'class' : 'principal');
        if (kind === 'class') expect(members, `${row.id}: who is in the class`).toMatch(/\S/);
        if (row.origin === 'outsider') expect(row.account, `${row.id}: the outsider class has no one account`).toBeUndefined();
        if (row.account !== undefined) expect([...accounts], `${row.id}: an account the key or the policy names`).toContain(row.account);
      }
    });
  }
});

describe('honest limits', () => {
  it('a matrix that reached a bound gets an analysis-incomplete finding at high severity naming the cells', () => {
    const keyPolicy = policy(
      publicDecrypt({
        StringEquals: { 'kms:EncryptionContext:x': ['a', 'b', 'c'], 'kms:ViaService': ['s3.us-west-2.amazonaws.com', 'ec2.us-west-2.amazonaws.com'] },
      }),
    );
    const input = { keyPolicy, key: KEY };
    const matrix = simulate(input, { maxCombinations: 2 });
    const incomplete = matrix.cells.filter((c) => !c.complete);
    expect(incomplete.length, 'the bound is reached').toBeGreaterThan(0);
    for (const cell of incomplete)
      expect((cell as { readonly incompleteReason?: string }).incompleteReason ?? '', `${cell.principal} × ${cell.action}: incompleteReason`).toMatch(/\S/);
    const finding = findings(input, { matrix }).find((f) => f.id === 'analysis-incomplete');
    expect(finding, 'an analysis-incomplete finding').toBeDefined();
    expect(finding?.severity).toMatch(/^(high|critical)$/);
    expect(`${finding?.message ?? ''} ${(finding?.principals ?? []).join(' ')} ${(finding?.actions ?? []).join(' ')}`).toContain('kms:Decrypt');
  });
});

describe('kms:EncryptionContextKeys and its pairs in a searched cell', () => {
  const CLASS_ROW = `arn:aws:iam::${KEY_ACCOUNT}:*`;
  const ROOT = `arn:aws:iam::${KEY_ACCOUNT}:root`;
  const allowAll = (condition: NonNullable<StatementDocument['Condition']>): StatementDocument => ({
    Effect: 'Allow',
    Principal: '*',
    Action: 'kms:*',
    Resource: '*',
    Condition: condition,
  });
  const only = (...statements: StatementDocument[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

  it('a region is decided on a request whose key list names exactly its pairs (x absent, another key listed)', () => {
    // The region "x absent, key list {x} or {other}" was decided on its first combination, which
    // contextOf sends with x filled in: a request of another region, denied, so the row read never allowed.
    const keyPolicy = only(
      allowAll({
        'ForAllValues:StringEqualsIfExists': { 'kms:EncryptionContext:x': ['*a*'], 'aws:SourceAccount': ['111122223333'] },
        'ForAnyValue:StringEqualsIfExists': { 'kms:EncryptionContext:x': ['*a*'] },
        Null: { 'aws:SourceIp': ['true'] },
        'ForAnyValue:StringNotEquals': { 'kms:EncryptionContextKeys': ['kmsim*'] },
        'ForAllValues:StringNotLikeIfExists': { 'aws:PrincipalArn': ['*kmsim*'] },
      }),
      allowAll({
        'ForAnyValue:StringEqualsIfExists': { 'kms:EncryptionContext:x': ['*b*'] },
        'ForAllValues:StringEqualsIfExists': { 'aws:SourceAccount': ['999988887777'] },
        Null: { 'aws:PrincipalArn': ['true'] },
      }),
    );
    const member = {
      principal: `arn:aws:sts::${KEY_ACCOUNT}:assumed-role/abcdefghijkl/s`,
      action: 'kms:Decrypt',
      context: {
        'aws:SecureTransport': false,
        'kms:EncryptionContext:y': 'kmsim',
        'kms:EncryptionContextKeys': ['y'],
        'aws:userid': 'AROAEXAMPLE7777777777777:s',
      },
    };
    expect(createEvaluator({ keyPolicy, key: KEY }).evaluate(member).decision, 'core allows the member').toBe('Allow');
    const cell = auditedMatrix(keyPolicy).cell(CLASS_ROW, 'kms:Decrypt');
    expect(cell?.outcome).toBe('Conditional');
    expect(cell?.complete).toBe(true);
  });

  it('the key list and the pairs linked: the root row is complete and right (a Deny on the key list, Allows on the pairs)', () => {
    const keyPolicy = only(
      allowAll({ Null: { 'kms:EncryptionContext:y': ['true'] }, 'ForAllValues:StringEqualsIfExists': { 'kms:EncryptionContext:x': ['*'] } }),
      {
        Effect: 'Allow',
        Principal: { AWS: ROOT },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          'ForAllValues:StringEqualsIfExists': { 'kms:EncryptionContext:x': ['*b*', '*a*'] },
          'ForAnyValue:StringEqualsIfExists': { 'kms:EncryptionContext:x': ['*a*'] },
          StringEqualsIfExists: { 'kms:EncryptionContext:x': ['*b*'] },
        },
      },
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:*',
        Resource: '*',
        Condition: {
          'ForAnyValue:StringNotLike': { 'kms:EncryptionContextKeys': ['y'] },
          Null: { 'aws:SourceAccount': ['true'] },
          'ForAllValues:StringEqualsIfExists': { 'aws:SourceAccount': ['111122223333'] },
        },
      },
    );
    const cell = auditedMatrix(keyPolicy).cell(ROOT, 'kms:Decrypt');
    expect(cell?.outcome).toBe('Conditional');
    expect(cell?.incompleteReason).toBeUndefined();
    expect(cell?.complete).toBe(true);
  });
});

describe('guardrails attached to a principal no policy names (the guardrails profile)', () => {
  const ORG = { id: 'o-kmsim00000', managementAccount: KEY_ACCOUNT, accounts: {} };
  const NO_KMS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'kms:*', Resource: '*' }] };

  function audited(input: SimulationInput): Matrix {
    const matrix = simulate(input, { onlyActions: ['kms:Decrypt'] });
    for (const seed of [1, 2, 3]) {
      const violations = audit(input, matrix, seed, THOROUGH);
      expect(violations.length === 0 ? 'sound' : `${violations.length} violation(s); the first:\n${violations[0]}`).toBe('sound');
    }
    return matrix;
  }

  it("a session policy on a session of the key's account: a row of its own, capped; the IAM class stays Allow", () => {
    // Was: the class "any principal (IAM kms:*)" said Allow, and core denied the session its policy caps.
    const session = `arn:aws:sts::${KEY_ACCOUNT}:assumed-role/App/kmsim`;
    const input: SimulationInput = { keyPolicy: policy(), key: KEY, organization: ORG, sessionPolicies: { [session]: [NO_KMS] } };
    const m = audited(input);
    expect(m.principals.find((r) => r.id === session)?.origin).toBe('guardrail');
    expect(m.cell(session, 'kms:Decrypt')?.outcome).toBe('ImplicitDeny');
    expect(m.cell(`arn:aws:iam::${KEY_ACCOUNT}:*#iam`, 'kms:Decrypt')?.outcome).toBe('Allow');
  });

  it('a session policy on one session of a role the key policy names: the role row answers for its other sessions', () => {
    const role = 'arn:aws:iam::444455556666:role/kmsim-outsider';
    const session = 'arn:aws:sts::444455556666:assumed-role/kmsim-outsider/s';
    const keyPolicy = policy({ Effect: 'Allow', Principal: { AWS: role }, Action: 'kms:Decrypt', Resource: '*' });
    const m = audited({ keyPolicy, key: KEY, organization: ORG, sessionPolicies: { [session]: [NO_KMS] } });
    expect(m.cell(role, 'kms:Decrypt')?.outcome).toBe('Allow');
    expect(m.cell(session, 'kms:Decrypt')?.outcome).toBe('ImplicitDeny');
  });

  it('VPC endpoint policies: each endpoint is a region of the cell (aws:SourceVpce names no condition)', () => {
    // Was: the root row said Allow, and core denied it through an endpoint whose policy allows no kms:Decrypt.
    const noDecrypt: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', NotAction: 'kms:Decrypt', Resource: '*' }] };
    const keyPolicy = policy(publicDecrypt());
    const m = audited({ keyPolicy, key: KEY, vpcEndpointPolicies: { 'vpce-1a2b3c4d': RCP_FULL_AWS_ACCESS, 'vpce-0123456789abcdef0': noDecrypt } });
    const cell = m.cell(`arn:aws:iam::${KEY_ACCOUNT}:root`, 'kms:Decrypt');
    expect(cell?.outcome).toBe('Conditional');
    const through = (id: string) => cell?.points.filter((p) => cell.requestFor(p).context?.['aws:SourceVpce'] === id).map((p) => p.decision);
    expect(through('vpce-0123456789abcdef0')).toEqual(['ImplicitDeny']);
    expect(through('vpce-1a2b3c4d')).toEqual(['Allow']);
  });

  it('a principal a VPC endpoint policy names: a row of its own, out of its class', () => {
    // Was: "any principal (IAM kms:*)" said Allow, and core denied role/App's sessions through the endpoint.
    const app = `arn:aws:iam::${KEY_ACCOUNT}:role/App`;
    const endpoint: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: { AWS: app }, Action: 'kms:*', Resource: '*' },
      ],
    };
    const m = audited({ keyPolicy: policy(publicDecrypt()), key: KEY, vpcEndpointPolicies: { 'vpce-1a2b3c4d': endpoint } });
    expect(m.principals.find((r) => r.id === app)?.origin).toBe('guardrail');
    expect(m.cell(app, 'kms:Decrypt')?.outcome).toBe('Conditional');
    expect(m.cell(`arn:aws:iam::${KEY_ACCOUNT}:*#iam`, 'kms:Decrypt')?.outcome).toBe('Allow');
  });

  it('aws:SourceOrgID: the cells split on aws:SourceAccount, from which core derives it', () => {
    // Was: the root row said ExplicitDeny (aws:SourceOrgID never there), and core allowed a request
    // whose aws:SourceAccount is an account of the organization.
    const noSourceOrg: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'kms:*', Resource: '*', Condition: { Null: { 'aws:SourceOrgID': 'true' } } }],
    };
    const organization: Organization = {
      id: 'o-kmsim00000',
      managementAccount: '999988887777',
      accounts: { [KEY_ACCOUNT]: { ouPath: ['r-ab12'], scps: [[], [FULL_AWS_ACCESS, noSourceOrg]] } },
    };
    const m = audited({ keyPolicy: policy(), key: KEY, organization });
    const cell = m.cell(`arn:aws:iam::${KEY_ACCOUNT}:root`, 'kms:Decrypt');
    expect(cell?.outcome).toBe('Conditional');
    const allowed = cell?.points.filter((p) => p.decision === 'Allow').map((p) => cell.requestFor(p).context?.['aws:SourceAccount']);
    expect(allowed?.length).toBeGreaterThan(0);
    for (const account of allowed ?? []) expect([KEY_ACCOUNT, '999988887777']).toContain(account);
  });

  it("a principal of another account a policy names leaves its account's other principals in the outsider class", () => {
    // Was: the account left the outsider class without a row of its own; an RCP or a Deny on
    // aws:PrincipalAccount then reached principals no row answered for (the outsider row said Allow).
    const keyPolicy = policy(
      { Effect: 'Allow', Principal: '*', Action: 'kms:Encrypt', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:role/kmsim-outsider' }, Action: 'kms:Decrypt', Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '444455556666' } } },
    );
    const m = simulate({ keyPolicy, key: KEY }, { onlyActions: ['kms:Encrypt'] });
    for (const seed of [1, 2, 3]) expect(audit({ keyPolicy, key: KEY }, m, seed, THOROUGH)).toEqual([]);
    expect(m.cell('arn:aws:iam::*:*', 'kms:Encrypt')?.outcome).toBe('Conditional');
  });

  it("a permissions boundary on a role of the key's account no policy names: a row of its own, capped", () => {
    const role = `arn:aws:iam::${KEY_ACCOUNT}:role/kmsim-unnamed-role`;
    const m = audited({ keyPolicy: policy(), key: KEY, permissionsBoundaries: { [role]: NO_KMS } });
    expect(m.principals.find((r) => r.id === role)?.origin).toBe('guardrail');
    expect(m.cell(role, 'kms:Decrypt')?.outcome).toBe('ImplicitDeny');
    expect(m.cell(`arn:aws:iam::${KEY_ACCOUNT}:*#iam`, 'kms:Decrypt')?.outcome).toBe('Allow');
  });
});
