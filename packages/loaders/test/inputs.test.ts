/**
 * Inputs that cannot hang or blow up: what is not a regular file is refused before a byte is read,
 * sizes are checked before reading, and documents nested deeper than the stack are a LoadError
 * naming the file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_INPUT_BYTES,
  KEY_POLICY_FILE_MAX_BYTES,
  loadCloudFormationKeys,
  loadKeyFile,
  loadKeyPolicy,
  loadTerraformPlanKeys,
  readTextFile,
} from '../src/index.js';
import { fixture, loadError } from './loader-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kmsim-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STATEMENT = { Sid: 's', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };

/** Terraform JSON whose only key sits `depth` modules down. */
function nestedPlan(depth: number): string {
  const key = JSON.stringify({
    address: 'aws_kms_key.k',
    mode: 'managed',
    type: 'aws_kms_key',
    name: 'k',
    values: { policy: JSON.stringify({ Version: '2012-10-17', Statement: [STATEMENT] }) },
  });
  let inner = `{"address":"module.last","resources":[${key}]}`;
  for (let i = depth - 1; i >= 0; i--) inner = `{"address":"module.m${i}","resources":[],"child_modules":[${inner}]}`;
  return `{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{"resources":[],"child_modules":[${inner}]}}}`;
}

describe('what is not a regular file', () => {
  it('a FIFO is refused at once (it would block forever when opened for reading)', async () => {
    const fifo = join(dir, 'policy.fifo');
    execFileSync('mkfifo', [fifo]);
    const e = await loadError(loadKeyFile(fifo));
    expect(e.message).toBe(`${fifo}: is a FIFO (named pipe), not a regular file (kmsim reads files, and standard input as -)`);
    expect(e.reason).toBe('file');
  });

  it('/dev/zero is refused before a byte is read', async () => {
    const e = await loadError(readTextFile('/dev/zero'));
    expect(e.message).toMatch(/^\/dev\/zero: is a character device, not a regular file/u);
  });

  it('a directory is refused', async () => {
    expect((await loadError(loadKeyPolicy(dir))).message).toBe(`${dir}: is a directory, not a file`);
  });
});

describe('size limits, checked before reading', () => {
  it(`a file over the limit (default ${DEFAULT_MAX_INPUT_BYTES / 1024 ** 2} MB) is refused from its size`, async () => {
    // A sparse 100 MB file: refusing it costs nothing, reading it would cost 100 MB.
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 100 * 1024 * 1024);
    const e = await loadError(loadKeyFile(huge));
    expect(e.message).toBe(`${huge}: is 100 MB, more than the 64 MB kmsim reads (raise it with --max-input-size, or the loaders' maxInputBytes option)`);
  });

  it('maxInputBytes lowers and raises the limit for templates and plans', async () => {
    const size = readFileSync(fixture('cfn-template.json')).length;
    const small = await loadError(loadCloudFormationKeys(fixture('cfn-template.json'), { maxInputBytes: size - 1 }));
    expect(small.message).toMatch(/more than the .* kmsim reads/u);
    expect(Object.keys(await loadCloudFormationKeys(fixture('cfn-template.json'), { maxInputBytes: size }))).toContain('AppKey');
    const plan = await loadError(loadTerraformPlanKeys(fixture('tf-plan.json'), { maxInputBytes: 1024 }));
    expect(plan.message).toMatch(/tf-plan\.json: is .*, more than the 1 KB kmsim reads/u);
  });

  it('a key policy file larger than a key policy can be is refused before it is parsed', async () => {
    const big = join(dir, 'big-policy.json');
    writeFileSync(big, JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 3_000 }, () => STATEMENT) }));
    for (const load of [loadKeyFile, loadKeyPolicy]) {
      const e = await loadError(load(big));
      expect(e.reason).toBe('policy');
      expect(e.message).toMatch(new RegExp(`larger than a key policy file can be .* up to ${KEY_POLICY_FILE_MAX_BYTES / 1024} KB`, 'u'));
    }
  });
});

describe('deep nesting', () => {
  it('3,000 nested Terraform modules: a LoadError naming the file', async () => {
    const plan = join(dir, 'deep-plan.json');
    writeFileSync(plan, nestedPlan(3_000));
    for (const load of [() => loadKeyFile(plan), () => loadTerraformPlanKeys(plan)]) {
      const e = await loadError(load());
      expect(e.message).toBe(`${plan}: modules nested more than 100 levels deep (at module.m100); kmsim stops there`);
    }
    // A plan nested a few levels, as real ones are, loads.
    const shallow = join(dir, 'shallow-plan.json');
    writeFileSync(shallow, nestedPlan(5));
    expect(Object.keys(await loadTerraformPlanKeys(shallow))).toEqual(['aws_kms_key.k']);
  });

  it('a YAML alias that contains itself: a LoadError naming the file', async () => {
    const template = join(dir, 'alias.yaml');
    writeFileSync(
      template,
      [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Resources:',
        '  Key:',
        '    Type: AWS::KMS::Key',
        '    Properties:',
        '      KeyPolicy: &p',
        '        Version: "2012-10-17"',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: *p',
        '            Action: kms:*',
        '            Resource: "*"',
        '',
      ].join('\n'),
    );
    const e = await loadError(loadKeyFile(template));
    // CloudFormation refuses anchors and aliases, so the self-reference is refused at its anchor, before anything expands.
    expect(e.message).toMatch(new RegExp(`^${template}: YAML anchor &p \\(line \\d+, column \\d+\\): CloudFormation does not allow YAML anchors`, 'u'));
    expect(e.message.length).toBeLessThan(400);
  });
});
