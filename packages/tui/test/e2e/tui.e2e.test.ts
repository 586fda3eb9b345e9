/**
 * End to end: the built explorer in a real terminal (tmux), driven with send-keys and read with
 * capture-pane. Needs `pnpm build` first (the root `pnpm test` builds before running vitest) and
 * tmux; without tmux these tests are skipped, saying why.
 *
 * Until `kmsim FILE` is wired to the explorer in cli.ts, the entry point is dist/kmsim.cjs (the bundled command).
 */
import { existsSync } from 'node:fs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { motoAvailability, startMoto, type Moto } from '@kmsim/loaders/moto';
import {
  BIN,
  endServer,
  endSession,
  exited,
  fixture,
  flat,
  hasTmux,
  keys,
  quit,
  showing,
  start,
  status,
  stderrText,
  tmux,
  SESSION,
  type,
  until,
} from './tmux.js';

describe.skipIf(!hasTmux)('the explorer in tmux', () => {
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` (or \`pnpm --filter kmsim build\`) before the end-to-end tests`);
  });
  afterEach(endSession);

  it('at 80×24: matrix, moving, explanation, context, filter; q exits 0 and clears the screen', async () => {
    start([fixture('console-default.json')], 80, 24);
    let s = await until(showing('✓ allow'), 'the matrix');
    const lines = s.split('\n');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    expect(lines.filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(23);
    expect(s).toContain('kmsim  console-default.json  rows 1–6/6  cols 1–17/33');
    expect(s).toMatch(/admin ─+/);
    expect(s).toContain('CnDel');
    for (const row of ['›role/KMSAdmin', ' role/App', ' root', ' any principal (no IAM)', ' any principal (IAM kms:*)', ' outsider']) expect(s).toContain(row);
    expect(s).toMatch(/›role\/KMSAdmin +\[✓\] · {2}· {2}✓/);
    expect(s).toContain('✓ allow  ✗ explicit deny  · implicit deny  ? conditional');
    expect(status(s)).toEqual({
      principal: 'role/KMSAdmin  arn:aws:iam::111122223333:role/KMSAdmin, with no identity policy',
      cell: 'kms:CancelKeyDeletion: Allow',
    });

    // role/App × kms:CreateGrant: the last column is RevokeGrant, three to its left.
    keys('Down', 'End', 'Left', 'Left', 'Left');
    s = await until(showing('kms:CreateGrant:'), 'the focus on CreateGrant');
    expect(status(s).principal).toBe('role/App  arn:aws:iam::111122223333:role/App, with no identity policy');
    expect(s).toMatch(/crypto ─+ {2}grants ─+/);
    expect(s).toMatch(/›role\/App .*\[\?\]/);

    keys('Enter');
    s = await until(showing('role/App × kms:CreateGrant'), 'the explanation');
    expect(s).toContain('Term 1 of 2: implicit deny when kms:GrantIsForAWSResource is absent or false');
    keys('PageDown');
    s = await until(showing('Sid "Allow attachment of persistent resources"'), 'the deciding statement');
    expect(s).toContain('$.Statement[3]');
    keys('Escape');
    s = await until(showing('✓ allow'), 'the matrix again');

    keys('c', 'Down', 'Down', 'Enter', 'Escape');
    s = await until(showing('* differs from any'), 'the context applied');
    expect(s).toMatch(/›role\/App .*\[✓\*/);
    expect(status(s).cell).toMatch(/^kms:CreateGrant: allow under the context/);

    keys('/');
    type('App');
    keys('Enter');
    s = await until(showing('rows 1–1/1'), 'the filter');
    expect(s).not.toContain('role/KMSAdmin');

    s = await quit('0');
    expect(s).not.toContain('principal');
    expect(s).not.toContain('kmsim  console-default.json');
  });

  it('at 200×50 every column fits with its full name; findings; resizing lays out again', async () => {
    start([fixture('console-default.json')], 200, 50);
    let s = await until(showing('✓ allow'), 'the matrix');
    expect(s).toContain('cols 1–33/33');
    expect(s).toContain('GDKPn');
    expect(s).toMatch(/admin ─+ {2}crypto ─+ {2}grants ─+/);
    keys('f');
    s = await until(showing('Findings ('), 'the findings');
    expect(s).toMatch(/› (CRITICAL|HIGH|MEDIUM|LOW|INFO) /);
    expect(s).toContain('fix:');
    keys('Enter');
    s = await until(showing('✓ allow'), 'the matrix at the finding');
    expect(status(s).cell).toMatch(/^kms:CreateGrant: /);

    tmux('resize-window', '-t', SESSION, '-x', '80', '-y', '24');
    s = await until((x) => /cols \d+–\d+\/33/.test(x) && !x.includes('cols 1–33/33'), 'the 80×24 layout');
    expect(status(s).cell).toMatch(/^kms:CreateGrant: /);
    for (const l of s.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    tmux('resize-window', '-t', SESSION, '-x', '200', '-y', '50');
    await until(showing('cols 1–33/33'), 'the 200×50 layout again');
    await quit('0');
  });

  it('two files: the AFTER matrix with gained and lost cells marked', async () => {
    start([fixture('before.json'), fixture('after.json')], 80, 24);
    let s = await until(showing('✓ allow'), 'the diff matrix');
    expect(s).toContain('before.json → after.json');
    expect(s).toContain('+1 -1 ~0');
    keys('/');
    type('Decrypt');
    keys('Enter');
    s = await until(showing('filter "Decrypt"'), 'the Decrypt column');
    expect(s).toMatch(/ 444455556666 any principal +\+✓/);
    await quit('0');
  });

  it('a missing file: one message, no stack trace, exit 2 at once (nothing drawn, no key needed)', async () => {
    start([fixture('does-not-exist.json')], 80, 24);
    const s = await exited('2');
    expect(stderrText().replace(/\s+/g, '')).toMatch(/^kmsim:\S*does-not-exist\.json:nosuchfile$/);
    expect(s).not.toContain('q quits');
    expect(s).not.toMatch(/\n\s+at /);
  });
});

// After every describe of this file: the private tmux server and the work directory go.
afterAll(endServer);

const moto = motoAvailability();
if (!moto.available) console.warn(`skipping the live-key explorer test: ${moto.reason}`);

describe.skipIf(!hasTmux || !moto.available)('the explorer on a live key (moto_server on 127.0.0.1)', () => {
  let server: Moto | undefined;
  let keyId = '';
  const credentials = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };

  beforeAll(async () => {
    if (!moto.available) return;
    server = await startMoto(moto);
    const client = new KMSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'Live key users',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:role/LiveApp' },
          Action: ['kms:Decrypt', 'kms:Encrypt'],
          Resource: '*',
        },
      ],
    };
    const created = await client.send(new CreateKeyCommand({ Policy: JSON.stringify(policy), Description: 'kmsim e2e' }));
    keyId = created.KeyMetadata?.KeyId ?? '';
    client.destroy();
  });
  afterEach(endSession);
  afterAll(async () => {
    await server?.stop();
  });

  it('shows the policy of a key created there: its principals as rows, a statement in an explanation', async () => {
    expect(keyId).not.toBe('');
    start(['--key-id', keyId, '--endpoint', server?.endpoint ?? '', '--region', 'us-east-1'], 120, 30, credentials);
    let s = await until(showing('✓ allow'), 'the live matrix');
    expect(s).toContain('role/LiveApp');
    expect(s).toContain(keyId);
    // Focus role/LiveApp × Decrypt and open the explanation.
    const rows = s.split('\n');
    expect(rows.some((l) => l.includes('role/LiveApp'))).toBe(true);
    type('/LiveApp');
    keys('Enter');
    s = await until((x) => x.includes('filter "LiveApp"') && x.includes('role/LiveApp') && !x.includes('any principal (no IAM)'), 'the filtered row');
    type('/Decrypt');
    keys('Enter');
    s = await until(showing('kms:Decrypt: Allow'), 'the focus on LiveApp × Decrypt');
    keys('Enter');
    s = await until(showing('Live key users'), 'the explanation naming the statement');
    expect(flat(s)).toContain('Live key users');
    keys('Escape');
    await until(showing('✓ allow'), 'the matrix again');
    await quit('0');
  });
});
