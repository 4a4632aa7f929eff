// evaluatePostSubmission: what S3 does with one upload through a form: the fields the client sends
// (names as typed, in order), the file's size and name. Field names are compared case-insensitively and
// values exactly, ${filename} is expanded first, fields after the file are ignored, the bucket condition
// is checked against the bucket posted to. The signature is not checked here (see verify.ts).
// S3 answers with one error at a time. What is known of its order: missing fields (400 InvalidArgument)
// before the signature, the signature before the policy is read (localstack/localstack
// TestS3PresignedPost, validated against S3); the order of expiry, conditions, extra fields and size
// among themselves is not documented, so every failure is reported, in that order.
import { isoUtc, relative } from '../time';
import type { PostCondition, PostExplanation, PostField, PostForm, PostSignatureVersion } from './model';
import { fieldValue } from './parse';
import { parsePolicy } from './policy';
import { redactCondition, redactForm, type TokenSource } from './redact';
import {
  expandFilename,
  failsOnlyForSpaces,
  FILENAME_VARIABLE,
  isExemptField,
  isMatchCondition,
  meets,
  templateMeets,
} from './rules';

export interface PostSubmission {
  /**
   * The fields the client sends, names as typed, in order; an entry named `file` marks where the file
   * goes (S3 ignores what follows it). A record is taken in its key order with the file last. Default:
   * the form's own fields.
   */
  readonly fields?: readonly PostField[] | Readonly<Record<string, string>>;
  /** Bytes of the file; without it, content-length-range is not decided. */
  readonly fileSize?: number;
  /** The file name the client sends (a path is cut at its last "/" or "\"); undefined: none sent. */
  readonly fileName?: string;
  /** The bucket the request goes to; default the form's. */
  readonly bucket?: string;
  readonly now: Date;
}

export type ConditionStatus = 'pass' | 'fail' | 'unknown';

export interface ConditionVerdict {
  readonly condition: PostCondition;
  readonly ok: boolean;
  readonly status: ConditionStatus;
  readonly reason: string;
  /** The field the condition names, as the client sent it. */
  readonly field?: string;
  /** The value S3 compares (after ${filename} expansion). */
  readonly value?: string;
}

export interface SizeVerdict {
  readonly verdict: 'ok' | 'too-large' | 'too-small' | 'unconstrained' | 'unknown';
  readonly size?: number;
  /** The tightest bounds of all content-length-range conditions. */
  readonly min?: number;
  readonly max?: number;
}

export interface PostEvaluation {
  /** No check fails (an undecided one does not count). */
  readonly accepted: boolean;
  /** Every check was decided. */
  readonly decided: boolean;
  readonly expired: boolean;
  readonly conditions: readonly ConditionVerdict[];
  /** Fields no condition covers ("Extra input fields"), as sent. */
  readonly extraFields: readonly string[];
  /** Fields S3 requires or a condition names, which the submission lacks. */
  readonly missingFields: readonly string[];
  /** Fields after the file. */
  readonly ignoredFields: readonly string[];
  readonly size: SizeVerdict;
  readonly explanations: readonly PostExplanation[];
}

interface Sent {
  readonly fields: PostField[];
  readonly ignored: PostField[];
}

/** The fields S3 reads from a submission (${filename} expanded) and those it ignores after the file. */
export function submittedFields(form: PostForm, submission: Pick<PostSubmission, 'fields' | 'fileName'>): Sent {
  const given = submission.fields;
  const entries: PostField[] = Array.isArray(given)
    ? [...(given as readonly PostField[])]
    : given
      ? Object.entries(given).map(([name, value]) => ({ name, value }))
      : [
          ...form.fields,
          ...(form.fieldsAfterFile.length ? [{ name: 'file', value: '' }, ...form.fieldsAfterFile] : []),
        ];
  const fileAt = entries.findIndex((f) => f.name.toLowerCase() === 'file');
  const before = fileAt === -1 ? entries : entries.slice(0, fileAt);
  const ignored = fileAt === -1 ? [] : entries.slice(fileAt + 1);
  return {
    fields: before.map((f) => ({ name: f.name, value: expandFilename(f.value, submission.fileName) })),
    ignored,
  };
}

function versionOf(fields: readonly PostField[]): PostSignatureVersion {
  const names = new Set(fields.map((f) => f.name.toLowerCase()));
  if (['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature'].some((n) => names.has(n))) return 'v4';
  if (names.has('awsaccesskeyid') || names.has('signature')) return 'v2';
  return 'none';
}

const REQUIRED: Readonly<Record<PostSignatureVersion, readonly string[]>> = {
  v4: ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature'],
  v2: ['AWSAccessKeyId', 'Signature'],
  none: [],
};

function conditionFailedMessage(c: PostCondition, why: string): string {
  return `${why}: S3 answers 403 AccessDenied "Invalid according to Policy: Policy Condition failed: ${c.text}".`;
}

