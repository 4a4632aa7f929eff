// The shapes the CORS engine works with: a bucket's CORS rules (with S3's own key names, so a rule
// prints as the console's JSON), the findings it reports, and the request a page makes.

/** The only methods S3 accepts in AllowedMethods (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html). */
export const S3_CORS_METHODS: readonly string[] = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];

/** One CORSRule, keyed as the S3 console, `aws s3api get-bucket-cors` and the SDKs key it. */
export interface CorsRule {
  readonly ID?: string;
  readonly AllowedHeaders?: readonly string[];
  readonly AllowedMethods: readonly string[];
  readonly AllowedOrigins: readonly string[];
  readonly ExposeHeaders?: readonly string[];
  readonly MaxAgeSeconds?: number;
}

/** Where a configuration came from: the console's array, `{ "CORSRules": [...] }` (CLI), the SDK's input, or XML. */
export type CorsConfigFormat = 'console-json' | 'cli-json' | 'sdk-json' | 'xml';

export interface CorsConfiguration {
  readonly rules: readonly CorsRule[];
  readonly format: CorsConfigFormat;
}

/**
 * Something S3 would refuse in PutBucketCors (`error`), or that S3 accepts but cannot work as meant
 * (`warning`: e.g. an origin with a trailing slash, which no browser sends).
 */
export interface CorsProblem {
  readonly severity: 'error' | 'warning';
  /** Where, in the console's JSON terms: `CORSRules[2].AllowedMethods[0]`. */
  readonly path: string;
  readonly message: string;
}

export type CorsParseResult =
  | {
      readonly ok: true;
      readonly value: CorsConfiguration;
      readonly problems: readonly CorsProblem[];
      /** False when S3 would refuse the configuration (a problem of severity `error`). */
      readonly valid: boolean;
    }
  | { readonly ok: false; readonly error: string };

export type CorsFindingCode =
  | 'NO_CORS_CONFIGURATION'
  | 'NO_MATCHING_RULE'
  | 'METHOD_NOT_ALLOWABLE'
  | 'CREDENTIALS_WITH_WILDCARD'
  | 'HEADER_NOT_READABLE'
  | 'ACTUAL_RULE_DIFFERS'
  | 'NO_MAX_AGE'
  | 'WILDCARD_ORIGIN_WRITES'
  | 'INVALID_CONFIGURATION'
  | 'SAME_ORIGIN'
  | 'MIXED_CONTENT'
  | 'CHECKSUM_EMPTY_BODY'
  | 'SIGNED_CHECKSUM_HEADER'
  | 'SIGNED_HEADER_VALUE_UNKNOWN'
  | 'FORBIDDEN_HEADER'
  | 'GLOBAL_ENDPOINT_REDIRECT'
  | 'REGION_REDIRECT'
  | 'METHOD_NOT_STATED'
  | 'TYPED_BODY_BLOCKED';

export interface CorsFinding {
  readonly code: CorsFindingCode;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly fix?: string;
  /** The public document the rule comes from. */
  readonly source?: string;
}

/** A request header as the page sets it; `value` undefined when only the name is known (a signed header). */
export interface HeaderInput {
  readonly name: string;
  readonly value?: string;
}
