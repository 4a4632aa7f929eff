// diagnosePostForm: what is wrong with a presigned POST form, or will be, with a clock passed in. Each
// finding has a stable code, a severity, a message and a fix; messages have session tokens redacted.
// S3's answers quoted here are from AWS's pages (see rules.ts, policy.ts) and captured responses:
// "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the
// fields." (nukulb/s3-angular-file-upload#1, grafana/k6#1382), "the region 'X' is wrong; expecting 'Y'"
// (CulturalMe/meteor-slingshot#150), "Extra input fields: …" (martinklepsch/s3-beam#42), a starts-with ""
// condition failing when its field is absent (waynehoover/s3_direct_upload#29).
import { LIVE_AFTER_MS, SIGV2_REGIONS } from '../diagnose';
import { parseAmzDate, SIGV4_ALGORITHM } from '../parse';
import { isoUtc, relative } from '../time';
import type { PostCondition, PostField, PostFinding, PostForm } from './model';
import { fieldValue } from './parse';
import { redactForm } from './redact';
import { isExactOnlyField, isExemptField, isMatchCondition, meets, templateMeets, type MatchCondition } from './rules';

export interface PostDiagnoseOptions {
  readonly now: Date;
}

const lower = (s: string): string => s.toLowerCase();

/** The fields S3 requires for the form's signature version, in the order S3 names them when missing. */
function requiredFields(form: PostForm): string[] {
  const auth =
    form.signatureVersion === 'v4'
      ? ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature']
      : form.signatureVersion === 'v2'
        ? ['AWSAccessKeyId', 'Signature']
        : [];
  return ['key', ...(form.policy ? auth : [])];
}

function missingFields(form: PostForm): PostFinding[] {
  const out: PostFinding[] = [];
  const sent = new Set(form.fields.map((f) => lower(f.name)));
  const after = new Set(form.fieldsAfterFile.map((f) => lower(f.name)));
  for (const name of requiredFields(form)) {
    if (sent.has(lower(name))) continue;
    out.push({
      code: 'MISSING_FIELD',
      severity: 'error',
      field: name,
      message: `The form has no "${name}" field${after.has(lower(name)) ? ' before the file (fields after the file are ignored)' : ''}: S3 answers 400 InvalidArgument "Bucket POST must contain a field named '${name}'".`,
      fix: after.has(lower(name))
        ? 'Move the field before the file: the file must be the last field.'
        : 'Send every field the presigner returned, before the file.',
    });
  }
  if (form.policy && form.signatureVersion === 'none') {
    out.push({
      code: 'MISSING_FIELD',
      severity: 'error',
      message:
        'The form has a policy but no signature fields (x-amz-signature and x-amz-credential, or AWSAccessKeyId and signature).',
      fix: 'Send every field the presigner returned.',
    });
  }
  return out;
}

function malformedFields(form: PostForm): PostFinding[] {
  const out: PostFinding[] = [];
  const get = (name: string): string | undefined => fieldValue(form.fields, name);
  const bad = (field: string, message: string, fix = 'Generate the form again; do not edit its fields.'): void =>
    void out.push({ code: 'MALFORMED_FIELD', severity: 'error', field, message, fix });
  if (form.signatureVersion === 'v4') {
    const algorithm = get('x-amz-algorithm');
    if (algorithm !== undefined && algorithm !== SIGV4_ALGORITHM)
      bad('x-amz-algorithm', `x-amz-algorithm is "${algorithm}"; a POST policy is signed with ${SIGV4_ALGORITHM}.`);
    const date = get('x-amz-date');
    if (date !== undefined && !parseAmzDate(date))
      bad(
        'x-amz-date',
        `x-amz-date "${date}" is not of the form yyyyMMddTHHmmssZ: S3 answers InvalidArgument "X-Amz-Date must be formated via ISO8601 Long format".`,
      );
    const rawCredential = get('x-amz-credential');
    const c = form.credential;
    if (rawCredential !== undefined && (!c || rawCredential.split('/').length !== 5))
      bad(
        'x-amz-credential',
        `x-amz-credential "${rawCredential}" is not of the form AKID/yyyymmdd/region/s3/aws4_request.`,
      );
    else if (c) {
      if (c.service !== 's3') bad('x-amz-credential', `The credential scope is for service "${c.service}", not "s3".`);
      if (c.terminator !== 'aws4_request')
        bad('x-amz-credential', `The credential scope ends with "${c.terminator}" instead of "aws4_request".`);
      if (date !== undefined && parseAmzDate(date) && !date.startsWith(c.date))
        bad(
          'x-amz-credential',
          `The credential date ${c.date} is not the day of x-amz-date ${date}: the signing key is derived from the credential's day.`,
        );
    }
    const signature = form.signature;
    if (signature !== undefined && !/^[0-9a-f]{64}$/.test(signature))
      bad(
        'x-amz-signature',
        `x-amz-signature is not 64 lower-case hexadecimal characters (it has ${signature.length}): it was cut or altered.`,
        'Copy every field again from where the form was generated.',
      );
  }
  if (form.signatureVersion === 'v2' && form.signature !== undefined && !/^[A-Za-z0-9+/]{27}=$/.test(form.signature))
    bad(
      'signature',
      'signature is not the base64 of an HMAC-SHA1 (28 characters ending in "="): it was cut, or a "+" became a space.',
      'Copy every field again; send them as multipart/form-data, never URL-encoded.',
    );
  return out;
}

