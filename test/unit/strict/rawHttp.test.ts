// The byte-exact HTTP client the strict-S3 tests stand on: what it sends must be exactly what it was given,
// and what it reads must be the server's answer, framed as HTTP/1.1 frames it.
import * as assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { listenOnLoopback } from '../../../scripts/lib/net';
import { responseHeader, sendRaw, serializeRequest, type RawRequest } from '../../../scripts/lib/rawHttp';

/** A loopback server that records the bytes of one request and answers with `answer` once it has them. */
async function oneShotServer(
  expectedBytes: number,
  answer: string,
): Promise<{ port: number; received: Promise<Buffer>; server: Server }> {
  let deliver: (bytes: Buffer) => void = () => undefined;
  const received = new Promise<Buffer>((resolve) => (deliver = resolve));
  const server = createServer((socket: Socket) => {
    let bytes = Buffer.alloc(0);
    socket.on('data', (data: Buffer) => {
      bytes = Buffer.concat([bytes, data]);
      if (bytes.length < expectedBytes) return;
      deliver(bytes);
      socket.end(answer);
    });
  });
  return { port: await listenOnLoopback(server), received, server };
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

function request(port: number, overrides: Partial<RawRequest> = {}): RawRequest {
  return {
    host: '127.0.0.1',
    port,
    method: 'GET',
    target: '/',
    headers: [['Host', 'example.localhost']],
    ...overrides,
  };
}

describe('raw HTTP client', () => {
  it('sends the request line, the headers in their order and the body exactly as given', async () => {
    const given: RawRequest = {
      host: '127.0.0.1',
      port: 0,
      method: 'PUT',
      target: '/bucket/a//b/%7e+c/../d%2Fé?x=1&x=1&y',
      headers: [
        ['Host', 'bucket.localhost:9'],
        ['x-order', 'second'],
        ['X-Order', 'first'],
        ['Content-Length', '4'],
      ],
      body: 'body',
    };
    const expected = Buffer.from(
      'PUT /bucket/a//b/%7e+c/../d%2Fé?x=1&x=1&y HTTP/1.1\r\nHost: bucket.localhost:9\r\nx-order: second\r\nX-Order: first\r\nContent-Length: 4\r\n\r\nbody',
      'utf8',
    );
    const { port, received, server } = await oneShotServer(expected.length, 'HTTP/1.1 204 No Content\r\n\r\n');
    try {
      const response = await sendRaw({ ...given, port });
      assert.equal(response.status, 204);
      assert.deepEqual(await received, expected);
      assert.deepEqual(serializeRequest(given), expected);
    } finally {
      await close(server);
    }
  });

  it('reads a body framed by Content-Length, with the headers in order', async () => {
    const { port, server } = await oneShotServer(
      1,
      'HTTP/1.1 403 Forbidden\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\nhello',
    );
    try {
      const response = await sendRaw(request(port));
      assert.equal(response.status, 403);
      assert.equal(response.reason, 'Forbidden');
      assert.equal(response.body.toString(), 'hello');
      assert.deepEqual(response.headers.slice(1), [
        ['X-A', '1'],
        ['x-a', '2'],
      ]);
      assert.equal(responseHeader(response, 'x-a'), '1');
      assert.equal(response.truncated, false);
    } finally {
      await close(server);
    }
  });

  it('decodes a chunked body, chunk extensions and trailers included', async () => {
    const chunked =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\n';
    const { port, server } = await oneShotServer(1, chunked);
    try {
      assert.equal((await sendRaw(request(port))).body.toString(), 'Wikipedia in \r\n\r\nchunks.');
    } finally {
      await close(server);
    }
  });

  it('reads a body delimited by the end of the connection', async () => {
    const { port, server } = await oneShotServer(1, 'HTTP/1.0 200 OK\r\n\r\nuntil the end');
    try {
      assert.equal((await sendRaw(request(port))).body.toString(), 'until the end');
    } finally {
      await close(server);
    }
  });

  it('reads no body for HEAD, whatever Content-Length says', async () => {
    const { port, server } = await oneShotServer(1, 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n');
    try {
      const response = await sendRaw(request(port, { method: 'HEAD' }));
      assert.equal(response.status, 200);
      assert.equal(response.body.length, 0);
    } finally {
      await close(server);
    }
  });

  it('stops reading at the cap and says the body was cut', async () => {
    const { port, server } = await oneShotServer(
      1,
      `HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(5000)}`,
    );
    try {
      const response = await sendRaw(request(port), { maxBodyBytes: 1000 });
      assert.equal(response.body.length, 1000);
      assert.equal(response.truncated, true);
    } finally {
      await close(server);
    }
  });

  it('refuses a host outside the loopback range', async () => {
    await assert.rejects(sendRaw(request(80, { host: '192.0.2.1' })), /not a loopback address/);
  });

  it('refuses a line break inside the request line or a header, which would send another request', () => {
    assert.throws(() => serializeRequest(request(1, { target: '/a HTTP/1.1\r\nHost: x\r\n\r\nGET /b' })), /line break/);
    assert.throws(() => serializeRequest(request(1, { headers: [['X-A', 'v\r\nX-B: w']] })), /line break/);
  });
});
