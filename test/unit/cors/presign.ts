// Presigned URLs as @aws-sdk/s3-request-presigner makes them, for the CORS cases: the same description
// gives a URL for AWS (offline) or for the local server.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export const CASE_BUCKET = 'presign-lens-cors';
export const CASE_KEY = 'uploads/photo.png';

export interface PresignSpec {
  readonly operation: 'GetObject' | 'PutObject' | 'HeadObject' | 'DeleteObject' | 'UploadPart';
  /** PutObject's ContentType, signed as the content-type header. */
  readonly signedContentType?: string;
  /** PutObject's ChecksumCRC32, kept as a signed x-amz-checksum-crc32 header. */
  readonly checksumHeader?: string;
  /** Keep SDK v3's default checksums (x-amz-checksum-crc32=AAAAAA== on uploads). */
  readonly sdkDefaultChecksums?: boolean;
}

type SignOptions = Parameters<typeof getSignedUrl>[2];

function sign(client: S3Client, spec: PresignSpec, options: SignOptions): Promise<string> {
  const target = { Bucket: CASE_BUCKET, Key: CASE_KEY };
  switch (spec.operation) {
    case 'GetObject':
      return getSignedUrl(client, new GetObjectCommand(target), options);
    case 'HeadObject':
      return getSignedUrl(client, new HeadObjectCommand(target), options);
    case 'DeleteObject':
      return getSignedUrl(client, new DeleteObjectCommand(target), options);
    case 'UploadPart':
      return getSignedUrl(
        client,
        new UploadPartCommand({ ...target, UploadId: 'example-upload-id', PartNumber: 2 }),
        options,
      );
    case 'PutObject':
      return getSignedUrl(
        client,
        new PutObjectCommand({
          ...target,
          ...(spec.signedContentType ? { ContentType: spec.signedContentType } : {}),
          ...(spec.checksumHeader ? { ChecksumCRC32: spec.checksumHeader } : {}),
        }),
        options,
      );
  }
}

/** A URL for `spec` from a client with `config` (region, endpoint, credentials…). */
export function presign(spec: PresignSpec, config: S3ClientConfig): Promise<string> {
  const client = new S3Client({
    ...config,
    ...(spec.sdkDefaultChecksums ? {} : { requestChecksumCalculation: 'WHEN_REQUIRED' as const }),
  });
  const signableHeaders = new Set<string>(spec.signedContentType ? ['content-type'] : []);
  const unhoistableHeaders = new Set<string>(spec.checksumHeader ? ['x-amz-checksum-crc32'] : []);
  return sign(client, spec, { expiresIn: 900, signableHeaders, unhoistableHeaders }).finally(() => client.destroy());
}

/** The AWS client the unit cases use (regional endpoint, virtual-hosted style). */
export const AWS_CLIENT: S3ClientConfig = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
};
