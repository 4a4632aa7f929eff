// Systematic mutations of a valid presigned URL, each with the explanation code the engine must give.
import type { ExplanationCode } from '../../../src/engine';

export interface Request {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface Mutation extends Request {
  readonly name: string;
  /** The explanation that must be among those reported; undefined when only "invalid" is asserted. */
  readonly expect?: ExplanationCode;
}

const split = (url: string): { base: string; path: string; query: string } => {
  const q = url.indexOf('?');
  const origin = /^https?:\/\/[^/]+/.exec(url)![0];
  return { base: origin, path: url.slice(origin.length, q), query: url.slice(q + 1) };
};

export function setParam(url: string, name: string, rawValue: string): string {
  return url.replace(new RegExp(`([?&]${name}=)[^&]*`), (_, prefix: string) => prefix + rawValue);
}

export function removeParam(url: string, name: string): string {
  return url.replace(new RegExp(`([?&])${name}=[^&]*&?`), (_, sep: string) => sep).replace(/[?&]$/, '');
}

export function paramValue(url: string, name: string): string | undefined {
  return new RegExp(`[?&]${name}=([^&]*)`).exec(url)?.[1];
}

const OTHER_METHOD: Record<string, string> = { GET: 'PUT', PUT: 'GET', HEAD: 'DELETE', DELETE: 'GET' };

/** Rewrites an AWS URL between virtual-hosted and path style, keeping everything else. */
export function switchStyle(url: string): string | undefined {
  const { base, path, query } = split(url);
  const virtual = /^(https?:\/\/)([^/]+?)\.(s3[.-][^/]*amazonaws\.com)$/.exec(base);
  if (virtual && !virtual[2]!.startsWith('s3.') && virtual[2] !== 's3')
    return `${virtual[1]}${virtual[3]}/${virtual[2]}${path}?${query}`;
  const pathStyle = /^(https?:\/\/)(s3[.-][^/]*amazonaws\.com)$/.exec(base);
  if (pathStyle) {
    const [, bucket, rest] = /^\/([^/]+)(.*)$/.exec(path) ?? [];
    if (bucket) return `${pathStyle[1]}${bucket}.${pathStyle[2]}${rest}?${query}`;
  }
  return undefined;
}

/** The mutations of one valid request; `rawKey` and `key` are its object key as written and decoded. */
export function mutationsOf(
  valid: Request,
  rawKey: string,
  key: string,
  options: { hostStyle: boolean; secretChars: boolean },
): Mutation[] {
  const out: Mutation[] = [];
  const { url, method, headers } = valid;
  const { base, path, query } = split(url);
  const add = (name: string, m: Omit<Mutation, 'name' | 'method' | 'headers'> & Partial<Request>): void =>
    void out.push({ name, method, headers, ...m });

  add(`method ${OTHER_METHOD[method]}`, { url, method: OTHER_METHOD[method]!, expect: 'METHOD_MISMATCH' });

  const credential = paramValue(url, 'X-Amz-Credential');
  if (credential) {
    const region = credential.split('%2F')[2]!;
    const other = region === 'us-west-2' ? 'eu-west-1' : 'us-west-2';
    add(`region ${other} in X-Amz-Credential`, {
      url: setParam(url, 'X-Amz-Credential', credential.replace(`%2F${region}%2F`, `%2F${other}%2F`)),
      expect: 'REGION_MISMATCH',
    });
  }

  if (options.hostStyle) {
    const switched = switchStyle(url);
    if (switched) add('addressing style switched', { url: switched, expect: 'ADDRESSING_STYLE' });
  }

  add('parameter added', { url: `${url}&utm_source=mail`, expect: 'PARAMETER_CHANGED' });
  const expires = paramValue(url, 'X-Amz-Expires');
  if (expires)
    add('X-Amz-Expires edited', {
      url: setParam(url, 'X-Amz-Expires', expires === '3600' ? '86400' : '3600'),
      expect: 'PARAMETER_CHANGED',
    });
  if (paramValue(url, 'x-id')) add('x-id removed', { url: removeParam(url, 'x-id'), expect: 'PARAMETER_CHANGED' });
  for (const name of ['X-Amz-Date', 'X-Amz-Credential', 'X-Amz-Security-Token', 'response-content-type', 'versionId']) {
    const value = paramValue(url, name);
    if (value !== undefined) add(`${name} altered`, { url: setParam(url, name, `${value}0`) });
  }

  const keyPrefix = path.slice(0, path.length - rawKey.length);
  const withKey = (k: string): string => `${base}${keyPrefix}${k}?${query}`;
  // S3 reads a raw "+" in a path as a space: a space sent as "+" stays valid, a plus sent raw does not.
  if (rawKey.includes('%2B')) add('+ sent raw', { url: withKey(rawKey.replace('%2B', '+')), expect: 'KEY_ENCODING' });
  if (rawKey.includes('%2B'))
    add('+ sent as a space', { url: withKey(rawKey.replace('%2B', '%20')), expect: 'KEY_ENCODING' });
  if (rawKey.includes('%'))
    add('key encoded twice', { url: withKey(rawKey.replace(/%/g, '%25')), expect: 'KEY_ENCODING' });
  if (key.normalize('NFD') !== key)
    add('key in NFD', { url: withKey(encodeKey(key.normalize('NFD'))), expect: 'KEY_ENCODING' });
  if (key.normalize('NFC') !== key)
    add('key in NFC', { url: withKey(encodeKey(key.normalize('NFC'))), expect: 'KEY_ENCODING' });
  add('trailing slash added', { url: withKey(`${rawKey}/`), expect: 'KEY_ENCODING' });

  for (const [name, value] of Object.entries(headers)) {
    add(`${name} changed`, {
      url,
      headers: { ...headers, [name]: value === 'image/png' ? 'image/jpeg' : 'image/png' },
      expect: 'HEADER_MISMATCH',
    });
    const without = { ...headers };
    delete without[name];
    add(`${name} not sent`, { url, headers: without, expect: 'HEADER_MISMATCH' });
  }

  if (options.secretChars) {
    const signature = paramValue(url, 'X-Amz-Signature')!;
    for (let i = 0; i < signature.length; i++) {
      const changed = signature.slice(0, i) + (signature[i] === '0' ? '1' : '0') + signature.slice(i + 1);
      add(`signature character ${i}`, {
        url: setParam(url, 'X-Amz-Signature', changed),
        // Verified without naming the access key: the engine cannot tell a changed signature from another
        // secret, and says so.
        expect: i === 0 ? 'CANNOT_TELL' : undefined,
      });
    }
  }
  return out;
}

/** Encodes a key as the SDK does: RFC 3986, "/" kept. */
export function encodeKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/');
}
