// The request a web page makes with a presigned URL, as the browser sends it: which headers go out,
// whether a CORS preflight comes first and what it lists in Access-Control-Request-Headers. The rules are
// the Fetch standard's (S3's documents say nothing of the browser side):
//  - safelisted methods and request headers: https://fetch.spec.whatwg.org/#cors-safelisted-method,
//    https://fetch.spec.whatwg.org/#cors-safelisted-request-header (Range since
//    https://github.com/whatwg/fetch/commit/a18fb3e: one range with a start)
//  - the preflight decision and the sorted lower-case name list:
//    https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names, https://fetch.spec.whatwg.org/#main-fetch
//  - headers a page cannot set: https://fetch.spec.whatwg.org/#forbidden-request-header
//  - XMLHttpRequest upload listeners force a preflight: https://xhr.spec.whatwg.org/#the-send()-method
import { EMPTY_BODY_CHECKSUMS } from '../diagnose';
import { isLoopbackHost } from '../host';
import type { PresignedUrl } from '../model';
import type { CorsFinding, HeaderInput } from './model';

export const SAFELISTED_METHODS: readonly string[] = ['GET', 'HEAD', 'POST'];
/** Response headers every page may read, exposed or not: https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name */
export const SAFELISTED_RESPONSE_HEADERS: readonly string[] = [
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
];
const FORBIDDEN_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);
/** Methods fetch() upper-cases however they are written: https://fetch.spec.whatwg.org/#concept-method-normalize */
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const MAX_SAFELISTED_VALUE = 128;
const MAX_SAFELISTED_TOTAL = 1024;
const SAFELISTED_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
/** More than a page ever sends; keeps the evaluation linear in the configuration's size. */
const MAX_HEADERS = 100;

export interface PageRequestOptions {
  /** The presigned URL; its signed headers are ones the page must send. Absent for a bucket-level check. */
  readonly url?: PresignedUrl;
  /** Default: what the URL says (x-id, UploadPart…), else GET. */
  readonly method?: string;
  /** Headers the page's code sets (values decide whether Content-Type and Range are safelisted). */
  readonly headers?: readonly HeaderInput[];
  /** Response headers the page reads (`ETag`…); an UploadPart URL adds ETag. */
  readonly readHeaders?: readonly string[];
  /** fetch() with credentials: 'include', or XMLHttpRequest.withCredentials. */
  readonly credentials?: boolean;
  /** XMLHttpRequest with upload progress listeners: the browser always sends a preflight then. */
  readonly uploadListeners?: boolean;
}

export interface PageHeader {
  /** Lower case. */
  readonly name: string;
  /** Undefined when not known (a signed header whose value the URL does not carry). */
  readonly value?: string;
  readonly safelisted: boolean;
  /** Why it is or is not safelisted, in words. */
  readonly why: string;
}

export interface PageRequest {
  readonly method: string;
  readonly headers: readonly PageHeader[];
  readonly preflight: boolean;
  /** Why a preflight is sent, in words; empty for a simple request. */
  readonly preflightBecause: readonly string[];
  /** Access-Control-Request-Headers of the preflight: CORS-unsafe names, lower case, sorted. */
  readonly requestHeaders: readonly string[];
  /** Response headers the page needs to read, lower case. */
  readonly readHeaders: readonly string[];
  readonly credentials: boolean;
  readonly findings: readonly CorsFinding[];
}

