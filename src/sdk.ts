// The only module that brings the AWS SDK into the extension. It is bundled on its own (dist/sdk.js) and
// loaded through `loadSdk()` the first time a feature needs S3, never at activation. Elsewhere, import
// only types from here (`import type`), or the SDK would be pulled into the activation bundle.
export {
  S3Client,
  ListBucketsCommand,
  ListObjectsV2Command,
  GetBucketLocationCommand,
  HeadBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  HeadObjectCommand,
  DeleteObjectCommand,
} from '@aws-sdk/client-s3';
export { getSignedUrl } from '@aws-sdk/s3-request-presigner';
export { fromIni, fromEnv, fromNodeProviderChain } from '@aws-sdk/credential-providers';
