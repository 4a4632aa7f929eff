// The entry of the lazily loaded bundle (dist/sdk.js): everything of src/aws/ that needs the AWS SDK. The
// extension loads it through `loadSdk()` (src/session/sdkLoader.ts) the first time a feature needs S3,
// never at activation. Elsewhere in the extension, import only types from these modules (`import type`),
// or the SDK would be pulled into the activation bundle; profileModel.ts and errors.ts are SDK-free.
export { createBulkSigner } from './bulkSigner';
export { credentialProvider, type MfaPrompt } from './credentials';
export {
  abortMultipartUpload,
  listMultipartUploads,
  presignMultipart,
  type PresignedMultipart,
  type UploadInProgress,
} from './multipart';
export { presign } from './presign';
export { presignPost, type PresignedPostForm, type PostPresignOptions } from './presignPost';
export { listProfiles } from './profiles';
export { S3Access } from './s3';
