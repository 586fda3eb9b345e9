/**
 * YAML CloudFormation templates: the short forms (`!Ref`, `!Sub`, `!GetAtt` …) become the long
 * forms the resolver handles, so a YAML template loads to exactly what its JSON twin loads to.
 * cfn-template.yaml and cfn-template.json are the same template in the two formats.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYamlTemplate } from '../src/cloudformation/yaml-template.js';
import { LoadError, loadCloudFormationKey, loadCloudFormationKeys, type CloudFormationOptions, type LoadedKey } from '../src/index.js';
import { decide, fixture, loadError, principals, syncLoadError } from './loader-helpers.js';

const yamlFile = fixture('cfn-template.yaml');
const jsonFile = fixture('cfn-template.json');

/** The keys with `source` made independent of the file, so a YAML load and a JSON load compare. */
function withoutFile(keys: Record<string, LoadedKey>, file: string): Record<string, LoadedKey> {
  return Object.fromEntries(Object.entries(keys).map(([id, k]) => [id, { ...k, source: k.source.replace(file, '<template>') }]));
}

describe('YAML CloudFormation templates', () => {
  it('parse to the same template as the JSON twin, short forms turned into long forms', async () => {
    const yaml = parseYamlTemplate(await readFile(yamlFile, 'utf8'), yamlFile);
    expect(yaml).toEqual(JSON.parse(await readFile(jsonFile, 'utf8')));
  });

  it.each<[string, CloudFormationOptions]>([
    ['the defaults', {}],
    ['prod in us-east-1', { parameters: { Environment: 'prod' } }],
    [
      'prod in China with an admin role',
      { accountId: '999988887777', region: 'cn-north-1', stackName: 'payments', parameters: { Environment: 'prod', AdminRoleName: 'Admins' } },
    ],
    ['dev in eu-west-1', { region: 'eu-west-1', parameters: { Environment: 'dev', AuditAccounts: '123456789012' } }],
  ])('load to the same keys as the JSON twin with %s', async (_, options) => {
    const fromYaml = await loadCloudFormationKeys(yamlFile, options);
    const fromJson = await loadCloudFormationKeys(jsonFile, options);
    expect(Object.keys(fromYaml).length).toBeGreaterThan(0);
    expect(withoutFile(fromYaml, yamlFile)).toEqual(withoutFile(fromJson, jsonFile));
  });

  it('resolves !Sub, !Join, !Ref, both !GetAtt forms, !FindInMap, !If and a parameter', async () => {
    const keys = await loadCloudFormationKeys(yamlFile, { parameters: { Environment: 'prod', AdminRoleName: 'Admins' } });
    expect(Object.keys(keys)).toEqual(['AppKey']); // ScratchKey's IsNotProd (!Not [!Condition IsProd]) is false
    const app = keys['AppKey'] as LoadedKey;
    expect(app.source).toBe(`${yamlFile}#AppKey`);
    expect(principals(app)).toEqual([
      { AWS: 'arn:aws:iam::111122223333:root' }, // !Sub
      { AWS: 'arn:aws:iam::111122223333:role/Admins' }, // !Join of !Ref, with the parameter given
      { AWS: ['arn:aws:iam::111122223333:role/apps/app-prod', 'arn:aws:iam::111122223333:user/ops/Operator'] }, // !GetAtt A.B, !GetAtt [A, B]
      { AWS: 'arn:aws:iam::012345678901:root' }, // !Sub [text, vars] with !FindInMap; the unquoted 012345678901 keeps its 0
      { AWS: ['444455556666', '777788889999'] }, // !If IsProd, !Split of !Join of a CommaDelimitedList
    ]);
    expect((app.keyPolicy.Statement as { Condition?: unknown }[])[2]?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:EncryptionContext:owner': '${aws:username}' },
    });
    expect(app.key).toEqual({
      arn: 'arn:aws:kms:us-east-1:111122223333:key/AppKey',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      multiRegion: false,
      tags: { env: 'prod', stack: 'kmsim-stack', encoded: 'a21zaW0=', scope: 'prod-us-east-1' },
      aliases: ['alias/app-prod'],
    });
    expect(app.diagnostics).toEqual([]);
    const operator = 'arn:aws:iam::111122223333:user/ops/Operator';
    const context = (via: string, owner: string) => ({ 'kms:ViaService': via, 'aws:username': 'Operator', 'kms:EncryptionContext:owner': owner });
    expect(decide(app, { principal: operator, action: 'kms:Decrypt', context: context('s3.us-east-1.amazonaws.com', 'Operator') })).toBe('Allow');
    expect(decide(app, { principal: operator, action: 'kms:Decrypt', context: context('ec2.us-east-1.amazonaws.com', 'Operator') })).toBe('ImplicitDeny');
    expect(decide(app, { principal: operator, action: 'kms:Decrypt', context: context('s3.us-east-1.amazonaws.com', 'someone-else') })).toBe('ImplicitDeny');

    const dev = await loadCloudFormationKeys(yamlFile);
    expect(Object.keys(dev)).toEqual(['AppKey', 'ScratchKey']);
    expect(principals(dev['AppKey'])).toHaveLength(4); // the auditors' statement is AWS::NoValue
    expect(dev['AppKey']?.key?.tags?.['scope']).toBe('other');
  });

  it.each<[string, unknown]>([
    ['!Ref Stage', { Ref: 'Stage' }],
    ["!Ref 'AWS::Region'", { Ref: 'AWS::Region' }],
    ['!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }],
    ["!Sub ['a-${X}', {X: !Ref Y}]", { 'Fn::Sub': ['a-${X}', { X: { Ref: 'Y' } }] }],
    ["!Join [':', [a, !Ref B]]", { 'Fn::Join': [':', ['a', { Ref: 'B' }]] }],
    ["!Select [1, !Split [',', 'a,b']]", { 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b'] }] }],
    ['!If [IsProd, a, !Ref AWS::NoValue]', { 'Fn::If': ['IsProd', 'a', { Ref: 'AWS::NoValue' }] }],
    ['!Equals [!Ref Env, prod]', { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }],
    ['!And [!Condition A, !Condition B]', { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Or [!Condition A, !Not [!Condition B]]', { 'Fn::Or': [{ Condition: 'A' }, { 'Fn::Not': [{ Condition: 'B' }] }] }],
    ['!FindInMap [Map, !Ref AWS::Region, Id]', { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Id'] }],
    ['!Base64 text', { 'Fn::Base64': 'text' }],
    ['!Cidr [!GetAtt Vpc.CidrBlock, 6, 8]', { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 6, 8] }],
    ["!GetAZs ''", { 'Fn::GetAZs': '' }],
    ['!ImportValue shared-RoleArn', { 'Fn::ImportValue': 'shared-RoleArn' }],
    ['!Condition IsProd', { Condition: 'IsProd' }],
    ['!GetAtt Role.Arn', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!GetAtt Stack.Outputs.RoleArn', { 'Fn::GetAtt': ['Stack', 'Outputs.RoleArn'] }], // split on the first dot
    ['!GetAtt [Role, Arn]', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!GetAtt [Role, !Ref Attribute]', { 'Fn::GetAtt': ['Role', { Ref: 'Attribute' }] }],
  ])('turns %s into its long form', (yaml, long) => {
    expect(parseYamlTemplate(`Value: ${yaml}\n`, 'inline')).toEqual({ Value: long });
  });

  it('turns block sequences and block scalars into long forms too', () => {
    const text = [
      'Arn: !Sub |-',
      '  arn:${AWS::Partition}:iam::${AWS::AccountId}:root',
      'Joined: !Join',
      '  - ","',
      '  - - !GetAtt',
      '      - Role',
      '      - Arn',
      '',
    ].join('\n');
    const arn = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' };
    expect(parseYamlTemplate(text, 'inline')).toEqual({ Arn: arn, Joined: { 'Fn::Join': [',', [{ 'Fn::GetAtt': ['Role', 'Arn'] }]] } });
  });

  // CloudFormation: "Template error: YAML aliases are not allowed in CloudFormation templates".
  it.each([
    ['an anchor on a short form', 'Arn: &arn !Sub "x"\nOther: 1\n', 1, 6, 'YAML anchor &arn'],
    ['an anchor on a mapping', 'A: 1\nB: &base\n  x: 1\n', 2, 4, 'YAML anchor &base'],
    ['an alias', 'A: 1\nB:\n  - *nowhere\n', 3, 5, 'YAML alias *nowhere'],
    ['a merge key', 'A: 1\nB:\n  <<: { Effect: Allow }\n  Sid: x\n', 3, 3, 'YAML merge key <<'],
  ])('refuses %s with its line, as CloudFormation does', (_, text, line, column, what) => {
    const error = syncLoadError(() => parseYamlTemplate(text, 'inline.yaml'));
    expect(error.reason).toBe('format');
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toBe(
      `inline.yaml: ${what} (line ${line}, column ${column}): CloudFormation does not allow YAML anchors, aliases or merge keys in a template; write the value out where it is used`,
    );
  });

  it('keeps a quoted "<<" key, which is not a merge key', () => {
    expect(parseYamlTemplate('A:\n  "<<": 1\n', 'inline')).toEqual({ A: { '<<': 1 } });
  });

  it('keeps YAML 1.2 values as CloudFormation reads them', () => {
    expect(parseYamlTemplate("Version: 2012-10-17\nAccount: 012345678901\nQuoted: '012345670123'\nStr: !!str 0123\nAge: 3600\nBool: true\n", 'inline')).toEqual(
      {
        Version: '2012-10-17',
        Account: '012345678901',
        Quoted: '012345670123',
        Str: '0123',
        Age: 3600,
        Bool: true,
      },
    );
  });

  it('refuses an unquoted leading-zero number that CloudFormation would read as octal', () => {
    const error = syncLoadError(() => parseYamlTemplate('Mappings:\n  Accounts:\n    prod: 012345670123\n', 'inline.yaml'));
    expect(error.reason).toBe('format');
    expect([error.line, error.column]).toEqual([3, 11]);
    expect(error.message).toBe(
      'inline.yaml: 012345670123 is ambiguous (line 3, column 11): CloudFormation reads YAML 1.1, where it is the octal number 1402433619; quote it ("012345670123") if it is an account id or another string',
    );
  });

  it('reports a YAML syntax error with the file, line and column', async () => {
    const file = fixture('cfn-invalid.yaml');
    const error = await loadError(loadCloudFormationKeys(file));
    expect(error).toBeInstanceOf(LoadError);
    expect(error.code).toBe('load-failed');
    expect(error.reason).toBe('format');
    expect(error.source).toBe(file);
    expect([error.line, error.column]).toEqual([11, 14]);
    expect(error.message).toBe(`${file}: not valid YAML (line 11, column 14): All mapping items must start at the same column`);
  });

  it('reports an unknown tag with its name, line and column', async () => {
    const file = fixture('cfn-unknown-tag.yaml');
    const error = await loadError(loadCloudFormationKeys(file));
    expect(error.reason).toBe('format');
    expect([error.line, error.column]).toEqual([14, 20]);
    expect(error.message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&')}: unknown tag !GetAttribute \\(line 14, column 20\\): the CloudFormation short forms are !Ref, !Condition, !GetAtt, !Sub, `,
        'u',
      ),
    );
    expect(error.message).toContain('write any other function in its long form ("Fn::Name": …)');
  });

  describe('small templates', () => {
    let dir = '';
    const write = async (name: string, text: string): Promise<string> => {
      const file = join(dir, name);
      await writeFile(file, text, 'utf8');
      return file;
    };
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'kmsim-yaml-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const keyWith = (principal: string): string =>
      [
        'Resources:',
        '  Key:',
        '    Type: AWS::KMS::Key',
        '    Properties:',
        '      KeyPolicy:',
        '        Version: 2012-10-17',
        '        Statement:',
        '          - Effect: Allow',
        `            Principal: { AWS: ${principal} }`,
        '            Action: kms:Decrypt',
        "            Resource: '*'",
        '',
      ].join('\n');

    it('names the logical id and JSON path of what the resolver cannot resolve, as for JSON', async () => {
      const file = await write('import.yaml', keyWith('[!ImportValue shared-RoleArn]'));
      const error = await loadError(loadCloudFormationKeys(file));
      expect(error.reason).toBe('unresolvable');
      expect(error.message).toBe(
        `${file}: Key at $.Resources.Key.Properties.KeyPolicy.Statement[0].Principal.AWS[0]: ` +
          'Fn::ImportValue cannot be resolved from the template: it reads an output exported by another stack, which the template does not contain',
      );
      const bad = await loadError(loadCloudFormationKeys(await write('getatt.yaml', keyWith('!GetAtt NoDot'))));
      expect(bad.message).toContain('Fn::GetAtt takes [LogicalId, Attribute] or "LogicalId.Attribute"');
    });

    it('reads a YAML file whatever its name, and JSON whenever the text starts with "{"', async () => {
      const yamlInTemplateFile = await write('template.txt', `# a comment first\n${keyWith('!Sub "arn:aws:iam::${AWS::AccountId}:root"')}`);
      expect(principals(await loadCloudFormationKey(yamlInTemplateFile, undefined, { accountId: '123456789012' }))).toEqual([
        { AWS: 'arn:aws:iam::123456789012:root' },
      ]);
      const jsonInYamlFile = await write('template.yaml', '\n  {"Resources": {"Key": {"Type": "AWS::KMS::Key"}},}');
      const error = await loadError(loadCloudFormationKeys(jsonInYamlFile));
      expect(error.reason).toBe('json');
      expect(error.message).toContain('template.yaml: not valid JSON (line 2, column 51): trailing comma before "}"');
    });

    it('refuses a YAML document that is not a mapping', async () => {
      const list = await loadError(loadCloudFormationKeys(await write('list.yaml', '- Resources\n')));
      expect(list.message).toBe(`${join(dir, 'list.yaml')}: a CloudFormation template must be a YAML mapping`);
      const empty = await loadError(loadCloudFormationKeys(await write('empty.yaml', '# nothing\n')));
      expect(empty.message).toBe(`${join(dir, 'empty.yaml')}: a CloudFormation template must be a YAML mapping`);
    });

    it('refuses duplicate keys, several documents and aliases (a billion laughs never expands)', async () => {
      const duplicate = await loadError(loadCloudFormationKeys(await write('dup.yaml', 'Resources: {}\nResources: {}\n')));
      expect(duplicate.message).toContain('not valid YAML (line 2, column 1): Map keys must be unique');
      const documents = await loadError(loadCloudFormationKeys(await write('docs.yaml', 'Resources: {}\n---\nResources: {}\n')));
      expect(documents.message).toContain('not valid YAML (line 2, column 1)');
      const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 8; i++)
        laughs.push(
          `${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10)
            .fill(`*${'abcdefgh'[i - 1]}`)
            .join(', ')}]`,
        );
      const bomb = await loadError(loadCloudFormationKeys(await write('bomb.yaml', `${laughs.join('\n')}\nResources: {}\n`)));
      expect(bomb.reason).toBe('format');
      expect(bomb.message).toContain('YAML anchor &a (line 1, column 4)');
    });
  });
});
