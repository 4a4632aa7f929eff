// The status of a presigned URL in a few words, for decorations and hovers.
import { expiryWords, type PresignedUrl } from '../engine';

/** Remaining time in the largest unit only: "3h", "12m", "2d". */
function short(ms: number): string {
  const s = Math.abs(ms) / 1000;
  if (s >= 86400) return `${Math.floor(s / 86400)}d`;
  if (s >= 3600) return `${Math.floor(s / 3600)}h`;
  if (s >= 60) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s)}s`;
}

export interface UrlStatus {
  readonly expired: boolean;
  /** "⏱ 3h left", "expired 2d ago". */
  readonly badge: string;
  /** "expires in 3 h 12 min", "expired 2 days ago". */
  readonly words: string;
}

export function urlStatus(url: PresignedUrl, now: Date): UrlStatus {
  if (!url.expiresAt) return { expired: false, badge: '⏱ expiry unknown', words: 'expiry unknown' };
  const ms = url.expiresAt.getTime() - now.getTime();
  const words = expiryWords(url.expiresAt, now);
  return ms > 0
    ? { expired: false, badge: `⏱ ${short(ms)} left`, words }
    : { expired: true, badge: `expired ${short(ms)} ago`, words };
}
