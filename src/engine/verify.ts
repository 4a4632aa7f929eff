// verifyPresignedUrl: would S3 accept this request — the signature for this secret, method and headers, and
// S3's rules beyond the arithmetic (no unsigned x-amz-* header, the host a client really contacts) — and if
// not, why. A cause is stated only when found; otherwise the result says what cannot be told.
import { runInTurns, runSteps, searchV2Mismatch, searchV4Mismatch, type Steps } from './mismatch';
import type { Explanation, PresignedUrl, SignatureVersion } from './model';
import { redactSessionTokens, shownSignature } from './redact';
import { sigV2RequestFromUrl, signV2, stringToSignV2 } from './sigv2';
import { findParam, SIGV4_PARAMETERS } from './parse';
import { lowerCaseHeaders, sigV4RequestFromUrl, signV4 } from './sigv4';

export interface VerifyOptions {
  readonly secretAccessKey: string;
  /** The access key ID the secret belongs to, when known: a different one explains a mismatch at once. */
  readonly accessKeyId?: string;
  /** Where the secret comes from, for the words of an explanation ("your profile prod"). */
  readonly secretSource?: string;
  /** Method the client will use; default: the URL's method hint, else GET. */
  readonly method?: string;
  /** Headers the client will send (for signed headers such as Content-Type). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Search for the cause of a mismatch (default true). */
  readonly explain?: boolean;
}

export interface VerifyResult {
  readonly signatureVersion: SignatureVersion;
  /** False for SigV4a, whose ECDSA signature cannot be checked here. */
  readonly supported: boolean;
  /**
   * S3 would accept the request's authentication: the signature matches for this method and these
   * headers, no x-amz-* header goes unsigned, and the URL goes where it seems to. Expiry is not part of it.
   */
  readonly valid: boolean;
  /** The arithmetic alone: the signature computed equals the one in the URL. */
  readonly signatureMatches: boolean;
  readonly method: string;
  /**
   * The signature computed with the secret: whole when it equals the URL's, else only its first characters
   * and "…" — a whole one would be a working signature for a request the user did not compose.
   */
  readonly computedSignature?: string;
  readonly providedSignature?: string;
  /** SigV4 only. Session tokens are redacted. */
  readonly canonicalRequest?: string;
  /** Session tokens are redacted. */
  readonly stringToSign: string;
  readonly explanations: readonly Explanation[];
  /** When a change explains the mismatch: the canonical request (SigV4) and string to sign really signed. */
  readonly signedCanonicalRequest?: string;
  readonly signedStringToSign?: string;
}

/** x-amz-* headers the client sends that the URL does not sign: S3 refuses such a request (403). */
export function unsignedAmzHeaders(url: PresignedUrl, headers: Readonly<Record<string, string>> | undefined): string[] {
  return Object.keys(lowerCaseHeaders(headers))
    .filter((name) => name.startsWith('x-amz-') && !url.signedHeaders.includes(name))
    .sort();
}

function hostConfusion(url: PresignedUrl): Explanation | undefined {
  const c = url.hostConfusion;
  if (!c) return undefined;
  return {
    code: 'HOST_CONFUSION',
    message: `The URL looks as if it goes to ${c.written}, but browsers, fetch and curl send it to ${c.contacted} (${c.cause === 'backslash' ? 'a "\\" in the address, which they read as "/"' : 'a user name before "@"'}), with its signature and any token. Whatever its signature, do not use it.`,
  };
}

/** Why nothing single explains a mismatch, in what can be told and no more. */
function unexplained(url: PresignedUrl, options: VerifyOptions, incomplete: boolean): Explanation {
  const key = url.accessKeyId ?? '(unknown)';
  const stopped = incomplete ? ' (the search stopped at its budget: the URL is very long)' : '';
  if (options.accessKeyId && options.accessKeyId === url.accessKeyId) {
    return {
      code: 'CHANGED_AFTER_SIGNING',
      message: `No single change explains the mismatch${stopped}, and the secret is the one of access key ${key}${options.secretSource ? ` (${options.secretSource})` : ''}: the URL was changed after signing (its signature, or several parts at once), or that secret was rotated since.`,
    };
  }
  return {
    code: 'CANNOT_TELL',
    message: `No single change explains the mismatch${stopped}. Either the secret is not the one of access key ${key}, or the URL was changed after signing: which, cannot be told without the secret that signed it.`,
  };
}

export function verifyPresignedUrl(url: PresignedUrl, options: VerifyOptions): VerifyResult {
  return runSteps(verifySteps(url, options));
}

/**
 * verifyPresignedUrl for an event loop that must keep turning (the extension host): the mismatch search of a
 * long URL runs in steps of about a millisecond, `turn` awaited between them.
 */
