// The one model every surface reads a presigned POST form through: where it posts, how it is signed,
// what its policy allows. Values are kept as given (session tokens included, as in the URL model);
// everything meant for display goes through redactForm (redact.ts).
import type { HostInfo } from '../host';
import type { CredentialScope, CredentialType, ExplanationCode, Severity } from '../model';

/** A form field, its name as typed (S3 compares names case-insensitively, values exactly). */
export interface PostField {
  readonly name: string;
  readonly value: string;
}

export type PostInputKind = 'json' | 'html' | 'curl';
export type PostSignatureVersion = 'v4' | 'v2' | 'none';

/** A condition as S3 reads it. `field` is the name after `$`, as written in the policy. */
export type PostCondition =
  | {
      readonly type: 'eq';
      readonly field: string;
      readonly value: string;
      /** `{"acl": "private"}` is 'object'; `["eq", "$acl", "private"]` is 'array'. */
      readonly syntax: 'object' | 'array';
      readonly index: number;
      /** As S3 prints it in "Policy Condition failed: …" (object conditions print as `["eq", "$name", value]`). */
      readonly text: string;
    }
  | {
      readonly type: 'starts-with';
      readonly field: string;
      readonly value: string;
      readonly index: number;
      readonly text: string;
    }
  | {
      readonly type: 'content-length-range';
      readonly min: number;
      readonly max: number;
      readonly index: number;
      readonly text: string;
    }
  | {
      /** A condition S3 cannot apply: it answers `failsWith` when it meets it. */
      readonly type: 'invalid';
      readonly reason: string;
      readonly failsWith: 'InvalidPolicyDocument' | 'AccessDenied';
      readonly index: number;
      readonly text: string;
    };

export interface PostPolicy {
  /** The policy field exactly as the form has it: what the signature covers. */
  readonly base64: string;
  /** The decoded text, when the base64 decodes to UTF-8. */
  readonly json?: string;
  readonly expiration?: Date;
  /** The `expiration` value as written. */
  readonly expirationText?: string;
  /** Every element of `conditions`, in order (invalid ones included, typed 'invalid'). */
  readonly conditions: readonly PostCondition[];
  /** Why S3 would refuse the document itself (400 InvalidPolicyDocument, or a signature mismatch for bad base64). */
  readonly problems: readonly string[];
  /**
   * Set when the policy is too long for S3 to read at all (over MAX_POLICY_LENGTH): the form's fields
   * exceed what S3 reads before the file, and the policy is not decoded.
   */
  readonly oversized?: string;
}

export interface PostForm {
  readonly input: PostInputKind;
  /** The form's action URL, when the input has one. */
  readonly url?: string;
  readonly host?: HostInfo;
  /** The bucket the form posts to: from the URL, else from the policy's bucket condition or a bucket field. */
  readonly bucket?: string;
  readonly bucketFrom?: 'url' | 'policy' | 'field';
  /** Region of the credential scope, else of the host. */
  readonly region?: string;
  /** The fields S3 reads, in order, the file excluded. */
  readonly fields: readonly PostField[];
  /** Fields placed after the file (HTML form or curl order): S3 ignores them. */
  readonly fieldsAfterFile: readonly PostField[];
  /** Whether the input places the file (an HTML file input, curl's `-F file=@…`). */
  readonly hasFileField: boolean;
  readonly signatureVersion: PostSignatureVersion;
  readonly algorithm?: string;
  readonly credential?: CredentialScope;
  readonly accessKeyId?: string;
  readonly credentialType: CredentialType;
  /** x-amz-date (SigV4). */
  readonly signedAt?: Date;
  readonly signature?: string;
  readonly securityToken?: string;
  readonly policy?: PostPolicy;
  /** What the reader assumed or noticed while reading the input (curl's reading of -F, ignored inputs…). */
  readonly notes: readonly string[];
}

export type PostParseResult =
  { readonly ok: true; readonly value: PostForm } | { readonly ok: false; readonly error: string };

export type PostFindingCode =
  | 'POLICY_EXPIRED'
  | 'LIVE_FORM'
  | 'POLICY_MALFORMED'
  | 'NO_POLICY'
  | 'MISSING_FIELD'
  | 'MALFORMED_FIELD'
  | 'EXTRA_INPUT_FIELD'
  | 'FIELD_VIOLATES_CONDITION'
  | 'CONDITIONS_CONFLICT'
  | 'CONDITION_FIELD_NOT_SENT'
  | 'BUCKET_MISMATCH'
  | 'REGION_MISMATCH'
  | 'CONTENT_TYPE_UNCONSTRAINED'
  | 'SIZE_UNCONSTRAINED'
  | 'KEY_UNCONSTRAINED'
  | 'EXACT_MATCH_ONLY'
  | 'TEMPORARY_CREDENTIALS'
  | 'TOKEN_MISSING'
  | 'SIGV2'
  | 'SIGV2_KMS'
  | 'FIELDS_AFTER_FILE';

export interface PostFinding {
  readonly code: PostFindingCode;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
  /** The form field the finding is about, when there is one. */
  readonly field?: string;
  /** The policy condition (its index in `conditions`) the finding is about, when there is one. */
  readonly condition?: number;
}

/**
 * Why a POST fails: the URL engine's codes where the cause is the same (WRONG_SECRET, REGION_MISMATCH,
 * PARAMETER_CHANGED, UNKNOWN_ACCESS_KEY, TOKEN_EXPIRED…), plus S3's own POST answers and two causes
 * of a damaged form.
 */
export type PostExplanationCode =
  | ExplanationCode
  | 'POLICY_EXPIRED'
  | 'POLICY_CONDITION_FAILED'
  | 'EXTRA_INPUT_FIELD'
  | 'MISSING_FIELD'
  | 'ENTITY_TOO_LARGE'
  | 'ENTITY_TOO_SMALL'
  /** S3 refuses the policy document itself (InvalidPolicyDocument). */
  | 'POLICY_MALFORMED'
  /** The form carries no policy: S3 treats the upload as anonymous. */
  | 'NO_POLICY'
  /** The policy text is not what was signed: changed in transport or re-encoded. */
  | 'POLICY_ALTERED'
  /** The signature field is not what the signer produced (cut, re-cased, of the other version). */
  | 'SIGNATURE_ALTERED'
  /** The request is not multipart/form-data, or its fields before the file exceed 20 KB. */
  | 'MALFORMED_REQUEST';

export interface PostExplanation {
  readonly code: PostExplanationCode;
  readonly message: string;
  /** The field the cause is about, when there is one. */
  readonly field?: string;
}
