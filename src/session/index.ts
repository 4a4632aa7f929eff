// The AWS session layer: between the AWS code (src/aws, SDK loaded lazily) and the editor features.
export { AddedBuckets } from './addedBuckets';
export { s3PlaceOf, type HasS3Place, type S3Place } from './place';
export { AwsSession, type ProfileListing } from './session';
export { loadSdk, type AwsSdk } from './sdkLoader';
