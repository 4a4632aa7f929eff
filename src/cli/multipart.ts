// `s3-presign presign s3://BUCKET/KEY --multipart`: creates a multipart upload with the profile and prints
// its presigned URLs — one UploadPart per part, CompleteMultipartUpload and AbortMultipartUpload — as text,
// the documented JSON, CSV, a shell script (curl per part, then the completion) or a browser fetch()
// function. The plan of parts follows S3's limits (src/engine/multipart.ts).
import { statSync } from 'node:fs';
import { credentialProvider } from '../aws/credentials';
import { presignMultipart, type PresignedMultipart } from '../aws/multipart';
import { S3Access } from '../aws/s3';
import {
  formatBytes,
  isoUtc,
  multipartCsv,
  multipartFetchSnippet,
  multipartShellScript,
  parseByteSize,
  parseExpiry,
  planParts,
  type PartPlan,
} from '../engine';
import { dateOption, UsageError, type Io, type ParsedArgs } from './args';
import { credentialsTimeoutMs, noMfa } from './credentials';
import { profileFor } from './profile';

export const MULTIPART_FORMATS = ['text', 'json', 'csv', 'sh', 'fetch'] as const;
type Format = (typeof MULTIPART_FORMATS)[number];

function formatOf(args: ParsedArgs): Format {
  const named = args.values.get('format');
  if (named !== undefined && !(MULTIPART_FORMATS as readonly string[]).includes(named))
    throw new UsageError(`--format takes ${MULTIPART_FORMATS.join(', ')}`);
  if (named !== undefined && args.flags.has('json') && named !== 'json')
    throw new UsageError(`--json and --format ${named} ask for two outputs: give one`);
  return args.flags.has('json') ? 'json' : ((named as Format | undefined) ?? 'text');
}

function byteOption(args: ParsedArgs, name: string): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const parsed = parseByteSize(raw);
  if (!parsed.ok) throw new UsageError(`--${name}: ${parsed.error}`);
  return parsed.value;
}

/** The size of --file, a regular file. */
function fileSize(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
  if (!stat.isFile()) throw new UsageError(`${path} is not a regular file`);
  return stat.size;
}

/** The plan of parts from --parts, --file or --size, and --part-size. */
function planOf(args: ParsedArgs): PartPlan {
  const given = ['parts', 'file', 'size'].filter((name) => args.values.has(name));
  if (given.length !== 1) throw new UsageError('--multipart takes one of --parts N, --file PATH or --size N');
  const partsRaw = args.values.get('parts');
  if (partsRaw !== undefined && !/^\d{1,6}$/.test(partsRaw)) throw new UsageError('--parts takes a whole number');
  const file = args.values.get('file');
  const plan = planParts({
    parts: partsRaw === undefined ? undefined : Number(partsRaw),
    size: file !== undefined ? fileSize(file) : byteOption(args, 'size'),
    partSize: byteOption(args, 'part-size'),
  });
  if (!plan.ok) throw new UsageError(plan.error);
  return plan.value;
}

function textOutput(set: PresignedMultipart): string {
  const n = set.parts.length;
  const sizes =
    set.size === null
      ? `${n} part${n === 1 ? '' : 's'} of a size the uploader chooses (at least 5 MiB but the last)`
      : `${n} part${n === 1 ? '' : 's'} of ${formatBytes(set.partSize!)} for ${formatBytes(set.size)}`;
  return [
    `Multipart upload ${set.uploadId} of s3://${set.bucket}/${set.key}: ${sizes}; the URLs stop working at ${set.expiresAt}.`,
    'PUT each part to its URL and keep the ETag header of each answer; then POST to the completion URL the XML',
    '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"…"</ETag></Part>…</CompleteMultipartUpload>.',
    'Until then the parts cost storage: DELETE the abort URL to give up (--format sh writes the whole script).',
    '',
    ...set.parts.map((p) => `part ${p.partNumber}${p.size === null ? '' : ` (${p.size} bytes)`}  ${p.url}`),
    `complete (POST)  ${set.complete.url}`,
    `abort (DELETE)  ${set.abort.url}`,
  ].join('\n');
}

function jsonOutput(set: PresignedMultipart, warnings: readonly string[]): string {
  return JSON.stringify(
    {
      bucket: set.bucket,
      key: set.key,
      uploadId: set.uploadId,
      partSize: set.partSize,
      parts: set.parts,
      complete: set.complete,
      abort: set.abort,
      size: set.size,
      region: set.region,
      signedAt: isoUtc(set.signedAt),
      expiresAt: set.expiresAt,
      credentialsExpiration: set.credentialsExpiration ? isoUtc(set.credentialsExpiration) : null,
      warnings,
    },
    null,
    2,
  );
}

export async function multipartCommand(args: ParsedArgs, io: Io, bucket: string, key: string): Promise<number> {
  if (key === '') throw new UsageError('the URI names no key: s3://bucket/key');
  for (const other of ['method', 'keys-from'])
    if (args.values.has(other)) throw new UsageError(`--multipart does not take --${other}`);
  const format = formatOf(args);
  const plan = planOf(args);
  const date = dateOption(args, 'date');
  const expiry = parseExpiry(args.values.get('expires') ?? '1h', date ?? new Date());
  if (!expiry.ok) throw new UsageError(`--expires: ${expiry.error}`);

  const profile = await profileFor(args);
  const access = new S3Access(profile, credentialProvider(profile, noMfa, credentialsTimeoutMs(args)));
  if (args.values.has('region')) access.setBucketRegion(bucket, args.values.get('region')!);
  try {
    const set = await presignMultipart(
      access,
      {
        bucket,
        key,
        plan,
        expiresIn: expiry.seconds,
        contentType: args.values.get('content-type'),
        signingDate: date,
      },
      new AbortController().signal,
    );
    const expiresAt = new Date(set.expiresAt);
    const warnings =
      set.credentialsExpiration && set.credentialsExpiration < expiresAt
        ? [
            `these URLs stop working at ${isoUtc(set.credentialsExpiration)}, when the temporary credentials that signed them expire, not at ${set.expiresAt}`,
          ]
        : [];
    switch (format) {
      case 'json':
        io.out(jsonOutput(set, warnings));
        break;
      case 'csv':
        io.out(multipartCsv(set).trimEnd());
        break;
      case 'sh':
        io.out(multipartShellScript(set, args.values.get('file')).trimEnd());
        break;
      case 'fetch':
        io.out(multipartFetchSnippet(set).trimEnd());
        break;
      case 'text':
        io.out(textOutput(set));
    }
    for (const w of warnings) io.err(`s3-presign presign: warning: ${w}`);
    io.err(
      `s3-presign presign: created multipart upload ${set.uploadId}; abort it if it will not be completed (its parts cost storage until then)`,
    );
    return 0;
  } finally {
    access.dispose();
  }
}