/** Why a header (lower-case name) with this value is or is not a CORS-safelisted request header. */
export function safelistedHeader(name: string, value: string | undefined): { safelisted: boolean; why: string } {
  const no = (why: string): { safelisted: boolean; why: string } => ({ safelisted: false, why });
  const known = ['accept', 'accept-language', 'content-language', 'content-type', 'range'];
  if (!known.includes(name)) return no('not a CORS-safelisted header');
  if (value === undefined) return no('value not known, so taken as not safelisted');
  if (new TextEncoder().encode(value).length > MAX_SAFELISTED_VALUE) return no('value over 128 bytes');
  switch (name) {
    case 'accept':
      return hasUnsafeByte(value) ? no('value has a CORS-unsafe byte') : { safelisted: true, why: 'Accept' };
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value)
        ? { safelisted: true, why: 'language tags only' }
        : no('value has a character other than 0-9 A-Z a-z space * , - . ; =');
    case 'content-type': {
      if (hasUnsafeByte(value)) return no('value has a CORS-unsafe byte');
      const essence = value.split(';', 1)[0]!.trim().toLowerCase();
      return SAFELISTED_CONTENT_TYPES.has(essence)
        ? { safelisted: true, why: `${essence} is one of the three safelisted types` }
        : no(
            `${essence || 'an empty type'} is not application/x-www-form-urlencoded, multipart/form-data or text/plain`,
          );
    }
    default: {
      const m = /^bytes=(\d+)-(\d*)$/.exec(value);
      if (!m) return no('not a single range with a start (bytes=N- or bytes=N-M)');
      if (m[2] !== '' && Number(m[1]) > Number(m[2])) return no('range start after its end');
      return { safelisted: true, why: 'a single byte range with a start' };
    }
  }
}

function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || '"():<>?@[\\]{}'.includes(value[i]!)) return true;
  }
  return false;
}

export function isForbidden(name: string): boolean {
  return FORBIDDEN_HEADERS.has(name) || name.startsWith('proxy-') || name.startsWith('sec-');
}

/** The method as fetch() sends it. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

/** The request the browser makes for a page that sends `options.method` with `options.headers` to the URL. */
export function pageRequest(options: PageRequestOptions): PageRequest {
  const { url } = options;
  const method = normalizeMethod(options.method ?? url?.methodHint?.method ?? 'GET');
  const findings: CorsFinding[] = [];
  const values = new Map<string, string | undefined>();
  for (const h of (options.headers ?? []).slice(0, MAX_HEADERS)) {
    const name = h.name.trim().toLowerCase();
    if (isForbidden(name)) {
      findings.push({
        code: 'FORBIDDEN_HEADER',
        severity: 'info',
        message: `A page cannot set ${h.name}: the browser sets it (or drops it), so it is left out.`,
        source: 'https://fetch.spec.whatwg.org/#forbidden-request-header',
      });
      continue;
    }
    const before = values.get(name);
    // fetch() combines repeated headers into one value.
    values.set(name, before === undefined || h.value === undefined ? (h.value ?? before) : `${before}, ${h.value}`);
  }
  for (const signed of url?.signedHeaders ?? []) {
    if (signed === 'host' || values.has(signed)) continue;
    values.set(signed, undefined);
    findings.push({
      code: 'SIGNED_HEADER_VALUE_UNKNOWN',
      severity: 'info',
      message: `The URL signs ${signed}: the page must send it with the signed value, which the URL does not carry.`,
      fix: `Pass the value (--header '${signed}: …') to tell whether it is CORS-safelisted.`,
    });
  }
  findings.push(...checksumFindings(url));

  let headers = [...values].map(([name, value]) => ({ name, value, ...safelistedHeader(name, value) }));
  const safelistedBytes = headers
    .filter((h) => h.safelisted)
    .reduce((n, h) => n + new TextEncoder().encode(h.value ?? '').length, 0);
  if (safelistedBytes > MAX_SAFELISTED_TOTAL) {
    headers = headers.map((h) =>
      h.safelisted ? { ...h, safelisted: false, why: 'safelisted values together over 1024 bytes' } : h,
    );
  }
  const requestHeaders = [...new Set(headers.filter((h) => !h.safelisted).map((h) => h.name))].sort();

  const preflightBecause: string[] = [];
  if (!SAFELISTED_METHODS.includes(method)) preflightBecause.push(`${method} is not GET, HEAD or POST`);
  if (requestHeaders.length > 0) preflightBecause.push(`not CORS-safelisted: ${requestHeaders.join(', ')}`);
  if (options.uploadListeners) preflightBecause.push('XMLHttpRequest upload listeners always preflight');

  const readHeaders = new Set((options.readHeaders ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean));
  if (url && hasParam(url, 'uploadId') && hasParam(url, 'partNumber')) readHeaders.add('etag');

  return {
    method,
    headers,
    preflight: preflightBecause.length > 0,
    preflightBecause,
    requestHeaders,
    readHeaders: [...readHeaders],
    credentials: options.credentials ?? false,
    findings,
  };
}

