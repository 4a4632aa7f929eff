// What a user asks of an upload form (key or key prefix, Content-Type, size range, ACL, metadata,
// success status), checked and turned into the inputs of a POST presigner: the fields the form carries
// and the conditions its policy adds. The CLI and the "Presign Upload Form (POST)" command share it, so
// both refuse the same things with the same words, before any credential is read.
// Rules: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTForms.html (form fields, the
// 200/201/204 success_action_status), https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
// (conditions), https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl.
import { escapeControlCharacters, headerProblem } from '../controls';
import { COMMON_HEADER_VALUES } from '../vocabulary';
import type { PostField } from './model';
import { FILENAME_VARIABLE } from './rules';
import { MAX_POST_UPLOAD_BYTES } from './size';

export type ContentTypeRule =
  | { readonly rule: 'exact'; readonly value: string }
  | { readonly rule: 'starts-with'; readonly value: string }
  /** The uploader sends any Content-Type it likes (an empty starts-with). */
  | { readonly rule: 'any' };

export interface PostFormChoices {
  readonly bucket: string;
  /** The key, exact; or ending in ${filename}, which lets the uploader choose any key with the part before it. */
  readonly key: string;
  readonly contentType?: ContentTypeRule;
  /** Bytes, both inclusive; one given alone gets 0 or S3's 5 GiB for the other. */
  readonly minSize?: number;
  readonly maxSize?: number;
  /** More fields the form carries with exact conditions: acl, success_action_status, x-amz-meta-*, … */
  readonly fields?: readonly PostField[];
}

/** A POST policy condition as the presigners take it. */
export type PolicyCondition =
  | readonly ['starts-with', string, string]
  | readonly ['content-length-range', number, number]
  | Readonly<Record<string, string>>;

/** The inputs of createPresignedPost / generate_presigned_post. */
export interface PostPolicyRequest {
  readonly bucket: string;
  readonly key: string;
  /** Fields the form carries; the presigner adds an exact condition for each. */
  readonly fields: Readonly<Record<string, string>>;
  /** Conditions beyond the fields' (prefixes, the size range). */
  readonly conditions: readonly PolicyCondition[];
}

export type PostRequestResult =
  { readonly ok: true; readonly value: PostPolicyRequest } | { readonly ok: false; readonly error: string };

/** S3's longest key, in UTF-8 bytes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html). */
const MAX_KEY_BYTES = 1024;

/** Fields the presigner writes itself, or that have their own choice here. */
const RESERVED_FIELDS = new Set([
  'key',
  'bucket',
  'policy',
  'file',
  'content-type',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-signature',
  'x-amz-security-token',
  'awsaccesskeyid',
  'signature',
]);

/** The names S3 fields have (x-amz-meta-*, acl, Cache-Control…); no spaces, quotes or separators. */
const FIELD_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

const SUCCESS_STATUSES = ['200', '201', '204'];

/** Why `key` cannot be a form's key, or undefined. */
export function postKeyProblem(key: string): string | undefined {
  if (key === '') return 'The key is empty: name the object, or end a prefix with ${filename}.';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `The key is over S3's ${MAX_KEY_BYTES} bytes.`;
  const at = key.indexOf(FILENAME_VARIABLE);
  if (at !== -1 && at !== key.length - FILENAME_VARIABLE.length)
    return '${filename} must end the key: the presigner turns only a final ${filename} into a key prefix condition.';
  return undefined;
}

/** Why a field the user adds cannot go into the form, or undefined. */
export function postFieldProblem(name: string, value: string): string | undefined {
  if (!FIELD_NAME.test(name))
    return `"${escapeControlCharacters(name.slice(0, 60))}" is not a field name (letters, digits and -_.).`;
  if (escapeControlCharacters(value) !== value)
    return `The value of "${name}" holds a control character (a line break or tab).`;
  const lower = name.toLowerCase();
  if (RESERVED_FIELDS.has(lower))
    return lower === 'content-type'
      ? 'Set Content-Type with its own option (exact or prefix).'
      : `The field "${name}" is written by the presigner.`;
  if (lower === 'success_action_status' && !SUCCESS_STATUSES.includes(value))
    return `success_action_status takes ${SUCCESS_STATUSES.join(', ')} (S3 answers 204 without it).`;
  if (lower === 'acl' && !COMMON_HEADER_VALUES['x-amz-acl']!.includes(value))
    return `"${value}" is not a canned ACL (${COMMON_HEADER_VALUES['x-amz-acl']!.join(', ')}).`;
  return undefined;
}

function sizeRange(choices: PostFormChoices): readonly [number, number] | string | undefined {
  const { minSize, maxSize } = choices;
  if (minSize === undefined && maxSize === undefined) return undefined;
  const min = minSize ?? 0;
  const max = maxSize ?? MAX_POST_UPLOAD_BYTES;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < 0)
    return 'Sizes are whole numbers of bytes.';
  if (max > MAX_POST_UPLOAD_BYTES) return `S3 takes at most 5 GiB (${MAX_POST_UPLOAD_BYTES} bytes) in one POST upload.`;
  if (min > max) return `The minimum size (${min} bytes) is above the maximum (${max} bytes).`;
  return [min, max];
}

export function postPolicyRequest(choices: PostFormChoices): PostRequestResult {
  const fail = (error: string): PostRequestResult => ({ ok: false, error });
  if (choices.bucket === '') return fail('No bucket.');
  const keyProblem = postKeyProblem(choices.key);
  if (keyProblem) return fail(keyProblem);
  const fields: Record<string, string> = {};
  const conditions: PolicyCondition[] = [];
  const ct = choices.contentType;
  if (ct && ct.rule !== 'any') {
    const problem = headerProblem('Content-Type', ct.value);
    if (problem) return fail(problem);
    if (ct.value === '') return fail('The Content-Type is empty.');
  }
  if (ct?.rule === 'exact') fields['Content-Type'] = ct.value;
  else if (ct?.rule === 'starts-with') conditions.push(['starts-with', '$Content-Type', ct.value]);
  else if (ct?.rule === 'any') conditions.push(['starts-with', '$Content-Type', '']);
  for (const f of choices.fields ?? []) {
    const problem = postFieldProblem(f.name, f.value);
    if (problem) return fail(problem);
    if (Object.keys(fields).some((n) => n.toLowerCase() === f.name.toLowerCase()))
      return fail(`The field "${f.name}" is given twice.`);
    fields[f.name] = f.value;
  }
  const range = sizeRange(choices);
  if (typeof range === 'string') return fail(range);
  if (range) conditions.push(['content-length-range', range[0], range[1]]);
  return { ok: true, value: { bucket: choices.bucket, key: choices.key, fields, conditions } };
}
