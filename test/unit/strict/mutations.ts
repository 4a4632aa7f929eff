// Single changes to a valid presigned request, each labelled with its ground truth: whether S3 accepts it
// and, when S3 refuses it, the explanation codes that name the cause. The changes are the ones URLs suffer
// on their way (proxies, copy and paste, hand edits, other clients), applied to the bytes on the wire.
import type { ExplanationCode } from '../../../src/engine';
import type { DeviationName } from './deviations';
import { pathOf, queryOf, withMethod, type WireRequest } from './wire';

export interface KindSpec {
  readonly expect: 'accepted' | 'refused';
  /** Codes that name the cause, for a refused kind: any one of them counts as named. */
  readonly causes: readonly ExplanationCode[];
  /** Every request of this kind is a named deviation of Swift from S3 (see deviations.ts). */
  readonly deviation?: DeviationName;
  /** A changed request (single change), as opposed to a URL as its signer made it. */
  readonly singleChange: boolean;
}

const accepted = (singleChange: boolean): KindSpec => ({ expect: 'accepted', causes: [], singleChange });
const refused = (causes: readonly ExplanationCode[], deviation?: DeviationName): KindSpec => ({
  expect: 'refused',
  causes,
  deviation,
  singleChange: true,
});

export const KINDS = {
  'as generated': accepted(false),
  'parameters reordered': accepted(true),
  'key re-encoded equivalently': accepted(true),
  'method changed': refused(['METHOD_MISMATCH']),
  'key: // collapsed to /': refused(['KEY_ENCODING']),
  'key: trailing / dropped': refused(['KEY_ENCODING']),
  'key: encoded twice': refused(['KEY_ENCODING']),
  'key: NFC and NFD swapped': refused(['KEY_ENCODING']),
  'key: %2B sent as a raw +': refused(['KEY_ENCODING'], 'raw + in the path is a plus'),
  'region in the credential scope': refused(['REGION_MISMATCH']),
  'X-Amz-Expires extended': refused(['PARAMETER_CHANGED']),
  // Both are true: the value was edited, and S3 refuses any value over a week before it checks the signature.
  'X-Amz-Expires over a week': refused(['EXPIRES_TOO_LONG', 'PARAMETER_CHANGED']),
  'X-Amz-Date ±1 s': refused(['PARAMETER_CHANGED']),
  'X-Amz-Date ±1 h': refused(['PARAMETER_CHANGED']),
  'parameter added': refused(['PARAMETER_CHANGED']),
  'parameter removed': refused(['PARAMETER_CHANGED']),
  'parameter edited': refused(['PARAMETER_CHANGED']),
  'parameter repeated': refused(['PARAMETER_CHANGED'], 'duplicate query parameters are collapsed'),
  'signed parameter missing': refused(['MISSING_PARAMETER', 'PARAMETER_CHANGED']),
  // A changed signature and another secret are the same thing to anyone holding the URL's secret:
  // CHANGED_AFTER_SIGNING (whose message names both) is the cause.
  'signature character changed': refused(['CHANGED_AFTER_SIGNING']),
  'signed header sent with another value': refused(['HEADER_MISMATCH']),
  'signed header not sent': refused(['HEADER_MISMATCH']),
  'unsigned x-amz-meta-* header sent': refused(['HEADERS_NOT_SIGNED']),
  'unsigned x-amz-storage-class header sent': refused(
    ['HEADERS_NOT_SIGNED'],
    'only some unsigned x-amz-* headers are refused',
  ),
  'addressing style switched': refused(['ADDRESSING_STYLE']),
  'signed with another secret': refused(['CHANGED_AFTER_SIGNING', 'WRONG_SECRET']),
  expired: refused(['EXPIRED']),
} satisfies Record<string, KindSpec>;

export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];

/** Kinds whose refusal Swift explains with an error document that differs from S3's (see deviations.ts). */
export const ERROR_DOCUMENT_DEVIATIONS: Partial<Record<Kind, DeviationName>> = {
  'signed parameter missing': 'missing X-Amz-* parameter error codes',
  'signed header not sent': 'no echo when a signed header is absent',
};

export interface Case {
  /** Unique and readable: the base request's name, then what was changed. */
  readonly name: string;
  readonly kind: Kind;
  readonly request: WireRequest;
  /** A named deviation that sets this request aside (its kind's, or its base's). */
  readonly deviation?: DeviationName;
}

/** A valid presigned request and what it addresses: the input of every mutation. */
export interface Base {
  readonly name: string;
  readonly style: 'path' | 'virtual';
  readonly bucket: string;
  readonly request: WireRequest;
  /** The whole request is a deviation (e.g. its key is over 1,024 bytes). */
  readonly deviation?: DeviationName;
}

