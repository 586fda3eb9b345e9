/**
 * The file loaders: key policy files, scenario files, CloudFormation / CDK templates and Terraform
 * plans. Each fixture is loaded, its resolved principals and ARNs are checked exactly, and one
 * request is evaluated with core to show the loaded key is what the evaluator expects.
 */
import { createEvaluator } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import {
  LoadError,
  loadCloudFormationKey,
  loadCloudFormationKeys,
  loadKeyPolicy,
  loadScenarioKey,
  loadTerraformPlanKey,
  loadTerraformPlanKeys,
  type LoadedKey,
} from '../src/index.js';
import { decide, fixture, loadError, principals } from './loader-helpers.js';

describe('loadKeyPolicy', () => {
  it('loads a key policy file and keeps statement-level diagnostics', async () => {
    const loaded = await loadKeyPolicy(fixture('key-policy.json'));
    expect(loaded.source).toBe(fixture('key-policy.json'));
    expect(loaded.key).toBeUndefined();
    expect(principals(loaded)).toEqual([
      { AWS: 'arn:aws:iam::111122223333:root' },
      { AWS: 'arn:aws:iam::111122223333:role/App' },
      { AWS: 'arn:aws:iam::111122223333:role/Auditor' },
    ]);
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({ code: 'action-unknown', severity: 'error', path: '$.Statement[2].Action', line: 24, column: 7 }),
    ]);
    const app = 'arn:aws:iam::111122223333:role/App';
    expect(decide(loaded, { principal: app, action: 'kms:Decrypt', context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })).toBe('Allow');
    expect(decide(loaded, { principal: app, action: 'kms:Decrypt', context: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } })).toBe('ImplicitDeny');
  });

  it('attaches the key given in options', async () => {
    const key = { arn: 'arn:aws:kms:eu-west-1:111122223333:key/abcd', keySpec: 'SYMMETRIC_DEFAULT' };
    const loaded = await loadKeyPolicy(fixture('key-policy.json'), { key });
    expect(loaded.key).toEqual(key);
  });

  it('reports invalid JSON with the file, line and column', async () => {
    const file = fixture('key-policy-invalid.json');
    const error = await loadError(loadKeyPolicy(file));
    expect(error).toBeInstanceOf(LoadError);
    expect(error.code).toBe('load-failed');
    expect(error.reason).toBe('json');
    expect(error.source).toBe(file);
    expect([error.line, error.column]).toEqual([8, 22]);
    // Worded as core words a syntax error (ScenarioError, `kmsim eval`): one wording for every JSON file.
    expect(error.message).toBe(`${file}: not valid JSON (line 8, column 22): trailing comma before "}": JSON does not allow a comma after the last property`);
  });

  it('names a missing file and refuses a template given as a policy', async () => {
    const missing = await loadError(loadKeyPolicy(fixture('no-such-policy.json')));
    expect(missing.reason).toBe('file');
    expect(missing.message).toBe(`${fixture('no-such-policy.json')}: no such file`);
    const template = await loadError(loadKeyPolicy(fixture('cdk-synth.template.json')));
    expect(template.reason).toBe('format');
    expect(template.message).toContain('this is a CloudFormation template (use loadCloudFormationKey), not a key policy');
  });

  it('accepts a scenario file', async () => {
    const loaded = await loadKeyPolicy(fixture('scenario.json'));
    expect(loaded.source).toBe(`${fixture('scenario.json')}#grant-lets-grant-role-decrypt`);
    expect(loaded.grants).toHaveLength(1);
  });
});

