// SigV4 query authentication, computed from a URL the way S3 recomputes it from the request it receives:
// the path and query as sent, their escapes decoded and encoded again (RFC 3986), the host as signed.
// Hand-written rather than @smithy/signature-v4: that signer signs the path as given, where S3 re-encodes it
// (canonicalUri below), and a mismatch search needs each piece of the canonical request on its own.
import { createHash, createHmac } from 'node:crypto';
import { canonicalizeEncoded } from './encoding';
import type { PresignedUrl } from './model';
import { findParam } from './parse';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** Everything a SigV4 signature covers, in the pieces a mismatch search varies one at a time. */
export interface SigV4Request {
  readonly method: string;
  readonly canonicalUri: string;
  /** Encoded name/value pairs, X-Amz-Signature excluded, in any order (sorted when serialised). */
  readonly query: readonly (readonly [string, string])[];
  /** Header names as X-Amz-SignedHeaders lists them. */
  readonly signedHeaders: readonly string[];
  /** Values of the signed headers, by lower-case name (host included). */
  readonly headers: Readonly<Record<string, string>>;
  readonly payloadHash: string;
  readonly algorithm: string;
  readonly amzDate: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

export interface SigV4Computation {
  readonly signature: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

/**
 * S3 decodes the path it receives and encodes it again (RFC 3986, "/" kept), so "%7E" signs as "~" and
 * "%2F" as "/": clients that signed "/%7E" got SignatureDoesNotMatch from S3 (boto #2849) and MinIO
 * (minio-py #798). S3 also reads a raw "+" in a path as a space (s3cmd #554, aws-sdk-ruby #654), which
 * is why SDKs send a plus sign as %2B. SDKs send S3 paths already in canonical form.
 */
export function canonicalUri(rawPath: string): string {
  return rawPath === '' ? '/' : canonicalizeEncoded(rawPath, true, true);
}

export function canonicalQueryPairs(url: PresignedUrl): [string, string][] {
  return url.params
    .filter((p) => p.name !== 'X-Amz-Signature')
    .map((p) => [canonicalizeEncoded(p.rawName, false, true), canonicalizeEncoded(p.rawValue, false, true)]);
}

export function canonicalQueryString(pairs: readonly (readonly [string, string])[]): string {
  return [...pairs]
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Header value as SigV4 canonicalises it: trimmed, inner runs of spaces collapsed. */
export function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/** Case-insensitive lookup of request headers, keyed by lower-case name. */
export function lowerCaseHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

/**
 * The request a client makes with this URL, method and headers, as S3 will canonicalise it. Signed
 * headers the client does not send are signed as empty, which is what S3 does.
 */
export function sigV4RequestFromUrl(
  url: PresignedUrl,
  method: string,
  headers?: Readonly<Record<string, string>>,
): SigV4Request {
  const sent = lowerCaseHeaders(headers);
  const values: Record<string, string> = {};
  for (const name of url.signedHeaders)
    values[name] = name === 'host' ? (sent['host'] ?? url.host.host) : (sent[name] ?? '');
  const c = url.credential;
  return {
    method: method.toUpperCase(),
    canonicalUri: canonicalUri(url.rawPath),
    query: canonicalQueryPairs(url),
    signedHeaders: url.signedHeaders,
    headers: values,
    payloadHash:
      findParam(url.params, 'X-Amz-Content-Sha256')?.value ?? sent['x-amz-content-sha256'] ?? UNSIGNED_PAYLOAD,
    algorithm: findParam(url.params, 'X-Amz-Algorithm')?.value ?? '',
    amzDate: findParam(url.params, 'X-Amz-Date')?.value ?? '',
    scopeDate: c?.date ?? '',
    region: c?.region ?? '',
    service: c?.service ?? '',
    terminator: c?.terminator ?? '',
  };
}

export function canonicalRequestOf(req: SigV4Request): string {
  const headerLines = req.signedHeaders
    .map((name) => `${name}:${canonicalHeaderValue(req.headers[name] ?? '')}\n`)
    .join('');
  return [
    req.method,
    req.canonicalUri,
    canonicalQueryString(req.query),
    headerLines,
    req.signedHeaders.join(';'),
    req.payloadHash,
  ].join('\n');
}

export function scopeOf(req: SigV4Request): string {
  return `${req.scopeDate}/${req.region}/${req.service}/${req.terminator}`;
}

export const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

/** Signing keys depend only on (secret, day, region, service): kept, keyed by a hash of the secret. */
const signingKeys = new Map<string, Buffer>();
const MAX_SIGNING_KEYS = 256;

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const id = `${createHash('sha256').update(secretAccessKey).digest('base64')}/${date}/${region}/${service}`;
  let key = signingKeys.get(id);
  if (!key) {
    const kDate = createHmac('sha256', `AWS4${secretAccessKey}`).update(date).digest();
    const kRegion = createHmac('sha256', kDate).update(region).digest();
    const kService = createHmac('sha256', kRegion).update(service).digest();
    key = createHmac('sha256', kService).update('aws4_request').digest();
    if (signingKeys.size >= MAX_SIGNING_KEYS) signingKeys.delete(signingKeys.keys().next().value!);
    signingKeys.set(id, key);
  }
  return key;
}

export function signV4(req: SigV4Request, secretAccessKey: string): SigV4Computation {
  const canonicalRequest = canonicalRequestOf(req);
  const stringToSign = [req.algorithm, req.amzDate, scopeOf(req), sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(secretAccessKey, req.scopeDate, req.region, req.service))
    .update(stringToSign)
    .digest('hex');
  return { signature, canonicalRequest, stringToSign };
}
