// The POST policy: base64 of a UTF-8 JSON document `{ "expiration": …, "conditions": [ … ] }`, read the
// way S3 reads it. Sources for each rule:
// - AWS, POST Policy (SigV4): https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
// - AWS, HTML Forms (SigV2) "Policy Construction": https://docs.aws.amazon.com/AmazonS3/latest/dev/HTTPPOSTForms.html
// - S3's answers as captured in public threads: "Invalid Simple-Condition: value must be a string"
//   (toniopelo/modbox#10), "Invalid Policy: Invalid JSON." for a float bound (repost.aws, 2023), a
//   condition without "$" or with a non-numeric bound failing as "Policy Condition failed" and numeric
//   strings accepted as bounds (localstack/localstack tests validated against S3, TestS3PresignedPost),
//   "Invalid 'expiration' value" for a time with an offset (dwilkie/carrierwave_direct#2), upper-case
//   EXPIRATION/CONDITIONS refused (ceph/s3-tests test_post_object_*_is_case_sensitive).
import { literalText, readJson, type Literal } from './literal';
import type { PostCondition, PostPolicy } from './model';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** ISO 8601 in UTC, as S3 accepts it: `2026-03-14T15:09:26Z` or with fractional seconds. */
const EXPIRATION = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

function parsePolicyExpiration(text: string): Date | undefined {
  const m = EXPIRATION.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : undefined;
}

function invalid(
  index: number,
  raw: Literal,
  reason: string,
  failsWith: 'InvalidPolicyDocument' | 'AccessDenied',
): PostCondition {
  return { type: 'invalid', reason, failsWith, index, text: literalText(raw) };
}

