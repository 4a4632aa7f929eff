// What went wrong talking to AWS, in words a user can act on. Plain code: no SDK import. A
// credential_process command line may hold a token: no message made here quotes one.
import { escapeControlCharacters, redactSessionTokens } from '../engine';
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

/** Most of a credential source's own words a message carries. */
const MAX_DETAIL_CHARS = 200;
/** Runs of base64 and base64url characters this long are keys or tokens, not words. */
const SECRET_LIKE = /[A-Za-z0-9+/=_-]{32,}/g;

/**
 * The parts of a command line that may be secrets, to take out of what the command printed: each word,
 * and each value after "=" or ":" in it, quotes stripped, that holds a digit or is 16 characters long or
 * more (a token, a password, an account). Plain words (a path, a profile name, "unreachable") stay, so
 * that a message made of them still reads.
 */
function secretLikeWords(command: string): string[] {
  const pieces = command
    .split(/\s+/)
    .flatMap((word) => [word, ...word.split(/[=:]/)])
    .map((w) => w.replace(/^['"]+/, '').replace(/['"]+$/, ''))
    .filter((w) => w.length >= 6 && (/\d/.test(w) || w.length >= 16));
  // Longest first, so that a word containing a shorter one goes whole.
  return [...new Set(pieces)].sort((a, b) => b.length - a.length).slice(0, 64);
}

/**
 * The first line a credential_process wrote to stderr, fit to show: without the secret-like words of its
 * command line, session tokens and secret-like runs redacted, control characters escaped, cut short.
 */
export function processDetail(stderr: string, command: string): string {
  const line =
    stderr
      .slice(0, 8192)
      .split('\n')
      .find((l) => l.trim() !== '') ?? '';
  let shown = line.trim();
  for (const word of secretLikeWords(command)) shown = shown.split(word).join('…');
  shown = escapeControlCharacters(redactSessionTokens(shown).replace(SECRET_LIKE, '…'));
  return shown.length > MAX_DETAIL_CHARS ? `${shown.slice(0, MAX_DETAIL_CHARS - 1)}…` : shown;
}

/** Set on errors whose message was made to be shown (no command line, no token): the credential_process runner's. */
export interface ShownAsIs {
  readonly shownAsIs: true;
}

/** How child_process.exec words a failed command, as the SDK passes it on: the command line, then stderr. */
const EXEC_FAILURE = 'Command failed: ';

/**
 * The first line of a credential error, fit to show. The SDK runs a credential_process it reaches through
 * another profile (assume-role's source_profile) with child_process.exec, whose message starts with the
 * whole command line: that becomes "a credential_process behind profile X failed" and the first line of
 * its stderr.
 */
export function credentialsErrorMessage(error: unknown, profile?: string): string {
  const err = (error ?? {}) as ErrorLike & Partial<ShownAsIs>;
  const message = err.message ?? String(error);
  if (err.shownAsIs) return message;
  const newline = message.indexOf('\n');
  const first = newline === -1 ? message : message.slice(0, newline);
  if (first.startsWith(EXEC_FAILURE)) {
    const detail = processDetail(newline === -1 ? '' : message.slice(newline + 1), first.slice(EXEC_FAILURE.length));
    return `a credential_process${profile ? ` behind profile ${profile}` : ''} failed${detail ? `: ${detail}` : ''}`;
  }
  return redactSessionTokens(first);
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Classifies an SDK or credential-provider error, for the profile (and its kind) and bucket it concerns. */
export function describeFailure(
  error: unknown,
  context: { profile: string; kind?: ProfileKind; endpoint?: string; bucket?: string },
): Failure {
  const err = (error ?? {}) as ErrorLike;
  const name = err.name ?? err.Code ?? '';
  const raw = credentialsErrorMessage(error, context.profile);
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
    if (/credential_process/.test(raw)) return { kind: 'credentials', message: capitalised(raw) };
    if (context.kind === 'credential-process')
      return { kind: 'credentials', message: `The credential_process of profile ${profile} failed: ${raw}` };
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
