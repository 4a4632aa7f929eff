// The mismatch search: when a signature does not match, try the changes users most often make by mistake
// (method, region, host and addressing style, key encoding, header values, parameters) and report every
// one that makes it match. One dimension at a time: each candidate costs one SHA-256 and
// one HMAC (signing keys are cached), so a full search stays within a few milliseconds.
import { canonicalizeEncoded, percentDecode, uriEncode } from './encoding';
import { COMMON_HEADER_VALUES, displayHeader, METHODS } from './vocabulary';
import type { Explanation, ExplanationCode, PresignedUrl } from './model';
import { OPERATION_METHODS } from './params';
import { findParam, SIGV4_PARAMETERS } from './parse';
import { AWS_REGIONS } from './regions';
import { SIGV2_SUBRESOURCES, sigV2Path, sigV2Resource, signV2, type SigV2Request } from './sigv2';
import { canonicalUri, signV4, type SigV4Request } from './sigv4';
import { formatDuration } from './time';

/**
 * Shifts of X-Amz-Date tried, in seconds: each second up to a minute (an edit by hand, a clock skew
 * "fixed" in the URL), each minute up to an hour, each hour up to 14 (time zones), nearest first.
 */
const DATE_SHIFTS_S: readonly number[] = (() => {
  const steps = [
    ...Array.from({ length: 60 }, (_, i) => i + 1),
    ...Array.from({ length: 59 }, (_, i) => (i + 1) * 60),
    ...Array.from({ length: 14 }, (_, i) => (i + 1) * 3600),
  ];
  return [...new Set(steps)].flatMap((s) => [-s, s]);
})();

const COMMON_EXPIRIES = [
  1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400, 172800, 259200, 345600,
  432000, 518400, 604800,
];

/** Parameters SDK v3 adds on its own, which people strip to "fix" a URL, breaking its signature. */
const SDK_ADDED_PARAMS: readonly (readonly [string, string])[] = [
  ['x-id', 'GetObject'],
  ['x-id', 'PutObject'],
  ['x-id', 'HeadObject'],
  ['x-id', 'DeleteObject'],
  ['x-amz-checksum-mode', 'ENABLED'],
  ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD'],
  ['x-amz-sdk-checksum-algorithm', 'CRC32'],
  ['x-amz-checksum-crc32', 'AAAAAA=='],
];

/** The six SigV4 parameters a URL cannot be signed without: never candidates for removal. */
const CORE_V4 = new Set(SIGV4_PARAMETERS);

interface Variant<R> {
  readonly code: ExplanationCode;
  readonly message: string;
  readonly request: R;
}

const shown = (value: string): string => (value === '' ? '(none)' : value);

/** `text` with every match replaced, then with each single match replaced (up to 32 of them). */
function replacements(text: string, pattern: RegExp, by: string): string[] {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return [];
  const out = [text.replace(pattern, by)];
  if (matches.length > 1 && matches.length <= 32) {
    for (const m of matches) out.push(text.slice(0, m.index) + by + text.slice(m.index + m[0].length));
  }
  return out;
}