export function verifyPresignedUrlInTurns(
  url: PresignedUrl,
  options: VerifyOptions,
  turn: () => Promise<void>,
): Promise<VerifyResult> {
  return runInTurns(verifySteps(url, options), turn);
}

/** verifyPresignedUrl in steps (see Steps in ./mismatch). */
export function* verifySteps(url: PresignedUrl, options: VerifyOptions): Steps<VerifyResult> {
  const method = (options.method ?? url.methodHint?.method ?? 'GET').toUpperCase();
  const provided = url.signature;
  const explain = options.explain ?? true;
  // A secret of another access key cannot have made this signature: nothing to search for.
  const otherKey =
    options.accessKeyId && url.accessKeyId && options.accessKeyId !== url.accessKeyId
      ? {
          code: 'WRONG_SECRET' as const,
          message: `The secret given belongs to access key ${options.accessKeyId}, but the URL was signed by ${url.accessKeyId}.`,
        }
      : undefined;
  const confusion = hostConfusion(url);

  if (url.signatureVersion === 'v4a') {
    return {
      signatureVersion: 'v4a',
      supported: false,
      valid: false,
      signatureMatches: false,
      method,
      providedSignature: provided,
      stringToSign: '',
      explanations: confusion ? [confusion] : [],
    };
  }
  if (url.signatureVersion === 'v2') {
    const request = sigV2RequestFromUrl(url, method, options.headers);
    const { signature, stringToSign } = signV2(request, options.secretAccessKey);
    const matches = signature === provided;
    const search =
      matches || !explain || otherKey
        ? undefined
        : yield* searchV2Mismatch(url, request, options.secretAccessKey, provided ?? '');
    const causes = matches
      ? []
      : otherKey
        ? [otherKey]
        : !explain
          ? []
          : search?.explanations.length
            ? search.explanations
            : [unexplained(url, options, search?.incomplete ?? false)];
    return {
      signatureVersion: 'v2',
      supported: true,
      valid: matches && !confusion,
      signatureMatches: matches,
      method,
      computedSignature: shownSignature(signature, provided),
      providedSignature: provided,
      stringToSign: redactSessionTokens(stringToSign),
      explanations: [...(confusion ? [confusion] : []), ...causes],
      signedStringToSign: search?.signed && redactSessionTokens(stringToSignV2(search.signed)),
    };
  }
  const request = sigV4RequestFromUrl(url, method, options.headers);
  const { signature, canonicalRequest, stringToSign } = signV4(request, options.secretAccessKey);
  const matches = signature === provided;
  // Without one of its six parameters a SigV4 URL cannot be authenticated at all: that is the cause.
  const missing = SIGV4_PARAMETERS.filter((name) => !findParam(url.params, name));
  const cut: Explanation | undefined =
    missing.length > 0
      ? {
          code: 'MISSING_PARAMETER',
          message: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: the URL was cut or edited after signing, and S3 cannot authenticate it. Copy it whole from where it was made.`,
        }
      : undefined;
  const search =
    matches || !explain || otherKey || cut
      ? undefined
      : yield* searchV4Mismatch(url, request, options.secretAccessKey, provided ?? '');
  const signed = search?.signed && signV4(search.signed, options.secretAccessKey);
  const unsigned = unsignedAmzHeaders(url, options.headers);
  const rules: Explanation[] = [
    ...(confusion ? [confusion] : []),
    ...(unsigned.length > 0
      ? [
          {
            code: 'HEADERS_NOT_SIGNED' as const,
            message: `The request sends ${unsigned.join(', ')}, which the URL does not sign: S3 refuses it (403 AccessDenied "There were headers present in the request which were not signed"). Do not send ${unsigned.length === 1 ? 'it' : 'them'}, or presign with ${unsigned.length === 1 ? 'it' : 'them'} signed.`,
          },
        ]
      : []),
  ];
  const causes = matches
    ? []
    : cut
      ? [cut]
      : otherKey
        ? [otherKey]
        : !explain
          ? []
          : search?.explanations.length
            ? search.explanations
            : [unexplained(url, options, search?.incomplete ?? false)];
  return {
    signatureVersion: 'v4',
    supported: true,
    valid: matches && rules.length === 0,
    signatureMatches: matches,
    method,
    computedSignature: shownSignature(signature, provided),
    providedSignature: provided,
    canonicalRequest: redactSessionTokens(canonicalRequest),
    stringToSign: redactSessionTokens(stringToSign),
    explanations: [...rules, ...causes],
    signedCanonicalRequest: signed && redactSessionTokens(signed.canonicalRequest),
    signedStringToSign: signed && redactSessionTokens(signed.stringToSign),
  };
}
