// The one model every surface (CLI, decoder, hover, presign command) reads a presigned URL through.
import type { Cleanup } from './clean';
import type { HostInfo } from './host';
import type { QueryParam } from './params';

export type SignatureVersion = 'v4' | 'v4a' | 'v2';
export type CredentialType = 'long-term' | 'temporary';

export interface CredentialScope {
  readonly raw: string;
  readonly accessKeyId: string;
  /** yyyymmdd */
  readonly date: string;
  /** Empty for SigV4a, whose scope has no region. */
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

export interface MethodHint {
  readonly method: string;
  /** What the hint comes from, in words ("x-id=PutObject", "response overrides"). */
  readonly source: string;
}

export interface PresignedUrl {
  /** What was given, before any clean-up. */
  readonly input: string;
  /** The URL after clean-up; what the rest of the model describes. */
  readonly url: string;
  readonly cleanups: readonly Cleanup[];
  readonly scheme: 'http' | 'https';
  readonly host: HostInfo;
  /** Path exactly as written (percent-encoded), starting with `/`. */
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly params: readonly QueryParam[];
  readonly bucket?: string;
  /** Decoded object key; undefined for a bucket-level URL. */
  readonly key?: string;
  readonly signatureVersion: SignatureVersion;
  readonly algorithm?: string;
  readonly credential?: CredentialScope;
  readonly accessKeyId?: string;
  readonly credentialType: CredentialType;
  /** Region of the credential scope, else of the host. */
  readonly region?: string;
  readonly signedAt?: Date;
  /** X-Amz-Expires in seconds (SigV4); undefined for SigV2, whose expiry is absolute. */
  readonly expiresIn?: number;
  readonly expiresAt?: Date;
  readonly signedHeaders: readonly string[];
  readonly signature?: string;
  readonly securityToken?: string;
  /** SigV4a: X-Amz-Region-Set. */
  readonly regionSet?: readonly string[];
  readonly methodHint?: MethodHint;
  /** The URL seems to name one host but clients contact another ("@" or "\\" in the authority). */
  readonly hostConfusion?: HostConfusion;
}

export interface HostConfusion {
  /** The host the URL seems to name (after the "@"). */
  readonly written: string;
  /** The host browsers, fetch and curl contact: the one `host` describes. */
  readonly contacted: string;
  readonly cause: 'userinfo' | 'backslash';
}

export type ParseResult =
  | { readonly ok: true; readonly value: PresignedUrl }
  | { readonly ok: false; readonly error: string; readonly cleanups: readonly Cleanup[] };

export type Severity = 'error' | 'warning' | 'info';

export type FindingCode =
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'EXPIRES_TOO_LONG'
  | 'TEMPORARY_CREDENTIALS'
  | 'CREDENTIALS_EXPIRE_FIRST'
  | 'SIGV2'
  | 'SIGV4A'
  | 'REGION_MISMATCH'
  | 'SIGNED_HEADERS'
  | 'CHECKSUM_PARAMS'
  | 'MISSING_PARAMETER'
  | 'MALFORMED_PARAMETER'
  | 'INSECURE_HTTP'
  | 'DOUBLE_ENCODED_KEY'
  | 'DOT_SEGMENTS'
  | 'PLUS_IN_PATH'
  | 'UNKNOWN_PARAMETER'
  | 'WEBSITE_ENDPOINT'
  | 'HOST_CONFUSION'
  | 'LIVE_URL'
  | 'DUPLICATE_PARAMETER'
  | 'MULTIPART';

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
  /** The query parameter the finding is about, when there is one. */
  readonly param?: string;
}

export type ExplanationCode =
  | 'METHOD_MISMATCH'
  | 'REGION_MISMATCH'
  | 'ADDRESSING_STYLE'
  | 'KEY_ENCODING'
  | 'HEADER_MISMATCH'
  | 'PARAMETER_CHANGED'
  /** S3 received a request other than the URL describes, in a way not pinned down. */
  | 'REQUEST_CHANGED'
  | 'WRONG_SECRET'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'TOKEN_EXPIRED'
  | 'EXPIRES_TOO_LONG'
  | 'MISSING_PARAMETER'
  | 'MALFORMED_PARAMETER'
  | 'SIGV2'
  | 'UNKNOWN_ACCESS_KEY'
  | 'ACCESS_DENIED'
  | 'NO_SUCH_KEY'
  | 'NO_SUCH_BUCKET'
  | 'S3_ERROR'
  /** The URL names one host but clients send it to another: nothing else about it can be trusted. */
  | 'HOST_CONFUSION'
  /** The client sends x-amz-* headers the URL did not sign: S3 refuses the request. */
  | 'HEADERS_NOT_SIGNED'
  /** Nothing single explains a mismatch, and the secret is the one of the URL's access key. */
  | 'CHANGED_AFTER_SIGNING'
  /** No local secret could be tried: what is known, and what cannot be told. */
  | 'CANNOT_TELL'
  | 'AUTHORIZATION_MALFORMED'
  | 'UNSIGNED_REQUEST';

/** Why a request fails: one cause, in words, with its code. */
export interface Explanation {
  readonly code: ExplanationCode;
  readonly message: string;
}