/** Other encodings of the raw key that a signer or a tool on the way may have used. */
function keyVariants(rawKey: string, key: string): { rawKey: string; message: string }[] {
  const out: { rawKey: string; message: string }[] = [];
  const realPlus =
    'The key has a plus sign, signed as %2B, but the URL writes it as a raw "+", which S3 reads as a space: send it as %2B.';
  for (const candidate of replacements(rawKey, /\+/g, '%2B')) out.push({ rawKey: candidate, message: realPlus });
  const spaceAsPlus =
    'The key was signed with "+" (%2B) where the URL has a space: a "%2B" was decoded on the way. Keep it as %2B.';
  for (const candidate of replacements(rawKey, /%20| /g, '%2B')) out.push({ rawKey: candidate, message: spaceAsPlus });
  if (/%25[0-9A-Fa-f]{2}/.test(rawKey)) {
    out.push({
      rawKey: percentDecode(rawKey).value,
      message: 'The URL encodes the key twice (e.g. %2520): it was signed with the key encoded once.',
    });
  }
  if (rawKey.includes('%')) {
    out.push({
      rawKey: rawKey.replace(/%/g, '%25'),
      message:
        'The URL was signed for the key encoded twice (e.g. %2520), but the URL encodes it once: the signer was given an already-encoded key.',
    });
  }
  for (const form of ['NFC', 'NFD'] as const) {
    const normalized = key.normalize(form);
    if (normalized !== key) {
      out.push({
        rawKey: uriEncode(normalized, true),
        message: `The key was signed in Unicode form ${form} (${form === 'NFD' ? 'accents as separate marks, as macOS file names have them' : 'composed accents'}); the URL has the other form: same-looking text, different bytes.`,
      });
    }
  }
  if (rawKey.endsWith('/'))
    out.push({ rawKey: rawKey.slice(0, -1), message: 'The key was signed without the trailing "/" the URL has.' });
  else if (rawKey !== '')
    out.push({ rawKey: `${rawKey}/`, message: 'The key was signed with a trailing "/" that the URL lacks.' });
  if (rawKey.includes('//'))
    out.push({
      rawKey: rawKey.replace(/\/{2,}/g, '/'),
      message: 'The key was signed with single "/" where the URL has "//".',
    });
  // A "//" collapsed to "/" on the way (a proxy, a path join): each "/" doubled in turn.
  for (const candidate of replacements(rawKey, /\//g, '//')) {
    out.push({
      rawKey: candidate,
      message: 'The key was signed with "//" where the URL has "/": something on the way collapsed the double slash.',
    });
  }
  if (rawKey.startsWith('/'))
    out.push({
      rawKey: rawKey.replace(/^\/+/, ''),
      message: 'The key was signed without the leading "/" the URL has (a key passed as "/name").',
    });
  else
    out.push({
      rawKey: `/${rawKey}`,
      message: 'The key was signed with a leading "/" (a key passed as "/name"), which the URL lacks.',
    });
  return out;
}

/** The raw path with the key part replaced. */
function withKey(url: PresignedUrl, rawKey: string): string {
  return url.rawPath.slice(0, url.rawPath.length - url.host.rawKey.length) + rawKey;
}

interface HostCandidate {
  readonly host: string;
  readonly rawPath: string;
  readonly style: 'virtual-hosted' | 'path';
}

function hostCandidates(url: PresignedUrl, region: string): HostCandidate[] {
  const bucket = url.bucket;
  if (!bucket) return [];
  const rawKey = url.host.rawKey;
  const out: HostCandidate[] = [];
  const virtual = (host: string): void => void out.push({ host, rawPath: `/${rawKey}`, style: 'virtual-hosted' });
  const path = (host: string): void =>
    void out.push({
      host,
      rawPath: `/${bucket}${rawKey === '' && !url.rawPath.endsWith('/') ? '' : `/${rawKey}`}`,
      style: 'path',
    });
  if (region) {
    const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    for (const h of [`s3.${region}.${suffix}`, `s3-${region}.${suffix}`, `s3.dualstack.${region}.${suffix}`]) {
      virtual(`${bucket}.${h}`);
      path(h);
    }
    if (suffix === 'amazonaws.com') {
      virtual(`${bucket}.s3.amazonaws.com`);
      path('s3.amazonaws.com');
      virtual(`${bucket}.s3-accelerate.amazonaws.com`);
    }
  }
  if (!url.host.isAws) {
    const { hostname, port } = url.host;
    const withPort = (name: string): string => (port === undefined ? name : `${name}:${port}`);
    const names = new Set([hostname]);
    if (hostname === 'localhost') names.add('127.0.0.1');
    if (hostname === '127.0.0.1') names.add('localhost');
    const hostOnly =
      url.host.style === 'virtual-hosted' && hostname.startsWith(`${bucket}.`)
        ? hostname.slice(bucket.length + 1)
        : hostname;
    names.add(hostOnly);
    for (const name of names) {
      path(withPort(name));
      if (port !== undefined) path(name);
      virtual(withPort(`${bucket}.${name}`));
    }
  }
  return out.filter((c) => !(c.host === url.host.host && c.rawPath === url.rawPath));
}

function headerCandidates(name: string, sent: string): string[] {
  const variants = [
    sent.toLowerCase(),
    sent.split(';')[0]!.trim(),
    `${sent}; charset=utf-8`,
    `${sent};charset=UTF-8`,
    '',
  ];
  return [...new Set([...variants, ...(COMMON_HEADER_VALUES[name] ?? [])])].filter((v) => v !== sent);
}

function* v4Variants(url: PresignedUrl, base: SigV4Request): Generator<Variant<SigV4Request>> {
  for (const method of METHODS) {
    if (method !== base.method)
      yield {
        code: 'METHOD_MISMATCH',
        message: `Signed for ${method}; the request uses ${base.method}.`,
        request: { ...base, method },
      };
  }

  const credentialIndex = base.query.findIndex(([k]) => k === 'X-Amz-Credential');
  if (credentialIndex >= 0 && url.credential) {
    const c = url.credential;
    for (const region of new Set([...AWS_REGIONS, ...(url.host.region ? [url.host.region] : [])])) {
      if (region === base.region) continue;
      const query = [...base.query];
      query[credentialIndex] = [
        'X-Amz-Credential',
        uriEncode(`${c.accessKeyId}/${c.date}/${region}/${c.service}/${c.terminator}`),
      ];
      yield {
        code: 'REGION_MISMATCH',
        message: `Signed for region ${region}; the URL’s X-Amz-Credential now says ${base.region}: the credential scope was edited after signing.`,
        request: { ...base, region, query },
      };
    }
  }

  for (const candidate of hostCandidates(url, base.region || url.host.region || '')) {
    const sameStyle = candidate.style === url.host.style;
    yield {
      code: 'ADDRESSING_STYLE',
      message: sameStyle
        ? `Signed for host ${candidate.host}; the URL now points at ${url.host.host}. A proxy, CDN or custom domain in front of S3 changes the signed host.`
        : `Signed as a ${candidate.style} URL (host ${candidate.host}, path ${candidate.rawPath}); the URL was rewritten to ${url.host.style} style (host ${url.host.host}). The two styles sign a different host and path.`,
      request: {
        ...base,
        canonicalUri: canonicalUri(candidate.rawPath),
        headers: { ...base.headers, host: candidate.host },
      },
    };
  }

  for (const variant of keyVariants(url.host.rawKey, url.key ?? '')) {
    yield {
      code: 'KEY_ENCODING',
      message: variant.message,
      request: { ...base, canonicalUri: canonicalUri(withKey(url, variant.rawKey)) },
    };
  }

  for (const name of base.signedHeaders) {
    if (name === 'host') continue;
    const sent = base.headers[name] ?? '';
    for (const value of headerCandidates(name, sent)) {
      yield {
        code: 'HEADER_MISMATCH',
        message: `Signed with ${displayHeader(name)}: ${shown(value)}; the request sends ${shown(sent)}.`,
        request: { ...base, headers: { ...base.headers, [name]: value } },
      };
    }
  }

  yield* v4ParameterVariants(url, base);
}

function* v4ParameterVariants(url: PresignedUrl, base: SigV4Request): Generator<Variant<SigV4Request>> {
  const params = url.params.filter((p) => p.name !== 'X-Amz-Signature');
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (!CORE_V4.has(p.name)) {
      yield {
        code: 'PARAMETER_CHANGED',
        message: `"${p.name}" was added after signing (the URL is signed without it).`,
        request: { ...base, query: base.query.filter((_, j) => j !== i) },
      };
    }
    if (p.rawValue.includes('+')) {
      const query = [...base.query];
      query[i] = [query[i]![0], canonicalizeEncoded(p.rawValue.replace(/\+/g, '%2B'), false, true)];
      yield {
        code: 'PARAMETER_CHANGED',
        message: `${p.name} contains "+", which S3 reads as a space; it was signed with "+" (%2B): something on the way decoded the URL.`,
        request: { ...base, query },
      };
    }
  }
  // x-id names the operation; one edited to another (GetObject → PutObject) is a usual hand edit.
  const operation = base.query.findIndex(([k]) => k === 'x-id');
  const named = operation >= 0 ? base.query[operation]![1] : undefined;
  if (named !== undefined) {
    for (const other of Object.keys(OPERATION_METHODS)) {
      if (other === named) continue;
      const query = [...base.query];
      query[operation] = ['x-id', other];
      yield {
        code: 'PARAMETER_CHANGED',
        message: `x-id was changed from ${other} to ${named} after signing: the operation named in the URL is part of its signature.`,
        request: { ...base, query },
      };
    }
  }
  for (const [name, value] of SDK_ADDED_PARAMS) {
    if (findParam(url.params, name)) continue;
    yield {
      code: 'PARAMETER_CHANGED',
      message: `"${name}=${value}" was removed after signing: every parameter present at signing must stay in the URL.`,
      request: { ...base, query: [...base.query, [uriEncode(name), uriEncode(value)]] },
    };
  }
  const expiresIndex = base.query.findIndex(([k]) => k === 'X-Amz-Expires');
  const current = url.expiresIn;
  if (expiresIndex >= 0) {
    for (const seconds of COMMON_EXPIRIES) {
      if (seconds === current) continue;
      const query = [...base.query];
      query[expiresIndex] = ['X-Amz-Expires', String(seconds)];
      yield {
        code: 'PARAMETER_CHANGED',
        message: `X-Amz-Expires was changed from ${seconds} to ${current ?? '?'} after signing: an expiry cannot be extended by editing the URL.`,
        request: { ...base, query },
      };
    }
  }
  const dateIndex = base.query.findIndex(([k]) => k === 'X-Amz-Date');
  if (dateIndex >= 0 && url.signedAt) {
    for (const shift of DATE_SHIFTS_S) {
      const shifted = new Date(url.signedAt.getTime() + shift * 1000);
      const amzDate = shifted
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
      if (!amzDate.startsWith(base.scopeDate)) continue;
      const query = [...base.query];
      query[dateIndex] = ['X-Amz-Date', amzDate];
      yield {
        code: 'PARAMETER_CHANGED',
        message: `X-Amz-Date was changed after signing: it was signed at ${amzDate}, ${formatDuration(Math.abs(shift) * 1000)} ${shift < 0 ? 'earlier' : 'later'} than the URL says.`,
        request: { ...base, amzDate, query },
      };
    }
  }
}

