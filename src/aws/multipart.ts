// Multipart uploads with the profile's credentials: CreateMultipartUpload, then presigned UploadPart URLs
// for every part and presigned CompleteMultipartUpload and AbortMultipartUpload URLs; listing the uploads a
// bucket has in progress and aborting them. The plan of parts and what to do with the URLs are the
// engine's (src/engine/multipart.ts). The SDK presigns part 1; the other parts differ from it only by
// partNumber, so each costs one SHA-256 and one HMAC (as bulkSigner.ts does for keys), byte-identical to
// getSignedUrl's URL (tested) and checked against the SDK's own part 1 before use.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash, createHmac } from 'node:crypto';
import {
  canonicalQueryPairs,
  canonicalQueryString,
  headerProblem,
  isoUtc,
  parsePresignedUrl,
  signingKey,
  UNSIGNED_PAYLOAD,
  type MultipartUrlSet,
  type PartPlan,
} from '../engine';
import type { S3Access } from './s3';

export interface MultipartRequest {
  readonly bucket: string;
  readonly key: string;
  readonly plan: PartPlan;
  readonly expiresIn: number;
  /** The object's Content-Type, set when the upload is created (parts carry none). */
  readonly contentType?: string;
  /** Sign as of this instant (reproducible URLs); default now. */
  readonly signingDate?: Date;
}

export interface PresignedMultipart extends MultipartUrlSet {
  readonly region: string;
  readonly signedAt: Date;
  /** When the signing credentials expire (temporary credentials): the URLs die then at the latest. */
  readonly credentialsExpiration?: Date;
}

/** Parts signed between two yields to the event loop: a 10,000-part set never holds the thread long. */
const PARTS_PER_SLICE = 200;

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Creates the upload and presigns its URLs. `onProgress` hears how many parts are signed. When signing
 * fails or is cancelled after the upload exists, the upload is aborted, so that no parts are left to cost
 * storage.
 */
