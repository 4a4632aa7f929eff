// The decoded form in the shape the CLI prints with --json (`kind: "post"`) and the decoder shows:
// plain values, times as ISO strings, session tokens redacted.
import { isoUtc } from '../time';
import { diagnosePostForm } from './diagnose';
import type { PostCondition, PostFinding, PostForm, PostSignatureVersion } from './model';
import { redactCondition } from './redact';
import { formatByteSize } from './size';

export interface PostConditionSummary {
  readonly type: 'eq' | 'starts-with' | 'content-length-range' | 'invalid';
  readonly field?: string;
  readonly value?: string;
  readonly min?: number;
  readonly max?: number;
  /** As S3 prints it in its errors. */
  readonly text: string;
  /** Why S3 cannot apply it (type "invalid"). */
  readonly reason?: string;
  /** What it lets an upload send, in words. */
  readonly allows: string;
}

export interface PostFormSummary {
  readonly kind: 'post';
  readonly url?: string;
  readonly bucket?: string;
  readonly region?: string;
  readonly accessKeyId?: string;
  readonly signatureVersion: PostSignatureVersion;
  readonly credentialType: 'long-term' | 'temporary';
  /** x-amz-date, ISO 8601. */
  readonly signedAt?: string;
  /** The policy's expiration, ISO 8601. */
  readonly expiresAt?: string;
  readonly expired: boolean;
  readonly conditions: readonly PostConditionSummary[];
  readonly findings: readonly PostFinding[];
  readonly notes: readonly string[];
}

/** What a condition lets an upload send, in words: "key must start with "uploads/"". */
export function conditionAllows(c: PostCondition): string {
  switch (c.type) {
    case 'eq':
      return `${c.field} must be exactly ${JSON.stringify(c.value)}`;
    case 'starts-with':
      if (c.value === '') return `${c.field} may be anything, but must be sent`;
      return c.field.toLowerCase() === 'content-type'
        ? `${c.field} must start with ${JSON.stringify(c.value)} (each item, when it is a comma-separated list)`
        : `${c.field} must start with ${JSON.stringify(c.value)}`;
    case 'content-length-range':
      return `the file must be ${formatByteSize(c.min)} to ${formatByteSize(c.max)}, both included`;
    case 'invalid':
      return `nothing: S3 cannot apply it (${c.reason})`;
  }
}

export function summarizePostForm(form: PostForm, now: Date): PostFormSummary {
  const expiration = form.policy?.expiration;
  return {
    kind: 'post',
    url: form.url,
    bucket: form.bucket,
    region: form.region,
    accessKeyId: form.accessKeyId,
    signatureVersion: form.signatureVersion,
    credentialType: form.credentialType,
    signedAt: form.signedAt && isoUtc(form.signedAt),
    expiresAt: expiration && isoUtc(expiration),
    expired: expiration !== undefined && expiration.getTime() < now.getTime(),
    conditions: (form.policy?.conditions ?? []).map((raw) => {
      const c = redactCondition(raw, form);
      const allows = conditionAllows(c);
      switch (c.type) {
        case 'eq':
        case 'starts-with':
          return { type: c.type, field: c.field, value: c.value, text: c.text, allows };
        case 'content-length-range':
          return { type: c.type, min: c.min, max: c.max, text: c.text, allows };
        case 'invalid':
          return { type: c.type, text: c.text, reason: c.reason, allows };
      }
    }),
    findings: diagnosePostForm(form, { now }),
    notes: form.notes,
  };
}
