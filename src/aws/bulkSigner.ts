// Presigned GET URLs for many keys, fast: one credential resolution, one endpoint resolution and one
// signing key for all of them. The SDK presigns a probe key once; everything but the key's path is the
// same for every URL (the canonical query, the host, the scope), so each URL costs one SHA-256 and one
// HMAC. The result is byte-identical to getSignedUrl's for the same inputs and signing date (tested).
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash, createHmac } from 'node:crypto';
import {
  canonicalQueryPairs,
  canonicalQueryString,
  parsePresignedUrl,
  redactSessionTokens,
  signingKey,
  UNSIGNED_PAYLOAD,
} from '../engine';
import type { S3Access } from './s3';

export interface BulkSigner {
  /** The presigned GET URL of `key`. */
  sign(key: string): string;
  readonly signedAt: Date;
  readonly expiresAt: Date;
  readonly credentialsExpiration?: Date;
}

/** How SDK v3 writes a key into an S3 path: each segment RFC 3986-encoded, "/" kept. */
export function encodeKeyForPath(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

const PROBE_KEY = 'presign-lens-probe';

export async function createBulkSigner(
  access: S3Access,
  bucket: string,
  expiresIn: number,
  signingDate = new Date(),
): Promise<BulkSigner> {
  const credentials = await access.credentials();
  const region = await access.bucketRegion(bucket, new AbortController().signal);
  const probe = await getSignedUrl(access.client(region), new GetObjectCommand({ Bucket: bucket, Key: PROBE_KEY }), {
    expiresIn,
    signingDate,
  });
  const parsed = parsePresignedUrl(probe);
  if (!parsed.ok || !parsed.value.credential || parsed.value.signedHeaders.join(';') !== 'host') {
    // The message reaches the log and a notification: the session token stays out of it.
    throw new Error(
      `Unexpected presigned URL from the SDK: ${parsed.ok ? redactSessionTokens(parsed.value.url) : parsed.error}`,
    );
  }
  const url = parsed.value;
  const cred = url.credential!;
  const amzDate = url.params.find((p) => p.name === 'X-Amz-Date')!.value;

  // The URL around the key: origin and path prefix; the query with the signature's place kept.
  const q = probe.indexOf('?');
  const base = probe.slice(0, q);
  const pathStart = base.indexOf('/', base.indexOf('//') + 2);
  const origin = base.slice(0, pathStart);
  const pathPrefix = base.slice(pathStart, base.length - PROBE_KEY.length);
  const rawParams = probe.slice(q + 1).split('&');
  const signatureAt = rawParams.findIndex((p) => p.startsWith('X-Amz-Signature='));
  const queryBefore = `?${rawParams.slice(0, signatureAt).join('&')}${signatureAt > 0 ? '&' : ''}X-Amz-Signature=`;
  const queryAfter = signatureAt < rawParams.length - 1 ? `&${rawParams.slice(signatureAt + 1).join('&')}` : '';

  const canonicalQuery = canonicalQueryString(canonicalQueryPairs(url));
  const requestTail = `\n${canonicalQuery}\nhost:${url.host.host}\n\nhost\n${UNSIGNED_PAYLOAD}`;
  const stringToSignHead = `AWS4-HMAC-SHA256\n${amzDate}\n${cred.date}/${cred.region}/${cred.service}/${cred.terminator}\n`;
  const key = signingKey(credentials.secretAccessKey, cred.date, cred.region, cred.service);
  const signedAt = url.signedAt!;

  return {
    signedAt,
    expiresAt: url.expiresAt!,
    credentialsExpiration: credentials.expiration,
    sign(objectKey: string): string {
      const path = pathPrefix + encodeKeyForPath(objectKey);
      const hash = createHash('sha256').update(`GET\n${path}${requestTail}`).digest('hex');
      const signature = createHmac('sha256', key)
        .update(stringToSignHead + hash)
        .digest('hex');
      return `${origin}${path}${queryBefore}${signature}${queryAfter}`;
    },
  };
}
