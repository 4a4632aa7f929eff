// The decoder's messages for a presigned POST form, both ways, and the view the host builds for its page
// (media/decoder/post.ts). Every string is data, put in the DOM as text. The page gets no secret: session
// tokens are redacted, and the policy (whose base64 holds the token) is shown decoded, redacted.
import type { FindingView, HeadlineView, ProfileChoice, SignatureView } from './protocol';

export interface PostFieldView {
  readonly name: string;
  /** As shown: a session token redacted, the policy shortened (it is shown decoded below). */
  readonly value: string;
  /** The value the page sends back for a check: the form's own, or "" for the fields only the host holds. */
  readonly editable: boolean;
  /** Why the uploader must set it (a field the policy requires that the form lacks). */
  readonly setBy?: string;
  readonly meaning: string;
}

export interface PostConditionView {
  readonly index: number;
  /** As S3 prints it in its errors. */
  readonly text: string;
  /** What it lets an upload send, in words. */
  readonly allows: string;
  /** The field it names, when it names one. */
  readonly field?: string;
}

export interface PostDecoderView {
  readonly headline: HeadlineView;
  /** Where the form posts, as shown. */
  readonly url?: string;
  readonly signatureVersion: string;
  readonly expiresAt?: string;
  readonly signedAt?: string;
  readonly summary: readonly { readonly label: string; readonly value: string }[];
  /** The fields a client sends, in order (the form's, then those the policy requires), before the file. */
  readonly fields: readonly PostFieldView[];
  readonly conditions: readonly PostConditionView[];
  /** The decoded policy, session token redacted. */
  readonly policyJson?: string;
  readonly findings: readonly FindingView[];
  readonly profiles: readonly ProfileChoice[];
  readonly canVerify: boolean;
}

export interface CheckedCondition {
  readonly index: number;
  readonly status: 'pass' | 'fail' | 'unknown';
  readonly reason: string;
  /** The field it is about, as sent, and the value S3 compares (after ${filename}). */
  readonly field?: string;
  readonly value?: string;
}

export interface CheckView {
  readonly accepted: boolean;
  readonly decided: boolean;
  /** "S3 accepts this upload", "S3 refuses this upload: …". */
  readonly verdict: string;
  readonly conditions: readonly CheckedCondition[];
  readonly explanations: readonly { code: string; message: string; field?: string }[];
}

export interface PostExplainView {
  readonly errorCode: string;
  readonly message: string;
  readonly explanations: readonly { code: string; message: string }[];
  readonly condition?: string;
  readonly field?: string;
  readonly value?: string;
}

/** Host → page. */
export type ToPostPage =
  | { type: 'view'; view: PostDecoderView }
  | { type: 'check'; result?: CheckView; error?: string }
  | { type: 'explain'; result?: PostExplainView; error?: string }
  | { type: 'signature'; signature: SignatureView };

export interface SubmittedField {
  readonly name: string;
  readonly value: string;
}

export type CopyFormat = 'json' | 'html' | 'fetch' | 'curl';

/** Page → host. */
export type ToPostHost =
  | { type: 'ready' }
  | { type: 'check'; fields: readonly SubmittedField[]; fileSize: string; fileName: string }
  | { type: 'verify'; profile: string }
  | { type: 'explain'; xml: string; fields: readonly SubmittedField[]; fileSize: string; fileName: string }
  | { type: 'copy'; what: CopyFormat };

const isString = (v: unknown): v is string => typeof v === 'string';

/** At most this many fields come back from the page: S3 takes no form with more. */
const MAX_FIELDS = 1000;

function isFieldList(v: unknown): v is SubmittedField[] {
  return (
    Array.isArray(v) &&
    v.length <= MAX_FIELDS &&
    v.every(
      (f) =>
        typeof f === 'object' &&
        f !== null &&
        isString((f as SubmittedField).name) &&
        isString((f as SubmittedField).value),
    )
  );
}

/** A message from the page, checked field by field before the host acts on it. */
export function isToPostHost(value: unknown): value is ToPostHost {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return true;
    case 'check':
      return isFieldList(m.fields) && isString(m.fileSize) && isString(m.fileName);
    case 'verify':
      return isString(m.profile);
    case 'explain':
      return isString(m.xml) && isFieldList(m.fields) && isString(m.fileSize) && isString(m.fileName);
    case 'copy':
      return m.what === 'json' || m.what === 'html' || m.what === 'fetch' || m.what === 'curl';
    default:
      return false;
  }
}
