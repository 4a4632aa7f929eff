import type * as Sdk from './sdk';

export type AwsSdk = typeof Sdk;

let sdk: AwsSdk | undefined;

/**
 * Loads the AWS SDK bundle on first use. `./sdk.js` stays a runtime require (the build marks it
 * external), so the SDK's code is parsed only when a feature first talks to S3.
 */
export function loadSdk(): AwsSdk {
  sdk ??= require('./sdk.js') as AwsSdk;
  return sdk;
}
