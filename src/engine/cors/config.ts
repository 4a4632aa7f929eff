// A bucket's CORS configuration as users have it — the S3 console's JSON array, `aws s3api get-bucket-cors`
// output ({ "CORSRules": [...] }), the SDK's PutBucketCors input, or the XML S3 returns and accepts — read
// into CorsRule[] and checked the way S3 checks it in PutBucketCors. Total: bad input gives `ok: false`.
//
// Sources for the checks:
//  - elements, 100 rules, one `*` per AllowedOrigin / AllowedHeader:
//    https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html
//  - required AllowedMethods / AllowedOrigins, the five methods, ID ≤ 255 characters:
//    https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html
//  - the 64 KB document limit: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html
//  - S3's own messages for an unknown method and an empty rule list, recorded against AWS:
//    https://github.com/localstack/localstack/blob/master/tests/aws/services/s3/test_s3_cors.snapshot.json
//  - no wildcard in ExposeHeaders: https://github.com/noobaa/noobaa-core/pull/8954,
//    https://github.com/google/neuroglancer/issues/788
//  - scheme, host and port must match; no trailing slash:
//    https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors-troubleshooting.html
import {
  S3_CORS_METHODS,
  type CorsConfigFormat,
  type CorsConfiguration,
  type CorsParseResult,
  type CorsProblem,
  type CorsRule,
} from './model';
import { readXml, type XmlElement } from './xml';

/** S3 takes at most this many rules. */
export const MAX_CORS_RULES = 100;
/** PutBucketCors takes a document of at most 64 KB. */
export const MAX_CORS_DOCUMENT_BYTES = 64 * 1024;
/** Input larger than this is not read at all: it cannot be a configuration S3 holds. */
export const MAX_CORS_INPUT_CHARS = 1024 * 1024;
const MAX_RULES_READ = 1000;
/** Values read per list; S3's 64 KB holds far fewer. */
const MAX_VALUES_READ = 1000;
const MAX_ID_LENGTH = 255;
const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ListKey = 'AllowedHeaders' | 'AllowedMethods' | 'AllowedOrigins' | 'ExposeHeaders';
const LIST_KEYS: readonly ListKey[] = ['AllowedHeaders', 'AllowedMethods', 'AllowedOrigins', 'ExposeHeaders'];
/** XML element name → JSON key. */
const XML_LISTS: Readonly<Record<string, ListKey>> = {
  AllowedHeader: 'AllowedHeaders',
  AllowedMethod: 'AllowedMethods',
  AllowedOrigin: 'AllowedOrigins',
  ExposeHeader: 'ExposeHeaders',
};
/** Keys people write from the XML or CloudFormation forms, and the key the JSON forms use. */
const KEY_HINTS: Readonly<Record<string, string>> = {
  AllowedHeader: 'AllowedHeaders',
  AllowedMethod: 'AllowedMethods',
  AllowedOrigin: 'AllowedOrigins',
  ExposeHeader: 'ExposeHeaders',
  ExposedHeaders: 'ExposeHeaders',
  MaxAge: 'MaxAgeSeconds',
  Id: 'ID',
};

class ShapeError extends Error {}

/** Reads a CORS configuration in any of the forms users have it, and reports what S3 would refuse. */
export function parseCorsConfiguration(text: string): CorsParseResult {
  if (text.length > MAX_CORS_INPUT_CHARS) {
    return { ok: false, error: `The input is over ${MAX_CORS_INPUT_CHARS} characters: not a CORS configuration.` };
  }
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'The CORS configuration is empty.' };
  try {
    const value = trimmed.startsWith('<') ? fromXml(trimmed) : fromJson(trimmed);
    if ('error' in value) return { ok: false, error: value.error };
    const problems = [...value.problems, ...validateCorsRules(value.config.rules)];
    return { ok: true, value: value.config, problems, valid: !problems.some((p) => p.severity === 'error') };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, error: e.message };
    throw e;
  }
}

interface Read {
  readonly config: CorsConfiguration;
  readonly problems: readonly CorsProblem[];
}

