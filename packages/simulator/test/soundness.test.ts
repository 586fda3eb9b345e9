/**
 * Soundness of the matrix (issue #3): over random policies,
 * - completeness: a random concrete request's decision is one of its cell's outcomes;
 * - irrelevance: keys a cell does not vary do not change a point's decision;
 * - each point's stated decision is what evaluate() gives for its concrete request.
 */
import fc from 'fast-check';
import { findAction, findConditionKey, type ContextRecord, type PolicyDocument, type StatementDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { evaluatorFor, prepare } from '../src/input.js';
import { simulate } from '../src/index.js';

const numRuns = Number(process.env['KMSIM_FC_RUNS'] ?? 300);
const ACCT = '111122223333';
const KEY = { arn: `arn:aws:kms:us-west-2:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };

const conditions: NonNullable<StatementDocument['Condition']>[] = [
  { StringEquals: { 'kms:ViaService': ['ec2.us-west-2.amazonaws.com', 'rds.us-west-2.amazonaws.com'] } },
  { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
  { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
  { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['AppName'] } },
  { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['AppName', 'Project'] } },
  { StringEquals: { 'kms:EncryptionContext:AppName': 'Helper' } },
  { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '203.0.113.128/25'] } },
  { NumericLessThanEquals: { 'kms:RotationPeriodInDays': '180' } },
  { DateGreaterThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
  { Null: { 'aws:SourceVpce': 'true' } },
  { StringEqualsIfExists: { 'kms:CallerAccount': ACCT } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/app-*` } },
];
const principals = [`arn:aws:iam::${ACCT}:role/App`, `arn:aws:iam::${ACCT}:root`, '444455556666', `arn:aws:iam::444455556666:role/app-x`];
const actions = ['kms:Decrypt', 'kms:CreateGrant', 'kms:EnableKeyRotation', 'kms:PutKeyPolicy', 'kms:*', 'kms:GenerateDataKey*'];

const arbStatement: fc.Arbitrary<StatementDocument> = fc
  .record({
    effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
    principal: fc.oneof(
      fc.constant<'*'>('*'),
      fc.uniqueArray(fc.constantFrom(...principals), { minLength: 1, maxLength: 2 }).map((aws) => ({ AWS: aws })),
    ),
    actions: fc.uniqueArray(fc.constantFrom(...actions), { minLength: 1, maxLength: 3 }),
    conds: fc.uniqueArray(fc.nat({ max: conditions.length - 1 }), { maxLength: 2 }),
  })
  .map(({ effect, principal, actions: a, conds }) => {
    const Condition: Record<string, Record<string, string | string[]>> = {};
    for (const i of conds)
      for (const [op, block] of Object.entries(conditions[i] ?? {}))
        Condition[op] = { ...(Condition[op] ?? {}), ...(block as Record<string, string | string[]>) };
    return { Effect: effect, Principal: principal, Action: a, Resource: '*', ...(conds.length ? { Condition } : {}) } as StatementDocument;
  });
const arbPolicy: fc.Arbitrary<PolicyDocument> = fc
  .array(arbStatement, { minLength: 1, maxLength: 4 })
  .map((Statement) => ({ Version: '2012-10-17', Statement }));

/** Random concrete values per key, drawn from the literals, their neighbours and unrelated values. */
const valuePools: Record<string, readonly (ContextRecord[string] | undefined)[]> = {
  'kms:ViaService': [
    undefined,
    'ec2.us-west-2.amazonaws.com',
    'rds.us-west-2.amazonaws.com',
    's3.eu-west-1.amazonaws.com',
    's3.amazonaws.com',
    'EC2.us-west-2.amazonaws.com',
    'lambda.amazonaws.com',
  ],
  'aws:SourceVpce': [undefined, 'vpce-1', 'vpce-2', 'VPCE-1'],
  'kms:GrantIsForAWSResource': [undefined, true, false],
  'kms:EncryptionContextKeys': [undefined, [], ['AppName'], ['Project'], ['AppName', 'Project'], ['AppName', 'Other'], ['Other']],
  'kms:EncryptionContext:AppName': [undefined, 'Helper', 'helper', 'Other'],
  'aws:SourceIp': [undefined, '203.0.113.5', '203.0.113.200', '198.51.100.7', '2001:db8::1'],
  'kms:RotationPeriodInDays': [undefined, 90, 179, 180, 181, 365],
  // Always in the request context: never absent.
  'aws:CurrentTime': ['2024-12-31T23:59:59Z', '2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z'],
  'kms:CallerAccount': [undefined, ACCT, '444455556666'],
};
const arbContext = fc.record(Object.fromEntries(Object.entries(valuePools).map(([k, pool]) => [k, fc.constantFrom(...pool)]))) as fc.Arbitrary<
  Record<string, ContextRecord[string] | undefined>
>;

function supportedContext(action: string, raw: Record<string, ContextRecord[string] | undefined>): Record<string, ContextRecord[string]> {
  const info = findAction(action);
  const out: Record<string, ContextRecord[string]> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    const key = findConditionKey(k);
    // Derived keys (kms:CallerAccount …) follow from the principal and the key: AWS fills them in.
    if (key?.derived) continue;
    // kms: keys the action does not support are never in its request (see simulate.ts).
    if (key && !key.global && !info?.conditionKeys.includes(key.name)) continue;
    out[k] = v;
  }
  // The encryption context and its key list agree in real requests.
  const ecKeys = out['kms:EncryptionContextKeys'];
  if (Array.isArray(ecKeys) || out['kms:EncryptionContext:AppName'] !== undefined) {
    const list = new Set<string>(Array.isArray(ecKeys) ? (ecKeys as string[]) : []);
    if (out['kms:EncryptionContext:AppName'] !== undefined) list.add('AppName');
    for (const k of list) if (k !== 'AppName') out[`kms:EncryptionContext:${k}`] = 'v';
    if (list.has('AppName') && out['kms:EncryptionContext:AppName'] === undefined) out['kms:EncryptionContext:AppName'] = 'v';
    if (info?.conditionKeys.includes('kms:EncryptionContextKeys')) out['kms:EncryptionContextKeys'] = [...list];
  }
  return out;
}

