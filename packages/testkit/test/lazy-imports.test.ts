/**
 * `import '@kmsim/testkit'` loads neither the AWS SDK nor the YAML parser: checked in a child process
 * (the package as built: `dist/index.js`, what its `exports` give a dependent; needs `pnpm build`)
 * whose module loads are recorded by a loader hook. The same process then reads a YAML template and a live key, and those modules appear:
 * the recording sees them when they load.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const YAML_TEMPLATE = fileURLToPath(new URL('../../loaders/test/fixtures/cfn-template.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kmsim-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import "@kmsim/testkit"', () => {
  it('loads neither @aws-sdk/client-kms nor yaml until a live key or a YAML template is read', () => {
    const log = join(dir, 'loaded.txt');
    const hooks = join(dir, 'hooks.mjs');
    const register = join(dir, 'register.mjs');
    const script = join(dir, 'script.mjs');
    writeFileSync(log, '');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(log)}, url + '\\n');\n  return next(url, context);\n}\n`,
    );
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    writeFileSync(
      script,
      [
        `import { appendFileSync } from 'node:fs';`,
        `const mark = (m) => appendFileSync(${JSON.stringify(log)}, m + '\\n');`,
        // What '@kmsim/testkit' resolves to (its `exports` default), as a dependent project imports it.
        `const testkit = await import(${JSON.stringify(pathToFileURL(join(PACKAGE, 'dist/index.js')).href)});`,
        `mark('--imported');`,
        `await testkit.loadKeyFile(${JSON.stringify(YAML_TEMPLATE)}, { resource: 'AppKey' });`,
        `mark('--yaml-read');`,
        `await testkit.loadLiveKey('alias/app', { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }).catch(() => {});`,
        `mark('--live-read');`,
      ].join('\n'),
    );
    execFileSync(process.execPath, ['--import', pathToFileURL(register).href, script], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const lines = readFileSync(log, 'utf8').split('\n');
    const phase = (from: string, to: string): string[] => lines.slice(lines.indexOf(from) + 1, lines.indexOf(to));
    const before = lines.slice(0, lines.indexOf('--imported'));
    const sdk = (urls: string[]) => urls.filter((u) => u.includes('/@aws-sdk/') || u.includes('/@smithy/'));
    const yaml = (urls: string[]) => urls.filter((u) => /\/node_modules\/yaml\//u.test(u));
    expect(lines).toContain('--imported');
    expect(before.some((u) => u.includes('/testkit/dist/index.js'))).toBe(true);
    expect(sdk(before)).toEqual([]);
    expect(yaml(before)).toEqual([]);
    expect(yaml(phase('--imported', '--yaml-read')).length).toBeGreaterThan(0);
    expect(sdk(phase('--imported', '--yaml-read'))).toEqual([]);
    expect(sdk(phase('--yaml-read', '--live-read')).length).toBeGreaterThan(0);
  });
});