function fromJson(text: string): Read | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `Neither XML nor JSON: ${(e as Error).message}` };
  }
  let list: unknown;
  let format: CorsConfigFormat;
  let at: string;
  if (Array.isArray(data)) [list, format, at] = [data, 'console-json', ''];
  else if (isObject(data) && 'CORSRules' in data) [list, format, at] = [data['CORSRules'], 'cli-json', ''];
  else if (isObject(data) && isObject(data['CORSConfiguration']) && 'CORSRules' in data['CORSConfiguration'])
    [list, format, at] = [data['CORSConfiguration']['CORSRules'], 'sdk-json', 'CORSConfiguration.'];
  else if (isObject(data) && ('CorsRules' in data || 'CorsConfiguration' in data))
    return { error: 'This is the CloudFormation form (CorsRules, MaxAge…); paste the S3 console JSON or the XML.' };
  else return { error: 'Expected the console JSON (an array of rules), { "CORSRules": [...] }, or XML.' };
  if (!Array.isArray(list)) return { error: `${at}CORSRules must be an array of rules.` };
  if (list.length > MAX_RULES_READ) return { error: `${list.length} rules: S3 takes at most ${MAX_CORS_RULES}.` };
  return { config: { rules: list.map((item: unknown, i) => ruleFromJson(item, i)), format }, problems: [] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function ruleFromJson(item: unknown, index: number): CorsRule {
  const at = `CORSRules[${index}]`;
  if (!isObject(item)) throw new ShapeError(`${at} must be an object with AllowedOrigins, AllowedMethods…`);
  const rule: Mutable<CorsRule> = { AllowedMethods: [], AllowedOrigins: [] };
  for (const [key, value] of Object.entries(item)) {
    if ((LIST_KEYS as readonly string[]).includes(key)) {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        throw new ShapeError(`${at}.${key} must be an array of strings.`);
      if (value.length > MAX_VALUES_READ) throw new ShapeError(`${at}.${key} has over ${MAX_VALUES_READ} values.`);
      rule[key as ListKey] = value;
    } else if (key === 'MaxAgeSeconds') {
      if (typeof value !== 'number') throw new ShapeError(`${at}.MaxAgeSeconds must be a number.`);
      rule.MaxAgeSeconds = value;
    } else if (key === 'ID') {
      if (typeof value !== 'string') throw new ShapeError(`${at}.ID must be a string.`);
      rule.ID = value;
    } else {
      const hint = KEY_HINTS[key];
      throw new ShapeError(`${at} has an unknown key "${key}"${hint ? ` (the JSON form says "${hint}")` : ''}.`);
    }
  }
  return rule;
}

function fromXml(text: string): Read | { error: string } {
  const xml = readXml(text);
  if (!xml.ok) return { error: xml.error };
  if (xml.root.name !== 'CORSConfiguration')
    return { error: `The XML root is <${xml.root.name}>; a CORS configuration is <CORSConfiguration>.` };
  const problems: CorsProblem[] = [];
  const rules: CorsRule[] = [];
  for (const child of xml.root.children) {
    if (child.name !== 'CORSRule')
      return { error: `<CORSConfiguration> holds <CORSRule> elements, not <${child.name}>.` };
    if (rules.length === MAX_RULES_READ) return { error: `Over ${MAX_RULES_READ} rules: S3 takes ${MAX_CORS_RULES}.` };
    const rule = ruleFromXml(child, rules.length, problems);
    if ('error' in rule) return rule;
    rules.push(rule);
  }
  return { config: { rules, format: 'xml' }, problems };
}

function ruleFromXml(element: XmlElement, index: number, problems: CorsProblem[]): CorsRule | { error: string } {
  const at = `CORSRules[${index}]`;
  const rule: Mutable<CorsRule> = { AllowedMethods: [], AllowedOrigins: [] };
  const lists: Partial<Record<ListKey, string[]>> = {};
  for (const child of element.children) {
    if (child.children.length > 0) return { error: `${at}: <${child.name}> holds elements; it takes text.` };
    const list = XML_LISTS[child.name];
    if (list) {
      const values = (lists[list] ??= []);
      if (values.length === MAX_VALUES_READ) return { error: `${at}: over ${MAX_VALUES_READ} <${child.name}>.` };
      values.push(child.text);
    } else if (child.name === 'ID' || child.name === 'MaxAgeSeconds') {
      if ((child.name === 'ID' ? rule.ID : rule.MaxAgeSeconds) !== undefined) {
        problems.push({
          severity: 'error',
          path: `${at}.${child.name}`,
          message: `More than one <${child.name}>: S3 answers MalformedXML.`,
        });
      } else if (child.name === 'ID') rule.ID = child.text;
      else if (/^\d{1,15}$/.test(child.text)) rule.MaxAgeSeconds = Number(child.text);
      else {
        problems.push({
          severity: 'error',
          path: `${at}.MaxAgeSeconds`,
          message: `MaxAgeSeconds "${child.text}" is not a whole number of seconds: S3 answers MalformedXML.`,
        });
      }
    } else {
      const hint = Object.entries(KEY_HINTS).find(([, json]) => json === child.name)?.[0];
      return { error: `${at}: unknown element <${child.name}>${hint ? ` (the XML form says <${hint}>)` : ''}.` };
    }
  }
  for (const key of LIST_KEYS) if (lists[key]) rule[key] = lists[key];
  return rule;
}

/** What S3 refuses in PutBucketCors (errors) and what it takes but no browser request can match (warnings). */
export function validateCorsRules(rules: readonly CorsRule[]): CorsProblem[] {
  return [...documentProblems(rules), ...rules.flatMap((rule, i) => ruleProblems(rule, i))];
}

/** The checks on the whole document: how many rules, how large. */
export function documentProblems(rules: readonly CorsRule[]): CorsProblem[] {
  const problems: CorsProblem[] = [];
  const error = (message: string): void => void problems.push({ severity: 'error', path: 'CORSRules', message });
  if (rules.length === 0) error('No rules: S3 answers MalformedXML. (To turn CORS off, delete the configuration.)');
  if (rules.length > MAX_CORS_RULES) error(`${rules.length} rules: S3 takes at most ${MAX_CORS_RULES}.`);
  const bytes = corsXmlBytes(rules);
  if (bytes > MAX_CORS_DOCUMENT_BYTES)
    error(`As XML the configuration is ${bytes} bytes: S3 takes at most ${MAX_CORS_DOCUMENT_BYTES} (64 KB).`);
  return problems;
}

/** The checks on one rule, CORSRules[index]. */
export function ruleProblems(rule: CorsRule, index: number): CorsProblem[] {
  const problems: CorsProblem[] = [];
  const error = (path: string, message: string): void => void problems.push({ severity: 'error', path, message });
  const warning = (path: string, message: string): void => void problems.push({ severity: 'warning', path, message });
  const at = `CORSRules[${index}]`;
  if (rule.AllowedOrigins.length === 0 || rule.AllowedMethods.length === 0)
    error(at, 'Each rule needs at least one AllowedOrigin and one AllowedMethod: S3 answers MalformedXML.');
  rule.AllowedMethods.forEach((m, j) => {
    if (S3_CORS_METHODS.includes(m)) return;
    const upper = S3_CORS_METHODS.includes(m.toUpperCase()) ? ` (write it "${m.toUpperCase()}")` : '';
    error(
      `${at}.AllowedMethods[${j}]`,
      `Found unsupported HTTP method in CORS config. Unsupported method is ${m}${upper}.`,
    );
  });
  rule.AllowedOrigins.forEach((o, j) => {
    if (wildcards(o) > 1)
      error(`${at}.AllowedOrigins[${j}]`, `AllowedOrigin "${o}" can not have more than one wildcard.`);
    else {
      const shape = originShapeProblem(o);
      if (shape) warning(`${at}.AllowedOrigins[${j}]`, shape);
    }
  });
  rule.AllowedHeaders?.forEach((h, j) => {
    if (wildcards(h) > 1)
      error(`${at}.AllowedHeaders[${j}]`, `AllowedHeader "${h}" can not have more than one wildcard.`);
  });
  rule.ExposeHeaders?.forEach((h, j) => {
    if (h.includes('*'))
      error(
        `${at}.ExposeHeaders[${j}]`,
        `ExposeHeader "${h}" contains a wildcard: S3 takes none in ExposeHeaders; list each header.`,
      );
  });
  if (rule.ID !== undefined && rule.ID.length > MAX_ID_LENGTH)
    error(`${at}.ID`, `ID is ${rule.ID.length} characters: S3 takes at most ${MAX_ID_LENGTH}.`);
  if (rule.MaxAgeSeconds !== undefined && !(Number.isInteger(rule.MaxAgeSeconds) && rule.MaxAgeSeconds >= 0))
    error(`${at}.MaxAgeSeconds`, `MaxAgeSeconds ${rule.MaxAgeSeconds} is not a whole number of seconds ≥ 0.`);
  return problems;
}

function wildcards(s: string): number {
  let n = 0;
  for (let i = s.indexOf('*'); i !== -1; i = s.indexOf('*', i + 1)) n++;
  return n;
}

/**
 * Why an AllowedOrigin can never equal the Origin a browser sends, if it cannot. Browsers send the
 * serialized origin: lower-case scheme and host, no default port, no path
 * (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin), and S3
 * compares it with AllowedOrigin as written.
 */
export function originShapeProblem(origin: string): string | undefined {
  if (origin === '*' || origin === 'null') return undefined;
  if (origin === '') return 'An empty AllowedOrigin: S3 accepts it, but no browser sends an empty Origin.';
  if (origin.trim() !== origin) return `AllowedOrigin "${origin}" has spaces around it: no browser Origin has.`;
  if (origin.includes('*')) {
    const afterScheme = origin.replace(/^[a-z*][a-z0-9+.*-]*:\/\//, '');
    if (afterScheme.includes('/'))
      return `AllowedOrigin "${origin}" has a path or a trailing slash; a browser's Origin is scheme://host[:port] only.`;
    if (/[A-Z]/.test(origin))
      return `AllowedOrigin "${origin}" has upper-case letters; browsers send scheme and host in lower case.`;
    return undefined;
  }
  let serialized: string;
  try {
    serialized = new URL(origin).origin;
  } catch {
    return `AllowedOrigin "${origin}" is not an origin (scheme://host[:port]) and has no wildcard: no browser sends it.`;
  }
  // Origins of other schemes (app://, chrome-extension://) serialize as "null" here: nothing to compare.
  if (serialized === 'null' || serialized === origin) return undefined;
  return `A page at ${origin} sends "Origin: ${serialized}", which this entry does not match; write "${serialized}".`;
}

const RULE_KEY_ORDER = [
  'ID',
  'AllowedHeaders',
  'AllowedMethods',
  'AllowedOrigins',
  'ExposeHeaders',
  'MaxAgeSeconds',
] as const;

/** A rule with its keys in the order the console and the CLI print them. */
function canonicalRule(rule: CorsRule): CorsRule {
  const out: Record<string, unknown> = {};
  for (const key of RULE_KEY_ORDER) if (rule[key] !== undefined) out[key] = rule[key];
  return out as unknown as CorsRule;
}

/** The rules as the S3 console's CORS editor takes them (a JSON array). */
export function corsConsoleJson(rules: readonly CorsRule[]): string {
  return JSON.stringify(rules.map(canonicalRule), null, 4);
}

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const utf8 = new TextEncoder();

/** The size in bytes of corsXml(rules), counted rule by rule. */
export function corsXmlBytes(rules: readonly CorsRule[]): number {
  const envelope = corsXml([]).length;
  return rules.reduce((n, rule) => n + utf8.encode(corsXml([rule])).length - envelope, envelope);
}

/** The rules as the XML document PutBucketCors sends. */
export function corsXml(rules: readonly CorsRule[]): string {
  const parts = [`<CORSConfiguration xmlns="${S3_XMLNS}">`];
  for (const rule of rules) {
    parts.push('<CORSRule>');
    if (rule.ID !== undefined) parts.push(`<ID>${escapeXml(rule.ID)}</ID>`);
    for (const [element, key] of Object.entries(XML_LISTS))
      for (const v of rule[key] ?? []) parts.push(`<${element}>${escapeXml(v)}</${element}>`);
    if (rule.MaxAgeSeconds !== undefined) parts.push(`<MaxAgeSeconds>${rule.MaxAgeSeconds}</MaxAgeSeconds>`);
    parts.push('</CORSRule>');
  }
  parts.push('</CORSConfiguration>');
  return parts.join('');
}
