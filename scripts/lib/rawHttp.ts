// Sends one HTTP/1.1 request byte for byte as given, over a plain TCP connection, and reads the answer.
// fetch, undici and node:http normalise what they send (they re-encode a path, drop `//` or dot segments,
// set Host from the URL, reorder or merge headers): a test of how a server canonicalises a request for its
// signature needs the request exactly as written. Loopback servers only: this is a test instrument.
import { connect, isIP } from 'node:net';

export interface RawRequest {
  /** Where to connect: a loopback address (`127.x.x.x`, `::1` or `localhost`). */
  readonly host: string;
  readonly port: number;
  readonly method: string;
  /** The request-target, sent as written (UTF-8 for characters outside ASCII). */
  readonly target: string;
  /** Sent in this order, as written. Nothing is added: the caller sends Host (and Content-Length) itself. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string | Uint8Array;
}

export interface RawResponse {
  readonly status: number;
  readonly reason: string;
  /** In the order received, names as sent by the server. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body, de-chunked; at most `maxBodyBytes` of it. */
  readonly body: Buffer;
  /** The body was longer than `maxBodyBytes`; the rest was not read. */
  readonly truncated: boolean;
}

export interface RawOptions {
  /** Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Connection, request and answer together; default 10 s. */
  readonly timeoutMs?: number;
}

const MAX_HEAD_BYTES = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

/** The first value of a response header, by case-insensitive name. */
export function responseHeader(response: RawResponse, name: string): string | undefined {
  const lower = name.toLowerCase();
  return response.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** A line break inside a request line or header would send a different request than the one written. */
function assertOneLine(what: string, text: string): void {
  if (/[\r\n]/.test(text)) throw new Error(`${what} contains a line break`);
}

/** The request's bytes: request line, headers in order, an empty line, then the body. */
export function serializeRequest(request: RawRequest): Buffer {
  assertOneLine('the method', request.method);
  assertOneLine('the request-target', request.target);
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  for (const [name, value] of request.headers) {
    assertOneLine(`header ${name}`, `${name}: ${value}`);
    lines.push(`${name}: ${value}`);
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  return Buffer.concat([head, body]);
}

interface Head {
  readonly status: number;
  readonly reason: string;
  readonly headers: [string, string][];
}

function parseHead(text: string): Head {
  const [statusLine = '', ...headerLines] = text.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
  if (!m) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 100))}`);
  const headers: [string, string][] = [];
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return { status: Number(m[1]), reason: m[2]!, headers };
}

/** Body framing per RFC 9112 §6.3, for a client that closes the connection after one answer. */
type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

function framingOf(method: string, head: Head): Framing {
  const value = (name: string): string | undefined =>
    head.headers.find(([n]) => n.toLowerCase() === name)?.[1]?.toLowerCase();
  if (method.toUpperCase() === 'HEAD' || head.status < 200 || head.status === 204 || head.status === 304)
    return { kind: 'none' };
  if (value('transfer-encoding')?.endsWith('chunked')) return { kind: 'chunked' };
  const length = value('content-length');
  if (length !== undefined && /^\d{1,15}$/.test(length)) return { kind: 'length', length: Number(length) };
  return { kind: 'close' };
}

/**
 * Decodes a chunked body as it arrives, in one pass: each byte is looked at once, so the work is linear in
 * what the server sends whatever the chunk sizes.
 */
class ChunkedDecoder {
  private state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  private line = '';
  private remaining = 0;
  readonly parts: Buffer[] = [];
  /** Body bytes decoded so far. */
  received = 0;

  get done(): boolean {
    return this.state === 'done';
  }

  push(data: Buffer): void {
    let i = 0;
    while (i < data.length && this.state !== 'done') {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, data.length - i);
        this.parts.push(data.subarray(i, i + take));
        this.remaining -= take;
        this.received += take;
        i += take;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const byte = data[i++]!;
      if (byte !== 0x0a) {
        if (byte !== 0x0d) this.line += String.fromCharCode(byte);
        if (this.line.length > 1024) throw new Error('a chunk-size or trailer line is over 1 KiB');
        continue;
      }
      const line = this.line;
      this.line = '';
      if (this.state === 'data-end') this.state = 'size';
      else if (this.state === 'size') {
        const size = Number.parseInt(line.split(';')[0]!.trim(), 16);
        if (!Number.isFinite(size) || size < 0) throw new Error(`bad chunk size ${JSON.stringify(line)}`);
        this.remaining = size;
        this.state = size === 0 ? 'trailer' : 'data';
      } else if (this.state === 'trailer' && line === '') this.state = 'done';
    }
  }
}

/** Sends `request` exactly as written, reads one answer and closes the connection. */
export function sendRaw(request: RawRequest, options: RawOptions = {}): Promise<RawResponse> {
  if (!isLoopback(request.host)) return Promise.reject(new Error(`${request.host} is not a loopback address`));
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const bytes = serializeRequest(request);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: request.host, port: request.port });
    let headBuffer = Buffer.alloc(0);
    let head: Head | undefined;
    let framing: Framing = { kind: 'close' };
    const body: Buffer[] = [];
    let bodyBytes = 0;
    let chunked: ChunkedDecoder | undefined;
    let settled = false;

    const finish = (truncated: boolean): void => {
      if (settled || !head) return;
      settled = true;
      socket.destroy();
      const all = Buffer.concat(chunked ? chunked.parts : body);
      resolve({
        status: head.status,
        reason: head.reason,
        headers: head.headers,
        body: all.subarray(0, maxBody),
        truncated: truncated || all.length > maxBody,
      });
    };
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(error);
    };
    const onBody = (data: Buffer): void => {
      if (framing.kind === 'chunked') {
        chunked ??= new ChunkedDecoder();
        chunked.push(data);
        if (chunked.done) finish(false);
        else if (chunked.received > maxBody) finish(true);
        return;
      }
      body.push(data);
      bodyBytes += data.length;
      if (framing.kind === 'length' && bodyBytes >= framing.length) finish(false);
      else if (bodyBytes > maxBody) finish(true);
    };

    socket.setTimeout(options.timeoutMs ?? 10_000, () => fail(new Error('no complete answer in time')));
    socket.on('error', fail);
    socket.on('data', (data: Buffer) => {
      try {
        if (head) return onBody(data);
        headBuffer = Buffer.concat([headBuffer, data]);
        const end = headBuffer.indexOf(HEAD_END);
        if (end < 0) {
          if (headBuffer.length > MAX_HEAD_BYTES) fail(new Error('the response head is over 64 KiB'));
          return;
        }
        head = parseHead(headBuffer.subarray(0, end).toString('latin1'));
        framing = framingOf(request.method, head);
        const rest = headBuffer.subarray(end + HEAD_END.length);
        if (framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0)) return finish(false);
        if (rest.length > 0) onBody(rest);
      } catch (error) {
        fail(error as Error);
      }
    });
    socket.on('end', () => {
      if (head && framing.kind === 'close') finish(false);
      else if (head && !settled) fail(new Error('the connection closed before the whole body arrived'));
      else fail(new Error('the connection closed before an answer'));
    });
    socket.write(bytes);
  });
}
