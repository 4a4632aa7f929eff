// Where in S3 a command acts: a profile, a bucket, and a key or a prefix. The Buckets view's nodes carry
// one, so that menus can hand a node to any feature's command without that feature knowing the view.

export interface S3Place {
  readonly profile: string;
  readonly bucket: string;
  /** An object's key. */
  readonly key?: string;
  /** A folder's prefix ("" for the bucket), with its trailing "/". */
  readonly prefix?: string;
}

export interface HasS3Place {
  readonly s3Place: S3Place;
}

/** The place a command argument names (a Buckets view node), if any. */
export function s3PlaceOf(arg: unknown): S3Place | undefined {
  if (typeof arg !== 'object' || arg === null || !('s3Place' in arg)) return undefined;
  const place = (arg as HasS3Place).s3Place;
  return typeof place === 'object' && typeof place.profile === 'string' && typeof place.bucket === 'string'
    ? place
    : undefined;
}