/** A content-length-range bound: an integer, or a string of digits (S3 accepts "5"). */
function bound(item: Literal | undefined): number | 'float' | undefined {
  if (item?.kind === 'number') {
    if (!/^-?\d+$/.test(item.text)) return 'float';
    const n = Number(item.text);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  if (item?.kind === 'string' && /^\d{1,15}$/.test(item.value)) return Number(item.value);
  return undefined;
}

function arrayCondition(raw: Literal & { kind: 'array' }, index: number): PostCondition {
  const [op, a, b] = raw.items;
  if (op?.kind !== 'string')
    return invalid(index, raw, 'a list condition must start with its operation name', 'InvalidPolicyDocument');
  const operation = op.value.toLowerCase();
  if (operation === 'content-length-range') {
    if (raw.items.length !== 3)
      return invalid(index, raw, 'content-length-range takes exactly two bounds', 'InvalidPolicyDocument');
    const [min, max] = [bound(a), bound(b)];
    if (min === 'float' || max === 'float')
      return invalid(
        index,
        raw,
        'a bound is not an integer (S3: "Invalid Policy: Invalid JSON.")',
        'InvalidPolicyDocument',
      );
    if (min === undefined || max === undefined)
      return invalid(index, raw, 'a bound is not a number of bytes', 'AccessDenied');
    return { type: 'content-length-range', min, max, index, text: literalText(raw) };
  }
  if (operation !== 'eq' && operation !== 'starts-with')
    return invalid(
      index,
      raw,
      `unknown operation "${op.value}" (S3 knows eq, starts-with and content-length-range)`,
      'InvalidPolicyDocument',
    );
  if (raw.items.length !== 3 || a?.kind !== 'string' || b?.kind !== 'string')
    return invalid(index, raw, `${operation} takes a "$field" name and a string value`, 'InvalidPolicyDocument');
  if (!a.value.startsWith('$'))
    return invalid(index, raw, `the field name "${a.value}" lacks its "$": S3 never matches it`, 'AccessDenied');
  return operation === 'eq'
    ? { type: 'eq', field: a.value.slice(1), value: b.value, syntax: 'array', index, text: literalText(raw) }
    : { type: 'starts-with', field: a.value.slice(1), value: b.value, index, text: literalText(raw) };
}

/** One element of a policy's conditions, typed (also for the condition S3 prints in its error). */
export function conditionOf(raw: Literal, index: number): PostCondition {
  if (raw.kind === 'array') {
    if (raw.items.length === 0)
      return invalid(index, raw, 'an empty condition has no operation', 'InvalidPolicyDocument');
    return arrayCondition(raw, index);
  }
  if (raw.kind !== 'object')
    return invalid(index, raw, 'a condition must be a list or an object', 'InvalidPolicyDocument');
  if (raw.entries.length !== 1)
    return invalid(
      index,
      raw,
      'an object condition must have exactly one property (S3: "Simple-Conditions must have exactly one property specified")',
      'InvalidPolicyDocument',
    );
  const [field, value] = raw.entries[0]!;
  if (value.kind !== 'string')
    return invalid(index, raw, `the value of "${field}" must be a string`, 'InvalidPolicyDocument');
  const text = `[${['eq', `$${field}`, value.value].map((s) => JSON.stringify(s)).join(', ')}]`;
  return { type: 'eq', field, value: value.value, syntax: 'object', index, text };
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The longest policy read. S3 reads at most 20 KB of form fields before the file and refuses more
 * (MaxPostPreDataLengthExceeded), so a longer policy cannot be used; not decoding it keeps every check
 * on a form bounded.
 */
const MAX_POLICY_LENGTH = 32_768; // 32 KiB

export function parsePolicy(base64: string): PostPolicy {
  const problems: string[] = [];
  const done = (rest: Partial<PostPolicy> = {}): PostPolicy => ({ base64, conditions: [], problems, ...rest });
  if (base64.length > MAX_POLICY_LENGTH)
    return done({
      oversized: `The policy is ${Math.round(base64.length / 1024)} KiB, over the 20 KB of form fields S3 reads before the file: S3 refuses the upload (MaxPostPreDataLengthExceeded). It is not decoded here.`,
    });
  if (base64 === '') {
    problems.push('The policy field is empty.');
    return done();
  }
  if (!BASE64.test(base64) || base64.length % 4 !== 0) {
    problems.push(
      /\s/.test(base64)
        ? 'The policy has spaces or line breaks: base64 has none (a "+" read as a space, or a line-wrapped encoder).'
        : 'The policy is not standard base64 (A–Z, a–z, 0–9, +, /, = padding to a multiple of 4).',
    );
    const cleaned = base64.replace(/\s+/g, '');
    if (!BASE64.test(cleaned)) return done();
  }
  const json = decodeUtf8(Buffer.from(base64.replace(/\s+/g, ''), 'base64'));
  if (json === undefined) {
    problems.push('The decoded policy is not UTF-8 text.');
    return done();
  }
  const read = readJson(json);
  if (!read.ok) {
    problems.push(`The decoded policy is not JSON (${read.error}): S3 answers "Invalid Policy: Invalid JSON."`);
    return done({ json });
  }
  const doc = read.value;
  if (doc.kind !== 'object') {
    problems.push('The decoded policy is not a JSON object.');
    return done({ json });
  }
  let expirationText: string | undefined;
  let expiration: Date | undefined;
  let conditions: PostCondition[] | undefined;
  const seen = new Set<string>();
  for (const [name, value] of doc.entries) {
    seen.add(name);
    if (name === 'expiration') {
      if (value.kind !== 'string') problems.push('"expiration" is not a string.');
      else {
        expirationText = value.value;
        expiration = parsePolicyExpiration(value.value);
        if (!expiration)
          problems.push(
            `"expiration" is "${value.value}", not an ISO 8601 UTC time such as 2026-03-14T15:09:26Z: S3 answers "Invalid 'expiration' value".`,
          );
      }
    } else if (name === 'conditions') {
      if (value.kind !== 'array') problems.push('"conditions" is not a list.');
      else conditions = value.items.map(conditionOf);
    } else {
      problems.push(
        `The policy has a member "${name}"; S3 knows only "expiration" and "conditions" (lower-case): it answers "Invalid Policy: Unexpected: '${name.toLowerCase()}'".`,
      );
    }
  }
  if (!seen.has('expiration')) problems.push('The policy has no "expiration": S3 requires one.');
  if (!seen.has('conditions')) problems.push('The policy has no "conditions" list.');
  for (const c of conditions ?? []) {
    if (c.type === 'invalid' && c.failsWith === 'InvalidPolicyDocument')
      problems.push(`Condition ${c.index + 1} ${c.text}: ${c.reason}.`);
  }
  return done({ json, expiration, expirationText, conditions: conditions ?? [] });
}
