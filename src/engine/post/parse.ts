// parsePostForm: what users paste (the SDKs' `{ url, fields }` as JSON, as boto3 prints it or as Node
// prints it; an HTML <form>; a curl command) into one model. Total: bad input gives `ok: false` with a
// one-line reason, never an exception.
import { percentDecode } from '../encoding';
import { analyzeHost, type HostInfo } from '../host';
import { parseAmzDate, parseCredential } from '../parse';
import { readCurlForm } from './curl';
import { readHtmlForm } from './html';
import { readLenient, type Literal } from './literal';
import type { PostField, PostForm, PostParseResult, PostSignatureVersion } from './model';
import { parsePolicy } from './policy';
import { MAX_FORM_ENTRIES, type RawEntry, type RawForm } from './rawForm';

/** More than any form S3 takes (20 KB of fields) pasted with a page around it. */
export const MAX_POST_INPUT = 1024 * 1024;

const SIGV4_FIELDS = ['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature'];
const SIGV2_FIELDS = ['awsaccesskeyid', 'signature'];

/** The value S3 reads for a field: names compared case-insensitively, repeated fields joined by commas. */
export function fieldValue(fields: readonly PostField[], name: string): string | undefined {
  const lower = name.toLowerCase();
  const values = fields.filter((f) => f.name.toLowerCase() === lower).map((f) => f.value);
  return values.length === 0 ? undefined : values.join(',');
}

function scalarText(value: Literal): string | undefined {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'number') return value.text;
  if (value.kind === 'bool') return String(value.value);
  return undefined;
}

function readLiteralForm(text: string): RawForm | string {
  const read = readLenient(text);
  if (!read.ok) return `Not JSON, nor a Python or JavaScript object: ${read.error}.`;
  if (read.value.kind !== 'object') return 'Expected an object with url and fields.';
  const top = new Map(read.value.entries);
  const fieldsValue = top.get('fields') ?? top.get('Fields');
  const urlValue = top.get('url') ?? top.get('URL');
  const fieldsObject = fieldsValue ?? read.value;
  if (fieldsObject.kind !== 'object') return '"fields" is not an object of name/value pairs.';
  if (fieldsValue === undefined && !fieldsObject.entries.some(([k]) => k.toLowerCase() === 'policy'))
    return 'Expected { url, fields } with the form fields (key, policy, signature…).';
  if (fieldsObject.entries.length > MAX_FORM_ENTRIES) return `The form has more than ${MAX_FORM_ENTRIES} fields.`;
  const entries: RawEntry[] = [];
  for (const [name, value] of fieldsObject.entries) {
    const textValue = scalarText(value);
    if (textValue === undefined) return `The field "${name}" is not a string.`;
    entries.push({ name, value: textValue });
  }
  const url = urlValue === undefined ? undefined : scalarText(urlValue);
  return { kind: 'json', url, entries, notes: [] };
}

/** The text after its leading shell comment lines (the curl snippets start with "# Set …" notes). */
function withoutLeadingComments(text: string): string {
  let at = 0;
  while (text.startsWith('#', at)) {
    const end = text.indexOf('\n', at);
    if (end === -1) return '';
    at = end + 1;
    while (/\s/.test(text[at] ?? '')) at++;
  }
  return text.slice(at);
}

function readInput(text: string): RawForm | string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return readLiteralForm(trimmed);
  const command = withoutLeadingComments(trimmed).replace(/^\$\s+/, '');
  if (/^curl\s/.test(command)) return readCurlForm(command);
  if (/<(form|input)[\s>]/i.test(trimmed)) return readHtmlForm(trimmed);
  return 'Expected the { url, fields } an SDK returns, an HTML <form>, or a curl command with -F fields.';
}

/**
 * Whether pasted text is a POST form rather than a presigned URL: an object (the SDKs' { url, fields }),
 * an HTML form or input, or a curl command with form fields. A URL never starts with "{" or "<form", and
 * a curl command that fetches a presigned URL has no -F.
 */
export function looksLikePostForm(text: string): boolean {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return true;
  if (/<(form|input)[\s>]/i.test(trimmed)) return true;
  const command = withoutLeadingComments(trimmed).replace(/^\$\s+/, '');
  return /^curl\s/.test(command) && /\s(?:-F|--form)/.test(command);
}