function timing(form: PostForm, now: Date): PostFinding[] {
  const expiration = form.policy?.expiration;
  if (!expiration) return [];
  if (expiration.getTime() - now.getTime() > LIVE_AFTER_MS)
    return [
      {
        code: 'LIVE_FORM',
        severity: 'info',
        message: `A live POST form lets anyone who has it upload what its policy allows until ${isoUtc(expiration)}: do not keep it in files others read.`,
        fix: 'Generate forms at run time, with a short expiration, instead of keeping one.',
      },
    ];
  if (expiration.getTime() >= now.getTime()) return [];
  return [
    {
      code: 'POLICY_EXPIRED',
      severity: 'error',
      message: `The policy expired ${relative(expiration, now)} (at ${isoUtc(expiration)}): S3 answers 403 AccessDenied "Invalid according to Policy: Policy expired."`,
      fix: 'Generate the form again; its expiration is signed and cannot be edited.',
    },
  ];
}

function coverage(form: PostForm, matchConditions: readonly MatchCondition[]): PostFinding[] {
  // An oversized policy is not decoded: its conditions are unknown, not absent.
  if (form.policy?.oversized) return [];
  const covered = new Set(matchConditions.map((c) => lower(c.field)));
  const out: PostFinding[] = [];
  const seen = new Set<string>();
  for (const f of form.fields) {
    const name = lower(f.name);
    if (seen.has(name) || covered.has(name) || isExemptField(name, form.signatureVersion)) continue;
    seen.add(name);
    out.push({
      code: 'EXTRA_INPUT_FIELD',
      severity: 'error',
      field: f.name,
      message: `No condition in the policy names the field "${f.name}": S3 answers 403 AccessDenied "Invalid according to Policy: Extra input fields: ${f.name}".`,
      fix: `Add a condition for it when generating the form (e.g. ["starts-with", "$${f.name}", ""]), rename it with the x-ignore- prefix, or do not send it.`,
    });
  }
  return out;
}

function conditionFields(form: PostForm, matchConditions: readonly MatchCondition[]): PostFinding[] {
  const out: PostFinding[] = [];
  const after = new Set(form.fieldsAfterFile.map((f) => lower(f.name)));
  for (const c of matchConditions) {
    if (lower(c.field) === 'bucket') continue;
    const value = fieldValue(form.fields, c.field);
    if (value === undefined) {
      const want =
        c.type === 'eq'
          ? `exactly ${JSON.stringify(c.value)}`
          : c.value === ''
            ? 'any value'
            : `a value starting with ${JSON.stringify(c.value)}`;
      out.push({
        code: 'CONDITION_FIELD_NOT_SENT',
        severity: 'warning',
        field: c.field,
        condition: c.index,
        message: `The policy requires a "${c.field}" field (${want}) that the form does not have${after.has(lower(c.field)) ? ' before the file' : ''}: the uploader must add it, or S3 answers 403 "Policy Condition failed: ${c.text}" (even for an empty starts-with).`,
        fix: `Add the "${c.field}" field to the form before the file (e.g. the file's type for Content-Type).`,
      });
      continue;
    }
    const verdict = templateMeets(c, value);
    if (verdict === 'never')
      out.push({
        code: 'FIELD_VIOLATES_CONDITION',
        severity: 'error',
        field: c.field,
        condition: c.index,
        message: `The form's "${c.field}" is ${JSON.stringify(value)}, which fails the policy's own condition ${c.text}: S3 answers 403 "Invalid according to Policy: Policy Condition failed: ${c.text}".`,
        fix: 'Generate the form again with the field and its condition agreeing.',
      });
  }
  return out;
}

