// File sizes as people type them for a form's content-length-range: "5000", "10MB", "5 MiB", "1.5GB".
// MB and GB are powers of 1000 and MiB and GiB powers of 1024, as the units say, so "10MB" is
// 10,000,000 bytes: the policy holds bytes, and a rounded guess would move the bound the user chose.

/**
 * The most one POST upload carries: S3 takes up to 5 GB in a single upload operation
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html), 5 GiB as its error
 * answers count it (MaxSizeAllowed 5368709120).
 */
export const MAX_POST_UPLOAD_BYTES = 5 * 1024 ** 3;

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

export type ByteSizeResult =
  { readonly ok: true; readonly bytes: number } | { readonly ok: false; readonly error: string };

/** Bytes of a size typed with an optional unit (B, KB, MB, GB, KiB, MiB, GiB; any case). */
export function parseByteSize(text: string): ByteSizeResult {
  const m = /^(\d{1,16})(?:\.(\d{1,6}))?\s*([a-z]{0,3})$/i.exec(text.trim());
  const unit = UNITS[(m?.[3] || 'b').toLowerCase()];
  if (!m || unit === undefined)
    return {
      ok: false,
      error: `"${text.slice(0, 40)}" is not a size: type bytes, or a number with KB, MB, GB, KiB, MiB or GiB.`,
    };
  const bytes = Math.round(Number(`${m[1]}.${m[2] ?? '0'}`) * unit);
  if (!Number.isSafeInteger(bytes)) return { ok: false, error: `"${text.slice(0, 40)}" is too large.` };
  if (m[2] !== undefined && unit === 1) return { ok: false, error: 'A size in bytes is a whole number.' };
  return { ok: true, bytes };
}

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
