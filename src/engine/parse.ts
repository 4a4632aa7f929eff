// parsePresignedUrl: any pasted presigned S3 URL into the model. Total: bad input gives `ok: false` with
// a reason, never an exception.
import { cleanPastedUrl } from './clean';
import { percentDecode } from './encoding';
import { analyzeHost } from './host';
import type { CredentialScope, HostConfusion, MethodHint, ParseResult, PresignedUrl, SignatureVersion } from './model';
import { OPERATION_METHODS, parseQuery, type QueryParam } from './params';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const SIGV4A_ALGORITHM = 'AWS4-ECDSA-P256-SHA256';
/** The parameters every SigV4 presigned URL carries. */
export const SIGV4_PARAMETERS: readonly string[] = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
];

const URL_PARTS = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/s;

/** `yyyyMMddTHHmmssZ` to a Date, or undefined (also for impossible dates such as 20260231). */
export function parseAmzDate(value: string): Date | undefined {
  if (value.length !== 16 || value.charCodeAt(8) !== 0x54 || value.charCodeAt(15) !== 0x5a) return undefined;
  const digits = (from: number, to: number): number => {
    let n = 0;
    for (let i = from; i < to; i++) {
      const d = value.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) return NaN;
      n = n * 10 + d;
    }
    return n;
  };
  const [y, mo, d, h, mi, s] = [
    digits(0, 4),
    digits(4, 6),
    digits(6, 8),
    digits(9, 11),
    digits(11, 13),
    digits(13, 15),
  ];
  if (Number.isNaN(y + mo + d + h + mi + s) || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : undefined;
}

export function parseCredential(raw: string): CredentialScope | undefined {
  const parts = raw.split('/');
  if (parts.length === 5) {
    const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
    return { raw, accessKeyId, date, region, service, terminator };
  }
  if (parts.length === 4) {
    const [accessKeyId, date, service, terminator] = parts as [string, string, string, string];
    return { raw, accessKeyId, date, region: '', service, terminator };
  }
  return undefined;
}

/** Parameters by lower-case name (the first of each), built once per parameter list. */
const paramIndexes = new WeakMap<readonly QueryParam[], Map<string, QueryParam>>();

/** Lower-case forms of the (few, constant) names looked up. */
const lowerNames = new Map<string, string>();

/** The first parameter with this name, compared case-insensitively (S3 itself is case-sensitive). */
export function findParam(params: readonly QueryParam[], name: string): QueryParam | undefined {
  let index = paramIndexes.get(params);
  if (!index) {
    index = new Map();
    for (const p of params) if (!index.has(p.lowerName)) index.set(p.lowerName, p);
    paramIndexes.set(params, index);
  }
  let lower = lowerNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerNames.size < 1000) lowerNames.set(name, lower);
  }
  return index.get(lower);
}

function detectVersion(params: readonly QueryParam[]): SignatureVersion | undefined {
  const algorithm = findParam(params, 'X-Amz-Algorithm')?.value;
  if (algorithm === SIGV4A_ALGORITHM || findParam(params, 'X-Amz-Region-Set')) return 'v4a';
  if (
    ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders'].some((n) => findParam(params, n))
  )
    return 'v4';
  if (['AWSAccessKeyId', 'Signature'].some((n) => findParam(params, n))) return 'v2';
  return undefined;
}

function methodHint(params: readonly QueryParam[]): MethodHint | undefined {
  const operation = findParam(params, 'x-id')?.value;
  const method = operation ? OPERATION_METHODS[operation] : undefined;
  if (operation && method) return { method, source: `x-id=${operation}` };
  if (params.some((p) => p.category === 'response-override'))
    return { method: 'GET', source: 'response overrides (downloads only)' };
  if (findParam(params, 'uploadId') && findParam(params, 'partNumber'))
    return { method: 'PUT', source: 'uploadId and partNumber (UploadPart)' };
  const upload = params.find((p) =>
    /^x-amz-(checksum-(?!mode$)|sdk-checksum-|acl$|storage-class$|meta-|server-side-encryption|tagging$|grant-)/i.test(
      p.name,
    ),
  );
  if (upload) return { method: 'PUT', source: `${upload.name} (an upload parameter)` };
  return undefined;
}

function asciiHostname(authority: string): { hostname: string; port?: number } | undefined {
  const withoutUser = authority.slice(authority.lastIndexOf('@') + 1);
  try {
    const u = new URL(`http://${withoutUser}`);
    return { hostname: u.hostname, port: u.port === '' ? undefined : Number(u.port) };
  } catch {
    return undefined;
  }
}

export interface ParseOptions {
  /**
   * S3 endpoints of the user's profiles (endpoint_url): a host one or more labels longer than one of them
   * names a bucket in virtual-hosted style.
   */
  readonly endpoints?: readonly string[];
}

/** Where a client sends the URL, read as WHATWG URL clients (browsers, fetch, curl) read it. */
interface Target {
  readonly hostname: string;
  readonly port?: number;
  readonly rawPath: string;
  readonly confusion?: HostConfusion;
}

