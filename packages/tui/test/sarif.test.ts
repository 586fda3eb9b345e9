/**
 * `check --format sarif` as code scanning reads it: valid against the SARIF 2.1.0 JSON schema,
 * a region on every location, artifact URIs relative to the working directory (or --sarif-base).
 *
 * fixtures/sarif-schema-2.1.0.json is OASIS's SARIF 2.1.0 schema (draft-07,
 * $id …/sarif-spec/master/Schemata/sarif-schema-2.1.0.json), as the npm package
 * @datadog/datadog-ci 2.41.0 ships it (dist/commands/sarif/json-schema/sarif-schema-2.1.0.json).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { toSarif } from '../src/format/sarif.js';
import { runCli } from './run-cli.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const schema = JSON.parse(readFileSync(here('./fixtures/sarif-schema-2.1.0.json'), 'utf8')) as object;
// ajv-formats is CommonJS: its function is the module itself or its `default`, depending on the loader.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validate = ajv.compile(schema);

/** The log, after checking it against the schema (the errors in the failure message). */
function valid(text: string): Log {
  const log = JSON.parse(text) as Log;
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
  return log;
}

const results = (log: Log) => log.runs[0]?.results ?? [];
const uris = (log: Log) => results(log).flatMap((r) => (r.locations ?? []).map((l) => l.physicalLocation?.artifactLocation));

const publicPolicy = here('./fixtures/public.json');
const template = here('../../loaders/test/fixtures/cfn-template.yaml');
const plan = here('../../loaders/test/fixtures/tf-plan.json');

describe('check --format sarif', () => {
  it('has a validator that refuses what the schema refuses', () => {
    const bad = { version: '2.1.0', runs: [{ tool: { driver: { name: 'kmsim' } }, results: [{ message: { text: 'x' }, level: 'fatal' }] }] };
    expect(validate(bad)).toBe(false);
    expect(validate({ ...bad, runs: [{ ...bad.runs[0], results: [{ message: { text: 'x' }, level: 'error' }] }] })).toBe(true);
  });

  it.each<[string, string[]]>([
    ['a key policy', [publicPolicy]],
    ['a scenario file', [here('./fixtures/scenario.json'), '--fail-on', 'info']],
    ['a YAML template', [template, '--resource', 'AppKey', '--fail-on', 'info']],
    ['a Terraform plan (no lines inside the policy string)', [plan, '--resource', 'aws_kms_key.logs', '--fail-on', 'info']],
    ['a policy with every kind of finding', [here('./fixtures/console-default.json'), '--fail-on', 'info']],
  ])('validates against the SARIF 2.1.0 schema for %s, every location with a region', async (_, args) => {
    const run = await runCli('check', ...args, '--format', 'sarif');
    expect(run.code).not.toBe(2);
    const log = valid(run.stdout);
    for (const r of results(log)) {
      expect(r.locations?.length).toBeGreaterThan(0);
      for (const l of r.locations ?? []) expect(l.physicalLocation?.region?.startLine).toBeGreaterThanOrEqual(1);
    }
  });

  it('locates a statement of a YAML template at its line', async () => {
    const log = valid((await runCli('check', template, '--resource', 'AppKey', '--fail-on', 'info', '--format', 'sarif')).stdout);
    const partner = results(log).find((r) => r.ruleId === 'cross-account-access');
    expect(partner?.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBe('$.Statement[3]');
    expect(partner?.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 92 }); // `- Sid: Partner`
  });

  it('names files relative to the working directory, with %SRCROOT% as their base', async () => {
    const log = valid((await runCli('check', publicPolicy, '--format', 'sarif')).stdout);
    const expected = relative(process.cwd(), publicPolicy).split(/[\\/]/u).join('/');
    expect(new Set(uris(log).map((u) => JSON.stringify(u)))).toEqual(new Set([JSON.stringify({ uri: expected, uriBaseId: '%SRCROOT%' })]));
    expect(log.runs[0]?.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(process.cwd()).href}/` } });
  });

  it('names files relative to --sarif-base, and a file outside it by its file: URI', async () => {
    const base = here('./fixtures');
    const inside = valid((await runCli('check', publicPolicy, '--format', 'sarif', '--sarif-base', base)).stdout);
    expect(uris(inside)[0]).toEqual({ uri: 'public.json', uriBaseId: '%SRCROOT%' });
    expect(inside.runs[0]?.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(`${pathToFileURL(base).href}/`);

    const dir = mkdtempSync(join(tmpdir(), 'kmsim sarif #'));
    const outside = join(dir, 'policy #1.json');
    writeFileSync(outside, readFileSync(publicPolicy));
    const log = valid((await runCli('check', outside, '--format', 'sarif', '--sarif-base', base)).stdout);
    expect(uris(log)[0]).toEqual({ uri: pathToFileURL(outside).href });
    expect(log.runs[0]?.originalUriBaseIds).toBeUndefined();
    const inDir = valid((await runCli('check', outside, '--format', 'sarif', '--sarif-base', dir)).stdout);
    expect(uris(inDir)[0]).toEqual({ uri: 'policy%20%231.json', uriBaseId: '%SRCROOT%' });
  });

  it('a finding with no statement is at the key policy line, and a live key is named by its ARN', () => {
    const finding = { id: 'grant-unconstrained', severity: 'medium' as const, title: 'T', message: 'M', statements: [], fix: 'F' };
    const log = toSarif([finding], { file: 'arn:aws:kms:us-east-1:111122223333:key/k', isFile: false, toolVersion: '1.0.0', locate: () => 4 });
    expect(validate(log)).toBe(true);
    expect(results(log)[0]?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'arn:aws:kms:us-east-1:111122223333:key/k' },
      region: { startLine: 4 },
    });
  });
});
