/**
 * Template parameters as CloudFormation takes them: only declared names, every value (given or
 * Default) within its constraints, and the AWS CLI's parameters file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCloudFormationKeys, loadParametersFile, parseParametersFile } from '../src/index.js';
import { loadError, principals, syncLoadError } from './loader-helpers.js';

const template = (parameters: Record<string, unknown>) => ({
  Parameters: parameters,
  Resources: {
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/${Env}' } }, Action: 'kms:*', Resource: '*' }],
        },
      },
    },
  },
});

const env = { Type: 'String', AllowedValues: ['dev', 'prod'], Default: 'dev' };

describe('template parameters', () => {
  it('uses a given value, and the Default otherwise', async () => {
    expect(principals((await loadCloudFormationKeys(template({ Env: env })))['Key'])).toEqual([{ AWS: 'arn:aws:iam::111122223333:role/dev' }]);
    const prod = await loadCloudFormationKeys(template({ Env: env }), { parameters: { Env: 'prod' } });
    expect(principals(prod['Key'])).toEqual([{ AWS: 'arn:aws:iam::111122223333:role/prod' }]);
  });

  it('refuses a value for a parameter the template does not declare, with the closest name', async () => {
    const error = await loadError(loadCloudFormationKeys(template({ Env: env, Team: { Type: 'String', Default: 'x' } }), { parameters: { Evn: 'prod' } }));
    expect(error.reason).toBe('format');
    expect(error.message).toBe(
      'template: parameter Evn is given a value, but the template declares no such parameter (it declares Env, Team). Did you mean "Env"?',
    );
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['AllowedValues', env, 'test', 'parameter Env is "test", which is not one of its AllowedValues (dev, prod)'],
    [
      'AllowedPattern (the whole value)',
      { Type: 'String', AllowedPattern: '[a-z]+' },
      'dev1',
      'parameter Env is "dev1", which does not match its AllowedPattern [a-z]+',
    ],
    ['MinLength', { Type: 'String', MinLength: 3 }, 'qa', 'parameter Env is "qa", shorter than its MinLength 3'],
    ['MaxLength', { Type: 'String', MaxLength: '4' }, 'staging', 'parameter Env is 7 characters long, more than its MaxLength 4'],
    ['a Number', { Type: 'Number' }, '1e', 'parameter Env is "1e", which is not a number (its Type is Number)'],
    ['MinValue', { Type: 'Number', MinValue: 1 }, '0', 'parameter Env is 0, below its MinValue 1'],
    ['MaxValue', { Type: 'Number', MaxValue: 10 }, '10.5', 'parameter Env is 10.5, above its MaxValue 10'],
    [
      'each value of a list',
      { Type: 'CommaDelimitedList', AllowedValues: ['a', 'b'] },
      'a, c',
      'parameter Env has "c" in its list, which is not one of its AllowedValues (a, b)',
    ],
  ])('refuses a value outside %s', async (_, decl, value, message) => {
    const error = await loadError(loadCloudFormationKeys(template({ Env: decl }), { parameters: { Env: value } }));
    expect(error.reason).toBe('format');
    expect(error.path).toBe('$.Parameters.Env');
    expect(error.message).toBe(`template at $.Parameters.Env: ${message}`);
  });

  it('refuses a Default outside the constraints, with the ConstraintDescription', async () => {
    const error = await loadError(
      loadCloudFormationKeys(template({ Env: { Type: 'String', AllowedPattern: '[a-z]+', Default: 'Dev', ConstraintDescription: 'lower case only' } })),
    );
    expect(error.message).toBe(
      'template at $.Parameters.Env: parameter Env is "Dev", which does not match its AllowedPattern [a-z]+ (its Default) (lower case only)',
    );
  });
});

describe('parameters files', () => {
  it('reads the AWS CLI form, a ResolvedValue before the ParameterValue', () => {
    const text = JSON.stringify([
      { ParameterKey: 'Env', ParameterValue: 'prod' },
      { ParameterKey: 'Version', ParameterValue: '/app/version', ResolvedValue: '42' },
      { ParameterKey: 'Empty', ParameterValue: '' },
    ]);
    expect(parseParametersFile(text, 'params.json')).toEqual({ Env: 'prod', Version: '42', Empty: '' });
  });

  it.each<[string, unknown, string]>([
    ['an object', { Env: 'prod' }, 'params.json: a parameters file is a JSON list of { "ParameterKey": …, "ParameterValue": … }'],
    [
      'an unknown field',
      [{ ParameterKey: 'Env', ParameterVaule: 'x' }],
      'params.json at $[0].ParameterVaule: unknown field ParameterVaule (a parameter has ParameterKey, ParameterValue, UsePreviousValue, ResolvedValue). Did you mean "ParameterValue"?',
    ],
    ['a number', [{ ParameterKey: 'Size', ParameterValue: 3 }], 'params.json at $[0].ParameterValue: parameter Size: ParameterValue must be a string'],
    [
      'a key given twice',
      [
        { ParameterKey: 'Env', ParameterValue: 'a' },
        { ParameterKey: 'Env', ParameterValue: 'b' },
      ],
      'params.json at $[1]: parameter Env is given twice',
    ],
    [
      'UsePreviousValue',
      [{ ParameterKey: 'Env', UsePreviousValue: true }],
      'params.json at $[0]: parameter Env: UsePreviousValue needs the deployed stack; give its ParameterValue instead',
    ],
    ['no ParameterKey', [{ ParameterValue: 'x' }], 'params.json at $[0].ParameterKey: ParameterKey must be a parameter name'],
  ])('refuses %s in one line', (_, content, message) => {
    const error = syncLoadError(() => parseParametersFile(JSON.stringify(content), 'params.json'));
    expect(error.reason).toBe('format');
    expect(error.message).toBe(message);
  });

  describe('on disk', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'kmsim-params-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads a file, and names it when it is not JSON', async () => {
      const good = join(dir, 'good.json');
      await writeFile(good, '[{"ParameterKey": "Env", "ParameterValue": "prod"}]\n');
      expect(await loadParametersFile(good)).toEqual({ Env: 'prod' });
      const bad = join(dir, 'bad.json');
      await writeFile(bad, '[{"ParameterKey": "Env",}]\n');
      const error = await loadError(loadParametersFile(bad));
      expect(error.reason).toBe('json');
      expect(error.message).toContain(`${bad}: not valid JSON (line 1`);
    });
  });
});