describe('loadScenarioKey', () => {
  it("takes the first evaluation case's key policy, identity policies, grants and key", async () => {
    const loaded = await loadScenarioKey(fixture('scenario.json'));
    expect(loaded.source).toBe(`${fixture('scenario.json')}#grant-lets-grant-role-decrypt`);
    expect(principals(loaded)).toEqual([{ AWS: 'arn:aws:iam::111122223333:root' }]);
    expect(loaded.grants).toEqual([
      { granteePrincipal: 'arn:aws:iam::111122223333:role/GrantRole', operations: ['Decrypt'], constraints: { encryptionContextSubset: { Department: 'IT' } } },
    ]);
    expect(Object.keys(loaded.identityPolicies ?? {})).toEqual(['arn:aws:iam::111122223333:role/Reader']);
    expect(loaded.key?.arn).toBe('arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const grantee = 'arn:aws:iam::111122223333:role/GrantRole';
    expect(decide(loaded, { principal: grantee, action: 'kms:Decrypt', context: { 'kms:EncryptionContext:Department': 'IT' } })).toBe('Allow');
    expect(decide(loaded, { principal: grantee, action: 'kms:Decrypt', context: { 'kms:EncryptionContext:Department': 'HR' } })).toBe('ImplicitDeny');
    expect(decide(loaded, { principal: 'arn:aws:iam::111122223333:role/Reader', action: 'kms:DescribeKey' })).toBe('Allow');
  });

  it('refuses a validation case by id', async () => {
    const error = await loadError(loadScenarioKey(fixture('scenario.json'), { caseId: 'validation-first' }));
    expect(error.reason).toBe('format');
    expect(error.message).toContain('case "validation-first" is a validation case; it has no key policy');
  });
});

describe('loadCloudFormationKeys', () => {
  const file = fixture('cfn-two-keys.json');

  it('resolves Fn::Sub, Fn::Join, Ref and Fn::GetAtt of a role with the defaults', async () => {
    const keys = await loadCloudFormationKeys(file);
    expect(Object.keys(keys)).toEqual(['AppKey', 'LogsKey', 'ScratchKey']);
    const app = keys['AppKey'] as LoadedKey;
    expect(app.source).toBe(`${file}#AppKey`);
    expect(principals(app)).toEqual([
      { AWS: 'arn:aws:iam::111122223333:root' },
      { AWS: 'arn:aws:iam::111122223333:role/KeyAdmin' },
      { AWS: 'arn:aws:iam::111122223333:role/apps/app-dev' },
    ]);
    const statements = app.keyPolicy.Statement as { Condition?: unknown }[];
    expect(statements[2]?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:EncryptionContext:owner': '${aws:username}' },
    });
    expect(app.key).toEqual({
      arn: 'arn:aws:kms:us-east-1:111122223333:key/AppKey',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      multiRegion: false,
      tags: { env: 'dev', stack: 'kmsim-stack' },
      aliases: ['alias/app-dev'],
    });
    expect(app.diagnostics).toEqual([]);
    expect(decide(app, { principal: 'arn:aws:iam::111122223333:role/KeyAdmin', action: 'kms:ScheduleKeyDeletion' })).toBe('Allow');
    expect(decide(app, { principal: 'arn:aws:iam::111122223333:role/KeyAdmin', action: 'kms:Decrypt' })).toBe('ImplicitDeny');

    const logs = keys['LogsKey'] as LoadedKey;
    expect(principals(logs)).toEqual([{ AWS: 'arn:aws:iam::111122223333:root' }, { Service: 'logs.us-east-1.amazonaws.com' }]);
    expect(logs.key?.multiRegion).toBe(true);
    const logGroup = 'arn:aws:logs:us-east-1:111122223333:log-group:app';
    expect(
      decide(logs, { principal: 'logs.us-east-1.amazonaws.com', action: 'kms:GenerateDataKey', context: { 'kms:EncryptionContext:aws:logs:arn': logGroup } }),
    ).toBe('Allow');
  });

  it('uses the account, region, partition and parameters given, and Fn::If / Condition', async () => {
    const keys = await loadCloudFormationKeys(file, {
      accountId: '999988887777',
      region: 'cn-north-1',
      stackName: 'payments',
      parameters: { Environment: 'prod' },
    });
    expect(Object.keys(keys)).toEqual(['AppKey', 'LogsKey']); // ScratchKey's condition IsNotProd is false
    const app = keys['AppKey'] as LoadedKey;
    expect(principals(app)).toEqual([
      { AWS: 'arn:aws-cn:iam::999988887777:root' },
      { AWS: 'arn:aws-cn:iam::999988887777:role/KeyAdmin' },
      { AWS: 'arn:aws-cn:iam::999988887777:role/apps/app-prod' },
      { AWS: ['444455556666', '777788889999'] },
    ]);
    expect((app.keyPolicy.Statement as { Condition?: { StringEquals?: unknown } }[])[2]?.Condition?.StringEquals).toMatchObject({
      'kms:ViaService': 's3.cn-north-1.amazonaws.com.cn',
    });
    expect(app.key?.arn).toBe('arn:aws-cn:kms:cn-north-1:999988887777:key/AppKey');
    expect(app.key?.tags).toEqual({ env: 'prod', stack: 'payments' });
    expect(app.key?.aliases).toEqual(['alias/app-prod']);
    const error = await loadError(loadCloudFormationKey(file, 'ScratchKey', { parameters: { Environment: 'prod' } }));
    expect(error.reason).toBe('not-found');
    expect(error.message).toBe(`${file}: ScratchKey: its Condition is false, so the stack would not create it`);
  });

  it('refuses a parameter value outside AllowedValues before reading any key', async () => {
    const error = await loadError(loadCloudFormationKeys(file, { parameters: { Environment: 'staging' } }));
    expect(error.message).toBe(`${file} at $.Parameters.Environment: parameter Environment is "staging", which is not one of its AllowedValues (dev, prod)`);
  });

  it('loads a CDK-synthesized template', async () => {
    const cdk = fixture('cdk-synth.template.json');
    const key = await loadCloudFormationKey(cdk, undefined, { accountId: '123456789012', region: 'eu-central-1' });
    expect(key.source).toBe(`${cdk}#DataKey1B7C5F1A`);
    expect(principals(key)).toEqual([{ AWS: 'arn:aws:iam::123456789012:root' }, { AWS: 'arn:aws:iam::123456789012:role/AppRole6B6E4B8F' }]);
    expect(key.key).toEqual({
      arn: 'arn:aws:kms:eu-central-1:123456789012:key/DataKey1B7C5F1A',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      multiRegion: false,
      tags: {},
      aliases: ['alias/data'],
    });
    expect(decide(key, { principal: 'arn:aws:iam::123456789012:role/AppRole6B6E4B8F', action: 'kms:Decrypt' })).toBe('Allow');
    expect(decide(key, { principal: 'arn:aws:iam::123456789012:role/Other', action: 'kms:Decrypt' })).toBe('ImplicitDeny');
  });

  it('names the logical id and JSON path of what it cannot resolve', async () => {
    const unresolvable = fixture('cfn-unresolvable.json');
    const error = await loadError(loadCloudFormationKeys(unresolvable));
    expect(error.reason).toBe('unresolvable');
    expect(error.resource).toBe('SharedKey');
    expect(error.path).toBe('$.Resources.SharedKey.Properties.KeyPolicy.Statement[1].Principal.AWS[0]');
    expect(error.message).toBe(
      `${unresolvable}: SharedKey at $.Resources.SharedKey.Properties.KeyPolicy.Statement[1].Principal.AWS[0]: ` +
        'Fn::ImportValue cannot be resolved from the template: it reads an output exported by another stack, which the template does not contain',
    );
  });

  it('asks for exactly one key or a name', async () => {
    const error = await loadError(loadCloudFormationKey(file));
    expect(error.reason).toBe('ambiguous');
    expect(error.message).toContain(
      'the template has 3 AWS::KMS::Key resources (AppKey, LogsKey, ScratchKey); choose one with --resource (kmsim) or the logicalId argument',
    );
    expect((await loadCloudFormationKey(file, 'LogsKey')).key?.arn).toBe('arn:aws:kms:us-east-1:111122223333:key/LogsKey');
  });

  it('reports a template that is not JSON with line and column', async () => {
    const broken = fixture('key-policy-invalid.json');
    const error = await loadError(loadCloudFormationKeys(broken));
    expect(error.reason).toBe('json');
    expect(error.message).toBe(`${broken}: not valid JSON (line 8, column 22): trailing comma before "}": JSON does not allow a comma after the last property`);
  });

  it('loads a YAML template (short forms: see loaders-yaml.test.ts)', async () => {
    const yaml = fixture('cfn-template.yaml');
    const key = await loadCloudFormationKey(yaml, 'AppKey');
    expect(key.source).toBe(`${yaml}#AppKey`);
    expect(principals(key)[0]).toEqual({ AWS: 'arn:aws:iam::111122223333:root' });
  });

  describe('template objects', () => {
    const policyWith = (principal: unknown) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:Decrypt', Resource: '*' }],
    });
    const template = (principal: unknown, extra: Record<string, unknown> = {}) => ({
      Parameters: { Stage: { Type: 'String' }, Version: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/version' } },
      Mappings: { Accounts: { prod: { Id: '210987654321' } } },
      Resources: {
        Ops: { Type: 'AWS::IAM::User', Properties: { Path: '/ops/' } },
        Bucket: { Type: 'AWS::S3::Bucket' },
        Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: policyWith(principal) } },
        ...extra,
      },
    });

    it('resolves Fn::FindInMap, Fn::Select, Fn::Sub with a variable map and ${Res.Attr}', async () => {
      const principal = [
        { 'Fn::Sub': ['arn:aws:iam::${Acct}:root', { Acct: { 'Fn::FindInMap': ['Accounts', 'prod', 'Id'] } }] },
        { 'Fn::Sub': '${Ops.Arn}' },
        { 'Fn::Select': [1, ['a', { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/${Stage}' }]] },
      ];
      const key = await loadCloudFormationKey(template(principal), 'Key', { parameters: { Stage: 'beta' }, source: 'inline' });
      expect(key.source).toBe('inline#Key');
      expect(principals(key)).toEqual([
        { AWS: ['arn:aws:iam::210987654321:root', 'arn:aws:iam::111122223333:user/ops/Ops', 'arn:aws:iam::111122223333:role/beta'] },
      ]);
    });

    it('uses the default key policy when KeyPolicy is absent', async () => {
      const key = await loadCloudFormationKey({ Resources: { Plain: { Type: 'AWS::KMS::Key' } } }, undefined, { accountId: '444455556666' });
      expect(principals(key)).toEqual([{ AWS: 'arn:aws:iam::444455556666:root' }]);
      expect(decide(key, { principal: 'arn:aws:iam::444455556666:root', action: 'kms:PutKeyPolicy' })).toBe('Allow');
    });

    it('refuses a KeyPolicy that is over 32 KB, not an object, or not JSON', async () => {
      const big = Array.from({ length: 700 }, (_, i) => `arn:aws:iam::111122223333:role/role-number-${i}`);
      const tooLarge = await loadError(loadCloudFormationKeys(template(big)));
      expect(tooLarge.reason).toBe('policy');
      expect(tooLarge.message).toMatch(
        /^template: Key at \$\.Resources\.Key\.Properties\.KeyPolicy: the KeyPolicy is not usable: The key policy is [\d,]+ bytes as compact JSON; a key policy can be at most 32,768 bytes$/u,
      );
      const notObject = await loadError(loadCloudFormationKeys({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: 42 } } } }));
      expect(notObject.message).toContain('template: Key at $.Resources.Key.Properties.KeyPolicy: the KeyPolicy is not usable');
      const notJson = await loadError(loadCloudFormationKeys({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: '{"Version": ' } } } }));
      expect(notJson.message).toMatch(
        /^template: Key at \$\.Resources\.Key\.Properties\.KeyPolicy: the KeyPolicy is not valid JSON \(line 1, column \d+ of the policy text\): the text ends where a value was expected$/u,
      );
    });

    it.each([
      [
        { 'Fn::GetAtt': ['Bucket', 'Arn'] },
        '$.Resources.Key.Properties.KeyPolicy.Statement[0].Principal.AWS',
        'Fn::GetAtt Bucket.Arn (AWS::S3::Bucket) is only known once the stack exists',
      ],
      [{ Ref: 'Stage' }, '$.Parameters.Stage', 'parameter Stage has no Default; give its value (kmsim --parameter Stage=VALUE, or options.parameters)'],
      [
        { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/${Version}' },
        '$.Parameters.Version',
        'parameter Version is read from SSM Parameter Store at deploy time (Default names the SSM parameter /app/version)',
      ],
      [{ 'Fn::GetAZs': '' }, '$.Resources.Key.Properties.KeyPolicy.Statement[0].Principal.AWS', 'Fn::GetAZs cannot be resolved from the template'],
      [
        { 'Fn::Sub': '${Nope}' },
        '$.Resources.Key.Properties.KeyPolicy.Statement[0].Principal.AWS["Fn::Sub"]',
        '${Nope} is not a variable, parameter, pseudo parameter or resource of the template',
      ],
    ])('refuses %j with the path', async (principal, path, message) => {
      const error = await loadError(loadCloudFormationKeys(template(principal)));
      expect(error.resource).toBe('Key');
      expect(error.path).toBe(path);
      expect(error.message).toContain(`template: Key at ${path}: ${message}`);
    });
  });
});

