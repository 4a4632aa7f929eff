// `s3-presign cors`: will this presigned URL (or any request to this bucket) work from a page at --origin?
// The bucket's CORS rules come from --cors-file, or from GetBucketCors with the profile; the engine
// (checkBrowserAccess) gives the browser's request, S3's answer rule by rule, what the page can read, the
// redirects that break a preflight, and the smallest configuration that works. Exit 1 when the browser
// would block the request.
import { describeFailure } from '../aws/errors';
import { credentialProvider } from '../aws/credentials';
import { S3Access } from '../aws/s3';
import {
  checkBrowserAccess,
  headerProblem,
  parseCorsConfiguration,
  type BrowserAccessReport,
  type CorsConfiguration,
  type CorsFinding,
  type PresignedUrl,
} from '../engine';
import { readFileArg, UsageError, type Io, type ParsedArgs } from './args';
import { credentialsTimeoutMs, noMfa } from './credentials';
import { profileFor } from './profile';

/** A CORS document S3 holds is at most 64 KB; 1 MiB leaves room for a pasted console page around it. */
const MAX_CORS_FILE_BYTES = 1024 * 1024;

/** What the check is about: a presigned URL, or a bucket alone (`s3://BUCKET`). */
export interface CorsTarget {
  readonly url?: PresignedUrl;
  readonly bucket?: string;
}

/** Where the rules came from, for the output. */
interface RulesSource {
  readonly cors: CorsConfiguration | null;
  readonly from: string;
  readonly bucketRegion?: string;
}

