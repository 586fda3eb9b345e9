/**
 * Policies written to slip past the audit (issue 9): each hides access every other account has
 * behind a condition that singles out what a fixed made-up outsider would look like. The outsider
 * row is a class, so its cell must show the access, with a witness request core really allows.
 */
import { createEvaluator, type PolicyDocument, type StatementDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { ALLOW_ALL_IAM } from '../src/principals.js';
import { simulate, type Cell } from '../src/index.js';

const ACCT = '111122223333';
const ROOT: StatementDocument = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' };
const publicWhen = (Condition: NonNullable<StatementDocument['Condition']>): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [ROOT, { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition }],
});

/** The allowed points' requests, each checked with core as its principal with an IAM policy allowing kms:*. */
function allowedRequests(keyPolicy: PolicyDocument, cell: Cell) {
  return cell.points
    .filter((p) => p.decision === 'Allow')
    .map((p) => {
      const request = cell.requestFor(p);
      const decision = createEvaluator({ keyPolicy, identityPolicies: { [request.principal]: [ALLOW_ALL_IAM] } }).evaluate(request).decision;
      return { request, decision };
    });
}

describe('the outsider row is every principal of every other account', () => {
  const cases: [string, NonNullable<StatementDocument['Condition']>, RegExp][] = [
    ['StringNotLike aws:PrincipalArn "*kmsim*"', { StringNotLike: { 'aws:PrincipalArn': '*kmsim*' } }, /^arn:aws:(iam|sts)::\d{12}:/],
    [
      'StringNotEquals aws:PrincipalAccount [the old outsider account]',
      { StringNotEquals: { 'aws:PrincipalAccount': ['999988887777', '999988887776'] } },
      /^arn:aws:(iam|sts)::\d{12}:/,
    ],
    [
      'ArnNotLike aws:PrincipalArn "arn:aws:iam::*:role/kmsim-*"',
      { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/kmsim-*' } },
      /^arn:aws:(iam|sts)::\d{12}:/,
    ],
    ['StringEquals aws:PrincipalType "User"', { StringEquals: { 'aws:PrincipalType': 'User' } }, /^arn:aws:iam::\d{12}:user\//],
    ['StringLike aws:userid "AROA*:*"', { StringLike: { 'aws:userid': 'AROA*:*' } }, /^arn:aws:iam::\d{12}:role\//],
    [
      'StringLike aws:PrincipalAccount "9999*" and aws:username "ops-?"',
      { StringLike: { 'aws:PrincipalAccount': '9999*', 'aws:username': 'ops-?' } },
      /^arn:aws:iam::9999\d{8}:user\/ops-.$/,
    ],
  ];
  for (const [name, condition, member] of cases) {
    it(`${name}: the outsider's Decrypt cell is not denied, and its witness is really allowed`, () => {
      const keyPolicy = publicWhen(condition);
      const m = simulate({ keyPolicy });
      const outsider = m.principals.find((p) => p.origin === 'outsider');
      expect(outsider?.kind).toBe('class');
      const cell = m.cell(outsider?.id ?? '', 'kms:Decrypt');
      expect(cell?.outcome).toMatch(/^(Allow|Conditional)$/);
      expect(cell?.complete).toBe(true);
      const allowed = allowedRequests(keyPolicy, cell as Cell);
      expect(allowed.length).toBeGreaterThan(0);
      for (const a of allowed) {
        expect(a.decision).toBe('Allow');
        expect(a.request.principal).toMatch(member);
        // Not the key's account: a member of the class.
        expect(a.request.principal.split(':')[4]).not.toBe(ACCT);
      }
    });
  }

  it('a service principal is always an AWS service: "deny outside the organization unless an AWS service" lets services in', () => {
    const keyPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        ROOT,
        { Sid: 'Use', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' },
        {
          Sid: 'Org',
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-123' }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
        },
      ],
    };
    const m = simulate({ keyPolicy });
    const cell = m.cell('sns.amazonaws.com', 'kms:Decrypt');
    expect(cell?.outcome).toBe('Allow');
    expect(cell?.keys.map((k) => k.key.toLowerCase())).not.toContain('aws:principalisawsservice');
  });

  it('class rows carry no made-up name or account', () => {
    const m = simulate({ keyPolicy: publicWhen({ StringLike: { 'kms:ViaService': 's3.*' } }) });
    for (const row of m.principals) {
      expect(JSON.stringify(row)).not.toMatch(/kmsim-|999988887777/);
      if (row.kind === 'class') expect(row.members).toBeTruthy();
    }
  });
});

describe('search by need', () => {
  it('12 Denies "StringNotLike kms:EncryptionContext:x *a*" … "*l*" after a public Allow: Conditional, with an allowed witness', () => {
    const keyPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        ROOT,
        { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
        ...[...'abcdefghijkl'].map(
          (l): StatementDocument => ({
            Sid: `No${l}`,
            Effect: 'Deny',
            Principal: '*',
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringNotLike: { 'kms:EncryptionContext:x': `*${l}*` } },
          }),
        ),
      ],
    };
    const m = simulate({ keyPolicy });
    const cell = m.cell('arn:aws:iam::*:*', 'kms:Decrypt') as Cell;
    expect(cell.outcome).toBe('Conditional');
    expect(cell.complete).toBe(true);
    const allowed = allowedRequests(keyPolicy, cell);
    expect(allowed.length).toBeGreaterThan(0);
    for (const a of allowed) {
      expect(a.decision).toBe('Allow');
      const x = String(a.request.context?.['kms:EncryptionContext:x']);
      for (const l of 'abcdefghijkl') expect(x).toContain(l);
    }
    // Every point's decision is core's on its request.
    for (const p of cell.points) {
      const r = cell.requestFor(p);
      expect(createEvaluator({ keyPolicy, identityPolicies: { [r.principal]: [ALLOW_ALL_IAM] } }).evaluate(r).decision).toBe(p.decision);
    }
  });

  it('8 keys in one statement: complete, and allowed exactly when every key has one of its values', () => {
    const Condition = { StringEquals: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`kms:EncryptionContext:k${i}`, [`a${i}`, `b${i}`]])) };
    const keyPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [ROOT, { Sid: 'P', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition }],
    };
    const m = simulate({ keyPolicy });
    expect(m.stats.incompleteCells).toBe(0);
    const cell = m.cell('arn:aws:iam::*:*', 'kms:Decrypt') as Cell;
    expect(cell.outcome).toBe('Conditional');
    const allow = cell.terms.filter((t) => t.decision === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]?.when.map((w) => w.key)).toHaveLength(8);
  });

  it('30 statements each with its own key: every cell complete, each allowing when its key has its value', () => {
    const keyPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        ROOT,
        ...Array.from(
          { length: 30 },
          (_, i): StatementDocument => ({
            Sid: `S${i}`,
            Effect: 'Allow',
            Principal: '*',
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringEquals: { [`kms:EncryptionContext:k${i}`]: `v${i}` } },
          }),
        ),
      ],
    };
    const m = simulate({ keyPolicy, key: { arn: `arn:aws:kms:us-east-1:${ACCT}:key/k` } });
    expect(m.stats.incompleteCells).toBe(0);
    const cell = m.cell('arn:aws:iam::*:*', 'kms:Decrypt') as Cell;
    expect(cell.outcome).toBe('Conditional');
    for (const p of cell.points) {
      const r = cell.requestFor(p);
      const expected = Array.from({ length: 30 }, (_, i) => r.context?.[`kms:EncryptionContext:k${i}`] === `v${i}`).some(Boolean) ? 'Allow' : 'ImplicitDeny';
      expect(p.decision, JSON.stringify(r.context)).toBe(expected);
    }
  });
});

