/**
 * CloudFormation templates as CloudFormation deploys them: --parameter, --parameters-file,
 * --account-id, --region, --partition and --stack-name for matrix, check, diff and the explorer.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLoader } from '../src/ui/loader.js';
import { runCli } from './run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'kmsim-template-options-'));
const write = (name: string, text: string): string => {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
};

/** A key whose Readers statement opens to everyone when Env is prod. */
const template = write(
  'app.yaml',
  [
    'Parameters:',
    '  Env:',
    '    Type: String',
    '    AllowedValues: [dev, prod]',
    '    Default: dev',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    'Resources:',
    '  AppKey:',
    '    Type: AWS::KMS::Key',
    '    Properties:',
    '      KeyPolicy:',
    "        Version: '2012-10-17'",
    '        Statement:',
    '          - Sid: Admins',
    '            Effect: Allow',
    "            Principal: { AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }",
    '            Action: kms:*',
    "            Resource: '*'",
    '          - Sid: Readers',
    '            Effect: Allow',
    "            Principal: { AWS: !If [IsProd, '*', !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AWS::StackName}-reader'] }",
    '            Action: kms:Decrypt',
    "            Resource: '*'",
    '',
  ].join('\n'),
);

const params = (env: string): string => write(`params-${env}.json`, JSON.stringify([{ ParameterKey: 'Env', ParameterValue: env }]));

describe('template parameters on the command line', () => {
  it('check passes with the Default (Env=dev) and reports the public statement with --parameter Env=prod', async () => {
    const dev = await runCli('check', template);
    expect(dev.code).toBe(0);
    expect(dev.stdout).toContain('No findings');
    const prod = await runCli('check', template, '--parameter', 'Env=prod', '--format', 'json');
    expect(prod.code).toBe(1);
    expect(JSON.parse(prod.stdout).findings.map((f: { id: string }) => f.id)).toContain('public-access');
  });

  it('takes the AWS CLI parameters file (file:// too), and --parameter over it', async () => {
    expect((await runCli('check', template, '--parameters-file', params('prod'))).code).toBe(1);
    expect((await runCli('check', template, '--parameters-file', `file://${params('prod')}`)).code).toBe(1);
    expect((await runCli('check', template, '--parameters-file', params('prod'), '--parameter', 'Env=dev')).code).toBe(0);
  });

  it.each<[string, string[], string]>([
    [
      'an undeclared parameter, with the closest name',
      ['--parameter', 'Evn=prod'],
      `kmsim: ${template}: parameter Evn is given a value, but the template declares no such parameter (it declares Env). Did you mean "Env"?\n`,
    ],
    [
      'a value outside AllowedValues',
      ['--parameter', 'Env=staging'],
      `kmsim: ${template} at $.Parameters.Env: parameter Env is "staging", which is not one of its AllowedValues (dev, prod)\n`,
    ],
    [
      'a parameter without =',
      ['--parameter', 'Env'],
      "kmsim: option '--parameter <KEY=VALUE>' argument 'Env' is invalid. write it as KEY=VALUE, e.g. --parameter Env=prod.\n",
    ],
    [
      'a parameter given twice',
      ['--parameter', 'Env=dev', '--parameter', 'Env=prod'],
      "kmsim: option '--parameter <KEY=VALUE>' argument 'Env=prod' is invalid. parameter Env is given twice.\n",
    ],
    [
      'a bad stack name',
      ['--stack-name', '1stack'],
      "kmsim: option '--stack-name <name>' argument '1stack' is invalid. a stack name is letters, digits and hyphens, starts with a letter and is at most 128 characters.\n",
    ],
    [
      'a bad partition',
      ['--partition', 'AWS'],
      "kmsim: option '--partition <partition>' argument 'AWS' is invalid. an AWS partition is aws, aws-cn, aws-us-gov …\n",
    ],
  ])('refuses %s in one line (exit 2)', async (_, args, message) => {
    for (const command of ['check', 'matrix']) {
      const r = await runCli(command, template, ...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(message);
    }
  });

  it('sets the pseudo parameters: --account-id, --region, --partition, --stack-name', async () => {
    const r = await runCli(
      'matrix',
      template,
      '--format',
      'csv',
      '--account-id',
      '444455556666',
      '--region',
      'cn-north-1',
      '--partition',
      'aws-cn',
      '--stack-name',
      'pay',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('arn:aws-cn:iam::444455556666:role/pay-reader,role/pay-reader,kms:Decrypt,');
    expect(r.stderr).toContain('kmsim uses arn:aws-cn:kms:cn-north-1:444455556666:key/AppKey');
  });

  it('diff takes them for the template, and notes them as ignored for a key policy', async () => {
    const devPolicy = write(
      'dev-policy.json',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
          { Sid: 'Readers', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/kmsim-stack-reader' }, Action: 'kms:Decrypt', Resource: '*' },
        ],
      }),
    );
    const same = await runCli('diff', devPolicy, template, '--key-arn', 'arn:aws:kms:us-east-1:111122223333:key/AppKey', '--fail-on-gain');
    expect(same.code).toBe(0);
    const prod = await runCli(
      'diff',
      devPolicy,
      template,
      '--key-arn',
      'arn:aws:kms:us-east-1:111122223333:key/AppKey',
      '--fail-on-gain',
      '--parameter',
      'Env=prod',
    );
    expect(prod.code).toBe(1);
    expect(prod.stderr).toContain(`kmsim: note: ${devPolicy} is a key policy, not a CloudFormation template: --parameter ignored\n`);
  });

  it('refuses a YAML merge key with the file and line', async () => {
    const merged = write('merge.yaml', 'Resources:\n  AppKey:\n    Type: AWS::KMS::Key\n    Properties:\n      <<: { KeyPolicy: {} }\n');
    const r = await runCli('check', merged);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `kmsim: ${merged}: YAML merge key << (line 5, column 7): CloudFormation does not allow YAML anchors, aliases or merge keys in a template; write the value out where it is used\n`,
    );
  });

  it("the explorer's loader passes them on", async () => {
    const dev = await fileLoader([template])(() => {});
    expect(dev.findings.map((f) => f.id)).not.toContain('public-access');
    const prod = await fileLoader([template], { parameter: [['Env', 'prod']] })(() => {});
    expect(prod.findings.map((f) => f.id)).toContain('public-access');
  });
});