/** Concrete members of a class row, with the identity keys AWS gives them (aws:userid). */
function members(row: { kind: string; origin: string; account: string | undefined }): { principal: string; context: ContextRecord }[] {
  if (row.origin === 'unnamed-service') return ['lambda.amazonaws.com', 's3.amazonaws.com'].map((principal) => ({ principal, context: {} }));
  const accounts = row.account !== undefined ? [row.account] : ['777766665555', '123456789012'];
  return accounts.flatMap((a) => [
    { principal: `arn:aws:iam::${a}:role/app-x`, context: { 'aws:userid': 'AROAEXAMPLEID12345678:s1' } },
    { principal: `arn:aws:iam::${a}:role/ops/zz`, context: { 'aws:userid': 'AROAEXAMPLEID12345679:s2' } },
    { principal: `arn:aws:iam::${a}:user/u`, context: { 'aws:userid': 'AIDAEXAMPLEID1234567' } },
    { principal: `arn:aws:sts::${a}:federated-user/fed`, context: { 'aws:userid': `${a}:fed` } },
    ...(row.origin === 'unnamed-role' ? [] : [{ principal: `arn:aws:iam::${a}:root`, context: { 'aws:userid': a } }]),
  ]);
}

describe('matrix soundness', () => {
  it('every concrete request lands on one of its cell outcomes; unvaried keys change nothing', () => {
    fc.assert(
      fc.property(arbPolicy, fc.nat(), fc.nat(), arbContext, (policy, r, c, rawContext) => {
        const input = { keyPolicy: policy, key: KEY };
        const matrix = simulate(input);
        const row = matrix.principals[r % matrix.principals.length];
        const column = matrix.actions[c % matrix.actions.length];
        if (!row || !column) return;
        const cell = matrix.cell(row.id, column.name);
        expect(cell).toBeDefined();
        if (!cell) return;
        const prepared = prepare(input);
        // Each principal with the row's identity policies (a class row's members all hold them).
        const evaluatorOf = (principal: string) => evaluatorFor(prepared, principal, row.identityPolicies);

        // Each point says what evaluate() says for its request.
        for (const p of cell.points) {
          const request = cell.requestFor(p);
          expect(evaluatorOf(request.principal).evaluate(request).decision).toBe(p.decision);
        }

        // Completeness: a random concrete request by a member of the row's class is among the cell's outcomes.
        const context = supportedContext(column.name, rawContext);
        // Any alias of the key's account and Region (the cells answer for every alias).
        const aliasArn = column.action.resource === 'alias-and-key' ? { aliasArn: `arn:aws:kms:us-west-2:${ACCT}:alias/team-${r % 3}` } : {};
        // A class holds the principals no row names: those with a row of their own answer there.
        const named = new Set(matrix.principals.filter((p) => p.kind === 'principal').map((p) => p.arn));
        const pool = row.kind === 'class' ? members(row).filter((m) => !named.has(m.principal)) : [{ principal: row.arn, context: {} }];
        const member = pool[(r >> 4) % pool.length] ?? { principal: row.arn, context: {} };
        const decision = evaluatorOf(member.principal).evaluate({
          principal: member.principal,
          action: column.name,
          ...aliasArn,
          context: { ...context, ...member.context },
        }).decision;
        const outcomes = new Set(cell.points.map((p) => p.decision));
        expect([...outcomes], `${row.label} (${member.principal}) × ${column.name} with ${JSON.stringify(context)}: ${cell.summary}`).toContain(decision);

        // Irrelevance: keys the cell does not vary don't change a point's decision.
        const varied = new Set(cell.keys.map((k) => k.key.toLowerCase()));
        for (const p of cell.points) {
          const base = cell.requestFor(p);
          const extra = Object.fromEntries(
            Object.entries(context).filter(([k]) => !varied.has(k.toLowerCase()) && !k.toLowerCase().startsWith('kms:encryptioncontext')),
          );
          const d = evaluatorOf(base.principal).evaluate({ ...base, context: { ...extra, ...base.context } }).decision;
          expect(d, `${row.label} × ${column.name}: extra ${JSON.stringify(extra)} changed ${JSON.stringify(base.context)}`).toBe(p.decision);
        }
      }),
      { numRuns },
    );
  });
});

describe('search by need', () => {
  it('gives every cell the outcome enumeration gives, with regions covering the whole space', () => {
    fc.assert(
      fc.property(arbPolicy, (policy) => {
        const input = { keyPolicy: policy, key: KEY };
        const enumerated = simulate(input, { onlyActions: ['kms:Decrypt', 'kms:CreateGrant', 'kms:PutKeyPolicy'] });
        const searched = simulate(input, { onlyActions: ['kms:Decrypt', 'kms:CreateGrant', 'kms:PutKeyPolicy'], searchAbove: 0 });
        for (const cell of enumerated.cells) {
          const other = searched.cell(cell.principal, cell.action);
          expect(other?.outcome, `${cell.principal} × ${cell.action}: ${cell.summary} / ${other?.summary}`).toBe(cell.outcome);
          expect(other?.complete).toBe(cell.complete);
          expect(other?.terms.reduce((n, t) => n + t.count, 0)).toBe(cell.total);
        }
      }),
      { numRuns: Math.max(50, Math.floor(numRuns / 3)) },
    );
  });
});
