// The only entry that brings the AWS SDK into the extension. It is bundled on its own (dist/sdk.js) and
// loaded through `loadSdk()` the first time a feature needs S3, never at activation. Elsewhere, import
// only types from src/aws/ (`import type`), or the SDK would be pulled into the activation bundle.
export { createBulkSigner } from './aws/bulkSigner';
export { credentialProvider, type MfaPrompt } from './aws/credentials';
export { presign } from './aws/presign';
export { listProfiles } from './aws/profiles';
export { S3Access } from './aws/s3';
