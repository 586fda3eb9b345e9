// Rows whose statements say the same things share their cells (matrix/row-share.ts): each row's
// requests are still its own, and rows that only look alike (a condition on the principal, their
// own IAM policies, a grant) are worked out on their own.
import { createEvaluator, type PolicyDocument, type StatementDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { diffPolicies, simulate } from '../src/index.js';

const ACCT = '111122223333';
const key = { arn: `arn:aws:kms:us-west-2:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };
const role = (name: string): string => `arn:aws:iam::${ACCT}:role/${name}`;
const ENABLE_IAM: StatementDocument = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' };
const ALLOW_KMS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };

/** One statement per role, each saying the same thing (Decrypt through S3, with `condition` added). */
function alike(names: readonly string[], condition: Record<string, Record<string, string>> = {}): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      ENABLE_IAM,
      ...names.map((n) => ({
        Sid: `S${n}`,
        Effect: 'Allow' as const,
        Principal: { AWS: role(n) },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' }, ...condition },
      })),
    ],
  };
}

describe('rows that answer alike', () => {
  it('give each row its own principal in its requests, and each point the decision core gives', () => {
    const input = { keyPolicy: alike(['a', 'b', 'c']), key };
    const m = simulate(input);
    const evaluator = createEvaluator(input);
    for (const name of ['a', 'b', 'c']) {
      const cell = m.cell(role(name), 'kms:Decrypt');
      expect(cell?.outcome).toBe('Conditional');
      for (const p of cell?.points ?? []) {
        const request = cell?.requestFor(p);
        expect(request?.principal).toBe(role(name));
        if (request) expect(evaluator.evaluate(request).decision).toBe(p.decision);
      }
      if (cell?.points[0]) expect(m.explainPoint(cell, cell.points[0]).request.principal).toBe(role(name));
    }
  });

  it('keep rows apart when a condition reads the principal', () => {
    const m = simulate({ keyPolicy: alike(['a', 'b'], { ArnLike: { 'aws:PrincipalArn': role('a') } }), key });
    expect(m.cell(role('a'), 'kms:Decrypt')?.outcome).toBe('Conditional');
    expect(m.cell(role('b'), 'kms:Decrypt')?.outcome).toBe('ImplicitDeny');
  });

  it('keep rows apart when only one has IAM policies, or a grant names one', () => {
    const withIam = simulate({ keyPolicy: alike(['a', 'b']), key, identityPolicies: { [role('a')]: [ALLOW_KMS] } });
    expect(withIam.cell(role('a'), 'kms:Encrypt')?.outcome).toBe('Allow');
    expect(withIam.cell(role('b'), 'kms:Encrypt')?.outcome).toBe('ImplicitDeny');
    const granted = simulate({ keyPolicy: alike(['a', 'b']), key, grants: [{ granteePrincipal: role('b'), operations: ['Encrypt'] }] });
    expect(granted.cell(role('a'), 'kms:Encrypt')?.outcome).toBe('ImplicitDeny');
    expect(granted.cell(role('b'), 'kms:Encrypt')?.outcome).toBe('Allow');
  });

  it('diffPolicies names each row that changed alike, with its own principal in the example', () => {
    const before = alike(['a', 'b', 'c']);
    const after: PolicyDocument = {
      ...before,
      Statement: [
        ENABLE_IAM,
        ...[before.Statement]
          .flat()
          .slice(1)
          .map((s) => (s.Sid === 'Sc' ? s : { ...s, Effect: 'Deny' as const })),
      ],
    };
    const d = diffPolicies({ keyPolicy: before, key }, { keyPolicy: after, key });
    const lost = d.entries.filter((e) => e.change === 'lost' && e.action === 'kms:Decrypt');
    expect(lost.map((e) => e.principal).sort()).toEqual([role('a'), role('b')]);
    for (const e of lost) expect(e.example.principal).toBe(e.principal);
  });
});
