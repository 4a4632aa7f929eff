// A correct ListObjects (V1 and V2) for @20minutes/s3rver, installed in place of its own. The local server
// still authenticates every request (its signature check runs before any controller); only the listing
// logic is replaced, because s3rver's has four bugs that real S3 does not:
//   - with a delimiter, a folder whose only children are sub-folders is never reported (`deep/a/b/x` does
//     not give `deep/` at the root);
//   - MaxKeys counts keys but not common prefixes, and the continuation token assumes a page ends on a key;
//   - the continuation token is encrypted with single DES, which OpenSSL 3 refuses: every truncated listing
//     answers 500 on Node ≥ 17;
//   - its XML writer escapes text twice (`he` and then the builder): a key holding `'` or `&` is listed as
//     `&#x27;` or `&amp;`, a key that does not exist. This listing writes its XML itself, escaped once.
import bucketController = require('@20minutes/s3rver/lib/controllers/bucket');
import S3Error = require('@20minutes/s3rver/lib/models/error');
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const OBJECT_SUFFIX = '._S3rver_object';
const MAX_KEYS_LIMIT = 1000;

interface ListingContext {
  params: { bucket: string };
  query: Record<string, string | string[] | undefined>;
  store: {
    getBucketPath(bucket: string): string;
    getMetadata(bucket: string, key: string): Promise<Record<string, string | number | undefined>>;
  };
  body: unknown;
  type: string;
}

type Entry = { readonly key: string; readonly isPrefix: boolean };

/** What an element holds: text, child elements (repeated for an array), or nothing (left out). */
type XmlValue = string | number | boolean | undefined | readonly XmlValue[] | { readonly [name: string]: XmlValue };

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);

/** `<name>value</name>`, text escaped once; an array repeats the element, undefined leaves it out. */
function xmlElement(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v: XmlValue) => xmlElement(name, v)).join('');
  const inner =
    typeof value === 'object'
      ? Object.entries(value)
          .map(([child, v]) => xmlElement(child, v))
          .join('')
      : escapeXml(String(value));
  return `<${name}>${inner}</${name}>`;
}

/** S3 orders keys by their UTF-8 bytes, not by UTF-16 code units. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Every key in the bucket that can start with `prefix`, without descending into folders that cannot. */
function keysUnder(bucketPath: string, prefix: string): string[] {
  const keys: string[] = [];
  const visit = (dir: string, keyPrefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        const folder = `${keyPrefix}${entry.name}/`;
        if (folder.startsWith(prefix) || prefix.startsWith(folder)) visit(join(dir, entry.name), folder);
      } else if (entry.name.endsWith(OBJECT_SUFFIX)) {
        const key = keyPrefix + entry.name.slice(0, -OBJECT_SUFFIX.length);
        if (key.startsWith(prefix)) keys.push(key);
      }
    }
  };
  visit(bucketPath, '');
  return keys.sort(compareKeys);
}

/** Keys and common prefixes in listing order, after the resume point. */
function* listingEntries(
  keys: readonly string[],
  prefix: string,
  delimiter: string,
  after: Entry | undefined,
): Generator<Entry> {
  let lastPrefix: string | undefined;
  for (const key of keys) {
    if (after && (compareKeys(key, after.key) <= 0 || (after.isPrefix && key.startsWith(after.key)))) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut === -1) {
      yield { key, isPrefix: false };
      continue;
    }
    const common = key.slice(0, cut + delimiter.length);
    if (common !== lastPrefix) {
      lastPrefix = common;
      yield { key: common, isPrefix: true };
    }
  }
}

const encodeToken = (entry: Entry, bucket: string): string =>
  Buffer.from(JSON.stringify({ key: entry.key, isPrefix: entry.isPrefix, bucket })).toString('base64');

