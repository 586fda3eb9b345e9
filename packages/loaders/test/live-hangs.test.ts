/**
 * A live read cannot hang, whatever the endpoint does: a local server on 127.0.0.1 that never
 * answers, answers garbage, answers HTTP 500, or pages forever. Each ends as one LoadError line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadLiveKey, MAX_PAGES } from '../src/index.js';
import { startFakeKms, type FakeKms, type FakeKmsBehaviour } from '../src/moto.js';
import { loadError } from './loader-helpers.js';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
let server: FakeKms | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function read(behaviour: FakeKmsBehaviour, options: { timeoutMs?: number; maxAttempts?: number } = {}) {
  server = await startFakeKms(behaviour);
  return loadError(loadLiveKey('alias/app', { region: 'us-east-1', endpoint: server.endpoint, credentials, ...options }));
}

describe('live reads that cannot hang', () => {
  it('an endpoint that accepts and never answers: the deadline ends the read', async () => {
    const e = await read('silent', { timeoutMs: 1000 });
    expect(e.reason).toBe('unreachable');
    expect(e.message).toBe(
      `alias/app: the KMS endpoint ${server?.endpoint} did not finish answering within 1 s (during DescribeKey); kmsim gave up (raise it with --timeout; loadLiveKey: timeoutMs)`,
    );
  });

  it('garbage: one line, without the SDK pointer to its hidden $response field', async () => {
    const e = await read('garbage', { maxAttempts: 1 });
    expect(e.message).toMatch(/^alias\/app: DescribeKey failed at http:\/\/127\.0\.0\.1:\d+ \(HTTP 200\): SyntaxError: .*is not valid JSON$/u);
    expect(e.message).not.toMatch(/\$response|hidden field|\n/u);
  });

  it('HTTP 500: one line naming the call and the status', async () => {
    const e = await read('error-500', { maxAttempts: 1 });
    expect(e.message).toMatch(/^alias\/app: DescribeKey failed at http:\/\/127\.0\.0\.1:\d+ \(HTTP 500\): /u);
    expect(e.message).not.toMatch(/\$response|hidden field|\n/u);
  });

  it('a repeated marker stops the paging at once, naming the call', async () => {
    const e = await read('same-marker');
    expect(e.message).toMatch(/^alias\/app: ListGrants at http:\/\/127\.0\.0\.1:\d+ returned the same NextMarker twice \(page 2\)/u);
    expect(server?.calls['ListGrants']).toBe(2);
  });

  it(`a new marker on every page stops after ${MAX_PAGES} pages`, async () => {
    const e = await read('endless-pages', { timeoutMs: 120_000 });
    expect(e.message).toMatch(new RegExp(`^alias/app: ListGrants at http://127\\.0\\.0\\.1:\\d+ returned more than ${MAX_PAGES} pages`, 'u'));
    expect(server?.calls['ListGrants']).toBe(MAX_PAGES);
  });
});

describe('endpoints', () => {
  it('only http and https endpoints are used', async () => {
    for (const endpoint of ['file:///etc/passwd', 'ftp://127.0.0.1/', 'not a url']) {
      const e = await loadError(loadLiveKey('alias/app', { region: 'us-east-1', endpoint, credentials }));
      expect(e.reason).toBe('format');
      expect(e.message).toMatch(/^alias\/app: the endpoint .* is not (an http or https URL|a URL)/u);
    }
  });

  it('credentials written into an endpoint URL are never printed', async () => {
    server = await startFakeKms('error-500');
    const withSecret = server.endpoint.replace('http://', 'http://admin:s3cret-pass@');
    const e = await loadError(loadLiveKey('alias/app', { region: 'us-east-1', endpoint: withSecret, credentials, maxAttempts: 1 }));
    expect(e.message).toMatch(/DescribeKey failed at http:\/\/127\.0\.0\.1:\d+ /u);
    expect(e.message).not.toMatch(/s3cret|admin/u);
    const bad = await loadError(loadLiveKey('alias/app', { region: 'us-east-1', endpoint: 'file://user:s3cret@host/x', credentials }));
    expect(bad.message).not.toMatch(/s3cret/u);
  });
});
