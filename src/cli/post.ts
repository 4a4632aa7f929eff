// The CLI's presigned POST forms: `presign --post` signs one with the profile's credentials; decode, verify
// and explain read one given as JSON ({ url, fields } as the SDKs return it), an HTML form or a curl
// command. Same caps, timeouts and redaction as the URL commands; session tokens appear only in what
// `presign --post` prints for the client to send.
import { presignPost } from '../aws/presignPost';
import { credentialProvider } from '../aws/credentials';
import { S3Access } from '../aws/s3';
import {
  bySeverity,
  checkPostUpload,
  diagnosePostForm,
  explainPostError,
  isoUtc,
  parseByteSize,
  parseExpiry,
  parsePostForm,
  postCurlCommand,
  postPolicyRequest,
  summarizePostForm,
  validityWords,
  type ContentTypeRule,
  type PostCondition,
  type PostConditionSummary,
  type PostForm,
  type PostField,
} from '../engine';
import { dateOption, MAX_DOCUMENT_BYTES, readFileArg, UsageError, type Io, type ParsedArgs } from './args';
import { credentialsTimeoutMs, noMfa, resolveSecret } from './credentials';
import { expiryWarning, parseS3Uri } from './presign';
import { profileFor } from './profile';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

export function parseForm(text: string): PostForm {
  const parsed = parsePostForm(text);
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.value;
}

function sizeOption(args: ParsedArgs, name: string): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const size = parseByteSize(raw, 'any');
  if (!size.ok) throw new UsageError(`--${name}: ${size.error}`);
  return size.value;
}

function fieldOptions(args: ParsedArgs): PostField[] {
  return (args.repeated.get('field') ?? []).map((raw) => {
    const eq = raw.indexOf('=');
    if (eq <= 0) throw new UsageError(`--field "${raw}" is not of the form name=value`);
    return { name: raw.slice(0, eq), value: raw.slice(eq + 1) };
  });
}

function contentTypeOption(args: ParsedArgs): ContentTypeRule | undefined {
  const exact = args.values.get('content-type');
  const prefix = args.values.get('content-type-starts-with');
  if (exact !== undefined && prefix !== undefined)
    throw new UsageError('--content-type and --content-type-starts-with exclude each other');
  if (exact !== undefined) return { rule: 'exact', value: exact };
  if (prefix !== undefined) return prefix === '' ? { rule: 'any' } : { rule: 'starts-with', value: prefix };
  return undefined;
}

/**
 * The form's key: the URI's, or with --key-starts-with P the prefix followed by ${filename}, which is how
 * createPresignedPost lets the uploader choose any key starting with P (it signs an exact condition for
 * any other key, which would defeat the prefix).
 */
function formKey(uriKey: string, prefix: string | undefined): string {
  if (prefix === undefined) return uriKey;
  const key = `${prefix}\${filename}`;
  if (uriKey === '' || uriKey === prefix || uriKey === key) return key;
  throw new UsageError(
    `--key-starts-with "${prefix}": the key "${uriKey}" is not the prefix; give s3://bucket/${prefix} (or s3://bucket/${key}) to let the uploader choose a key under it`,
  );
}

/** `presign s3://bucket/key --post`: a form, as curl with --form-string (or JSON), signed by the SDK. */
export async function presignPostCommand(args: ParsedArgs, io: Io): Promise<number> {
  const uri = args.positionals[0];
  if (!uri) throw new UsageError('missing <s3://bucket/key>');
  for (const name of ['method', 'keys-from'])
    if (args.values.has(name)) throw new UsageError(`--${name} does not go with --post`);
  const { bucket, key: uriKey } = parseS3Uri(uri);
  const date = dateOption(args, 'date');
  const expiry = parseExpiry(args.values.get('expires') ?? '1h', date ?? new Date(), 'form');
  if (!expiry.ok) throw new UsageError(`--expires: ${expiry.error}`);
  const request = postPolicyRequest({
    bucket,
    key: formKey(uriKey, args.values.get('key-starts-with')),
    contentType: contentTypeOption(args),
    minSize: sizeOption(args, 'min-size'),
    maxSize: sizeOption(args, 'max-size'),
    fields: fieldOptions(args),
  });
  if (!request.ok) throw new UsageError(request.error);
  const timeoutMs = credentialsTimeoutMs(args);

  const profile = await profileFor(args);
  const access = new S3Access(profile, credentialProvider(profile, noMfa, timeoutMs));
  if (args.values.has('region')) access.setBucketRegion(bucket, args.values.get('region')!);
  try {
    const result = await presignPost(access, request.value, { expiresIn: expiry.seconds, signingDate: date });
    const warning = expiryWarning(result.expiresAt, result.credentialsExpiration, 'form');
    if (args.flags.has('json')) {
      io.out(
        json({
          url: result.url,
          fields: result.fields,
          expiresAt: isoUtc(result.expiresAt),
          conditions: summarizePostForm(result.form, result.signedAt).conditions,
          credentialsExpiration: result.credentialsExpiration ? isoUtc(result.credentialsExpiration) : null,
          warnings: warning ? [warning] : [],
        }),
      );
    } else {
      io.out(postCurlCommand(result.form));
      if (warning) io.err(`s3-presign presign: warning: ${warning}`);
    }
    return 0;
  } finally {
    access.dispose();
  }
}

