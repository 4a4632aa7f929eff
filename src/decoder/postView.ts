// The decoder's view of a presigned POST form, built from the engine: what it posts to, every field a client
// sends with its meaning, each policy condition with what it allows, the findings; and a submission's check
// in the page's terms. Session tokens are redacted in everything built here.
import {
  bySeverity,
  conditionAllows,
  diagnosePostForm,
  evaluatePostSubmission,
  isoUtc,
  parseByteSize,
  postSnippetFields,
  redactCondition,
  redactForm,
  type PostField,
  type PostForm,
} from '../engine';
import type { CheckView, PostDecoderView, PostFieldView, SubmittedField } from './postProtocol';
import type { ProfileChoice } from './protocol';

const FIELD_MEANINGS: Readonly<Record<string, string>> = {
  key: 'The object’s key; ${filename} in it becomes the uploaded file’s name',
  bucket: 'The bucket, as the policy names it',
  policy: 'The policy, base64: what S3 checks the upload against (decoded below)',
  'x-amz-algorithm': 'How the policy is signed',
  'x-amz-credential': 'Access key ID / day / region / service / aws4_request: the signing key’s scope',
  'x-amz-date': 'When it was signed (UTC)',
  'x-amz-signature': 'HMAC-SHA256 of the policy with the signing key',
  'x-amz-security-token': 'Session token of the temporary credentials that signed it',
  awsaccesskeyid: 'Access key ID (Signature Version 2)',
  signature: 'Base64 HMAC-SHA1 of the policy (Signature Version 2)',
  acl: 'Canned ACL the object gets',
  'content-type': 'Content-Type the object is stored with',
  success_action_status: 'HTTP status S3 answers a successful upload with (204 without it)',
  success_action_redirect: 'Where S3 sends the browser after a successful upload',
};

function meaningOf(name: string): string {
  const lower = name.toLowerCase();
  if (lower.startsWith('x-amz-meta-')) return 'User metadata stored with the object';
  if (lower.startsWith('x-ignore-')) return 'Ignored by S3 (no condition needed)';
  return FIELD_MEANINGS[lower] ?? 'A form field (the policy must name it)';
}

const SET_ME = '<set me>';

/** The fields as the page shows them: the form's, then those the policy requires that the form lacks. */
function fieldViews(form: PostForm): PostFieldView[] {
  return postSnippetFields(form).map((f) => {
    const lower = f.name.toLowerCase();
    const hidden = lower === 'x-amz-security-token' || lower === 'policy';
    const value =
      lower === 'policy'
        ? `${f.value.slice(0, 24)}… (${f.value.length} characters)`
        : redactForm(f.setBy ? f.value.replace(SET_ME, '') : f.value, form);
    return { name: f.name, value, editable: !hidden, setBy: f.setBy, meaning: meaningOf(f.name) };
  });
}

/** The policy decoded, pretty-printed when it is plain JSON, session token redacted. */
function policyText(form: PostForm): string | undefined {
  const json = form.policy?.json;
  if (json === undefined) return undefined;
  let pretty = json;
  try {
    pretty = JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    // Not plain JSON (S3 refuses it; the findings say why): shown as written.
  }
  return redactForm(pretty, form);
}

/** "s3://bucket/uploads/<file name>" or "s3://bucket/key": what the form writes, as far as it says. */
export function formTarget(form: PostForm): string {
  const key = form.fields.find((f) => f.name.toLowerCase() === 'key')?.value;
  const where = `s3://${form.bucket ?? '?'}/`;
  if (key === undefined) return `${where} (no key field)`;
  return `${where}${key.replace('${filename}', '<file name>')}`;
}

export function buildPostView(form: PostForm, profiles: readonly ProfileChoice[], now = new Date()): PostDecoderView {
  const findings = bySeverity(diagnosePostForm(form, { now }));
  const worst = findings[0]?.severity;
  const expiration = form.policy?.expiration;
  const summary = [
    { label: 'Posts to', value: form.url ? redactForm(form.url, form) : '(no URL in what was pasted)' },
    { label: 'Bucket', value: form.bucket ?? '(unknown)' },
    { label: 'Region', value: form.region ?? '(unknown)' },
    {
      label: 'Signed by',
      value: `${form.accessKeyId ?? '(no access key)'} (${form.credentialType === 'temporary' ? 'temporary credentials' : 'long-term key'})`,
    },
    { label: 'Signed at', value: form.signedAt ? isoUtc(form.signedAt) : '(not stated)' },
    { label: 'Expires', value: expiration ? isoUtc(expiration) : '(no expiration)' },
  ];
  return {
    headline: {
      details: [`POST form for ${formTarget(form)}`],
      severity: worst === 'error' ? 'error' : worst === 'warning' ? 'warning' : 'ok',
    },
    url: form.url && redactForm(form.url, form),
    signatureVersion: form.signatureVersion,
    expiresAt: expiration && expiration.toISOString(),
    signedAt: form.signedAt && form.signedAt.toISOString(),
    summary,
    fields: fieldViews(form),
    conditions: (form.policy?.conditions ?? []).map((raw) => {
      const c = redactCondition(raw, form);
      return {
        index: c.index,
        text: c.text,
        allows: conditionAllows(c),
        field: c.type === 'eq' || c.type === 'starts-with' ? c.field : undefined,
      };
    }),
    policyJson: policyText(form),
    findings: findings.map(({ code, severity, message, fix }) => ({ code, severity, message, fix })),
    profiles,
    canVerify: form.policy !== undefined && form.signature !== undefined && form.signatureVersion !== 'none',
  };
}

/**
 * The fields S3 reads from what the page sends back: the fields only the host holds (the session token and
 * the policy) put back with their real values; a value left as the page showed it stands for the form's.
 */
export function submittedFields(form: PostForm, sent: readonly SubmittedField[]): PostField[] {
  const hidden = form.fields.filter((f) => ['x-amz-security-token', 'policy'].includes(f.name.toLowerCase()));
  const out: PostField[] = [];
  for (const f of sent) {
    const own = hidden.find((h) => h.name === f.name);
    out.push(own ?? { name: f.name, value: f.value });
  }
  for (const h of hidden) if (!out.includes(h)) out.push(h);
  return out;
}

/** A submission judged as S3 would: each condition, and the causes of a refusal, in the page's terms. */
export function checkSubmission(
  form: PostForm,
  sent: readonly SubmittedField[],
  fileSize: string,
  fileName: string,
  now = new Date(),
): CheckView | string {
  let size: number | undefined;
  if (fileSize.trim() !== '') {
    const parsed = parseByteSize(fileSize, 'any');
    if (!parsed.ok) return `File size: ${parsed.error}`;
    size = parsed.value;
  }
  const e = evaluatePostSubmission(form, {
    fields: submittedFields(form, sent),
    fileSize: size,
    fileName: fileName.trim() === '' ? undefined : fileName,
    now,
  });
  const verdict = e.accepted
    ? e.decided
      ? 'S3 accepts this upload: every condition holds (the signature is checked above).'
      : 'No condition fails, but not every one could be judged: give the file size.'
    : `S3 refuses this upload: ${e.explanations[0]?.code ?? 'a condition fails'}${e.explanations.length > 1 ? ` and ${e.explanations.length - 1} more` : ''}.`;
  return {
    accepted: e.accepted,
    decided: e.decided,
    verdict,
    conditions: e.conditions.map((v) => ({
      index: v.condition.index,
      status: v.status,
      reason: v.reason,
      field: v.field,
      value: v.value,
    })),
    explanations: e.explanations,
  };
}