const CORE_PARAMETERS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
];
const OTHER_METHOD: Readonly<Record<string, string>> = { GET: 'PUT', PUT: 'GET', HEAD: 'GET', DELETE: 'GET' };
const OTHER_OPERATION: Readonly<Record<string, string>> = {
  GetObject: 'HeadObject',
  HeadObject: 'GetObject',
  PutObject: 'GetObject',
  DeleteObject: 'GetObject',
};

/** The query's `name=value` pairs, as written. */
const pairs = (request: WireRequest): string[] => queryOf(request).split('&');

function withQuery(request: WireRequest, query: readonly string[]): WireRequest {
  return { ...request, target: `${pathOf(request)}?${query.join('&')}` };
}

function paramOf(request: WireRequest, name: string): string | undefined {
  const pair = pairs(request).find((p) => p.startsWith(`${name}=`));
  return pair?.slice(name.length + 1);
}

function setParam(request: WireRequest, name: string, rawValue: string): WireRequest {
  return withQuery(
    request,
    pairs(request).map((p) => (p.startsWith(`${name}=`) ? `${name}=${rawValue}` : p)),
  );
}

function removeParam(request: WireRequest, name: string): WireRequest {
  return withQuery(
    request,
    pairs(request).filter((p) => !p.startsWith(`${name}=`)),
  );
}

/** The path before the key: `/<bucket>/` in path style, `/` virtual-hosted. */
const keyPrefix = (base: Base): string => (base.style === 'path' ? `/${base.bucket}/` : '/');

/** The key as written in the path, or undefined when the path does not hold the bucket's prefix. */
function rawKeyOf(base: Base): string | undefined {
  const path = pathOf(base.request);
  return path.startsWith(keyPrefix(base)) ? path.slice(keyPrefix(base).length) : undefined;
}

function withRawKey(base: Base, rawKey: string): WireRequest {
  return { ...base.request, target: `${keyPrefix(base)}${rawKey}?${queryOf(base.request)}` };
}

