/**
 * The alias columns answer for "any alias" of the key's account and Region: a cell's answer holds
 * for every alias, or the cell says it depends on the alias (never one made-up alias).
 */
import { createEvaluator, type PolicyDocument, type StatementDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/index.js';

const ACCT = '111122223333';
const KEY = { arn: `arn:aws:kms:us-west-2:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };
const ALIASES = `arn:aws:kms:us-west-2:${ACCT}:alias/`;
const ADMIN = `arn:aws:iam::${ACCT}:role/Admin`;
const keyPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'EnableIam', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' }],
};
const identity = (...statements: StatementDocument[]) => ({ [ADMIN]: [{ Version: '2012-10-17', Statement: statements } as PolicyDocument] });
const input = (...statements: StatementDocument[]) => ({ keyPolicy, key: KEY, identityPolicies: identity(...statements) });
const matrixOf = (...statements: StatementDocument[]) =>
  simulate(input(...statements), { onlyActions: ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias'] });

describe('alias columns', () => {
  it('kms:* on "*" allows every alias: a complete Allow', () => {
    const cell = matrixOf({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }).cell(ADMIN, 'kms:CreateAlias');
    expect(cell?.outcome).toBe('Allow');
    expect(cell?.complete).toBe(true);
  });

  it('an Allow on the key alone denies every alias: a complete ImplicitDeny', () => {
    const cell = matrixOf({ Effect: 'Allow', Action: 'kms:*', Resource: KEY.arn }).cell(ADMIN, 'kms:UpdateAlias');
    expect(cell?.outcome).toBe('ImplicitDeny');
    expect(cell?.complete).toBe(true);
  });

  it('a Resource covering some aliases makes the cell conditional and says why, with a real witness', () => {
    const statements: StatementDocument[] = [{ Effect: 'Allow', Action: 'kms:*', Resource: [KEY.arn, `${ALIASES}test-*`] }];
    const cell = matrixOf(...statements).cell(ADMIN, 'kms:CreateAlias');
    expect(cell?.outcome).toBe('Conditional');
    expect(cell?.complete).toBe(false);
    expect(cell?.incompleteReason).toMatch(/depends on the alias: Allow for aliases such as .*alias\/test-.*ImplicitDeny for aliases such as/);
    // The point's request carries the witness it was answered with, and evaluating it gives the same answer.
    const point = cell?.points[0];
    if (!cell || !point) throw new Error('no point');
    const request = cell.requestFor(point);
    expect(request.aliasArn).toMatch(/alias\/test-/);
    expect(createEvaluator(input(...statements)).evaluate(request).decision).toBe(point.decision);
  });

  it('no made-up alias: a Deny on the aliases a simulator might invent does not decide the cell', () => {
    for (const pattern of ['kmsim*', 'a*', '*-alias']) {
      const cell = matrixOf(
        { Effect: 'Allow', Action: 'kms:*', Resource: '*' },
        { Effect: 'Deny', Action: 'kms:DeleteAlias', Resource: `${ALIASES}${pattern}` },
      ).cell(ADMIN, 'kms:DeleteAlias');
      expect(cell?.outcome, pattern).toBe('Conditional');
      expect(cell?.complete, pattern).toBe(false);
    }
  });

  it('a Deny on every alias is a complete ExplicitDeny', () => {
    const cell = matrixOf({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:DeleteAlias', Resource: `${ALIASES}*` }).cell(
      ADMIN,
      'kms:DeleteAlias',
    );
    expect(cell?.outcome).toBe('ExplicitDeny');
    expect(cell?.complete).toBe(true);
  });
});
