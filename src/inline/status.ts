// The status of a presigned URL in a few words, for badges, hovers and the workspace scan.
import { expiryWords, type PresignedUrl } from '../engine';

export interface UrlStatus {
  readonly expired: boolean;
  /** "expires in 3 h 12 min", "expired 2 days ago". */
  readonly words: string;
}

export function urlStatus(url: PresignedUrl, now: Date): UrlStatus {
  if (!url.expiresAt) return { expired: false, words: 'expiry unknown' };
  return { expired: url.expiresAt.getTime() <= now.getTime(), words: expiryWords(url.expiresAt, now) };
}
