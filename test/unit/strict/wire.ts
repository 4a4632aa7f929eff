// A request as it goes over the wire to the strict S3 (Swift's s3api), byte for byte, and what Swift's
// answer says about the signature: accepted, refused, or something that is no signature verdict at all.
import { sendRaw, type RawResponse } from '../../../scripts/lib/rawHttp';

export interface WireRequest {
  readonly method: string;
  /** The Host header: `localhost:<port>` (path style) or `<bucket>.localhost:<port>` (virtual-hosted). */
  readonly host: string;
  /** Path and query exactly as sent. */
  readonly target: string;
  /** What the client adds to Host: the signed headers it must send, or headers a test sends unsigned. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string;
}

/** The URL a client holds for this request (what the engine is given). */
export const urlOf = (request: WireRequest): string => `http://${request.host}${request.target}`;

/** What a PUT uploads: a body, so that Swift writes an object and answers 200 to a signature it accepts. */
const PUT_BODY = 'strict S3 body';

/** The request with another method, and a body exactly when the method is PUT. */
export function withMethod(request: WireRequest, method: string): WireRequest {
  return { ...request, method, body: method === 'PUT' ? PUT_BODY : undefined };
}

/** Splits a URL as written, without the normalisation `new URL` applies (`//`, dot segments, escapes). */
export function wireRequest(
  url: string,
  method: string,
  headers: readonly (readonly [string, string])[] = [],
): WireRequest {
  const m = /^http:\/\/([^/?#]+)([^#]*)$/.exec(url);
  if (!m) throw new Error(`not an http URL: ${url.slice(0, 200)}`);
  return withMethod({ method, host: m[1]!, target: m[2] || '/', headers }, method);
}

export const pathOf = (request: WireRequest): string => request.target.split('?')[0]!;
export const queryOf = (request: WireRequest): string => request.target.slice(pathOf(request).length + 1);

export interface SwiftAnswer {
  readonly status: number;
  /** `<Code>` of the error document, when there is one (never for HEAD). */
  readonly code?: string;
  readonly message?: string;
  /** The error document as received. */
  readonly xml?: string;
  readonly body: string;
}

export type SwiftVerdict = 'accepted' | 'refused' | 'other';

/** The answers Swift gives when authentication fails (see swift/common/middleware/s3api/s3request.py). */
const REFUSALS = new Set([
  'SignatureDoesNotMatch',
  'AccessDenied',
  'AuthorizationQueryParametersError',
  'AuthorizationHeaderMalformed',
  'InvalidArgument',
  'RequestTimeTooSkewed',
  'InvalidAccessKeyId',
]);

/**
 * A 2xx, or NoSuchKey (a key the signature was good for but that does not exist), is an accepted signature;
 * an authentication error is a refusal. HEAD answers carry no body, so a 400/403 on HEAD is read as a
 * refusal and a 404 as accepted. Anything else (KeyTooLongError, a 5xx) says nothing about the signature.
 */
export function verdictOf(method: string, answer: SwiftAnswer): SwiftVerdict {
  if (answer.status >= 200 && answer.status < 300) return 'accepted';
  if (method === 'HEAD' && answer.code === undefined) {
    if (answer.status === 404) return 'accepted';
    if (answer.status === 400 || answer.status === 403) return 'refused';
    return 'other';
  }
  if (answer.status === 404 && answer.code === 'NoSuchKey') return 'accepted';
  if ((answer.status === 400 || answer.status === 403) && answer.code !== undefined && REFUSALS.has(answer.code))
    return 'refused';
  return 'other';
}

function xmlField(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

function answerOf(response: RawResponse): SwiftAnswer {
  const body = response.body.toString('utf8');
  const isError = body.includes('<Error>');
  return {
    status: response.status,
    body,
    xml: isError ? body : undefined,
    code: isError ? xmlField(body, 'Code') : undefined,
    message: isError ? xmlField(body, 'Message') : undefined,
  };
}

/** Sends the request to Swift's proxy on 127.0.0.1 exactly as written (Host as the request says). */
export async function send(port: number, request: WireRequest): Promise<SwiftAnswer> {
  const headers: [string, string][] = [
    ['Host', request.host],
    ...request.headers.map(([n, v]): [string, string] => [n, v]),
  ];
  if (request.body !== undefined) headers.push(['Content-Length', String(Buffer.byteLength(request.body))]);
  headers.push(['Connection', 'close']);
  const response = await sendRaw(
    { host: '127.0.0.1', port, method: request.method, target: request.target, headers, body: request.body },
    { maxBodyBytes: 256 * 1024 },
  );
  return answerOf(response);
}

/**
 * The bucket and key Swift reads from the request: virtual-hosted when the Host is `<bucket>.<domain>`,
 * else path style. Escapes are decoded as Swift decodes a path (a `+` stays a plus).
 */
export function addressedObject(
  request: WireRequest,
  storageDomain: string,
): { bucket: string; key: string } | undefined {
  const hostname = request.host.replace(/:\d+$/, '');
  const path = pathOf(request);
  try {
    if (hostname.endsWith(`.${storageDomain}`))
      return { bucket: hostname.slice(0, -storageDomain.length - 1), key: decodeURIComponent(path.slice(1)) };
    const slash = path.indexOf('/', 1);
    if (slash < 0) return undefined;
    return { bucket: decodeURIComponent(path.slice(1, slash)), key: decodeURIComponent(path.slice(slash + 1)) };
  } catch {
    return undefined;
  }
}