function* v2Variants(url: PresignedUrl, base: SigV2Request): Generator<Variant<SigV2Request>> {
  for (const method of METHODS) {
    if (method !== base.method)
      yield {
        code: 'METHOD_MISMATCH',
        message: `Signed for ${method}; the request uses ${base.method}.`,
        request: { ...base, method },
      };
  }
  const path = sigV2Path(url);
  for (const variant of keyVariants(url.host.rawKey, url.key ?? '')) {
    const variantPath = path.slice(0, path.length - url.host.rawKey.length) + variant.rawKey;
    yield {
      code: 'KEY_ENCODING',
      message: variant.message,
      request: { ...base, resource: sigV2Resource(variantPath, url) },
    };
  }
  for (const value of headerCandidates('content-type', base.contentType)) {
    yield {
      code: 'HEADER_MISMATCH',
      message: `Signed with Content-Type: ${shown(value)}; the request sends ${shown(base.contentType)}.`,
      request: { ...base, contentType: value },
    };
  }
  if (base.contentMd5 !== '') {
    yield {
      code: 'HEADER_MISMATCH',
      message: `Signed without Content-MD5; the request sends ${base.contentMd5}.`,
      request: { ...base, contentMd5: '' },
    };
  }
  for (const [name] of base.amzHeaders) {
    yield {
      code: 'PARAMETER_CHANGED',
      message: `"${name}" was added after signing (the URL is signed without it).`,
      request: { ...base, amzHeaders: base.amzHeaders.filter(([n]) => n !== name) },
    };
  }
  for (const p of url.params) {
    if (!SIGV2_SUBRESOURCES.has(p.name)) continue;
    const without = { ...url, params: url.params.filter((q) => q !== p) };
    yield {
      code: 'PARAMETER_CHANGED',
      message: `"${p.name}" was added after signing (the URL is signed without it).`,
      request: { ...base, resource: sigV2Resource(path, without) },
    };
  }
}

