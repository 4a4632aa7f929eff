// The status of a presigned URL or a POST form policy in a few words, for decorations, hovers and the scan.
import { expiryWords, type PostPolicyNote, type PresignedUrl } from '../engine';

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
    ? { expired: false, badge: `⏱ ${short(ms)} left`, words }
    : { expired: true, badge: `expired ${short(ms)} ago`, words };
}