function judge(
  c: PostCondition,
  fields: readonly PostField[],
  bucket: string | undefined,
  size: number | undefined,
  fileName: string | undefined,
): { verdict: ConditionVerdict; explanation?: PostExplanation } {
  const verdict = (status: ConditionStatus, reason: string, field?: string, value?: string): ConditionVerdict => ({
    condition: c,
    ok: status === 'pass',
    status,
    reason,
    field,
    value,
  });
  if (c.type === 'invalid') {
    const reason = `S3 cannot apply ${c.text}: ${c.reason}`;
    return c.failsWith === 'AccessDenied'
      ? {
          verdict: verdict('fail', reason),
          explanation: { code: 'POLICY_CONDITION_FAILED', message: conditionFailedMessage(c, reason) },
        }
      : { verdict: verdict('fail', reason) };
  }
  if (c.type === 'content-length-range') {
    if (size === undefined) return { verdict: verdict('unknown', 'The file size is not given.') };
    if (size < c.min)
      return {
        verdict: verdict('fail', `The file is ${size} bytes, under the minimum of ${c.min}.`),
        explanation: {
          code: 'ENTITY_TOO_SMALL',
          message: `The file is ${size} bytes; ${c.text} requires at least ${c.min}: S3 answers 400 EntityTooSmall "Your proposed upload is smaller than the minimum allowed size" (ProposedSize ${size}, MinSizeAllowed ${c.min}).`,
        },
      };
    if (size > c.max)
      return {
        verdict: verdict('fail', `The file is ${size} bytes, over the maximum of ${c.max}.`),
        explanation: {
          code: 'ENTITY_TOO_LARGE',
          message: `The file is ${size} bytes; ${c.text} allows at most ${c.max}: S3 answers 400 EntityTooLarge "Your proposed upload exceeds the maximum allowed size" (ProposedSize ${size}, MaxSizeAllowed ${c.max}).`,
        },
      };
    return { verdict: verdict('pass', `${size} bytes is within ${c.min}–${c.max} (bounds included).`) };
  }
  const want =
    c.type === 'eq'
      ? `must be exactly ${JSON.stringify(c.value)}`
      : c.value === ''
        ? 'may be anything, but must be sent'
        : `must start with ${JSON.stringify(c.value)}`;
  if (c.field.toLowerCase() === 'bucket') {
    if (bucket === undefined)
      return { verdict: verdict('unknown', 'The bucket posted to is not known (no URL).', 'bucket') };
    return meets(c, bucket)
      ? { verdict: verdict('pass', `The bucket posted to, "${bucket}", meets it.`, 'bucket', bucket) }
      : {
          verdict: verdict('fail', `The form posts to bucket "${bucket}"; the bucket ${want}.`, 'bucket', bucket),
          explanation: {
            code: 'POLICY_CONDITION_FAILED',
            field: 'bucket',
            message: conditionFailedMessage(c, `The form posts to bucket "${bucket}", and the policy's bucket ${want}`),
          },
        };
  }
  const sent = fields.find((f) => f.name.toLowerCase() === c.field.toLowerCase());
  const value = fieldValue(fields, c.field);
  if (sent === undefined || value === undefined)
    return {
      verdict: verdict('fail', `The field "${c.field}" is not sent; it ${want}.`),
      explanation: {
        code: 'MISSING_FIELD',
        field: c.field,
        message: conditionFailedMessage(c, `The field "${c.field}" is not sent (before the file)`),
      },
    };
  // Without the file's name, a value holding ${filename} is a template: S3 judges what the browser sends.
  const template = fileName === undefined && value.includes(FILENAME_VARIABLE) ? templateMeets(c, value) : undefined;
  if (template === 'some')
    return {
      verdict: verdict(
        'unknown',
        `${JSON.stringify(value)} meets it or not depending on the file's name, which ${FILENAME_VARIABLE} becomes: give the name to decide.`,
        sent.name,
        value,
      ),
    };
  if (template === 'always' || (template === undefined && meets(c, value)))
    return {
      verdict: verdict(
        'pass',
        `${JSON.stringify(value)} meets it${template ? ' whatever the file is named' : ''}.`,
        sent.name,
        value,
      ),
    };
  if (failsOnlyForSpaces(c, value))
    return {
      verdict: verdict(
        'unknown',
        `"${sent.name}" is ${JSON.stringify(value)}, a list whose items start with the prefix once the spaces after its commas are dropped; whether S3 drops them is not documented. Send the list without spaces to be sure.`,
        sent.name,
        value,
      ),
    };
  const listNote =
    c.type === 'starts-with' && c.field.toLowerCase() === 'content-type' && value.includes(',')
      ? ' (a Content-Type with commas is a list: every item must start with the prefix)'
      : '';
  return {
    verdict: verdict('fail', `"${sent.name}" is ${JSON.stringify(value)}; it ${want}${listNote}.`, sent.name, value),
    explanation: {
      code: 'POLICY_CONDITION_FAILED',
      field: sent.name,
      message: conditionFailedMessage(c, `"${sent.name}" is ${JSON.stringify(value)} but ${want}${listNote}`),
    },
  };
}

