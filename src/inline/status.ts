// The status of a presigned URL or a POST form policy in a few words, for decorations, hovers and the scan.
import { expiryWords, formatDuration, type PostPolicyNote, type PresignedUrl } from '../engine';

export interface UrlStatus {
  readonly expired: boolean;
  /** "⏱ 3 h left", "expired 3 days ago": coarse, as glanced at. */
  readonly badge: string;
  /** "expires in 3 h 12 min", "expired 2 days ago". */
  readonly words: string;
}

export function urlStatus(url: PresignedUrl, now: Date): UrlStatus {
  return statusAt(url.expiresAt, now);
}

/** A POST form policy's status: its expiration, as a URL's. */
export function policyStatus(note: PostPolicyNote, now: Date): UrlStatus {
  const status = statusAt(note.expiration, now);
  return { ...status, words: `POST form policy, ${status.words}` };
}

function statusAt(expiresAt: Date | undefined, now: Date): UrlStatus {
  if (!expiresAt) return { expired: false, badge: '⏱ expiry unknown', words: 'expiry unknown' };
  const ms = expiresAt.getTime() - now.getTime();
  const words = expiryWords(expiresAt, now);
  return ms > 0
    ? { expired: false, badge: `⏱ ${formatDuration(ms, 'coarse')} left`, words }
    : { expired: true, badge: `expired ${formatDuration(ms, 'coarse')} ago`, words };
}
