// An HTTP proxy in front of the local S3 that answers some requests the way AWS fails: AccessDenied for a
// bucket, SlowDown (throttling), no answer at all (a timeout), or a denied ListBuckets. Everything else
// is forwarded untouched, so the signatures the server checks are the client's own.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './net';

export type Fault = 'access-denied' | 'slow-down' | 'no-answer';

export interface FaultRules {
  /** Faults by bucket name (path style: the first path segment). */
  readonly buckets?: Readonly<Record<string, Fault>>;
  /** Answer ListBuckets (GET /) with AccessDenied, as for a user without s3:ListAllMyBuckets. */
  readonly denyListBuckets?: boolean;
}

export interface FaultProxy {
  readonly endpoint: string;
  close(): Promise<void>;
}

const errorXml = (code: string, message: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>FAULTPROXY</RequestId><HostId>fault-proxy</HostId></Error>`;

function answer(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'FAULTPROXY' });
  res.end(errorXml(code, message));
}

export async function startFaultProxy(target: () => number, rules: FaultRules): Promise<FaultProxy> {
  const stalled = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const bucket = decodeURIComponent(path.split('/')[1] ?? '');
    if (path === '/' && rules.denyListBuckets) return answer(res, 403, 'AccessDenied', 'Access Denied');
    const fault = rules.buckets?.[bucket];
    if (fault === 'access-denied') return answer(res, 403, 'AccessDenied', 'Access Denied');
    if (fault === 'slow-down') return answer(res, 503, 'SlowDown', 'Please reduce your request rate.');
    if (fault === 'no-answer') {
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      return;
    }
    const upstream = request(
      { host: '127.0.0.1', port: target(), method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      // The server behind is down: the client sees the connection dropped, as with any dead endpoint.
      res.destroy();
    });
    req.pipe(upstream);
  });
  const port = await listenOnLoopback(server);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        for (const res of stalled) res.destroy();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
