/**
 * A misbehaving KMS endpoint on 127.0.0.1, for tests that a live read cannot hang: it never answers,
 * answers garbage, answers HTTP 500, or pages forever (DescribeKey and GetKeyPolicy answer properly,
 * then every List call says `Truncated` with the same marker, or with a new one each time).
 * `@kmsim/loaders/moto` exports it next to moto_server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeKmsBehaviour = 'silent' | 'garbage' | 'error-500' | 'same-marker' | 'endless-pages';

export interface FakeKms {
  readonly endpoint: string;
  /** Requests received, by KMS operation (`X-Amz-Target` without `TrentService.`). */
  readonly calls: Readonly<Record<string, number>>;
  stop(): Promise<void>;
}

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY_ID}`;
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
});

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify(body));
}

/** Start a fake endpoint with `behaviour` on a free port of 127.0.0.1. */
export async function startFakeKms(behaviour: FakeKmsBehaviour): Promise<FakeKms> {
  const calls: Record<string, number> = {};
  const sockets = new Set<Socket>();
  let page = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^TrentService\./u, '');
    calls[operation] = (calls[operation] ?? 0) + 1;
    req.resume();
    req.on('end', () => {
      if (behaviour === 'silent') return; // accepted, never answered
      if (behaviour === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end('<html>this is not JSON</html>\u0000\u0001');
        return;
      }
      if (behaviour === 'error-500') {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<html><body>Internal Server Error</body></html>');
        return;
      }
      if (operation === 'DescribeKey') {
        json(res, {
          KeyMetadata: { KeyId: KEY_ID, Arn: ARN, KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', MultiRegion: false },
        });
        return;
      }
      if (operation === 'GetKeyPolicy') {
        json(res, { Policy: POLICY, PolicyName: 'default' });
        return;
      }
      page++;
      const marker = behaviour === 'same-marker' ? 'again' : `page-${page}`;
      json(res, { Grants: [], Tags: [], Aliases: [], Truncated: true, NextMarker: marker });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