function decodeToken(token: string, bucket: string): Entry {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      key?: unknown;
      isPrefix?: unknown;
      bucket?: unknown;
    };
    if (typeof parsed.key === 'string' && typeof parsed.isPrefix === 'boolean' && parsed.bucket === bucket) {
      return { key: parsed.key, isPrefix: parsed.isPrefix };
    }
  } catch {
    // falls through to the S3 error below
  }
  throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
    ArgumentName: 'continuation-token',
  });
}

function stringParam(ctx: ListingContext, name: string): string | undefined {
  const value = ctx.query[name];
  return Array.isArray(value) ? value[0] : value;
}

function maxKeysParam(ctx: ListingContext): number {
  const raw = stringParam(ctx, 'max-keys');
  if (raw === undefined) return MAX_KEYS_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) > 2147483647) {
    throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', {
      ArgumentName: 'max-keys',
      ArgumentValue: raw,
    });
  }
  return Math.min(MAX_KEYS_LIMIT, Number(raw));
}

async function listObjects(ctx: ListingContext): Promise<void> {
  const bucket = ctx.params.bucket;
  const v2 = stringParam(ctx, 'list-type') === '2';
  const prefix = stringParam(ctx, 'prefix') ?? '';
  const delimiter = stringParam(ctx, 'delimiter') ?? '';
  const maxKeys = maxKeysParam(ctx);
  const urlEncoded = stringParam(ctx, 'encoding-type') === 'url';
  const token = v2 ? stringParam(ctx, 'continuation-token') : undefined;
  const startAfter = v2 ? stringParam(ctx, 'start-after') : stringParam(ctx, 'marker');
  const after = token ? decodeToken(token, bucket) : startAfter ? { key: startAfter, isPrefix: false } : undefined;

  const page: Entry[] = [];
  let isTruncated = false;
  for (const entry of listingEntries(keysUnder(ctx.store.getBucketPath(bucket), prefix), prefix, delimiter, after)) {
    if (page.length === maxKeys) {
      isTruncated = true;
      break;
    }
    page.push(entry);
  }
  const last = page[page.length - 1];
  const objects = await Promise.all(
    page
      .filter((e) => !e.isPrefix)
      .map(async (e) => ({ key: e.key, metadata: await ctx.store.getMetadata(bucket, e.key) })),
  );
  const enc = (s: string): string => (urlEncoded ? encodeURIComponent(s) : s);

  const result: { readonly [name: string]: XmlValue } = {
    Name: bucket,
    Prefix: enc(prefix),
    ...(v2
      ? {
          StartAfter: token ? undefined : startAfter && enc(startAfter),
          ContinuationToken: token,
          NextContinuationToken: isTruncated && last ? encodeToken(last, bucket) : undefined,
          KeyCount: page.length,
        }
      : {
          Marker: startAfter ? enc(startAfter) : '',
          NextMarker: isTruncated && delimiter && last ? enc(last.key) : undefined,
        }),
    MaxKeys: maxKeys,
    Delimiter: delimiter ? enc(delimiter) : undefined,
    EncodingType: urlEncoded ? 'url' : undefined,
    IsTruncated: isTruncated,
    Contents: objects.map(({ key, metadata }) => ({
      Key: enc(key),
      LastModified: new Date(String(metadata['last-modified'])).toISOString(),
      ETag: metadata['etag'],
      Size: Number(metadata['content-length']),
      StorageClass: metadata['x-amz-storage-class'] ?? 'STANDARD',
    })),
    CommonPrefixes: page.filter((e) => e.isPrefix).map((e) => ({ Prefix: enc(e.key) })),
  };
  // A string body passes s3rver's XML writer untouched.
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${Object.entries(result)
      .map(([name, value]) => xmlElement(name, value))
      .join('')}</ListBucketResult>`;
}

/** Replaces s3rver's listing controller for every server in this process (its router looks it up per request). */
export function installCorrectListing(): void {
  (bucketController as { getBucket: (ctx: ListingContext) => Promise<void> }).getBucket = listObjects;
}