function conflictMessage(a: MatchCondition, b: MatchCondition): string | undefined {
  if (a.type === 'eq' && b.type === 'eq') return a.value === b.value ? undefined : 'two different exact values';
  if (a.type === 'eq' || b.type === 'eq') {
    const [eq, sw] = a.type === 'eq' ? [a, b] : [b, a];
    return meets(sw, eq.value) ? undefined : 'an exact value that does not start with the required prefix';
  }
  return a.value.startsWith(b.value) || b.value.startsWith(a.value)
    ? undefined
    : 'two prefixes no value can both start with';
}

/**
 * Pairs of conditions on one field that no value meets together, found in n log n: conditions that say
 * the same are read once; exact values are checked against the first one; prefixes, sorted by length,
 * hold together exactly when each is a prefix of the next.
 */
function conflictingPairs(list: readonly MatchCondition[]): [MatchCondition, MatchCondition, string][] {
  const distinct = [...new Map(list.map((c) => [`${c.type}\u0000${c.value}`, c])).values()];
  const eqs = distinct.filter((c) => c.type === 'eq');
  const prefixes = distinct.filter((c) => c.type === 'starts-with');
  const pairs: [MatchCondition, MatchCondition, string][] = [];
  const add = (a: MatchCondition, b: MatchCondition): void => {
    const why = conflictMessage(a, b);
    if (why) pairs.push(a.index < b.index ? [a, b, why] : [b, a, why]);
  };
  const first = eqs[0];
  if (first) {
    for (const other of eqs.slice(1)) add(first, other);
    for (const p of prefixes) add(first, p);
    return pairs;
  }
  const sorted = [...prefixes].sort((a, b) => a.value.length - b.value.length || a.index - b.index);
  for (let i = 1; i < sorted.length; i++) add(sorted[i - 1]!, sorted[i]!);
  return pairs;
}

function conflicts(conditions: readonly PostCondition[]): PostFinding[] {
  const out: PostFinding[] = [];
  const byField = new Map<string, MatchCondition[]>();
  for (const c of conditions.filter(isMatchCondition)) {
    const list = byField.get(lower(c.field)) ?? [];
    list.push(c);
    byField.set(lower(c.field), list);
  }
  for (const list of byField.values()) {
    for (const [a, b, why] of conflictingPairs(list)) {
      if (out.length >= 50) break;
      out.push({
        code: 'CONDITIONS_CONFLICT',
        severity: 'error',
        field: a.field,
        condition: b.index,
        message: `${a.text} and ${b.text} can never both hold (${why}): every upload fails with "Policy Condition failed".`,
        fix: 'Keep one condition per field, or conditions that agree.',
      });
    }
  }
  const ranges = conditions.filter((c) => c.type === 'content-length-range');
  for (const r of ranges) {
    if (r.min > r.max)
      out.push({
        code: 'CONDITIONS_CONFLICT',
        severity: 'error',
        condition: r.index,
        message: `${r.text} has its minimum above its maximum: no file size passes (S3 answers EntityTooSmall or EntityTooLarge).`,
        fix: 'Swap the bounds: ["content-length-range", min, max] in bytes, both inclusive.',
      });
  }
  if (ranges.length > 1) {
    const low = Math.max(...ranges.map((r) => r.min));
    const high = Math.min(...ranges.map((r) => r.max));
    if (low > high && ranges.every((r) => r.min <= r.max))
      out.push({
        code: 'CONDITIONS_CONFLICT',
        severity: 'error',
        message: `The policy's content-length-range conditions leave no size that meets them all (at least ${low}, at most ${high} bytes).`,
        fix: 'Keep one content-length-range condition.',
      });
  }
  return out;
}