function sizeVerdict(conditions: readonly PostCondition[], size: number | undefined): SizeVerdict {
  const ranges = conditions.filter((c) => c.type === 'content-length-range');
  if (ranges.length === 0) return { verdict: 'unconstrained', size };
  const min = Math.max(...ranges.map((r) => r.min));
  const max = Math.min(...ranges.map((r) => r.max));
  if (size === undefined) return { verdict: 'unknown', min, max };
  return { verdict: size < min ? 'too-small' : size > max ? 'too-large' : 'ok', size, min, max };
}

export function evaluatePostSubmission(form: PostForm, submission: PostSubmission): PostEvaluation {
  const { fields, ignored } = submittedFields(form, submission);
  const explanations: PostExplanation[] = [];
  const missing: string[] = [];
  const names = new Set(fields.map((f) => f.name.toLowerCase()));
  const policyText = fieldValue(fields, 'policy');
  const version = versionOf(fields);
  const ignoredNames = new Set(ignored.map((f) => f.name.toLowerCase()));
  for (const name of ['key', ...(policyText === undefined ? [] : REQUIRED[version])]) {
    if (names.has(name.toLowerCase())) continue;
    missing.push(name);
    explanations.push({
      code: 'MISSING_FIELD',
      field: name,
      message: `The upload has no "${name}" field${ignoredNames.has(name.toLowerCase()) ? ' before the file (fields after it are ignored)' : ''}: S3 answers 400 InvalidArgument "Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields."`,
    });
  }

  const policy =
    policyText === undefined ? undefined : policyText === form.policy?.base64 ? form.policy : parsePolicy(policyText);
  if (!policy)
    explanations.push({
      code: 'NO_POLICY',
      message:
        'The upload has no policy: S3 treats it as anonymous, which succeeds only on a bucket anyone may write to.',
    });
  if (policy?.oversized) explanations.push({ code: 'MALFORMED_REQUEST', field: 'policy', message: policy.oversized });
  for (const problem of policy?.problems ?? [])
    explanations.push({
      code: 'POLICY_MALFORMED',
      field: 'policy',
      message: `${problem} S3 answers 400 InvalidPolicyDocument.`,
    });

  const expiration = policy?.expiration;
  const expired = expiration !== undefined && expiration.getTime() < submission.now.getTime();
  if (expired)
    explanations.push({
      code: 'POLICY_EXPIRED',
      message: `The policy expired ${relative(expiration, submission.now)} (at ${isoUtc(expiration)}): S3 answers 403 AccessDenied "Invalid according to Policy: Policy expired."`,
    });

  const conditions = policy?.conditions ?? [];
  const bucket = submission.bucket ?? form.bucket;
  const verdicts: ConditionVerdict[] = [];
  // Size last: S3 learns it from the body, after the fields.
  const sizeExplanations: PostExplanation[] = [];
  for (const c of conditions) {
    const { verdict, explanation } = judge(c, fields, bucket, submission.fileSize, submission.fileName);
    verdicts.push(verdict);
    if (explanation?.code === 'MISSING_FIELD' && explanation.field) missing.push(explanation.field);
    if (explanation?.code === 'ENTITY_TOO_LARGE' || explanation?.code === 'ENTITY_TOO_SMALL')
      sizeExplanations.push(explanation);
    else if (explanation) explanations.push(explanation);
  }

  const covered = new Set(conditions.filter(isMatchCondition).map((c) => c.field.toLowerCase()));
  const extra: string[] = [];
  // An oversized policy is not decoded: its conditions are unknown, not absent.
  if (policy && !policy.oversized) {
    for (const f of fields) {
      const lower = f.name.toLowerCase();
      if (covered.has(lower) || isExemptField(lower, version) || extra.some((e) => e.toLowerCase() === lower)) continue;
      extra.push(f.name);
      explanations.push({
        code: 'EXTRA_INPUT_FIELD',
        field: f.name,
        message: `No condition names the field "${f.name}": S3 answers 403 AccessDenied "Invalid according to Policy: Extra input fields: ${f.name}".`,
      });
    }
  }
  explanations.push(...sizeExplanations);
  const tokens: TokenSource[] = [form, { securityToken: fieldValue(fields, 'x-amz-security-token'), policy }];
  return {
    accepted: explanations.length === 0,
    decided: verdicts.every((v) => v.status !== 'unknown'),
    expired,
    conditions: verdicts.map((v) => ({
      ...v,
      condition: redactCondition(v.condition, ...tokens),
      reason: redactForm(v.reason, ...tokens),
      value: v.value === undefined ? undefined : redactForm(v.value, ...tokens),
    })),
    extraFields: extra,
    missingFields: missing,
    ignoredFields: ignored.map((f) => f.name),
    size: sizeVerdict(conditions, submission.fileSize),
    explanations: explanations.map((e) => ({ ...e, message: redactForm(e.message, ...tokens) })),
  };
}