function conditionRows(conditions: readonly PostConditionSummary[]): string {
  if (conditions.length === 0) return '  none';
  return conditions.map((c) => `  ${c.text}\n      ${c.allows}`).join('\n');
}

function findingLines(findings: readonly { code: string; severity: string; message: string; fix: string }[]): string {
  if (findings.length === 0) return '  none';
  return findings.map((f) => `  ${f.severity.padEnd(7)} ${f.code}: ${f.message}\n          fix: ${f.fix}`).join('\n');
}

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

export function decodePostCommand(form: PostForm, args: ParsedArgs, io: Io, now: Date): number {
  const summary = summarizePostForm(form, now);
  if (args.flags.has('json')) {
    // Every documented key present: null for what the form does not say (a SigV2 form has no date).
    const { url, bucket, region, accessKeyId, signedAt, expiresAt } = summary;
    const stated = { url, bucket, region, accessKeyId, signedAt, expiresAt };
    io.out(json({ ...summary, ...Object.fromEntries(Object.entries(stated).map(([k, v]) => [k, v ?? null])) }));
    return 0;
  }
  const expiration = form.policy?.expiration;
  io.out(`${validityWords(expiration, now)} — presigned POST form\n`);
  io.out(
    table([
      ['Signature', summary.signatureVersion === 'none' ? '(none)' : summary.signatureVersion.toUpperCase()],
      ['Posts to', summary.url ?? '(no URL in the input)'],
      ['Bucket', summary.bucket ?? '(unknown)'],
      ['Region', summary.region ?? '(unknown)'],
      ['Access key', `${summary.accessKeyId ?? '(none)'} (${summary.credentialType})`],
      ['Signed at', summary.signedAt ?? '(unknown)'],
      ['Expires', summary.expiresAt ? `${summary.expiresAt}${summary.expired ? ', EXPIRED' : ''}` : '(unknown)'],
      ['Fields', form.fields.map((f) => f.name).join(', ') || '(none)'],
      ...(summary.notes.length ? [['Notes', summary.notes.join(' ')] as const] : []),
    ]),
  );
  io.out(`\nConditions\n${conditionRows(summary.conditions)}`);
  io.out(`\nFindings\n${findingLines(summary.findings)}`);
  return 0;
}

/** A condition as the CLI prints it in JSON: `{ type, field?, value?, min?, max?, text }`. */
function conditionJson(c: PostCondition): Record<string, unknown> {
  const shape =
    c.type === 'content-length-range'
      ? { type: c.type, min: c.min, max: c.max }
      : c.type === 'invalid'
        ? { type: c.type }
        : { type: c.type, field: c.field, value: c.value };
  return { ...shape, text: c.text };
}

/** A condition's verdict as the CLI prints it in JSON: the condition, its verdict, what was sent. */
function conditionVerdictJson(
  c: PostCondition,
  verdict: { ok: boolean; status: string; reason: string; field?: string; value?: string },
): Record<string, unknown> {
  return {
    ...conditionJson(c),
    ok: verdict.ok,
    status: verdict.status,
    reason: verdict.reason,
    ...(verdict.field !== undefined ? { sent: { field: verdict.field, value: verdict.value ?? null } } : {}),
  };
}