export interface MismatchSearch<R> {
  /** Every single change that makes the signature match; empty when none does. */
  readonly explanations: Explanation[];
  /** The first request the signature matches, when a change explains it: what was really signed. */
  readonly signed?: R;
  /** The search stopped at its budget before trying every change (a very long URL). */
  readonly incomplete: boolean;
}

/**
 * Bytes of canonical requests hashed at most by one search: every change is tried on URLs up to about
 * 4 KB (tokens included); a 16 KB URL with thousands of parameters gets about a hundred candidates, not one
 * per parameter, and the search stays around 20 ms (npm run bench).
 */
export const SEARCH_BUDGET_BYTES = 2 * 1024 * 1024;

/**
 * Bytes of canonical requests hashed between two pauses of a search run in steps (about a millisecond of
 * work): a caller on an event loop can let it turn between them (see runInTurns).
 */
export const STEP_BYTES = 64 * 1024;

/**
 * A computation in steps: each `next()` does a bounded piece of work (at most STEP_BYTES hashed) and the
 * generator returns the result. runSteps runs it at once; runInTurns awaits `turn` between steps.
 */
export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export async function runInTurns<T>(steps: Steps<T>, turn: () => Promise<void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await turn();
  }
}

/** Every single change that makes the signature match (none found: an empty list), in steps. */
export function searchV4Mismatch(
  url: PresignedUrl,
  base: SigV4Request,
  secretAccessKey: string,
  provided: string,
  budgetBytes = SEARCH_BUDGET_BYTES,
): Steps<MismatchSearch<SigV4Request>> {
  const cost = url.rawPath.length + url.rawQuery.length + 256;
  return collect(v4Variants(url, base), (r) => signV4(r, secretAccessKey).signature === provided, cost, budgetBytes);
}

