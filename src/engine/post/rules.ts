// S3's rules for matching a POST form against its policy, in one place for the findings and the
// evaluation of a submission. Sources:
// - exact and starts-with matching, an empty prefix for "anything", Content-Type lists, the coverage rule
//   and its exemptions (SigV4: x-amz-signature, file, policy, x-ignore-*):
//   https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
// - the SigV2 exemptions (AWSAccessKeyId, signature, file, policy, x-ignore-*), repeated fields joined
//   by commas, ${filename}: https://docs.aws.amazon.com/AmazonS3/latest/dev/HTTPPOSTForms.html
// - field names case-insensitive ("The post parameters are case insensitive"):
//   https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html
import type { PostCondition, PostSignatureVersion } from './model';

export type MatchCondition = PostCondition & { type: 'eq' | 'starts-with' };

const EXEMPT: Readonly<Record<PostSignatureVersion, ReadonlySet<string>>> = {
  v4: new Set(['x-amz-signature', 'file', 'policy']),
  v2: new Set(['awsaccesskeyid', 'signature', 'file', 'policy']),
  none: new Set(['file', 'policy']),
};

/** Fields S3 does not require a condition for. */
export function isExemptField(name: string, version: PostSignatureVersion): boolean {
  const lower = name.toLowerCase();
  return EXEMPT[version].has(lower) || lower.startsWith('x-ignore-');
}

/** Fields AWS documents with exact matching only (starts-with is not documented for them). */
export function isExactOnlyField(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    ['bucket', 'success_action_status', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date'].includes(lower) ||
    (lower.startsWith('x-amz-') && !lower.startsWith('x-amz-meta-'))
  );
}

export function isMatchCondition(c: PostCondition): c is MatchCondition {
  return c.type === 'eq' || c.type === 'starts-with';
}

/** Does `value` (after ${filename} expansion) meet the condition? Values are compared exactly. */
export function meets(c: MatchCondition, value: string): boolean {
  if (c.type === 'eq') return value === c.value;
  // "Content-Types values for a starts-with condition that include commas are interpreted as lists. Each
  // value in the list must meet the condition." Other fields are plain strings. AWS's example has no
  // space after the commas; none is trimmed here.
  if (c.field.toLowerCase() === 'content-type') return value.split(',').every((v) => v.startsWith(c.value));
  return value.startsWith(c.value);
}

/**
 * A Content-Type list that fails a starts-with only for the spaces after its commas: whether S3 trims them
 * is not documented, so such a verdict is left undecided rather than stated.
 */
export function failsOnlyForSpaces(c: MatchCondition, value: string): boolean {
  return (
    c.type === 'starts-with' &&
    c.field.toLowerCase() === 'content-type' &&
    value.includes(',') &&
    !meets(c, value) &&
    value.split(',').every((v, i) => (i === 0 ? v : v.trimStart()).startsWith(c.value))
  );
}

export const FILENAME_VARIABLE = '${filename}';

/**
 * The name S3 puts in ${filename}: the text after the last "/" or "\" of what the client sent. Without a
 * filename parameter at all, S3 was observed keeping "${filename}" as written (LocalStack's recordings
 * against S3, 2026: test_s3.py TestS3PresignedPost), while AWS's page says "replaced with an empty
 * string"; undefined here stands for that case and keeps the variable.
 */
export function expandFilename(value: string, fileName: string | undefined): string {
  if (fileName === undefined || !value.includes(FILENAME_VARIABLE)) return value;
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  return value.split(FILENAME_VARIABLE).join(base);
}

/**
 * A Content-Type list holding ${filename}, against a starts-with: every item is checked, so an item written
 * out in full that misses the prefix fails whatever the name ('never'); the item the name is part of can
 * still meet it when its written start agrees with the prefix. A name may hold a comma and so add items:
 * never 'always'.
 */
function contentTypeTemplate(prefix: string, template: string): 'never' | 'some' {
  const parts = template.split(FILENAME_VARIABLE);
  const head = parts[0]!.split(',');
  const last = parts[parts.length - 1]!.split(',');
  const fixed = [...head.slice(0, -1), ...last.slice(1)];
  if (fixed.some((item) => !item.startsWith(prefix))) return 'never';
  const start = head[head.length - 1]!;
  return start.startsWith(prefix) || prefix.startsWith(start) ? 'some' : 'never';
}

/**
 * Whether a field value with ${filename} in it can meet the condition for some file name: 'always'
 * when it meets it whatever the name, 'never' when no name can, 'some' otherwise.
 */
export function templateMeets(c: MatchCondition, template: string): 'always' | 'never' | 'some' {
  if (!template.includes(FILENAME_VARIABLE)) return meets(c, template) ? 'always' : 'never';
  const [head, ...rest] = template.split(FILENAME_VARIABLE);
  const prefix = head!;
  if (c.type === 'starts-with') {
    if (c.field.toLowerCase() === 'content-type') return contentTypeTemplate(c.value, template);
    if (prefix.startsWith(c.value)) return 'always';
    return c.value.startsWith(prefix) && !/[/\\]/.test(c.value.slice(prefix.length)) ? 'some' : 'never';
  }
  if (rest.length > 1) return 'some';
  const suffix = rest[0] ?? '';
  const fits =
    c.value.length >= prefix.length + suffix.length &&
    c.value.startsWith(prefix) &&
    c.value.endsWith(suffix) &&
    !/[/\\]/.test(c.value.slice(prefix.length, c.value.length - suffix.length));
  return fits ? 'some' : 'never';
}
