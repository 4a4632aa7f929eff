// Expiry of a URL to presign, as people type it: "90s", "45m", "6h", "3d", "1w", or an ISO-8601 date.
// Hand-written: duration parsers (ms and the like) accept fractions and years that S3's 1 s to 7 days
// cannot hold, and the refusal must say why in S3's terms.
import { MAX_EXPIRES_SECONDS } from './diagnose';
import { formatDuration } from './time';

export const EXPIRY_PRESETS: readonly { readonly label: string; readonly seconds: number }[] = [
  { label: '15 minutes', seconds: 900 },
  { label: '1 hour', seconds: 3600 },
  { label: '12 hours', seconds: 43200 },
  { label: '1 day', seconds: 86400 },
  { label: '7 days (the maximum)', seconds: MAX_EXPIRES_SECONDS },
];

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

export type ExpiryResult =
  { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly error: string };

/**
 * Seconds from `now` until the expiry typed, refusing what S3 would refuse (over 7 days, or past). A POST
 * form's policy has no documented cap of its own, but its SigV4 signing key is derived for a day and, as
 * AWS puts it for presigned URLs, "valid for up to seven days"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html): forms keep that bound.
 */
export function parseExpiry(text: string, now: Date, subject: 'url' | 'form' = 'url'): ExpiryResult {
  const input = text.trim();
  let seconds: number;
  const duration = /^(\d+)\s*([smhdw]?)$/i.exec(input);
  if (duration) {
    seconds = Number(duration[1]) * UNITS[(duration[2] || 's').toLowerCase()]!;
  } else if (/^\d{4}-\d{2}-\d{2}/.test(input) && !Number.isNaN(Date.parse(input))) {
    seconds = Math.floor((Date.parse(input) - now.getTime()) / 1000);
    if (seconds <= 0) return { ok: false, error: `${input} is in the past.` };
  } else {
    return {
      ok: false,
      error: 'Type a duration such as 90s, 45m, 6h or 3d, or an ISO date such as 2026-12-01T12:00:00Z.',
    };
  }
  if (seconds < 1) return { ok: false, error: 'The expiry must be at least 1 second.' };
  if (seconds > MAX_EXPIRES_SECONDS && subject === 'form')
    return {
      ok: false,
      error: `${formatDuration(seconds * 1000)} is over 7 days (604800 s), the life of a SigV4 signing key: forms are signed for 7 days at most. Generate a new form when it runs out.`,
    };
  if (seconds > MAX_EXPIRES_SECONDS) {
    return {
      ok: false,
      error: `${formatDuration(seconds * 1000)} is over the 7-day limit of SigV4 presigned URLs (604800 s): S3 refuses them. For longer access, re-presign on demand or use CloudFront signed URLs.`,
    };
  }
  return { ok: true, seconds };
}