/** RFC 3986 encoding of a key, `/` kept, as S3 clients send it. */
function encodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function shiftedDate(value: string, seconds: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw new Error(`X-Amz-Date ${value} is not yyyyMMddTHHmmssZ`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return amzDate(new Date(Date.UTC(y, mo - 1, d, h, mi, s) + seconds * 1000));
}

function keyChanges(rawKey: string): [Kind, string, string][] {
  const out: [Kind, string, string][] = [];
  if (rawKey.includes('//')) out.push(['key: // collapsed to /', '', rawKey.replace(/\/{2,}/g, '/')]);
  if (rawKey.length > 1 && rawKey.endsWith('/')) out.push(['key: trailing / dropped', '', rawKey.slice(0, -1)]);
  if (rawKey.includes('%')) out.push(['key: encoded twice', '', rawKey.replace(/%/g, '%25')]);
  const key = decodeURIComponent(rawKey);
  for (const form of ['NFD', 'NFC'] as const) {
    if (key.normalize(form) !== key) {
      out.push(['key: NFC and NFD swapped', `sent as ${form}`, encodeKey(key.normalize(form))]);
      break;
    }
  }
  if (rawKey.includes('%2B')) out.push(['key: %2B sent as a raw +', '', rawKey.replace(/%2B/g, '+')]);

  if (rawKey.includes('~')) out.push(['key re-encoded equivalently', '~ as %7E', rawKey.replace(/~/g, '%7E')]);
  const lowerHex = rawKey.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  if (lowerHex !== rawKey) out.push(['key re-encoded equivalently', 'lower-case hex', lowerHex]);
  const rawMarks = rawKey.replace(/%(2A|28|29|27|21)/g, (e) => String.fromCharCode(parseInt(e.slice(1), 16)));
  if (rawMarks !== rawKey) out.push(['key re-encoded equivalently', "*()'! unescaped", rawMarks]);
  const letter = /[A-Za-z]/.exec(rawKey);
  if (letter) {
    const escaped = `%${letter[0].charCodeAt(0).toString(16).toUpperCase()}`;
    out.push([
      'key re-encoded equivalently',
      `${letter[0]} as ${escaped}`,
      rawKey.slice(0, letter.index) + escaped + rawKey.slice(letter.index + 1),
    ]);
  }
  return out;
}

/** The kinds whose outcome can depend on the method: the only ones tried on every operation. */
const METHOD_SPECIFIC: ReadonlySet<Kind> = new Set([
  'method changed',
  'signature character changed',
  'unsigned x-amz-meta-* header sent',
  'addressing style switched',
]);

export interface MutationOptions {
  /** Every kind; otherwise only the method-specific ones (the rest do not depend on the operation). */
  readonly full: boolean;
  /** Also remove each signed X-Amz-* parameter in turn (six requests; they do not depend on the key). */
  readonly allMissing: boolean;
}

/** The single changes that apply to this request. */
export function mutationsOf(base: Base, options: MutationOptions): Case[] {
  const out: Case[] = [];
  const r = base.request;
  const add = (kind: Kind, detail: string, request: WireRequest, deviation?: DeviationName): void => {
    if (!options.full && !METHOD_SPECIFIC.has(kind)) return;
    out.push({
      name: `${base.name} / ${kind}${detail ? ` (${detail})` : ''}`,
      kind,
      request,
      deviation: base.deviation ?? deviation ?? KINDS[kind].deviation,
    });
  };

  add('parameters reordered', '', withQuery(r, [...pairs(r)].reverse()));
  add('method changed', `${r.method} → ${OTHER_METHOD[r.method]}`, withMethod(r, OTHER_METHOD[r.method]!));

  const rawKey = rawKeyOf(base);
  if (rawKey !== undefined)
    for (const [kind, detail, changed] of keyChanges(rawKey)) add(kind, detail, withRawKey(base, changed));

  const credential = paramOf(r, 'X-Amz-Credential');
  const region = credential?.split('%2F')[2];
  if (credential && region) {
    const other = region === 'us-west-2' ? 'eu-west-1' : 'us-west-2';
    add(
      'region in the credential scope',
      `${region} → ${other}`,
      setParam(r, 'X-Amz-Credential', credential.replace(`%2F${region}%2F`, `%2F${other}%2F`)),
    );
  }
  const expires = Number(paramOf(r, 'X-Amz-Expires'));
  if (expires > 0) {
    add(
      'X-Amz-Expires extended',
      `${expires} → ${expires + 86400}`,
      setParam(r, 'X-Amz-Expires', String(expires + 86400)),
    );
    add('X-Amz-Expires over a week', '604801', setParam(r, 'X-Amz-Expires', '604801'));
  }
  const date = paramOf(r, 'X-Amz-Date');
  if (date) {
    for (const [kind, seconds] of [
      ['X-Amz-Date ±1 s', 1],
      ['X-Amz-Date ±1 s', -1],
      ['X-Amz-Date ±1 h', 3600],
      ['X-Amz-Date ±1 h', -3600],
    ] as const)
      add(kind, `${seconds > 0 ? '+' : ''}${seconds} s`, setParam(r, 'X-Amz-Date', shiftedDate(date, seconds)));
  }

  add('parameter added', 'utm_source=newsletter', withQuery(r, [...pairs(r), 'utm_source=newsletter']));
  const operation = paramOf(r, 'x-id');
  if (operation) {
    add('parameter removed', 'x-id', removeParam(r, 'x-id'));
    add('parameter edited', `x-id=${OTHER_OPERATION[operation]}`, setParam(r, 'x-id', OTHER_OPERATION[operation]!));
    add('parameter repeated', `x-id=${operation} twice`, withQuery(r, [...pairs(r), `x-id=${operation}`]));
  }
  if (options.allMissing)
    for (const name of CORE_PARAMETERS)
      add(
        'signed parameter missing',
        name,
        removeParam(r, name),
        name === 'X-Amz-Credential' ? 'without X-Amz-Credential Swift sees no S3 request' : undefined,
      );

  const signature = paramOf(r, 'X-Amz-Signature');
  if (signature)
    add(
      'signature character changed',
      'first hex digit',
      setParam(r, 'X-Amz-Signature', (signature[0] === '0' ? '1' : '0') + signature.slice(1)),
    );

  const contentType = r.headers.find(([name]) => name.toLowerCase() === 'content-type');
  const signsContentType = paramOf(r, 'X-Amz-SignedHeaders')?.split('%3B').includes('content-type');
  if (contentType && signsContentType) {
    const other = contentType[1] === 'application/octet-stream' ? 'text/plain' : 'application/octet-stream';
    add('signed header sent with another value', `Content-Type: ${other}`, {
      ...r,
      headers: r.headers.map(([n, v]) => (n === contentType[0] ? [n, other] : [n, v])),
    });
    add('signed header not sent', 'Content-Type', { ...r, headers: r.headers.filter(([n]) => n !== contentType[0]) });
  }
  add('unsigned x-amz-meta-* header sent', 'x-amz-meta-note', {
    ...r,
    headers: [...r.headers, ['x-amz-meta-note', 'added after signing']],
  });
  add('unsigned x-amz-storage-class header sent', 'STANDARD', {
    ...r,
    headers: [...r.headers, ['x-amz-storage-class', 'STANDARD']],
  });

  if (rawKey !== undefined) {
    const switched: WireRequest =
      base.style === 'path'
        ? { ...r, host: `${base.bucket}.${r.host}`, target: `/${rawKey}?${queryOf(r)}` }
        : { ...r, host: r.host.slice(base.bucket.length + 1), target: `/${base.bucket}/${rawKey}?${queryOf(r)}` };
    add(
      'addressing style switched',
      base.style === 'path' ? 'path → virtual-hosted' : 'virtual-hosted → path',
      switched,
    );
  }
  return out;
}
