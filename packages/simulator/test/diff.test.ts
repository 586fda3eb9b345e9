import { consoleDefaultKeyPolicy, type PolicyDocument, type StatementDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { diffPolicies } from '../src/index.js';

const ACCT = '111122223333';
const admin = `arn:aws:iam::${ACCT}:role/KMSAdminRole`;
const app = `arn:aws:iam::${ACCT}:role/App`;
const before = consoleDefaultKeyPolicy({ account: ACCT, keyType: 'symmetric', administrators: [admin], users: [app] });
const statements = (p: PolicyDocument): StatementDocument[] => [p.Statement].flat();
const key = { arn: `arn:aws:kms:us-west-2:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };

describe('diffPolicies', () => {
  it('finds nothing between a policy and itself', () => {
    const d = diffPolicies({ keyPolicy: before, key }, { keyPolicy: before, key });
    expect(d.entries).toEqual([]);
    expect(d.cells).toBeGreaterThan(100);
  });

  it('reports access gained by an external account, with the condition under which it is gained', () => {
    const after: PolicyDocument = {
      ...before,
      Statement: [
        ...statements(before),
        {
          Sid: 'Partner decrypt via S3',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:root' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } },
        },
      ],
    };
    const d = diffPolicies({ keyPolicy: before, key }, { keyPolicy: after, key });
    expect(d.lost).toBe(0);
    expect(d.gained).toBeGreaterThan(0);
    const partner = d.entries.find((e) => e.principal === 'arn:aws:iam::444455556666:*' && e.action === 'kms:Decrypt');
    expect(partner).toMatchObject({ change: 'gained', before: 'ImplicitDeny', after: 'Allow' });
    expect(partner?.summary).toBe('GAINED: 444455556666 any principal kms:Decrypt when kms:ViaService is s3.us-west-2.amazonaws.com: implicit deny → allow');
    expect(partner?.example.context).toMatchObject({ 'kms:ViaService': 's3.us-west-2.amazonaws.com' });
    // Nothing else changed for that row.
    expect(d.entries.every((e) => e.action === 'kms:Decrypt')).toBe(true);
  });

  it('reports access lost when an administrator can no longer delete the key', () => {
    const after = consoleDefaultKeyPolicy({ account: ACCT, keyType: 'symmetric', administrators: [admin], users: [app], allowAdministratorsToDelete: false });
    const d = diffPolicies({ keyPolicy: before, key }, { keyPolicy: after, key });
    expect(d.gained).toBe(0);
    expect(d.entries.map((e) => `${e.change} ${e.principal} ${e.action}`).sort()).toEqual(
      [`lost ${admin} kms:CancelKeyDeletion`, `lost ${admin} kms:ScheduleKeyDeletion`].sort(),
    );
  });

  it('reports a deny that became explicit as changed, not as gained or lost', () => {
    const after: PolicyDocument = {
      ...before,
      Statement: [
        ...statements(before),
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:ScheduleKeyDeletion',
          Resource: '*',
          Condition: { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '30' } },
        },
      ],
    };
    const d = diffPolicies({ keyPolicy: before, key }, { keyPolicy: after, key });
    const adminChange = d.entries.find((e) => e.principal === admin && e.action === 'kms:ScheduleKeyDeletion');
    expect(adminChange?.change).toBe('lost');
    expect(adminChange?.when[0]?.key).toBe('kms:ScheduleKeyDeletionPendingWindowInDays');
    const outsider = d.entries.find((e) => e.label === 'outsider');
    expect(outsider?.change).toBe('changed');
    expect(outsider).toMatchObject({ before: 'ImplicitDeny', after: 'ExplicitDeny' });
  });
});