function location(form: PostForm, conditions: readonly PostCondition[]): PostFinding[] {
  const out: PostFinding[] = [];
  const host = form.host;
  if (form.bucketFrom === 'url' && form.bucket !== undefined) {
    for (const c of conditions) {
      if (c.type !== 'eq' || lower(c.field) !== 'bucket' || c.value === form.bucket) continue;
      const guess = host?.bucketFrom === 'path-guess' ? ' (read as a path-style URL)' : '';
      out.push({
        code: 'BUCKET_MISMATCH',
        severity: host?.bucketFrom === 'path-guess' ? 'warning' : 'error',
        condition: c.index,
        message: `The policy is for bucket "${c.value}" but the form posts to bucket "${form.bucket}"${guess}: S3 answers 403 "Policy Condition failed: ${c.text}".`,
        fix: 'Post to the URL the presigner returned with the form.',
      });
    }
  }
  const scopeRegion = form.credential?.region;
  if (form.signatureVersion === 'v4' && host?.isAws && host.region && scopeRegion && scopeRegion !== host.region) {
    // The global virtual-hosted endpoint routes to the bucket's own region: any scope region can be right.
    if (!(host.endpoint === 'global' && host.style === 'virtual-hosted'))
      out.push({
        code: 'REGION_MISMATCH',
        severity: 'error',
        field: 'x-amz-credential',
        message: `Signed for region ${scopeRegion} but the form posts to an endpoint in ${host.region}: S3 answers 400 InvalidArgument "the region '${scopeRegion}' is wrong; expecting '${host.region}'" (when the bucket is in ${host.region}).`,
        fix: "Create the presigning client in the bucket's region and post to that region's endpoint.",
      });
  }
  return out;
}

function looseness(form: PostForm, conditions: readonly PostCondition[]): PostFinding[] {
  const out: PostFinding[] = [];
  const anyValue = (field: string): MatchCondition | undefined =>
    conditions
      .filter(isMatchCondition)
      .find((c) => c.type === 'starts-with' && c.value === '' && lower(c.field) === field);
  const anyType = anyValue('content-type');
  if (anyType)
    out.push({
      code: 'CONTENT_TYPE_UNCONSTRAINED',
      severity: 'warning',
      field: anyType.field,
      condition: anyType.index,
      message: `${anyType.text} lets the uploader choose any Content-Type, text/html and image/svg+xml included: a page served from the bucket can then run script in its origin.`,
      fix: 'Constrain it: ["starts-with", "$Content-Type", "image/"] or an exact type.',
    });
  const anyKey = anyValue('key');
  if (anyKey)
    out.push({
      code: 'KEY_UNCONSTRAINED',
      severity: 'warning',
      field: 'key',
      condition: anyKey.index,
      message: `${anyKey.text} lets the uploader write any key in the bucket, overwriting other objects.`,
      fix: 'Give the key a prefix of its own: ["starts-with", "$key", "uploads/<user>/"].',
    });
  if (form.policy && !conditions.some((c) => c.type === 'content-length-range'))
    out.push({
      code: 'SIZE_UNCONSTRAINED',
      severity: 'warning',
      message:
        'The policy has no content-length-range: the uploader can send a file of any size S3 accepts, paid for by the bucket owner.',
      fix: 'Add ["content-length-range", 1, <max bytes>] when generating the form.',
    });
  for (const c of conditions.filter(isMatchCondition)) {
    if (c.type === 'starts-with' && isExactOnlyField(c.field))
      out.push({
        code: 'EXACT_MATCH_ONLY',
        severity: 'info',
        field: c.field,
        condition: c.index,
        message: `AWS documents only exact matching for "${c.field}"; what S3 does with ${c.text} is not documented.`,
        fix: `Use an exact condition: {"${c.field}": "<value>"}.`,
      });
  }
  return out;
}