/**
 * The host and path a client contacts. With "@" (user info) or "\" in the authority, what the URL seems to
 * name and where clients send it part ways: `https://attacker.example\@bucket.s3.amazonaws.com/k` goes to
 * attacker.example, path "/@bucket.s3.amazonaws.com/k" (a backslash is a slash to them). Then the client's
 * reading is the truth, and the confusion is reported.
 */
function targetOf(scheme: string, authority: string, path: string): Target | string {
  const written = asciiHostname(authority);
  if (!/[@\\]/.test(authority)) {
    if (!written || written.hostname === '') return `"${authority}" is not a valid host name.`;
    return { hostname: written.hostname, port: written.port, rawPath: path === '' ? '/' : path };
  }
  let client: URL;
  try {
    client = new URL(`${scheme}://${authority}${path}`);
  } catch {
    return `"${authority}" is not a valid host name.`;
  }
  const port = client.port === '' ? undefined : Number(client.port);
  const contacted = client.host;
  const seems = written
    ? written.port === undefined
      ? written.hostname
      : `${written.hostname}:${written.port}`
    : authority;
  return {
    hostname: client.hostname,
    port,
    rawPath: client.pathname === '' ? '/' : client.pathname,
    confusion: {
      written: seems,
      contacted,
      cause: authority.includes('\\') ? 'backslash' : 'userinfo',
    },
  };
}

export function parsePresignedUrl(input: string, options: ParseOptions = {}): ParseResult {
  if (input.trim() === '') return { ok: false, error: 'Nothing to decode: the input is empty.', cleanups: [] };
  const { url, cleanups } = cleanPastedUrl(input);
  const fail = (error: string): ParseResult => ({ ok: false, error, cleanups });

  const parts = URL_PARTS.exec(url);
  if (!parts) return fail('This is not a URL: expected https://host/path?query.');
  const scheme = parts[1]!.toLowerCase();
  if (scheme !== 'https' && scheme !== 'http') return fail(`Expected an http or https URL, got "${scheme}:".`);
  const target = targetOf(scheme, parts[2]!, parts[3]!);
  if (typeof target === 'string') return fail(target);
  const defaultPort = scheme === 'https' ? 443 : 80;
  const port = target.port === defaultPort ? undefined : target.port;
  const rawPath = target.rawPath;
  const rawQuery = parts[4] ?? '';

  const params = parseQuery(rawQuery);
  const signatureVersion = detectVersion(params);
  if (!signatureVersion) {
    return fail(
      'No presigned-URL parameters found (X-Amz-Signature, X-Amz-Credential, or SigV2 Signature/AWSAccessKeyId).',
    );
  }
  const host = analyzeHost(target.hostname, port, rawPath, options.endpoints);
  const value = (name: string): string | undefined => findParam(params, name)?.value;

  let credential: CredentialScope | undefined;
  let accessKeyId: string | undefined;
  let signedAt: Date | undefined;
  let expiresIn: number | undefined;
  let expiresAt: Date | undefined;
  let signedHeaders: string[] = [];
  let signature: string | undefined;
  let securityToken: string | undefined;
  if (signatureVersion === 'v2') {
    accessKeyId = value('AWSAccessKeyId');
    const expires = value('Expires');
    if (expires !== undefined && /^\d{1,12}$/.test(expires)) expiresAt = new Date(Number(expires) * 1000);
    signature = value('Signature');
    securityToken = value('x-amz-security-token');
  } else {
    const rawCredential = value('X-Amz-Credential');
    credential = rawCredential === undefined ? undefined : parseCredential(rawCredential);
    accessKeyId = credential?.accessKeyId ?? rawCredential?.split('/')[0];
    const date = value('X-Amz-Date');
    signedAt = date === undefined ? undefined : parseAmzDate(date);
    const expires = value('X-Amz-Expires');
    if (expires !== undefined && /^\d{1,12}$/.test(expires)) expiresIn = Number(expires);
    if (signedAt && expiresIn !== undefined) expiresAt = new Date(signedAt.getTime() + expiresIn * 1000);
    const headers = value('X-Amz-SignedHeaders');
    signedHeaders = headers === undefined || headers === '' ? [] : headers.split(';');
    signature = value('X-Amz-Signature');
    securityToken = value('X-Amz-Security-Token');
  }
  const regionSet = signatureVersion === 'v4a' ? value('X-Amz-Region-Set')?.split(',') : undefined;
  const temporary = (accessKeyId?.startsWith('ASIA') ?? false) || securityToken !== undefined;

  const model: PresignedUrl = {
    input,
    url,
    cleanups,
    scheme,
    host,
    rawPath,
    rawQuery,
    params,
    bucket: host.bucket === undefined ? undefined : percentDecode(host.bucket).value,
    // S3 reads a raw "+" in a path as a space (see canonicalUri).
    key: host.rawKey === '' ? undefined : percentDecode(host.rawKey, true).value,
    signatureVersion,
    algorithm: value('X-Amz-Algorithm'),
    credential,
    accessKeyId,
    credentialType: temporary ? 'temporary' : 'long-term',
    region: credential?.region || host.region,
    signedAt,
    expiresIn,
    expiresAt,
    signedHeaders,
    signature,
    securityToken,
    regionSet,
    methodHint: methodHint(params),
    hostConfusion: target.confusion,
  };
  return { ok: true, value: model };
}