/** `Name: value` options as the page sends them, each checked as a header that could be sent. */
export function pageHeaders(values: readonly string[]): { name: string; value: string }[] {
  return values.map((h) => {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header "${h}" is not of the form 'Name: value'`);
    const name = h.slice(0, colon).trim();
    const value = h.slice(colon + 1).trim();
    const problem = headerProblem(name, value);
    if (problem) throw new UsageError(`--header: ${problem}`);
    return { name, value };
  });
}

function rulesFromFile(path: string, io: Io): CorsConfiguration {
  const parsed = parseCorsConfiguration(readFileArg(path, io, MAX_CORS_FILE_BYTES, 'a CORS configuration'));
  if (!parsed.ok) throw new UsageError(`--cors-file: ${parsed.error}`);
  return parsed.value;
}

/** GetBucketCors with the profile; a bucket without CORS is an answer (null), a refusal a one-line error. */
async function rulesFromBucket(
  bucket: string,
  args: ParsedArgs,
  url: PresignedUrl | undefined,
  withRules: boolean,
): Promise<RulesSource> {
  const profile = await profileFor(args, url?.accessKeyId);
  const access = new S3Access(profile, credentialProvider(profile, noMfa, credentialsTimeoutMs(args)));
  const signal = new AbortController().signal;
  try {
    const region = await access.bucketRegion(bucket, signal);
    const rules = withRules ? await access.bucketCors(bucket, signal) : null;
    const cors: CorsConfiguration | null = rules && { rules, format: 'sdk-json' };
    return { cors, from: `bucket ${bucket}, read with profile ${profile.name}`, bucketRegion: region };
  } catch (err) {
    const failure = describeFailure(err, {
      profile: profile.name,
      kind: profile.kind,
      endpoint: access.endpointFor(access.defaultRegion),
      bucket,
    });
    const what = withRules ? `the CORS configuration of ${bucket}` : `the Region of ${bucket}`;
    const hint =
      failure.kind === 'access-denied'
        ? ` (GetBucketCors needs s3:GetBucketCORS on the bucket); pass --cors-file with the configuration instead`
        : '';
    throw new UsageError(`cannot read ${what}: ${failure.message}${hint}`);
  } finally {
    access.dispose();
  }
}

async function rulesFor(target: CorsTarget, args: ParsedArgs, io: Io): Promise<RulesSource> {
  const file = args.values.get('cors-file');
  if (file !== undefined) {
    const cors = rulesFromFile(file, io);
    // With a profile, the bucket's Region is looked up too: it sharpens the redirect checks.
    if (!args.values.has('profile') || target.bucket === undefined) return { cors, from: `file ${file}` };
    const { bucketRegion } = await rulesFromBucket(target.bucket, args, target.url, false);
    return { cors, from: `file ${file}`, bucketRegion };
  }
  if (target.bucket === undefined)
    throw new UsageError('the URL names no bucket whose CORS configuration could be read: pass --cors-file');
  return rulesFromBucket(target.bucket, args, target.url, true);
}

const ruleName = (r: { index: number; id?: string }): string =>
  `CORSRules[${r.index}]${r.id === undefined ? '' : ` (ID ${JSON.stringify(r.id)})`}`;

function findingText(f: CorsFinding): string {
  return `  ${f.severity.padEnd(7)} ${f.code}: ${f.message}${f.fix ? `\n          fix: ${f.fix}` : ''}`;
}

/** The report for a person: the verdict first, then the request, each rule, what the page reads, the fix. */
export function corsReportText(report: BrowserAccessReport, from: string): string {
  const { request } = report;
  const lines: string[] = [
    `${report.allowed ? 'ALLOWED' : 'BLOCKED'}: ${request.method} from ${report.origin}${report.matchedRule === null ? '' : `, answered by CORSRules[${report.matchedRule}]`}`,
    '',
    `Configuration: ${from}`,
    request.preflight
      ? `Preflight: OPTIONS first, because ${request.preflightBecause.join('; ')}`
      : 'Preflight: none (a simple request)',
    ...(request.requestHeaders.length > 0
      ? [`Access-Control-Request-Headers: ${request.requestHeaders.join(',')}`]
      : []),
    '',
    'Rules',
    ...(report.rules.length === 0 ? ['  (the bucket has no CORS configuration)'] : []),
    ...report.rules.map((r) =>
      r.matches
        ? `  ${ruleName(r)}: matches`
        : `  ${ruleName(r)}: no\n${r.reasons.map((x) => `      ${x}`).join('\n')}`,
    ),
    '',
    `The page can read: ${report.exposedHeaders.join(', ') || '(nothing)'}`,
    ...(report.missing.length > 0 ? [`The page needs but cannot read: ${report.missing.join(', ')}`] : []),
    '',
    'Findings',
    ...(report.findings.length === 0 ? ['  none'] : report.findings.map(findingText)),
  ];
  if (report.fix) {
    lines.push('', `Fix: ${report.fix.changes.join(' ')}`, 'The whole configuration, for the S3 console:');
    lines.push(report.fix.json);
  }
  return lines.join('\n');
}

/** The positional: a presigned URL, or s3://BUCKET for a check of the bucket's rules alone. */
async function targetOf(
  arg: string | undefined,
  parseUrl: (text: string) => Promise<PresignedUrl>,
): Promise<CorsTarget> {
  if (arg === undefined) throw new UsageError('missing <url|s3://BUCKET>');
  const s3 = /^s3:\/\/([^/]+)\/?/.exec(arg);
  if (s3) return { bucket: s3[1] };
  if (/^s3:/i.test(arg)) throw new UsageError(`"${arg}" is not an s3://BUCKET URI`);
  const url = await parseUrl(arg);
  return { url, bucket: url.bucket };
}

export async function corsCommand(
  args: ParsedArgs,
  io: Io,
  parseUrl: (text: string) => Promise<PresignedUrl>,
): Promise<number> {
  const origin = args.values.get('origin');
  if (origin === undefined) throw new UsageError('missing --origin (the page’s origin, https://app.example.com)');
  const headers = pageHeaders(args.repeated.get('header') ?? []);
  const target = await targetOf(args.positionals[0], parseUrl);
  const source = await rulesFor(target, args, io);
  const checked = checkBrowserAccess({
    url: target.url,
    origin,
    cors: source.cors,
    method: args.values.get('method'),
    headers,
    credentials: args.flags.has('with-credentials'),
    bucketRegion: source.bucketRegion,
  });
  if (!checked.ok) throw new UsageError(`--origin: ${checked.error}`);
  const report = checked.value;
  if (args.flags.has('json')) {
    io.out(
      JSON.stringify(
        {
          allowed: report.allowed,
          matchedRule: report.matchedRule,
          rules: report.rules,
          exposedHeaders: report.exposedHeaders,
          fix: report.fix,
          origin: report.origin,
          bucket: target.bucket ?? null,
          bucketRegion: source.bucketRegion ?? null,
          rulesFrom: source.from,
          request: report.request,
          missing: report.missing,
          findings: report.findings,
        },
        null,
        2,
      ),
    );
  } else {
    io.out(corsReportText(report, source.from));
  }
  return report.allowed ? 0 : 1;
}
