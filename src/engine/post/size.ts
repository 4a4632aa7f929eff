// A form's file sizes: S3's largest POST upload, and a size written as the policy holds it (bytes) with the
// unit it is whole in. Sizes are typed as parseByteSize reads them with decimal units too ("10MB" is
// 10,000,000 bytes, "5MiB" 5,242,880): the policy holds bytes, and a rounded guess would move a bound.

/**
 * The most one POST upload carries: S3 takes up to 5 GB in a single upload operation
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html), 5 GiB as its error
 * answers count it (MaxSizeAllowed 5368709120).
 */
export const MAX_POST_UPLOAD_BYTES = 5 * 1024 ** 3;

/** "10 MB (10,000,000 bytes)", "5 MiB (5,242,880 bytes)", "512 bytes": the size and its exact bytes. */
export function formatByteSize(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} byte${bytes === 1 ? '' : 's'}`;
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['GB', 1000 ** 3],
    ['MiB', 1024 ** 2],
    ['MB', 1000 ** 2],
    ['KiB', 1024],
    ['KB', 1000],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit} (${exact})`;
  }
  return exact;
}