export async function presignMultipart(
  access: S3Access,
  r: MultipartRequest,
  signal: AbortSignal,
  onProgress?: (signed: number, total: number) => void,
): Promise<PresignedMultipart> {
  const problem = r.contentType === undefined ? undefined : headerProblem('Content-Type', r.contentType);
  if (problem) throw new Error(`Cannot create the upload: ${problem}.`);
  const credentials = await access.credentials();
  const region = await access.bucketRegion(r.bucket, signal);
  const client = access.client(region);
  const created = await client.send(
    new CreateMultipartUploadCommand({ Bucket: r.bucket, Key: r.key, ContentType: r.contentType }),
    { abortSignal: signal },
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error(`${access.endpointFor(region)} created the upload without an UploadId.`);
  const target = { Bucket: r.bucket, Key: r.key, UploadId: uploadId };
  const signedAt = r.signingDate ?? new Date();
  const options = { expiresIn: r.expiresIn, signingDate: signedAt };
  try {
    const first = await getSignedUrl(client, new UploadPartCommand({ ...target, PartNumber: 1 }), options);
    const fast = partSigner(first, credentials.secretAccessKey);
    const signPart = (partNumber: number): Promise<string> =>
      fast
        ? Promise.resolve(fast(partNumber))
        : getSignedUrl(client, new UploadPartCommand({ ...target, PartNumber: partNumber }), options);
    const parts: { partNumber: number; url: string; size: number | null }[] = [];
    for (const part of r.plan.parts) {
      if (signal.aborted) throw abortError();
      parts.push({ partNumber: part.partNumber, url: await signPart(part.partNumber), size: part.size });
      if (parts.length % PARTS_PER_SLICE === 0) {
        onProgress?.(parts.length, r.plan.parts.length);
        await yieldToLoop();
      }
    }
    onProgress?.(parts.length, r.plan.parts.length);
    const complete = await getSignedUrl(client, new CompleteMultipartUploadCommand(target), options);
    const abort = await getSignedUrl(client, new AbortMultipartUploadCommand(target), options);
    const whole = Math.floor(signedAt.getTime() / 1000) * 1000;
    return {
      bucket: r.bucket,
      key: r.key,
      uploadId,
      partSize: r.plan.partSize,
      size: r.plan.size,
      parts,
      complete: { url: complete },
      abort: { url: abort },
      expiresAt: isoUtc(new Date(whole + r.expiresIn * 1000)),
      region,
      signedAt: new Date(whole),
      credentialsExpiration: credentials.expiration,
    };
  } catch (err) {
    await client.send(new AbortMultipartUploadCommand(target)).catch(() => undefined);
    throw err;
  }
}

const hmacHex = (key: Buffer, data: string): string => createHmac('sha256', key).update(data).digest('hex');

/**
 * Signs the UploadPart URL of any part number like `first` (the SDK's URL for part 1), or undefined when
 * `first` is not of the shape this handles (headers other than host signed) or recomputing its own
 * signature does not give the SDK's: then every part goes through the SDK.
 */
export function partSigner(first: string, secretAccessKey: string): ((partNumber: number) => string) | undefined {
  const parsed = parsePresignedUrl(first);
  if (!parsed.ok) return undefined;
  const url = parsed.value;
  const cred = url.credential;
  const amzDate = url.params.find((p) => p.name === 'X-Amz-Date')?.value;
  if (!cred || !amzDate || url.signedHeaders.join(';') !== 'host') return undefined;

  const q = first.indexOf('?');
  const base = first.slice(0, q);
  const path = base.slice(base.indexOf('/', base.indexOf('//') + 2));
  const rawParams = first.slice(q + 1).split('&');
  const partAt = rawParams.indexOf('partNumber=1');
  const signatureAt = rawParams.findIndex((p) => p.startsWith('X-Amz-Signature='));
  const pairs = canonicalQueryPairs(url);
  const at = pairs.findIndex(([k]) => k === 'partNumber');
  if (partAt === -1 || signatureAt === -1 || at === -1) return undefined;
  const key = signingKey(secretAccessKey, cred.date, cred.region, cred.service);
  const head = `AWS4-HMAC-SHA256\n${amzDate}\n${cred.date}/${cred.region}/${cred.service}/${cred.terminator}\n`;

  const sign = (partNumber: number): string => {
    const query = canonicalQueryString(pairs.map((pair, i) => (i === at ? [pair[0], String(partNumber)] : pair)));
    const canonical = `PUT\n${path}\n${query}\nhost:${url.host.host}\n\nhost\n${UNSIGNED_PAYLOAD}`;
    const signature = hmacHex(key, head + createHash('sha256').update(canonical).digest('hex'));
    const params = rawParams.map((p, i) =>
      i === partAt ? `partNumber=${partNumber}` : i === signatureAt ? `X-Amz-Signature=${signature}` : p,
    );
    return `${base}?${params.join('&')}`;
  };
  return sign(1) === first ? sign : undefined;
}

function abortError(): Error {
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

export interface UploadInProgress {
  readonly key: string;
  readonly uploadId: string;
  readonly initiated?: Date;
  readonly storageClass?: string;
}

/**
 * The most ListMultipartUploads pages read (1,000 uploads each, the most S3 returns:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html): beyond, the list says it
 * was cut short rather than paging on for ever.
 */
export const MAX_UPLOAD_PAGES = 20;

/** Multipart uploads started in the bucket and neither completed nor aborted, oldest first. */
export async function listMultipartUploads(
  access: S3Access,
  bucket: string,
  signal: AbortSignal,
  maxPages = MAX_UPLOAD_PAGES,
): Promise<{ uploads: UploadInProgress[]; truncated: boolean }> {
  const region = await access.bucketRegion(bucket, signal);
  const uploads: UploadInProgress[] = [];
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await access
      .client(region)
      .send(new ListMultipartUploadsCommand({ Bucket: bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }), {
        abortSignal: signal,
      });
    for (const u of answer.Uploads ?? []) {
      if (!u.Key || !u.UploadId) continue;
      uploads.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated, storageClass: u.StorageClass });
    }
    const next = [answer.NextKeyMarker, answer.NextUploadIdMarker] as const;
    // A marker that does not move would page for ever.
    if (!answer.IsTruncated || (next[0] === keyMarker && next[1] === uploadIdMarker)) {
      return { uploads: byAge(uploads), truncated: false };
    }
    [keyMarker, uploadIdMarker] = next;
  }
  return { uploads: byAge(uploads), truncated: true };
}

const byAge = (uploads: UploadInProgress[]): UploadInProgress[] =>
  uploads.sort((a, b) => (a.initiated?.getTime() ?? 0) - (b.initiated?.getTime() ?? 0));

export async function abortMultipartUpload(
  access: S3Access,
  bucket: string,
  upload: Pick<UploadInProgress, 'key' | 'uploadId'>,
  signal: AbortSignal,
): Promise<void> {
  const region = await access.bucketRegion(bucket, signal);
  await access
    .client(region)
    .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.key, UploadId: upload.uploadId }), {
      abortSignal: signal,
    });
}
