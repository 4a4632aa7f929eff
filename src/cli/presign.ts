// `s3-presign presign`: URLs from the command line, one (any method) or many (GET, --keys-from), or a
// multipart upload's set (--multipart, see multipart.ts), with the
// credentials of a profile or of the standard AWS_* variables. The URL goes alone to stdout; what the client
// must send, and when temporary credentials end the URL early, go to stderr.
import { createBulkSigner } from '../aws/bulkSigner';
import { credentialProvider } from '../aws/credentials';
import { presign } from '../aws/presign';
import { S3Access } from '../aws/s3';
import { headerProblem, isoUtc, isPresignMethod, parseExpiry, PRESIGN_METHODS } from '../engine';
import { dateOption, MAX_KEY_LIST_BYTES, readFileArg, UsageError, type Io, type ParsedArgs } from './args';
import { credentialsTimeoutMs, noMfa } from './credentials';
import { multipartCommand } from './multipart';
import { profileFor } from './profile';

/** Options only an upload in parts takes. */
export const MULTIPART_OPTIONS = ['parts', 'file', 'size', 'part-size', 'format'] as const;

/** Options only `presign --post` takes (src/cli/post.ts). */
const POST_ONLY_OPTIONS = ['key-starts-with', 'content-type-starts-with', 'min-size', 'max-size', 'field'];

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/s.exec(uri);
  if (!m || !m[1]) throw new UsageError(`"${uri}" is not an s3://bucket/key URI`);
  return { bucket: m[1], key: m[2] ?? '' };
}

export function expiryWarning(
  expiresAt: Date,
  credentialsExpiration: Date | undefined,
  what: 'URL' | 'form' = 'URL',
): string | undefined {
  if (!credentialsExpiration || credentialsExpiration >= expiresAt) return undefined;
  return `this ${what} stops working at ${isoUtc(credentialsExpiration)}, when the temporary credentials that signed it expire, not at ${isoUtc(expiresAt)}`;
}

export async function presignCommand(args: ParsedArgs, io: Io): Promise<number> {
  const uri = args.positionals[0];
  if (!uri) throw new UsageError('missing <s3://bucket/key>');
  for (const name of POST_ONLY_OPTIONS)
    if (args.values.has(name) || args.repeated.has(name)) throw new UsageError(`--${name} needs --post`);
  const { bucket, key } = parseS3Uri(uri);
  if (args.flags.has('multipart')) return multipartCommand(args, io, bucket, key);
  const multipartOnly = MULTIPART_OPTIONS.find((name) => args.values.has(name));
  if (multipartOnly) throw new UsageError(`--${multipartOnly} goes with --multipart`);
  const date = dateOption(args, 'date');
  const expiry = parseExpiry(args.values.get('expires') ?? '15m', date ?? new Date());
  if (!expiry.ok) throw new UsageError(`--expires: ${expiry.error}`);
  const method = (args.values.get('method') ?? 'GET').toUpperCase();
  if (!isPresignMethod(method)) throw new UsageError(`--method takes ${PRESIGN_METHODS.join(', ')}`);
  const contentType = args.values.get('content-type');
  const problem = contentType === undefined ? undefined : headerProblem('Content-Type', contentType);
  if (problem) throw new UsageError(`--content-type: ${problem}`);
  const timeoutMs = credentialsTimeoutMs(args);

  const profile = await profileFor(args);
  const access = new S3Access(profile, credentialProvider(profile, noMfa, timeoutMs));
  if (args.values.has('region')) access.setBucketRegion(bucket, args.values.get('region')!);
  try {
    const keysFrom = args.values.get('keys-from');
    if (keysFrom !== undefined) {
      if (method !== 'GET') throw new UsageError('--keys-from presigns GET URLs only');
      const text = readFileArg(keysFrom, io, MAX_KEY_LIST_BYTES, 'a list of keys');
      const keys = text
        .split('\n')
        .map((line) => line.replace(/\r$/, ''))
        .filter((line) => line !== '');
      const signer = await createBulkSigner(access, bucket, expiry.seconds, date);
      const chunk: string[] = [];
      for (const k of keys) {
        chunk.push(signer.sign(key + k));
        if (chunk.length === 1000) io.out(chunk.splice(0).join('\n'));
      }
      if (chunk.length) io.out(chunk.join('\n'));
      const warning = expiryWarning(signer.expiresAt, signer.credentialsExpiration);
      if (warning) io.err(`s3-presign presign: warning: ${warning}`);
      return 0;
    }
    if (key === '') throw new UsageError('the URI names no key: s3://bucket/key');
    const result = await presign(access, {
      bucket,
      key,
      method,
      expiresIn: expiry.seconds,
      contentType,
      signContentType: contentType !== undefined,
      signingDate: date,
    });
    const warning = expiryWarning(result.expiresAt, result.credentialsExpiration);
    if (args.flags.has('json')) {
      io.out(
        JSON.stringify(
          {
            url: result.url,
            method,
            bucket,
            key,
            region: result.region,
            signedAt: isoUtc(result.signedAt),
            expiresAt: isoUtc(result.expiresAt),
            credentialsExpiration: result.credentialsExpiration ? isoUtc(result.credentialsExpiration) : null,
            headers: result.headers,
            warnings: warning ? [warning] : [],
          },
          null,
          2,
        ),
      );
    } else {
      io.out(result.url);
      for (const [name, value] of Object.entries(result.headers))
        io.err(`s3-presign presign: the client must send ${name}: ${value}`);
      if (warning) io.err(`s3-presign presign: warning: ${warning}`);
    }
    return 0;
  } finally {
    access.dispose();
  }
}