describe('loadTerraformPlanKeys', () => {
  const plan = fixture('tf-plan.json');

  it('loads keys from the root and child modules and attaches aws_kms_key_policy and aws_kms_alias', async () => {
    const keys = await loadTerraformPlanKeys(plan);
    expect(Object.keys(keys)).toEqual(['aws_kms_key.logs', 'module.kms.aws_kms_key.this']);

    const app = keys['module.kms.aws_kms_key.this'] as LoadedKey;
    expect(app.source).toBe(`${plan}#aws_kms_key_policy.app`); // the policy comes from the aws_kms_key_policy
    expect(principals(app)).toEqual([{ AWS: 'arn:aws:iam::111122223333:root' }, { AWS: 'arn:aws:iam::111122223333:role/billing' }]);
    expect(app.key).toEqual({
      arn: 'arn:aws:kms:eu-west-1:111122223333:key/module.kms.aws_kms_key.this',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      multiRegion: true,
      tags: { app: 'billing' },
      aliases: [],
    });
    const billing = 'arn:aws:iam::111122223333:role/billing';
    expect(decide(app, { principal: billing, action: 'kms:Decrypt', context: { 'kms:EncryptionContext:app': 'billing' } })).toBe('Allow');
    expect(decide(app, { principal: billing, action: 'kms:Decrypt', context: { 'kms:EncryptionContext:app': 'hr' } })).toBe('ImplicitDeny');

    const logs = keys['aws_kms_key.logs'] as LoadedKey;
    expect(principals(logs)).toEqual([{ AWS: 'arn:aws:iam::111122223333:root' }, { Service: 'logs.eu-west-1.amazonaws.com' }]);
    expect(logs.key).toMatchObject({
      arn: 'arn:aws:kms:eu-west-1:111122223333:key/aws_kms_key.logs',
      tags: { team: 'platform', 'managed-by': 'terraform' },
      aliases: ['alias/logs'],
    });
    const logGroup = 'arn:aws:logs:eu-west-1:111122223333:log-group:app';
    expect(
      decide(logs, { principal: 'logs.eu-west-1.amazonaws.com', action: 'kms:Encrypt', context: { 'kms:EncryptionContext:aws:logs:arn': logGroup } }),
    ).toBe('Allow');
  });

  it('uses the account and region given, and loads one key by address', async () => {
    const key = await loadTerraformPlanKey(plan, 'aws_kms_key.logs', { accountId: '123456789012', region: 'us-west-2' });
    expect(key.key?.arn).toBe('arn:aws:kms:us-west-2:123456789012:key/aws_kms_key.logs');
    const missing = await loadError(loadTerraformPlanKey(plan, 'aws_kms_key.nope'));
    expect(missing.message).toBe(`${plan}: aws_kms_key.nope: no KMS key at this address (the plan has: aws_kms_key.logs, module.kms.aws_kms_key.this)`);
  });

  it('says when a policy is only known after apply', async () => {
    const unknown = fixture('tf-plan-unknown.json');
    const error = await loadError(loadTerraformPlanKeys(unknown));
    expect(error.reason).toBe('unknown-after-apply');
    expect(error.resource).toBe('aws_kms_key.app');
    expect(error.path).toBe('$.planned_values.root_module.resources[1].values.policy');
    expect(error.message).toContain(
      `${unknown}: aws_kms_key.app at $.planned_values.root_module.resources[1].values.policy: the policy is only known after apply`,
    );
  });

  it('reads `terraform show -json` state output, matching key_id and target_key_id', async () => {
    const arn = 'arn:aws:kms:ap-southeast-2:210987654321:key/0f0f0f0f-aaaa-bbbb-cccc-121212121212';
    const keyPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:role/reader' }, Action: 'kms:Decrypt', Resource: '*' }],
    });
    const state = {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            {
              address: 'aws_kms_key.main',
              mode: 'managed',
              type: 'aws_kms_key',
              name: 'main',
              values: {
                arn,
                key_id: '0f0f0f0f-aaaa-bbbb-cccc-121212121212',
                policy: '{"Version":"2012-10-17","Statement":[]}',
                customer_master_key_spec: 'HMAC_256',
                key_usage: 'GENERATE_VERIFY_MAC',
                tags: null,
              },
            },
            {
              address: 'aws_kms_key_policy.main',
              mode: 'managed',
              type: 'aws_kms_key_policy',
              name: 'main',
              values: { key_id: '0f0f0f0f-aaaa-bbbb-cccc-121212121212', policy: keyPolicy },
            },
            { address: 'aws_kms_alias.main', mode: 'managed', type: 'aws_kms_alias', name: 'main', values: { name: 'alias/main', target_key_id: arn } },
          ],
        },
      },
    };
    const key = await loadTerraformPlanKey(state, undefined, { source: 'state' });
    expect(key.source).toBe('state#aws_kms_key_policy.main');
    expect(key.key).toEqual({
      arn,
      keySpec: 'HMAC_256',
      keyUsage: 'GENERATE_VERIFY_MAC',
      origin: 'AWS_KMS',
      multiRegion: false,
      tags: {},
      aliases: ['alias/main'],
    });
    expect(decide(key, { principal: 'arn:aws:iam::210987654321:role/reader', action: 'kms:Decrypt' })).toBe('Allow');
  });

  it('attaches aws_kms_grant to the key its key_id designates, and checks it', async () => {
    const arn = 'arn:aws:kms:eu-west-1:210987654321:key/0f0f0f0f-aaaa-bbbb-cccc-343434343434';
    const reader = 'arn:aws:iam::210987654321:role/reader';
    const resource = (type: string, name: string, values: Record<string, unknown>) => ({ address: `${type}.${name}`, mode: 'managed', type, name, values });
    const state = (grantValues: Record<string, unknown>) => ({
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            resource('aws_kms_key', 'main', {
              arn,
              key_id: '0f0f0f0f-aaaa-bbbb-cccc-343434343434',
              policy: JSON.stringify({
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'kms:*', Resource: '*' }],
              }),
            }),
            resource('aws_kms_grant', 'reader', { key_id: '0f0f0f0f-aaaa-bbbb-cccc-343434343434', ...grantValues }),
          ],
        },
      },
    });
    const key = await loadTerraformPlanKey(
      state({
        grantee_principal: reader,
        operations: ['Decrypt', 'Sign'],
        name: 'reader',
        constraints: [{ encryption_context_equals: null, encryption_context_subset: { Department: 'IT' } }],
      }),
      undefined,
      { source: 'state' },
    );
    expect(key.grants).toEqual([
      { granteePrincipal: reader, operations: ['Decrypt', 'Sign'], name: 'reader', constraints: { encryptionContextSubset: { Department: 'IT' } } },
    ]);
    // Sign on a symmetric key: CreateGrant would refuse it.
    expect(key.grantDiagnostics).toEqual([expect.objectContaining({ code: 'grant-operation-unsupported', path: '$.grants[0].operations[1]' })]);
    const evaluator = createEvaluator(key);
    expect(evaluator.evaluate({ principal: reader, action: 'kms:Decrypt', context: { 'kms:EncryptionContext:Department': 'IT' } }).decision).toBe('Allow');
    expect(evaluator.evaluate({ principal: reader, action: 'kms:Decrypt' }).decision).toBe('ImplicitDeny');

    const bad = await loadError(loadTerraformPlanKey(state({ grantee_principal: reader, operations: 'Decrypt' }), undefined, { source: 'state' }));
    expect(bad.message).toContain('aws_kms_grant needs a string grantee_principal and a list of operations');
  });

  it('refuses what is not `terraform show -json` output', async () => {
    const raw = await loadError(loadTerraformPlanKeys({ version: 4, lineage: 'x', resources: [] }));
    expect(raw.message).toBe('plan: this is a raw state file; give kmsim the output of `terraform show -json` instead');
    const other = await loadError(loadTerraformPlanKeys(fixture('key-policy.json')));
    expect(other.reason).toBe('format');
  });
});
