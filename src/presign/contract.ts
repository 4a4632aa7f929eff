// What the command `s3presign.presign` takes and returns: the programmatic contract other extensions and
// tests use, and the outcome every presign surface reports (URL, what the client must send, warnings).
import type { Presigned, PresignRequest } from '../aws/presign';
import { formatDuration, isoUtc, isPresignMethod, parseExpiry, PRESIGN_METHODS, type PresignMethod } from '../engine';

/**
 * Arguments of `s3presign.presign`: a presign request's fields, each optional, in JSON-friendly form. With
 * all of profile, bucket, key, method and expiresIn there is no UI.
 */
export interface PresignArgs extends Partial<
  Omit<PresignRequest, 'expiresIn' | 'signingDate' | 'sdkDefaultChecksums'>
> {
  readonly profile?: string;
  /** Seconds, or a duration/date as typed ("6h", "2026-12-01T00:00:00Z"). */
  readonly expiresIn?: number | string;
  /** ISO-8601 signing date, for reproducible URLs. */
  readonly signingDate?: string;
}

/** Arguments that name everything a URL needs: presigned without asking anything. */
export interface CompletePresignArgs extends PresignArgs {
  readonly profile: string;
  readonly bucket: string;
  readonly key: string;
  readonly method: PresignMethod;
  readonly expiresIn: number | string;
}

export function isCompletePresignArgs(args: PresignArgs | undefined): args is CompletePresignArgs {
  return !!args && !!args.profile && !!args.bucket && !!args.key && !!args.method && args.expiresIn !== undefined;
}

/** Throws, with the methods that exist, for a method this product does not presign. */
export function checkMethod(method: unknown): void {
  if (method !== undefined && !isPresignMethod(method)) {
    throw new Error(
      `Cannot presign ${typeof method === 'string' ? method : JSON.stringify(method)}: the methods are ${PRESIGN_METHODS.join(', ')}.`,
    );
  }
}

/** Seconds from an expiry as given (a number or typed text); throws the reason for one that is not allowed. */
export function expirySeconds(value: number | string, now: Date): number {
  const parsed = parseExpiry(String(value), now);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.seconds;
}

export interface PresignOutcome {
  readonly url: string;
  readonly method: PresignMethod;
  readonly bucket: string;
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly signedAt: string;
  readonly expiresAt: string;
  /** The earlier of the URL's expiry and its credentials' expiration. */
  readonly effectiveExpiresAt: string;
  readonly credentialsExpiration?: string;
  readonly warnings: readonly string[];
}

/** A signed URL, with the warnings the user must see before using it. */
export function outcomeOf(r: PresignRequest, p: Presigned): PresignOutcome {
  const warnings: string[] = [];
  let effective = p.expiresAt;
  if (p.credentialsExpiration && p.credentialsExpiration < p.expiresAt) {
    effective = p.credentialsExpiration;
    warnings.push(
      `This URL stops working at ${p.credentialsExpiration.toLocaleString()} (${formatDuration(p.credentialsExpiration.getTime() - Date.now())} from now), when the temporary credentials that signed it expire — not in ${formatDuration(r.expiresIn * 1000)}.`,
    );
  }
  return {
    url: p.url,
    method: p.method,
    bucket: r.bucket,
    key: r.key,
    headers: p.headers,
    signedAt: isoUtc(p.signedAt),
    expiresAt: isoUtc(p.expiresAt),
    effectiveExpiresAt: isoUtc(effective),
    credentialsExpiration: p.credentialsExpiration ? isoUtc(p.credentialsExpiration) : undefined,
    warnings,
  };
}
