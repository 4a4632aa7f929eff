// Presigning with @aws-sdk/s3-request-presigner on the profile's client for the bucket's region, and what
// the URL then demands of the client (the signed headers and their values).
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { headerProblem, parsePresignedUrl, type PresignMethod } from '../engine';
import type { S3Access } from './s3';

export interface PresignRequest {
  readonly bucket: string;
  readonly key: string;
  readonly method: PresignMethod;
  readonly expiresIn: number;
  /** GET: the download's file name, as `attachment; filename="…"`, or any Content-Disposition. */
  readonly responseContentDisposition?: string;
  readonly responseContentType?: string;
  readonly versionId?: string;
  /** PUT: the object's Content-Type; with `signContentType` the uploader must send exactly it. */
  readonly contentType?: string;
  readonly signContentType?: boolean;
  readonly storageClass?: string;
  readonly serverSideEncryption?: 'AES256' | 'aws:kms';
  readonly kmsKeyId?: string;
  /** PUT: base64 MD5 of the body; signed, so S3 refuses any other body. */
  readonly contentMd5?: string;
  /** Sign as of this instant (reproducible URLs); default now. */
  readonly signingDate?: Date;
  /** Keep SDK v3's default checksums (the empty-body CRC32 on uploads). */
  readonly sdkDefaultChecksums?: boolean;
}

export interface Presigned {
  readonly url: string;
  readonly method: PresignMethod;
  /** Headers the client must send, with these exact values. */
  readonly headers: Readonly<Record<string, string>>;
  readonly signedAt: Date;
  readonly expiresAt: Date;
  /** When the signing credentials expire (temporary credentials): the URL dies then at the latest. */
  readonly credentialsExpiration?: Date;
  readonly region: string;
}

function command(r: PresignRequest) {
  const base = { Bucket: r.bucket, Key: r.key };
  switch (r.method) {
    case 'GET':
      return new GetObjectCommand({
        ...base,
        ResponseContentDisposition: r.responseContentDisposition,
        ResponseContentType: r.responseContentType,
        VersionId: r.versionId,
      });
    case 'HEAD':
      return new HeadObjectCommand({ ...base, VersionId: r.versionId });
    case 'DELETE':
      return new DeleteObjectCommand({ ...base, VersionId: r.versionId });
    case 'PUT':
      return new PutObjectCommand({
        ...base,
        ContentType: r.contentType,
        StorageClass: r.storageClass as StorageClass | undefined,
        ServerSideEncryption: r.serverSideEncryption,
        SSEKMSKeyId: r.serverSideEncryption === 'aws:kms' ? r.kmsKeyId : undefined,
        ContentMD5: r.contentMd5,
      });
  }
}

const HEADER_NAMES: Readonly<Record<string, string>> = { 'content-type': 'Content-Type', 'content-md5': 'Content-MD5' };

/**
 * The headers a URL signed and the values the client must send for them, read from the URL itself: the
 * presigner signs Content-Type and Content-MD5 when asked, and always keeps the SSE headers as headers.
 */
function requiredHeaders(url: string, r: PresignRequest): Record<string, string> {
  const values: Readonly<Record<string, string | undefined>> = {
    'content-type': r.contentType,
    'content-md5': r.contentMd5,
    'x-amz-server-side-encryption': r.serverSideEncryption,
    'x-amz-server-side-encryption-aws-kms-key-id': r.kmsKeyId,
  };
  const parsed = parsePresignedUrl(url);
  const headers: Record<string, string> = {};
  for (const name of parsed.ok ? parsed.value.signedHeaders : []) {
    if (name === 'host') continue;
    const value = values[name];
    if (value === undefined) throw new Error(`The presigned URL signs ${name}, whose value is not known here.`);
    headers[HEADER_NAMES[name] ?? name] = value;
  }
  return headers;
}

/** Values the client sends as headers: a CR or LF in one would end the header and start another. */
function checkHeaderValues(r: PresignRequest): void {
  for (const [name, value] of [
    ['Content-Type', r.contentType],
    ['Content-MD5', r.contentMd5],
  ] as const) {
    const problem = value === undefined ? undefined : headerProblem(name, value);
    if (problem) throw new Error(`Cannot presign: ${problem}.`);
  }
}

export async function presign(access: S3Access, r: PresignRequest, signal?: AbortSignal): Promise<Presigned> {
  checkHeaderValues(r);
  const credentials = await access.credentials();
  const region = await access.bucketRegion(r.bucket, signal ?? new AbortController().signal);
  const signedAt = r.signingDate ?? new Date();
  const signable = new Set<string>();
  if (r.method === 'PUT' && r.contentType && r.signContentType) signable.add('content-type');
  if (r.method === 'PUT' && r.contentMd5) signable.add('content-md5');
  const url = await getSignedUrl(access.client(region, r.sdkDefaultChecksums), command(r), {
    expiresIn: r.expiresIn,
    signingDate: signedAt,
    ...(signable.size ? { signableHeaders: signable } : {}),
  });
  return {
    url,
    method: r.method,
    headers: requiredHeaders(url, r),
    signedAt: new Date(Math.floor(signedAt.getTime() / 1000) * 1000),
    expiresAt: new Date(Math.floor(signedAt.getTime() / 1000) * 1000 + r.expiresIn * 1000),
    credentialsExpiration: credentials.expiration,
    region,
  };
}
