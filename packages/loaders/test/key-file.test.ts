/**
 * loadKeyFile: one FILE whatever it holds (what `kmsim` reads), the file reader's refusals, and the
 * one wording of a JSON syntax error — the same from every loader, and the same as core's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readScenarios, ScenarioError } from '@kmsim/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCloudFormationKeys, loadKeyFile, loadKeyPolicy, loadScenarioKey, loadTerraformPlanKeys, LoadError } from '../src/index.js';
import { decide, fixture, loadError, principals } from './loader-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kmsim-key-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
};

const ROOT = 'arn:aws:iam::111122223333:root';
const APP = 'arn:aws:iam::111122223333:role/App';
const policy = (principal: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:*', Resource: '*' }],
});

describe('loadKeyFile tells the formats apart by content', () => {
  it('a key policy: the document at $, diagnostics with line and column', async () => {
    const loaded = await loadKeyFile(fixture('key-policy.json'));
    expect(loaded).toMatchObject({ format: 'policy', policyPath: '$', source: fixture('key-policy.json') });
    expect(loaded.resource).toBeUndefined();
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ code: 'action-unknown', line: 24, column: 7 })]);
  });

  it('a scenario file: the first evaluation case, with where its key policy sits', async () => {
    const loaded = await loadKeyFile(fixture('scenario.json'));
    expect(loaded).toMatchObject({ format: 'scenario', resource: 'grant-lets-grant-role-decrypt', policyPath: '$[1].keyPolicy' });
    expect(loaded.grants?.length).toBeGreaterThan(0);
    expect(Object.keys(loaded.identityPolicies ?? {})).toEqual(['arn:aws:iam::111122223333:role/Reader']);
    expect(Object.keys(loaded.identityPolicyDiagnostics ?? {})).toEqual(['arn:aws:iam::111122223333:role/Reader']);
    const byId = await loadKeyFile(fixture('scenario.json'), { resource: 'validation-first' }).catch((e: unknown) => e);
    expect(byId).toBeInstanceOf(LoadError);
    expect((byId as LoadError).message).toContain('case "validation-first" is a validation case');
  });

  it('a bare key ({ "keyPolicy", "grants" } without a request) is a scenario of one key', async () => {
    const file = write('bare.json', { keyPolicy: policy(ROOT), grants: [{ granteePrincipal: APP, operations: ['Decrypt'] }] });
    const loaded = await loadKeyFile(file);
    expect(loaded).toMatchObject({ format: 'scenario', policyPath: '$.keyPolicy', source: file });
    expect(decide(loaded, { principal: APP, action: 'kms:Decrypt' })).toBe('Allow');
    expect(decide(loaded, { principal: APP, action: 'kms:Encrypt' })).toBe('ImplicitDeny');
  });

  it("keeps a scenario's service-principal grants and SourceArn constraints, with validateGrant's findings at their path", async () => {
    const table = 'arn:aws:dynamodb:us-west-2:111122223333:table/ExampleTable';
    const grants = [
      { granteePrincipal: 'dynamodb.amazonaws.com', retiringPrincipal: APP, operations: ['Decrypt'], constraints: { sourceArn: table } },
      { granteePrincipal: 'rds.amazonaws.com', operations: ['Decrypt', 'GenerateMac'] },
    ];
    const loaded = await loadKeyFile(write('service.json', { keyPolicy: policy(ROOT), grants }));
    expect(loaded.grants?.[0]).toEqual(grants[0]);
    expect(loaded.grantDiagnostics?.map((d) => `${d.code} ${d.path}`)).toEqual([
      'grant-operation-unsupported $.grants[1].operations[1]',
      'grant-service-grantee-source-arn $.grants[1].constraints',
      'grant-service-grantee-retiring-principal $.grants[1].retiringPrincipal',
    ]);
    const ask = (sourceArn: string): string =>
      decide(loaded, { principal: 'dynamodb.amazonaws.com', action: 'kms:Decrypt', context: { 'aws:SourceArn': sourceArn } });
    expect(ask(table)).toBe('Allow');
    expect(ask(`${table}2`)).toBe('ImplicitDeny');
  });

  it('a key policy given as JSON text in a scenario: a syntax error is located in that text', async () => {
    const file = write('text.json', { keyPolicy: '{"Statement": [}' });
    const error = await loadError(loadKeyFile(file));
    expect(error.line).toBeUndefined();
    expect(error.message).toBe(
      `${file} at $.keyPolicy: the key policy is not valid JSON (line 1, column 16 of the policy text): expected a value but found character "}" (U+007D)`,
    );
  });

  it('refuses a malformed grant, key or identity policy list with its JSON path', async () => {
    const grant = await loadError(loadKeyFile(write('grant.json', { keyPolicy: policy(ROOT), grants: [{ granteePrincipal: APP, operations: 'Decrypt' }] })));
    expect(grant.message).toMatch(/grant\.json at \$\.grants\[0\]: a grant needs a string "granteePrincipal" and a list of "operations"$/u);
    const key = await loadError(loadKeyFile(write('key.json', { keyPolicy: policy(ROOT), key: { arn: 7 } })));
    expect(key.message).toMatch(/key\.json at \$\.key: the key must be an object with a string "arn"$/u);
    const ip = await loadError(loadKeyFile(write('ip.json', { keyPolicy: policy(ROOT), identityPolicies: { [APP]: { Statement: [] } } })));
    expect(ip.message).toContain(`ip.json at $.identityPolicies["${APP}"]: must be a list of policies`);
    const unusable = await loadError(loadKeyFile(write('ip2.json', { keyPolicy: policy(ROOT), identityPolicies: { [APP]: [42] } })));
    expect(unusable.message).toContain(`ip2.json at $.identityPolicies["${APP}"][0]: the identity policy is not usable`);
  });

  it('a YAML template: the key named, its logical id and the path of its KeyPolicy', async () => {
    const loaded = await loadKeyFile(fixture('cfn-template.yaml'), { resource: 'AppKey' });
    expect(loaded).toMatchObject({ format: 'cloudformation', resource: 'AppKey', policyPath: '$.Resources.AppKey.Properties.KeyPolicy' });
    expect(loaded.key?.arn).toBe('arn:aws:kms:us-east-1:111122223333:key/AppKey');
  });

  it('a JSON template with several keys needs one named; the account and region are used', async () => {
    const two = fixture('cfn-two-keys.json');
    const ambiguous = await loadError(loadKeyFile(two));
    expect(ambiguous.reason).toBe('ambiguous');
    const logs = await loadKeyFile(two, { resource: 'LogsKey', accountId: '444455556666', region: 'eu-west-1' });
    expect(logs.key?.arn).toBe('arn:aws:kms:eu-west-1:444455556666:key/LogsKey');
  });

  it('a Terraform plan: the key at the address, even when an aws_kms_key_policy sets its policy', async () => {
    const loaded = await loadKeyFile(fixture('tf-plan.json'), { resource: 'module.kms.aws_kms_key.this' });
    expect(loaded).toMatchObject({ format: 'terraform', resource: 'module.kms.aws_kms_key.this', policyPath: '$' });
    expect(principals(loaded)).toEqual([{ AWS: ROOT }, { AWS: 'arn:aws:iam::111122223333:role/billing' }]);
  });

  it('refuses JSON that is none of them, naming what it expected', async () => {
    const other = await loadError(loadKeyFile(write('other.json', { hello: 'world' })));
    expect(other.reason).toBe('format');
    expect(other.message).toMatch(/^.*other\.json: neither a key policy .* nor Terraform JSON .*$/u);
    const scalar = await loadError(loadKeyFile(write('scalar.json', '"text"')));
    expect(scalar.message).toMatch(/scalar\.json: expected a key policy object, a scenario file, a template or a plan, not string$/u);
  });
});

describe('reading files', () => {
  it('names a missing file, a directory and an empty file in one line', async () => {
    const missing = await loadError(loadKeyFile(join(dir, 'nope.json')));
    expect([missing.reason, missing.message]).toEqual(['file', `${join(dir, 'nope.json')}: no such file`]);
    const directory = await loadError(loadKeyFile(dir));
    expect(directory.message).toBe(`${dir}: is a directory, not a file`);
    const empty = await loadError(loadKeyPolicy(write('empty.json', ' \n')));
    expect([empty.reason, empty.message]).toEqual(['file', `${join(dir, 'empty.json')}: is empty`]);
  });

  it('ignores a UTF-8 byte order mark before the document', async () => {
    const file = write('bom.json', `\uFEFF${JSON.stringify(policy(APP))}`);
    expect(principals(await loadKeyPolicy(file))).toEqual([{ AWS: APP }]);
    expect((await loadKeyFile(file)).format).toBe('policy');
  });
});

describe('one wording for a JSON syntax error', () => {
  const broken = '{\n  "Statement": [\n    { "Effect": "Allow", }\n  ]\n}\n';
  const file = write('broken.json', broken);
  const expected = `${file}: not valid JSON (line 3, column 24): trailing comma before "}": JSON does not allow a comma after the last property`;

  it.each([
    ['loadKeyPolicy', () => loadKeyPolicy(file)],
    ['loadScenarioKey', () => loadScenarioKey(file)],
    ['loadCloudFormationKeys', () => loadCloudFormationKeys(file)],
    ['loadTerraformPlanKeys', () => loadTerraformPlanKeys(file)],
    ['loadKeyFile', () => loadKeyFile(file)],
  ])('%s', async (_name, load) => {
    const error = await loadError(load());
    expect([error.reason, error.line, error.column, error.message]).toEqual(['json', 3, 24, expected]);
  });

  it('says where as core does (readScenarios), with the same explanation', () => {
    let coreMessage = '';
    try {
      readScenarios(broken, file);
    } catch (e) {
      if (e instanceof ScenarioError) coreMessage = e.message;
    }
    const where = `${file}: not valid JSON (line 3, column 24): `;
    expect(expected.startsWith(where)).toBe(true);
    expect(coreMessage.startsWith(where)).toBe(true);
    expect(coreMessage.slice(where.length)).toBe(expected.slice(where.length));
  });
});
