/** The README's example runs as written (against the built package) and prints what the README says. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repo = join(packageDir, '..', '..');
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const example = /```js\n(\/\/ check-app-key\.mjs[\s\S]*?)```/u.exec(readme)?.[1];
// Inside the package, so that `@kmsim/loaders` and `@kmsim/core` resolve as they would for a user.
const script = join(packageDir, `readme-example-${process.pid}.tmp.mjs`);
const tmp = mkdtempSync(join(tmpdir(), 'kmsim-loaders-readme-'));
beforeAll(() => writeFileSync(script, example ?? ''));
afterAll(() => {
  rmSync(script, { force: true });
  rmSync(tmp, { recursive: true, force: true });
});

async function runExample(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, file], { cwd: repo });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('README example', () => {
  it('is in the README', () => {
    expect(example).toContain("from '@kmsim/loaders'");
  });

  it('prints the decision for a policy and a template', async () => {
    expect(await runExample('examples/policies/app-key.json')).toEqual({ code: 0, stdout: 'policy examples/policies/app-key.json: Allow\n', stderr: '' });
    const template = await runExample('examples/templates/AppStack.template.json');
    expect(template.stdout).toBe('cloudformation examples/templates/AppStack.template.json#AppKey5F8E2D71: Allow\n');
  });

  it('prints one line and exits 2 for a file with a syntax error', async () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"Statement": [1,]}');
    expect(await runExample(bad)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${bad}: not valid JSON (line 1, column 17): trailing comma before "]": JSON does not allow a comma after the last element\n`,
    });
  });
});
