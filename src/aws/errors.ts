// What went wrong talking to AWS, in words a user can act on. Plain code: no SDK import.
import { redactSessionTokens } from '../engine';
import type { ProfileKind } from './profileModel';

export type FailureKind =
  | 'cancelled'
  | 'credentials'
  | 'access-denied'
  | 'throttled'
  | 'timeout'
  | 'offline'
  | 'not-found'
  | 'region'
  | 'other';

export interface Failure {
  readonly kind: FailureKind;
  /** One line for a tree node or a notification. */
  readonly message: string;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  cause?: ErrorLike;
  /** An AggregateError's errors (a connection tried on several addresses). */
  errors?: ErrorLike[];
  $metadata?: { httpStatusCode?: number };
}

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
};

function networkCode(err: ErrorLike | undefined, depth = 0): string | undefined {
  if (!err || depth > 4) return undefined;
  if (err.code && NETWORK_CODES[err.code]) return err.code;
  const nested = err.errors?.find((e) => networkCode(e, depth + 1));
  return networkCode(err.cause, depth + 1) ?? (nested ? networkCode(nested, depth + 1) : undefined);
}

/** Classifies an SDK or credential-provider error, for the profile (and its kind) and bucket it concerns. */
export function describeFailure(
  error: unknown,
  context: { profile: string; kind?: ProfileKind; endpoint?: string; bucket?: string },
): Failure {
  const err = (error ?? {}) as ErrorLike;
  const name = err.name ?? err.Code ?? '';
  const raw = redactSessionTokens((err.message ?? String(error)).split('\n')[0] ?? '');
  const status = err.$metadata?.httpStatusCode;
  const profile = context.profile;

  if (name === 'AbortError' || err.code === 'ABORT_ERR') return { kind: 'cancelled', message: 'Cancelled.' };
  if (
    name === 'CredentialsProviderError' ||
    name === 'TokenProviderError' ||
    /sso session|aws sso login|token.*(expired|invalid)/i.test(raw)
  ) {
    if (context.kind === 'sso' || context.kind === 'sso-legacy' || /sso/i.test(raw)) {
      return {
        kind: 'credentials',
        message: `The SSO session has expired or was never started: run \`aws sso login --profile ${profile}\`, then retry.`,
      };
    }
    if (context.kind === 'credential-process' || /credential_process/i.test(raw))
      return { kind: 'credentials', message: `credential_process failed: ${raw}` };
    if (/mfa/i.test(raw)) return { kind: 'credentials', message: `An MFA code is needed and was not given: ${raw}` };
    return { kind: 'credentials', message: `Cannot resolve credentials for profile ${profile}: ${raw}` };
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException' || name === 'RequestExpired') {
    return {
      kind: 'credentials',
      message: `The credentials of profile ${profile} have expired: refresh them (aws sso login, or new keys), then retry.`,
    };
  }
  if (name === 'InvalidAccessKeyId')
    return {
      kind: 'credentials',
      message: `The access key of profile ${profile} is not known to ${context.endpoint ?? 'this endpoint'}.`,
    };
  if (name === 'SignatureDoesNotMatch')
    return { kind: 'credentials', message: `The secret key of profile ${profile} does not match its access key.` };
  if (name === 'NoSuchBucket')
    return { kind: 'not-found', message: `The bucket ${context.bucket ?? ''} no longer exists.`.replace('  ', ' ') };
  if (name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed' || status === 301) {
    return {
      kind: 'region',
      message: `The bucket ${context.bucket ?? ''} is in another region than the one asked.`.replace('  ', ' '),
    };
  }
  if (name === 'AccessDenied' || name === 'AllAccessDisabled' || status === 403) {
    return {
      kind: 'access-denied',
      message: `Access denied${context.bucket ? ` to ${context.bucket}` : ''} for profile ${profile}: its policy does not allow this.`,
    };
  }
  if (
    /^(SlowDown|Throttling|ThrottlingException|TooManyRequests|RequestLimitExceeded)$/.test(name) ||
    status === 429 ||
    status === 503
  ) {
    return { kind: 'throttled', message: 'S3 is throttling requests (SlowDown): retry in a moment.' };
  }
  const net = networkCode(err);
  if (net) {
    return {
      kind: 'offline',
      message: `Cannot reach ${context.endpoint ?? 'AWS'}: ${NETWORK_CODES[net]} (${net}). Check the network or the endpoint.`,
    };
  }
  if (name === 'TimeoutError' || name === 'RequestTimeout' || err.code === 'ETIMEDOUT' || /timed? ?out/i.test(raw)) {
    return {
      kind: 'timeout',
      message: `No answer from ${context.endpoint ?? 'S3'} in time: retry, or check the network.`,
    };
  }
  return { kind: 'other', message: `${name ? `${name}: ` : ''}${raw}` };
}
