// The status of a presigned URL or a POST form policy in a few words, for badges, hovers and the workspace scan.
import { expiryWords, type PostPolicyNote, type PresignedUrl } from '../engine';

export interface UrlStatus {
  readonly expired: boolean;
  /**
   * "expires in 3 h", "expired 3 days ago": coarse, as glanced at, in the words of every surface; plain text
   * (an emoji is a missing-glyph box where no emoji font is installed).
   */
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
  if (!expiresAt) return { expired: false, badge: 'expiry unknown', words: 'expiry unknown' };
  return {
    expired: expiresAt.getTime() <= now.getTime(),
    badge: expiryWords(expiresAt, now, 'coarse'),
    words: expiryWords(expiresAt, now),
  };
}