describe('keys the request cannot choose', () => {
  it("aws:RequestedRegion is the key's Region for a request on the key", () => {
    const keyPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        ROOT,
        {
          Sid: 'East',
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
        },
      ],
    };
    const m = simulate({ keyPolicy, key: { arn: `arn:aws:kms:us-west-2:${ACCT}:key/k` } });
    const cell = m.cell('arn:aws:iam::*:*', 'kms:Decrypt') as Cell;
    expect(cell.outcome).toBe('ImplicitDeny');
    expect(cell.keys.map((k) => k.key)).not.toContain('aws:RequestedRegion');
    expect(cell.requestFor(cell.points[0] as never).context?.['aws:RequestedRegion']).toBe('us-west-2');
    // The same policy on a key in us-east-1 lets every outsider in.
    const east = simulate({ keyPolicy, key: { arn: `arn:aws:kms:us-east-1:${ACCT}:key/k` } });
    expect(east.cell('arn:aws:iam::*:*', 'kms:Decrypt')?.outcome).toBe('Allow');
  });
});

describe('honest limits', () => {
  it('a string search past its bound makes the cell incomplete, and says why', () => {
    const keyPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
        ...[...'abcdefghijklmnop'].map(
          (l): StatementDocument => ({
            Sid: `No${l}`,
            Effect: 'Deny',
            Principal: '*',
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringNotLike: { 'kms:EncryptionContext:x': `*${l}*` } },
          }),
        ),
      ],
    };
    const m = simulate({ keyPolicy, key: { arn: `arn:aws:kms:us-east-1:${ACCT}:key/k` } }, { onlyActions: ['kms:Decrypt'] });
    const cell = m.cell('arn:aws:iam::*:*', 'kms:Decrypt') as Cell;
    expect(cell.complete).toBe(false);
    expect(cell.incompleteReason).toMatch(/string search stopped/);
    expect(m.stats.incompleteCells).toBeGreaterThan(0);
  });

  it('a complete cell has no incompleteReason', () => {
    const m = simulate({ keyPolicy: publicWhen({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }) });
    for (const c of m.cells) expect(c.incompleteReason === undefined).toBe(c.complete);
  });
});

describe('named principals', () => {
  it('aws:userid of a named role is a session of it: "StringLike aws:userid AROA*:*" lets the role in', () => {
    const app = `arn:aws:iam::${ACCT}:role/App`;
    const keyPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        ROOT,
        {
          Sid: 'App',
          Effect: 'Allow',
          Principal: { AWS: app },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringLike: { 'aws:userid': 'AROA*:batch-*' } },
        },
      ],
    };
    const m = simulate({ keyPolicy });
    const cell = m.cell(app, 'kms:Decrypt') as Cell;
    expect(cell.outcome).toBe('Conditional');
    const allowed = cell.points.filter((p) => p.decision === 'Allow').map((p) => cell.requestFor(p));
    expect(allowed.length).toBeGreaterThan(0);
    for (const r of allowed) {
      expect(r.principal).toBe(app);
      expect(String(r.context?.['aws:userid'])).toMatch(/^AROA[A-Z2-7]{17}:batch-/);
    }
  });
});