export function searchV2Mismatch(
  url: PresignedUrl,
  base: SigV2Request,
  secretAccessKey: string,
  provided: string,
  budgetBytes = SEARCH_BUDGET_BYTES,
): Steps<MismatchSearch<SigV2Request>> {
  const cost = url.rawPath.length + 256;
  return collect(v2Variants(url, base), (r) => signV2(r, secretAccessKey).signature === provided, cost, budgetBytes);
}

function* collect<R>(
  variants: Iterable<Variant<R>>,
  matches: (request: R) => boolean,
  costPerCandidate: number,
  budgetBytes: number,
): Steps<MismatchSearch<R>> {
  const found: Explanation[] = [];
  const seen = new Set<string>();
  let signed: R | undefined;
  let spent = 0;
  let sinceStep = 0;
  for (const v of variants) {
    if (spent > budgetBytes) return { explanations: found, signed, incomplete: true };
    if (sinceStep >= STEP_BYTES) {
      yield;
      sinceStep = 0;
    }
    spent += costPerCandidate;
    sinceStep += costPerCandidate;
    if (!seen.has(v.message) && matches(v.request)) {
      seen.add(v.message);
      found.push({ code: v.code, message: v.message });
      signed ??= v.request;
    }
  }
  return { explanations: found, signed, incomplete: false };
}
