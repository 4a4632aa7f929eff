// Loads the AWS SDK bundle (dist/sdk.js) when a feature first needs S3.
import type * as Sdk from '../aws/sdk';

export type AwsSdk = typeof Sdk;

let sdk: AwsSdk | undefined;

/**
 * Loads the AWS SDK bundle on first use. The build turns this require into `require('./sdk.js')`, a
 * runtime require of the sibling bundle dist/sdk.js (scripts/build.mjs), so the SDK's code is parsed only
 * when a feature first talks to S3; compiled by tsc (unit tests), it loads out/src/aws/sdk.js.
 */
export function loadSdk(): AwsSdk {
  sdk ??= require('../aws/sdk.js') as AwsSdk;
  return sdk;
}
