/**
 * The packages as a user installs them: every workspace package packed with `pnpm pack` (which
 * turns `workspace:*` into versions and applies `publishConfig`), the tarballs installed with npm
 * into a project outside this repository (in the OS temp folder), and there `npx kmsim --version`,
 * `npx kmsim matrix policy.json` and a vitest file using `@kmsim/testkit` and `@kmsim/testkit/vitest`.
 * vitest and the packages' third-party dependencies come from the npm registry (`--prefer-offline`:
 * the npm cache first). Needs `pnpm build` first, as `pnpm test` does.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = ['core', 'simulator', 'loaders', 'testkit', 'tui'] as const;
/** Installing from the registry takes a while on a busy machine: above the project's timeout. */
const INSTALL_TIMEOUT_MS = 600_000;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment without what pnpm and vitest set for this run (a user's shell has none of it). */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|pnpm_|VITEST|TEST$|NODE_OPTIONS$|NODE_ENV$)/iu.test(k)) env[k] = v;
  return env;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd, env: userEnv(), maxBuffer: 64 * 1024 * 1024, timeout: INSTALL_TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr: stderr || (error && !stderr ? error.message : '') });
    });
  });
}

const manifest = (dir: string): { name: string; version: string } => JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8'));
const vitestVersion = (): string => JSON.parse(readFileSync(join(ROOT, 'node_modules/vitest/package.json'), 'utf8')).version as string;

const TEST_FILE = `import { expect, test } from 'vitest';
import '@kmsim/testkit/vitest';
import { anyOutsideAccount, assertNeverAllowed, expectCanDecrypt, expectCannotDecrypt, loadKeyPolicy } from '@kmsim/testkit';

const APP = 'arn:aws:iam::111122223333:role/App';
const VIA_S3 = { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'aws:SecureTransport': true };

test('the key policy as a user tests it', async () => {
  const key = await loadKeyPolicy('policy.json');
  expectCanDecrypt(key, APP, { context: VIA_S3 });
  expectCannotDecrypt(key, APP);
  expect(key).toAllow(APP, 'kms:Decrypt', VIA_S3);
  expect(key).not.toAllow('arn:aws:iam::999988887777:root', 'kms:Decrypt', VIA_S3);
  assertNeverAllowed(key, { principal: anyOutsideAccount('111122223333'), action: 'kms:Encrypt' });
});
`;

describe('packed and installed outside the workspace', () => {
  let dir = '';
  let project = '';
  let install: Run | undefined;

  beforeAll(async () => {
    for (const p of PACKAGES) {
      if (!existsSync(join(ROOT, 'packages', p, 'dist'))) throw new Error(`packages/${p}/dist is missing: run \`pnpm build\` first`);
    }
    dir = mkdtempSync(join(tmpdir(), 'kmsim-pack-'));
    const tarballs = join(dir, 'tarballs');
    project = join(dir, 'project');
    mkdirSync(tarballs);
    mkdirSync(project);
    for (const p of PACKAGES) {
      const packed = await run('pnpm', ['pack', '--pack-destination', tarballs], join(ROOT, 'packages', p));
      if (packed.code !== 0) throw new Error(`pnpm pack in packages/${p} failed: ${packed.stderr}`);
    }
    const files = readdirSync(tarballs);
    const tarballOf = (p: string): string => {
      const { name, version } = manifest(p);
      const file = `${name.replace(/^@/u, '').replace('/', '-')}-${version}.tgz`;
      if (!files.includes(file)) throw new Error(`pnpm pack made no ${file} (made: ${files.join(', ')})`);
      return `file:${join(tarballs, file)}`;
    };
    const deps = Object.fromEntries(PACKAGES.map((p) => [manifest(p).name, tarballOf(p)]));
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify(
        {
          name: 'kmsim-user-project',
          private: true,
          type: 'module',
          devDependencies: { ...deps, vitest: vitestVersion() },
          // The packages' dependencies on each other resolve to the tarballs, never to the registry.
          overrides: deps,
        },
        null,
        2,
      )}\n`,
    );
    copyFileSync(join(ROOT, 'examples/policies/app-key.json'), join(project, 'policy.json'));
    writeFileSync(join(project, 'key.test.js'), TEST_FILE);
    install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project);
  }, INSTALL_TIMEOUT_MS);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('npm installs the tarballs', () => {
    expect(install?.stderr ?? 'not run').not.toMatch(/ERR!/u);
    expect(install?.code).toBe(0);
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/kmsim/package.json'), 'utf8'));
    // As published: no workspace protocol, no export condition into the unshipped src/.
    expect(JSON.stringify(installed)).not.toMatch(/workspace:|"source"|\.\/src\//u);
    expect(installed.engines).toEqual({ node: '>=20.19' });
    for (const p of PACKAGES) expect(existsSync(join(project, 'node_modules', manifest(p).name, 'LICENSE')), `${manifest(p).name}/LICENSE`).toBe(true);
  });

  it('npx kmsim --version prints the version', async () => {
    const r = await run('npx', ['--no-install', 'kmsim', '--version'], project);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(manifest('tui').version);
    expect(r.code).toBe(0);
  });

  it('npx kmsim matrix prints the matrix of a policy file', async () => {
    const r = await run('npx', ['--no-install', 'kmsim', 'matrix', 'policy.json', '--format', 'csv'], project);
    expect(r.code).toBe(0);
    // The App role decrypts only through S3: a conditional cell.
    expect(r.stdout).toMatch(/^arn:aws:iam::111122223333:role\/App,role\/App,kms:Decrypt,crypto,Conditional,/mu);
    expect(r.stdout.split('\n')[0]).toMatch(/^principal/u);
  });

  it("the explorer's modules load with what npm installed (Ink bundled in, React and Yoga installed)", async () => {
    // The explorer needs a terminal; what could differ from the workspace is only what its modules resolve.
    const script = `
      import { readdirSync } from 'node:fs';
      const dir = './node_modules/kmsim/dist/bundle/esm/chunks/';
      const app = readdirSync(dir).find((f) => f.startsWith('App-'));
      const loaded = await import(dir + app);
      const cli = await import('./node_modules/kmsim/dist/bundle/esm/cli.js');
      console.log(Object.values(loaded).filter((v) => typeof v === 'function').length > 0, typeof cli.main);
    `;
    const r = await run(process.execPath, ['--input-type=module', '-e', script], project);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('true function');
    expect(r.code).toBe(0);
  });

  it('a vitest file using @kmsim/testkit and @kmsim/testkit/vitest passes', async () => {
    const r = await run('npx', ['--no-install', 'vitest', 'run', '--reporter=verbose'], project);
    expect(`${r.stdout}\n${r.stderr}`).toMatch(/the key policy as a user tests it/u);
    expect(r.stdout).toMatch(/1 passed/u);
    expect(r.code).toBe(0);
  });
});