function hostOf(url: string | undefined): { host?: HostInfo; error?: string } {
  if (url === undefined || url === '') return {};
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      return { error: `The form posts to "${u.protocol}", not http(s).` };
    const defaultPort = u.protocol === 'https:' ? '443' : '80';
    const port = u.port === '' || u.port === defaultPort ? undefined : Number(u.port);
    return { host: analyzeHost(u.hostname, port, u.pathname) };
  } catch {
    return { error: `"${url.slice(0, 80)}" is not a URL.` };
  }
}

function signatureVersionOf(names: ReadonlySet<string>): PostSignatureVersion {
  if (SIGV4_FIELDS.some((n) => names.has(n))) return 'v4';
  if (SIGV2_FIELDS.some((n) => names.has(n))) return 'v2';
  return 'none';
}

/** The model of a form posting `fields` (in order, the file excluded) to the URL of `raw`. */
function buildForm(raw: RawForm, host: HostInfo | undefined): PostForm {
  const fileAt = raw.entries.findIndex((e) => e.isFile);
  const before = fileAt === -1 ? raw.entries : raw.entries.slice(0, fileAt);
  const fields: PostField[] = before.filter((e) => !e.isFile).map((e) => ({ name: e.name, value: e.value }));
  const fieldsAfterFile: PostField[] =
    fileAt === -1 ? [] : raw.entries.slice(fileAt + 1).map((e) => ({ name: e.name, value: e.value }));
  const get = (name: string): string | undefined => fieldValue(fields, name);
  const names = new Set(fields.map((f) => f.name.toLowerCase()));

  const signatureVersion = signatureVersionOf(names);
  const rawCredential = get('x-amz-credential');
  const credential = rawCredential === undefined ? undefined : parseCredential(rawCredential);
  const accessKeyId =
    signatureVersion === 'v2' ? get('awsaccesskeyid') : (credential?.accessKeyId ?? rawCredential?.split('/')[0]);
  const date = get('x-amz-date');
  const securityToken = get('x-amz-security-token');
  const policyText = get('policy');
  const policy = policyText === undefined ? undefined : parsePolicy(policyText);

  const hostBucket = host?.bucket === undefined ? undefined : percentDecode(host.bucket).value;
  const policyBucket = policy?.conditions.find((c) => c.type === 'eq' && c.field.toLowerCase() === 'bucket');
  const fieldBucket = get('bucket');
  const [bucket, bucketFrom] =
    hostBucket !== undefined
      ? [hostBucket, 'url' as const]
      : policyBucket?.type === 'eq'
        ? [policyBucket.value, 'policy' as const]
        : fieldBucket !== undefined
          ? [fieldBucket, 'field' as const]
          : [undefined, undefined];

  return {
    input: raw.kind,
    url: raw.url,
    host,
    bucket,
    bucketFrom,
    region: credential?.region || host?.region,
    fields,
    fieldsAfterFile,
    hasFileField: fileAt !== -1,
    signatureVersion,
    algorithm: get('x-amz-algorithm'),
    credential,
    accessKeyId,
    credentialType: accessKeyId?.startsWith('ASIA') || securityToken !== undefined ? 'temporary' : 'long-term',
    signedAt: date === undefined ? undefined : parseAmzDate(date),
    signature: signatureVersion === 'v2' ? get('signature') : get('x-amz-signature'),
    securityToken,
    policy,
    notes: raw.notes,
  };
}

/** The same form with other fields, as an upload sends them (fields after the file already dropped). */
export function formWithFields(form: PostForm, fields: readonly PostField[]): PostForm {
  return buildForm({ kind: form.input, url: form.url, entries: fields, notes: form.notes }, form.host);
}

export function parsePostForm(input: string): PostParseResult {
  if (input.trim() === '') return { ok: false, error: 'Nothing to decode: the input is empty.' };
  if (input.length > MAX_POST_INPUT)
    return { ok: false, error: `The input is over ${MAX_POST_INPUT / 1024} KiB: not a form S3 would take.` };
  const raw = readInput(input);
  if (typeof raw === 'string') return { ok: false, error: raw };
  const { host, error } = hostOf(raw.url);
  if (error) return { ok: false, error };
  return { ok: true, value: buildForm(raw, host) };
}