export async function verifyPostCommand(form: PostForm, args: ParsedArgs, io: Io, now: Date): Promise<number> {
  const timeoutMs = credentialsTimeoutMs(args);
  const fileSize = sizeOption(args, 'file-size');
  const fileName = args.values.get('file-name');
  const secret = await resolveSecret(args.values.get('profile'), form.accessKeyId, timeoutMs);
  const result = checkPostUpload(form, {
    secretAccessKey: secret.secretAccessKey,
    accessKeyId: secret.accessKeyId || undefined,
    fileSize,
    fileName,
    now,
  });
  const findings = bySeverity(diagnosePostForm(form, { now }));
  const conditions = result.conditions.map((v) => conditionVerdictJson(v.condition, v));
  if (args.flags.has('json')) {
    io.out(
      json({
        valid: result.valid,
        decided: result.evaluation.decided,
        signatureMatches: result.signature.valid,
        signatureVersion: result.signature.signatureVersion,
        secretFrom: secret.source,
        computedSignature: result.signature.computedSignature ?? null,
        providedSignature: result.signature.providedSignature ?? null,
        conditions,
        explanations: result.explanations,
        findings,
      }),
    );
    return result.valid ? 0 : 1;
  }
  const verdict = result.valid
    ? result.evaluation.decided
      ? 'VALID: signature matches, and the upload meets every condition'
      : 'VALID: signature matches, and no condition fails for certain: those marked ? depend on what was not given (--file-size, --file-name)'
    : result.signature.valid
      ? 'INVALID: signature matches, but S3 refuses the upload'
      : 'INVALID: signature does not match';
  io.out(`${verdict} (secret from ${secret.source})\n`);
  for (const e of result.explanations) io.out(`  ${e.code}: ${e.message}`);
  io.out('\nConditions');
  for (const v of result.conditions)
    io.out(
      `  ${v.status === 'pass' ? 'ok  ' : v.status === 'fail' ? 'FAIL' : '?   '} ${v.condition.text}\n       ${v.reason}`,
    );
  if (result.conditions.length === 0) io.out('  none');
  io.out(
    `\n${table([
      ['Computed', result.signature.computedSignature ?? '(not computed)'],
      ['In the form', result.signature.providedSignature ?? '(none)'],
    ])}`,
  );
  io.out(`\nFindings\n${findingLines(findings)}`);
  return result.valid ? 0 : 1;
}

/** `explain` for an answer to a POST upload, with the form when --form names it. */
export async function explainPostCommand(
  xml: string,
  form: PostForm | undefined,
  args: ParsedArgs,
  io: Io,
): Promise<number> {
  const timeoutMs = credentialsTimeoutMs(args);
  const wantsSecret =
    form !== undefined && (args.values.has('profile') || process.env['AWS_SECRET_ACCESS_KEY'] !== undefined);
  const secret = wantsSecret ? await resolveSecret(args.values.get('profile'), form.accessKeyId, timeoutMs) : undefined;
  const result = explainPostError(xml, {
    form,
    submission: form
      ? { now: new Date(), fileSize: sizeOption(args, 'file-size'), fileName: args.values.get('file-name') }
      : undefined,
    secretAccessKey: secret?.secretAccessKey,
  });
  if (!result) throw new UsageError('no S3 <Error> document with a <Code> found in the input');
  if (args.flags.has('json')) {
    io.out(
      json({
        kind: 'post',
        errorCode: result.errorCode,
        message: result.message,
        explanations: result.explanations,
        condition: result.condition ? conditionJson(result.condition) : null,
        field: result.field ?? null,
        value: result.value ?? null,
        fields: result.fields,
      }),
    );
    return 0;
  }
  io.out(`${result.errorCode}: ${result.message}\n`);
  for (const e of result.explanations) io.out(`  ${e.code}: ${e.message}`);
  const rows: [string, string][] = [];
  if (result.condition) rows.push(['Condition', result.condition.text]);
  if (result.field !== undefined)
    rows.push([
      'Field',
      result.value === undefined ? result.field : `${result.field} = ${JSON.stringify(result.value)}`,
    ]);
  if (rows.length) io.out(`\n${table(rows)}`);
  return 0;
}

/** The form --form names (a file, or "-" when the error document is not read from standard input). */
export function formOption(args: ParsedArgs, io: Io, stdinTaken: boolean): PostForm | undefined {
  const path = args.values.get('form');
  if (path === undefined) return undefined;
  if (path === '-' && stdinTaken)
    throw new UsageError('--form - and the error document cannot both come from standard input');
  return parseForm(readFileArg(path, io, MAX_DOCUMENT_BYTES, 'a form'));
}
