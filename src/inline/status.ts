// The status of a presigned URL in a few words, for decorations and hovers.
import { expiryWords, formatDuration, type PresignedUrl } from '../engine';

export interface UrlStatus {
  readonly expired: boolean;
  /** "⏱ 3 h left", "expired 3 days ago": coarse, as glanced at. */
  readonly badge: string;
  /** "expires in 3 h 12 min", "expired 2 days ago". */
  readonly words: string;
}

export function urlStatus(url: PresignedUrl, now: Date): UrlStatus {
  if (!url.expiresAt) return { expired: false, badge: '⏱ expiry unknown', words: 'expiry unknown' };
  const ms = url.expiresAt.getTime() - now.getTime();
  const words = expiryWords(url.expiresAt, now);
  return ms > 0
    ? { expired: false, badge: `⏱ ${formatDuration(ms, 'coarse')} left`, words }
    : { expired: true, badge: `expired ${formatDuration(ms, 'coarse')} ago`, words };
}
