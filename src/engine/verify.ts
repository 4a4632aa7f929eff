// verifyPresignedUrl: does the signature match, for this secret, method and headers? And if not, why.
import { searchV2Mismatch, searchV4Mismatch } from './mismatch';
import type { Explanation, PresignedUrl, SignatureVersion } from './model';
import { redactSessionTokens } from './redact';
import { sigV2RequestFromUrl, signV2, stringToSignV2 } from './sigv2';
import { sigV4RequestFromUrl, signV4 } from './sigv4';

export interface VerifyOptions {
  readonly secretAccessKey: string;
  /** The access key ID the secret belongs to, when known: a different one explains a mismatch at once. */
  readonly accessKeyId?: string;
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
  /** The signature matches for this method and these headers. Expiry is not part of it. */
  readonly valid: boolean;
  readonly method: string;
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

export function verifyPresignedUrl(url: PresignedUrl, options: VerifyOptions): VerifyResult {
  const method = (options.method ?? url.methodHint?.method ?? 'GET').toUpperCase();
  const provided = url.signature;
  const explain = options.explain ?? true;
  const keyMismatch: Explanation[] =
    options.accessKeyId && url.accessKeyId && options.accessKeyId !== url.accessKeyId
      ? [
          {
            code: 'WRONG_SECRET',
            message: `The secret given belongs to access key ${options.accessKeyId}, but the URL was signed by ${url.accessKeyId}.`,
          },
        ]
      : [];

  if (url.signatureVersion === 'v4a') {
    return {
      signatureVersion: 'v4a',
      supported: false,
      valid: false,
      method,
      providedSignature: provided,
      stringToSign: '',
      explanations: [],
    };
  }
  if (url.signatureVersion === 'v2') {
    const request = sigV2RequestFromUrl(url, method, options.headers);
    const { signature, stringToSign } = signV2(request, options.secretAccessKey);
    const valid = signature === provided;
    const mismatch =
      valid || !explain ? undefined : searchV2Mismatch(url, request, options.secretAccessKey, provided ?? '');
    return {
      signatureVersion: 'v2',
      supported: true,
      valid,
      method,
      computedSignature: signature,
      providedSignature: provided,
      stringToSign: redactSessionTokens(stringToSign),
      explanations: mismatch ? [...keyMismatch, ...mismatch.explanations] : [],
      signedStringToSign: mismatch?.signed && redactSessionTokens(stringToSignV2(mismatch.signed)),
    };
  }
  const request = sigV4RequestFromUrl(url, method, options.headers);
  const { signature, canonicalRequest, stringToSign } = signV4(request, options.secretAccessKey);
  const valid = signature === provided;
  const mismatch =
    valid || !explain ? undefined : searchV4Mismatch(url, request, options.secretAccessKey, provided ?? '');
  const signed = mismatch?.signed && signV4(mismatch.signed, options.secretAccessKey);
  return {
    signatureVersion: 'v4',
    supported: true,
    valid,
    method,
    computedSignature: signature,
    providedSignature: provided,
    canonicalRequest: redactSessionTokens(canonicalRequest),
    stringToSign: redactSessionTokens(stringToSign),
    explanations: mismatch ? [...keyMismatch, ...mismatch.explanations] : [],
    signedCanonicalRequest: signed && redactSessionTokens(signed.canonicalRequest),
    signedStringToSign: signed && redactSessionTokens(signed.stringToSign),
  };
}
