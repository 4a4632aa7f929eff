// `s3-presign presign`: URLs from the command line, one (any method) or many (GET, --keys-from), with the
// credentials of a profile or of the standard AWS_* variables. The URL goes alone to stdout; what the client
// must send, and when temporary credentials end the URL early, go to stderr.
import { createBulkSigner } from '../aws/bulkSigner';
import { credentialProvider } from '../aws/credentials';
import { presign } from '../aws/presign';
import { ENVIRONMENT_PROFILE, type AwsProfile } from '../aws/profileModel';
import { listProfiles } from '../aws/profiles';
import { S3Access } from '../aws/s3';
import { headerProblem, isoUtc, isPresignMethod, parseExpiry, PRESIGN_METHODS } from '../engine';
import { dateOption, MAX_KEY_LIST_BYTES, readFileArg, UsageError, type Io, type ParsedArgs } from './args';
import { credentialsTimeoutMs, noMfa } from './credentials';

/** Options only `presign --post` takes (src/cli/post.ts). */
const POST_ONLY_OPTIONS = ['key-starts-with', 'content-type-starts-with', 'min-size', 'max-size', 'field'];

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/s.exec(uri);
  if (!m || !m[1]) throw new UsageError(`"${uri}" is not an s3://bucket/key URI`);
  return { bucket: m[1], key: m[2] ?? '' };
}

/** The profile to sign with, its settings overridden by --region, --endpoint-url and --path-style. */
export async function profileFor(args: ParsedArgs): Promise<AwsProfile> {
  const { profiles } = await listProfiles();
  const named = args.values.get('profile');
  const fromEnv = process.env['AWS_ACCESS_KEY_ID'] && process.env['AWS_SECRET_ACCESS_KEY'];
  const name = named ?? (fromEnv ? ENVIRONMENT_PROFILE : process.env['AWS_PROFILE'] || 'default');
  const found = profiles.find((p) => p.name === name);
  if (!found && named) throw new UsageError(`no profile "${named}" in the AWS config or credentials files`);
  const base: AwsProfile = found ?? { name, kind: 'unknown', pathStyle: false };
  return {
    ...base,
    region: args.values.get('region') ?? base.region,
    endpointUrl: args.values.get('endpoint-url') ?? base.endpointUrl,
    pathStyle: args.flags.has('path-style') || base.pathStyle,
  };
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
