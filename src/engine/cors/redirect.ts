// Redirects that break a preflight. A browser takes a preflight answer only with a 2xx status
// (https://fetch.spec.whatwg.org/#cors-preflight-fetch), so an S3 redirect to the bucket's Region ends
// the request with a network error, however right the CORS rules are (https://github.com/boto/boto3/issues/421,
// https://github.com/transloadit/uppy/issues/713). S3 redirects:
//  - the legacy global endpoint, virtual-hosted, for a bucket outside us-east-1: 307 while DNS is not yet
//    updated (up to a day after creation), 400 for Regions launched after 20 March 2019
//    (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html);
//  - path style on an endpoint of another Region (the global one included): 301 PermanentRedirect, or 400
//    for the newer Regions (https://docs.aws.amazon.com/AmazonS3/latest/API/UsingRouting.html).
import type { PresignedUrl } from '../model';
import type { CorsFinding } from './model';

const VIRTUAL_HOSTING = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html';
const ROUTING = 'https://docs.aws.amazon.com/AmazonS3/latest/API/UsingRouting.html';
const REGIONAL_ENDPOINTS = new Set(['regional', 'legacy-dash-regional', 'dualstack', 'fips']);

function regionalFix(url: PresignedUrl, region: string): string {
  const bucket = url.bucket ?? 'BUCKET';
  return `Presign with the S3 client's region set to ${region}, so the URL is https://${bucket}.s3.${region}.amazonaws.com/….`;
}

/**
 * What in the URL makes S3 answer with a redirect (or an error) instead of the CORS answer. `bucketRegion`
 * is the bucket's Region when known (GetBucketLocation, x-amz-bucket-region); else the Region the URL was
 * signed for stands in for it, and the finding says so.
 */
export function preflightRedirects(url: PresignedUrl, bucketRegion?: string): CorsFinding[] {
  const { host } = url;
  if (!host.isAws || (host.style !== 'virtual-hosted' && host.style !== 'path') || url.bucket === undefined) return [];
  const signedFor = url.credential?.region || undefined;
  const region = bucketRegion ?? signedFor;
  const guess = bucketRegion === undefined ? ` (the Region the URL is signed for; the bucket's own was not given)` : '';

  if (host.endpoint === 'global') {
    if (region === undefined) {
      return [
        {
          code: 'GLOBAL_ENDPOINT_REDIRECT',
          severity: 'info',
          message: `The URL uses the legacy global endpoint: if the bucket is outside us-east-1, S3 may answer with a redirect (or 400), which a preflight cannot follow.`,
          fix: "Presign with the bucket's Region so the URL names it.",
          source: VIRTUAL_HOSTING,
        },
      ];
    }
    if (region === 'us-east-1') return [];
    if (host.style === 'path') {
      return [
        {
          code: 'GLOBAL_ENDPOINT_REDIRECT',
          severity: 'error',
          message: `The bucket is in ${region}${guess}, and the URL addresses it path style on the global endpoint s3.amazonaws.com: S3 answers 301 PermanentRedirect (400 in Regions opened after 20 March 2019), so the preflight fails with a network error.`,
          fix: regionalFix(url, region),
          source: ROUTING,
        },
      ];
    }
    return [
      {
        code: 'GLOBAL_ENDPOINT_REDIRECT',
        severity: 'warning',
        message: `The bucket is in ${region}${guess}, and the URL uses the legacy global endpoint ${host.hostname}: until DNS sends that name to ${region} (up to a day after the bucket is created) S3 answers 307 Temporary Redirect, and in Regions opened after 20 March 2019 it answers 400. A preflight follows neither.`,
        fix: regionalFix(url, region),
        source: VIRTUAL_HOSTING,
      },
    ];
  }

  if (REGIONAL_ENDPOINTS.has(host.endpoint) && host.region && bucketRegion && host.region !== bucketRegion) {
    return [
      {
        code: 'REGION_REDIRECT',
        severity: 'error',
        message: `The URL addresses ${host.region} and the bucket is in ${bucketRegion}: S3 answers 301 PermanentRedirect (400 in Regions opened after 20 March 2019), so the preflight fails with a network error.`,
        fix: regionalFix(url, bucketRegion),
        source: ROUTING,
      },
    ];
  }
  return [];
}
