import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const before = fixture('before.json');
const after = fixture('after.json');
const tmp = mkdtempSync(join(tmpdir(), 'kmsim-diff-'));

describe('kmsim diff', () => {
  it('lists gained access first, then lost, then the counts', async () => {
    const run = await runCli('diff', before, after);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      '+ GAINED 444455556666 any principal kms:Decrypt (implicit deny → allow)',
      '- LOST role/KMSAdmin kms:ScheduleKeyDeletion (allow → implicit deny)',
      '',
      '1 gained, 1 lost, 0 changed',
    ]);
  });

  it('exits 1 with --fail-on-gain when something is gained, 0 when only access is lost', async () => {
    const gain = await runCli('diff', before, after, '--fail-on-gain');
    expect(gain.code).toBe(1);
    expect(gain.stdout).toContain('1 gained, 1 lost, 0 changed');

    // The reverse direction gains only the admin's ScheduleKeyDeletion back.
    const reverse = await runCli('diff', after, before, '--fail-on-gain');
    expect(reverse.code).toBe(1);
    expect(reverse.stdout).toMatch(/^\+ GAINED role\/KMSAdmin kms:ScheduleKeyDeletion/m);

    const onlyLost = join(tmp, 'only-lost.json');
    writeFileSync(
      onlyLost,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:role/KMSAdmin' },
            Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:CancelKeyDeletion'],
            Resource: '*',
          },
        ],
      }),
    );
    const lost = await runCli('diff', before, onlyLost, '--fail-on-gain');
    expect(lost.code).toBe(0);
    expect(lost.stdout).toContain('- LOST role/KMSAdmin kms:ScheduleKeyDeletion (allow → implicit deny)');
    expect(lost.stdout).toContain('0 gained, 1 lost, 0 changed');
  });

  it('says so when nothing changes', async () => {
    const run = await runCli('diff', before, before, '--fail-on-gain');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^No change in who can do what \(\d+ principal × action cells compared\)\.\n\n0 gained, 0 lost, 0 changed\n$/);
  });

  it('describes the conditions of a change and counts changed deny kinds', async () => {
    const deny = join(tmp, 'deny.json');
    writeFileSync(
      deny,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:role/KMSAdmin' },
            Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'],
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:role/App' },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
          },
          { Effect: 'Deny', Principal: '*', Action: 'kms:ScheduleKeyDeletion', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
        ],
      }),
    );
    const run = await runCli('diff', before, deny, '--only-action', 'Decrypt', '--only-action', 'ScheduleKeyDeletion');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('+ GAINED role/App kms:Decrypt when kms:ViaService is s3.us-east-1.amazonaws.com (implicit deny → allow)');
    expect(run.stdout).toMatch(/^- LOST role\/KMSAdmin kms:ScheduleKeyDeletion when aws:MultiFactorAuthPresent is false \(allow → explicit deny\)$/m);
    expect(run.stdout).toMatch(/^~ CHANGED outsider kms:ScheduleKeyDeletion when aws:MultiFactorAuthPresent is false \(implicit deny → explicit deny\)$/m);
    const gainedAt = run.stdout.indexOf('+ GAINED');
    const lostAt = run.stdout.indexOf('- LOST');
    const changedAt = run.stdout.indexOf('~ CHANGED');
    expect(gainedAt).toBeLessThan(lostAt);
    expect(lostAt).toBeLessThan(changedAt);
    expect(run.stdout).toMatch(/\n1 gained, \d+ lost, \d+ changed\n$/);
  });

  it('prints JSON with the counts and every entry', async () => {
    const run = await runCli('diff', before, after, '--format', 'json');
    expect(run.code).toBe(0);
    const d = JSON.parse(run.stdout) as {
      before: string;
      after: string;
      gained: number;
      lost: number;
      changed: number;
      entries: {
        change: string;
        principal: string;
        label: string;
        action: string;
        before: string;
        after: string;
        when: unknown[];
        example: { principal: string; action: string };
      }[];
    };
    expect(d).toMatchObject({ before, after, gained: 1, lost: 1, changed: 0 });
    expect(d.entries[0]).toMatchObject({
      change: 'gained',
      principal: 'arn:aws:iam::444455556666:*',
      label: '444455556666 any principal',
      action: 'kms:Decrypt',
      before: 'ImplicitDeny',
      after: 'Allow',
      when: [],
      example: { principal: expect.stringMatching(/^arn:aws:iam::444455556666:/), action: 'kms:Decrypt' },
    });
    expect(d.entries.map((e) => `${e.change} ${e.principal} ${e.action}`)).toEqual([
      'gained arn:aws:iam::444455556666:* kms:Decrypt',
      'lost arn:aws:iam::111122223333:role/KMSAdmin kms:ScheduleKeyDeletion',
    ]);
  });

  it('prints a markdown table', async () => {
    const run = await runCli('diff', before, after, '--format', 'markdown', '--fail-on-gain');
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('| Change | Principal | Action | When | Before | After |');
    expect(lines).toContain('| **gained** | 444455556666 any principal | kms:Decrypt | always | implicit deny | allow |');
    expect(lines).toContain('| **lost** | role/KMSAdmin | kms:ScheduleKeyDeletion | always | allow | implicit deny |');
    expect(run.stdout).toContain('**1 gained, 1 lost, 0 changed**');
  });

  it('exits 2 with one line for a missing or invalid file', async () => {
    const missing = await runCli('diff', before, join(tmp, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^kmsim: .*missing\.json: no such file\n$/);

    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"Version": "2012-10-17", "Statement": [}');
    const badRun = await runCli('diff', bad, after, '--fail-on-gain');
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toMatch(/^kmsim: .*bad\.json: not valid JSON \(line 1, column \d+\): [^\n]+\n$/);
  });
});