function hasParam(url: PresignedUrl, name: string): boolean {
  return url.params.some((p) => p.name === name);
}

/**
 * The checksum trap: SDK v3 puts the CRC32 of an EMPTY body on presigned uploads; the real upload is
 * refused, and a browser shows the refusal as a CORS "network error" when the error carries no CORS
 * headers (https://github.com/crafter-station/petdex/issues/465). Signed checksum headers must be sent.
 */
function checksumFindings(url: PresignedUrl | undefined): CorsFinding[] {
  if (!url) return [];
  const out: CorsFinding[] = [];
  const empty = url.params.find(
    (p) =>
      p.lowerName.startsWith('x-amz-checksum-') &&
      p.lowerName !== 'x-amz-checksum-mode' &&
      EMPTY_BODY_CHECKSUMS.has(p.value),
  );
  if (empty) {
    out.push({
      code: 'CHECKSUM_EMPTY_BODY',
      severity: 'warning',
      message: `${empty.name}=${empty.value} is the checksum of an EMPTY body: an upload of a real file is refused (R2, SeaweedFS, older LocalStack; disputed on AWS), and the page sees only a CORS "network error" when the refusal carries no CORS headers.`,
      fix: 'Presign with an S3 client built with requestChecksumCalculation: "WHEN_REQUIRED".',
      source: 'https://github.com/crafter-station/petdex/issues/465',
    });
  }
  const signedChecksums = url.signedHeaders.filter(
    (h) => h.startsWith('x-amz-checksum-') || h.startsWith('x-amz-sdk-checksum-'),
  );
  if (signedChecksums.length > 0) {
    out.push({
      code: 'SIGNED_CHECKSUM_HEADER',
      severity: 'info',
      message: `The URL signs ${signedChecksums.join(', ')}: the page must send ${signedChecksums.length === 1 ? 'it' : 'them'}, so the preflight lists ${signedChecksums.length === 1 ? 'it' : 'them'} and AllowedHeaders must cover ${signedChecksums.length === 1 ? 'it' : 'them'}.`,
    });
  }
  return out;
}

/**
 * The Origin header a browser sends from a page at `address` (a page URL or an origin). The scheme must be
 * written: `localhost:3000` parses as a URL whose scheme is "localhost:", and guessing http or https could
 * give a verdict for another origin. A file: page sends "null"
 * (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin).
 */
export function serializeOrigin(address: string): { ok: true; origin: string } | { ok: false; error: string } {
  const text = address.trim();
  if (text === 'null') return { ok: true, origin: 'null' };
  const refused = {
    ok: false as const,
    error: `"${address}" is not an origin or a page address: write it with its scheme (https://app.example.com, http://localhost:3000).`,
  };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return refused;
  try {
    const url = new URL(text);
    if (url.protocol === 'file:') return { ok: true, origin: 'null' };
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return refused;
    return { ok: true, origin: url.origin };
  } catch {
    return refused;
  }
}

/** The URL's own origin: a page there makes same-origin requests, with no CORS at all. */
export function urlOrigin(url: PresignedUrl): string {
  return `${url.scheme}://${url.host.host}`;
}

/** A page served over https cannot fetch an http URL (except loopback): https://w3c.github.io/webappsec-mixed-content/ */
export function mixedContent(url: PresignedUrl, origin: string): CorsFinding | undefined {
  if (!origin.startsWith('https:') || url.scheme !== 'http' || isLoopbackHost(url.host.hostname)) return undefined;
  return {
    code: 'MIXED_CONTENT',
    severity: 'error',
    message: `The page is https and the URL is http: the browser blocks the request as mixed content before CORS.`,
    fix: 'Presign an https URL.',
    source: 'https://w3c.github.io/webappsec-mixed-content/',
  };
}