function credentials(form: PostForm): PostFinding[] {
  const out: PostFinding[] = [];
  if (form.accessKeyId?.startsWith('ASIA') && form.securityToken === undefined)
    out.push({
      code: 'TOKEN_MISSING',
      severity: 'error',
      field: 'x-amz-security-token',
      message: `The access key ${form.accessKeyId} is temporary (ASIA…) but the form has no x-amz-security-token field: S3 cannot use the key without its session token and rejects the upload.`,
      fix: 'Send the x-amz-security-token field the presigner returned (and keep its condition in the policy).',
    });
  else if (form.credentialType === 'temporary')
    out.push({
      code: 'TEMPORARY_CREDENTIALS',
      severity: 'warning',
      message:
        'Signed with temporary credentials: the form stops working when their session ends, which can be before the policy’s expiration (STS up to 36 h, SSO usually 8–12 h, instance roles up to 6 h).',
      fix: 'For a form that must live its whole expiration, sign with long-term IAM user keys.',
    });
  if (form.signatureVersion === 'v2') {
    const region = form.region;
    const refused = region !== undefined && !SIGV2_REGIONS.has(region) && form.host?.isAws === true;
    out.push({
      code: 'SIGV2',
      severity: refused ? 'error' : 'warning',
      message: refused
        ? `Signature Version 2 is not accepted in ${region} (regions opened since 2014 take SigV4 only).`
        : 'Signature Version 2 (legacy): refused in regions opened since 2014 and for SSE-KMS uploads.',
      fix: 'Generate the form with SigV4 (boto3: signature_version="s3v4").',
    });
    const kms = fieldValue(form.fields, 'x-amz-server-side-encryption');
    const kmsCondition = form.policy?.conditions.find(
      (c) => c.type === 'eq' && lower(c.field) === 'x-amz-server-side-encryption' && c.value.startsWith('aws:kms'),
    );
    if (kms?.startsWith('aws:kms') || kmsCondition)
      out.push({
        code: 'SIGV2_KMS',
        severity: 'error',
        field: 'x-amz-server-side-encryption',
        message:
          'SSE-KMS with Signature Version 2: S3 answers 400 InvalidArgument "Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4."',
        fix: 'Generate the form with SigV4 (boto3: signature_version="s3v4").',
      });
  }
  return out;
}

function order(form: PostForm): PostFinding[] {
  if (form.fieldsAfterFile.length === 0) return [];
  const names = form.fieldsAfterFile.map((f: PostField) => f.name).join(', ');
  return [
    {
      code: 'FIELDS_AFTER_FILE',
      severity: 'warning',
      field: form.fieldsAfterFile[0]!.name,
      message: `S3 ignores the fields after the file: ${names}.`,
      fix: 'Put the file last.',
    },
  ];
}

function policyState(form: PostForm): PostFinding[] {
  if (!form.policy)
    return [
      {
        code: 'NO_POLICY',
        severity: 'warning',
        message:
          'The form has no policy: S3 treats the upload as anonymous, which works only on a bucket that anyone may write to.',
        fix: 'Generate the form with a presigner (createPresignedPost, generate_presigned_post).',
      },
    ];
  if (form.policy.oversized)
    return [
      {
        code: 'POLICY_MALFORMED',
        severity: 'error',
        field: 'policy',
        message: form.policy.oversized,
        fix: 'Keep the policy to what the upload needs: a few conditions, well under 20 KB with every field.',
      },
    ];
  return form.policy.problems.map((problem) => ({
    code: 'POLICY_MALFORMED',
    severity: 'error',
    field: 'policy',
    message: `${problem} S3 refuses the policy (400 InvalidPolicyDocument), unless the signature check fails first.`,
    fix: 'Generate the form again with an SDK; do not edit the policy by hand.',
  }));
}

export function diagnosePostForm(form: PostForm, options: PostDiagnoseOptions): PostFinding[] {
  const conditions = form.policy?.conditions ?? [];
  const matchConditions = conditions.filter(isMatchCondition);
  const findings = [
    ...policyState(form),
    ...missingFields(form),
    ...malformedFields(form),
    ...timing(form, options.now),
    ...(form.policy ? coverage(form, matchConditions) : []),
    ...conditionFields(form, matchConditions),
    ...conflicts(conditions),
    ...location(form, conditions),
    ...looseness(form, conditions),
    ...credentials(form),
    ...order(form),
  ];
  return findings.map((f) => ({ ...f, message: redactForm(f.message, form) }));
}
