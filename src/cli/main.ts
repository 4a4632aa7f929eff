// s3-presign: the engine in a terminal or CI. decode, verify, explain, scan, presign, cors; presigned URLs
// and POST forms. Exit codes: 0 done; 1 findings at or above --fail-on (scan), an invalid signature or an
// upload S3 would refuse (verify) or a request the browser would block (cors); 2 bad usage, unreadable or
// oversized input, an incomplete scan or credentials that did not come, with a one-line reason on stderr.
// Text output shows control characters escaped; --json output is data.
import { statSync } from 'node:fs';
import { credentialsErrorMessage } from '../aws/errors';
import {
  bySeverity,
  decodeReport,
  describePostPolicy,
  diagnose,
  escapeControlCharacters,
  explainS3Error,
  isPostError,
  looksLikePostForm,
  parsePresignedUrl,
  plural,
  SEVERITY_ORDER,
  terminalText,
  verifyPresignedUrl,
  type DiffLine,
  type Finding,
  type PresignedUrl,
} from '../engine';
import { dateOption, MAX_DOCUMENT_BYTES, parseArgs, readFileArg, UsageError, type Io, type ParsedArgs } from './args';
import { listProfiles } from '../aws/profiles';
import { credentialsTimeoutMs, resolveSecret } from './credentials';
import {
  decodePostCommand,
  explainPostCommand,
  formOption,
  parseForm,
  presignPostCommand,
  verifyPostCommand,
} from './post';
import { corsCommand, pageHeaders } from './cors';
import { MULTIPART_OPTIONS, presignCommand } from './presign';
import { OutputClosed, readUpTo, writeAll } from './stdio';
import { scanPaths, type ScanHit } from '../scan';

const HELP = `s3-presign: decode, verify and explain Amazon S3 presigned URLs and POST forms.

Usage:
  s3-presign decode <url|form.json|->  [--json] [--now <ISO-8601>]
  s3-presign verify <url|->  [--method M] [--header 'Name: value']... [--profile P] [--credentials-timeout S]
             [--json] [--now <ISO-8601>]
  s3-presign verify <form.json|->  [--file-size N] [--file-name F] [--profile P] [--credentials-timeout S]
             [--json] [--now <ISO-8601>]
  s3-presign explain <error.xml|-> [--url <url> | --form <form.json>] [--file-size N] [--file-name F]
             [--profile P] [--credentials-timeout S] [--json]
  s3-presign scan <path>...  [--json] [--fail-on error|warning] [--now <ISO-8601>]
  s3-presign presign <s3://bucket/key> [--method GET|PUT|HEAD|DELETE] [--expires 15m|1h|6h|3d|<ISO date>]
             [--content-type T] [--profile P] [--region R] [--endpoint-url URL] [--path-style] [--date <ISO-8601>]
             [--credentials-timeout S] [--json]
  s3-presign presign <s3://bucket/[prefix]> --keys-from <file|-> [--expires …] [options above]
  s3-presign presign <s3://bucket/key> --post [--key-starts-with PREFIX]
             [--content-type T | --content-type-starts-with P] [--min-size N] [--max-size N]
             [--field name=value]... [--expires …] [--date …] [--profile P] [--region R] [--endpoint-url URL]
             [--path-style] [--json]
  s3-presign presign <s3://bucket/key> --multipart (--parts N | --file PATH | --size N) [--part-size N]
             [--format text|json|csv|sh|fetch] [--json] [--expires …] [--content-type T] [--profile P] [--region R]
             [--endpoint-url URL] [--path-style] [--date <ISO-8601>] [--credentials-timeout S]
  s3-presign cors <url|s3://BUCKET> --origin ORIGIN [--method M] [--header 'Name: value']... [--cors-file F]
             [--with-credentials] [--profile P] [--credentials-timeout S] [--json]

"-" reads standard input. A URL, a form or an error document is read up to 1 MiB, --keys-from up to 64 MiB.
A POST form is the { "url": …, "fields": { … } } the SDKs return (as JSON, or as boto3 prints it), an HTML
<form>, or a curl command with -F/--form-string fields; verify treats its fields as what the client sends.
presign --post prints the curl command that uploads with the form (--json: { url, fields, expiresAt,
conditions }); KEY may end in \${filename} (the uploader's file name; with --key-starts-with P the key is
P\${filename} and any key under P is allowed). Sizes are bytes or take a unit: 10MB is 10,000,000 bytes,
5MiB 5,242,880; --min-size or --max-size alone gets 0 or 5GiB for the other. Forms expire in 1h by default.
verify and explain take the secret from --profile (standard AWS files), from AWS_ACCESS_KEY_ID /
AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, or from the profile whose access key signed the URL; never from
an argument. presign signs with --profile, the AWS_* variables, or AWS_PROFILE/default; it prints the URL
alone on stdout, and on stderr the headers the client must send. --keys-from reads one key per line
(appended to the prefix) and prints one GET URL per line, in the same order. --multipart creates a multipart
upload and prints one UploadPart URL per part, the CompleteMultipartUpload and AbortMultipartUpload URLs
(default expiry 1h); sizes in bytes or KiB, MiB, GiB; parts of 5 MiB to 5 GiB (8 MiB by default, more when
10,000 parts would not hold the file); --format sh writes a script that uploads the file with curl, fetch a
browser function.
Credentials that do not come within --credentials-timeout seconds (default 120) fail the command; a
credential_process is stopped then.
scan reads regular files only, and counts what it cannot read.
cors says whether a page at ORIGIN can make the request (the URL's, or --method with --header to the bucket)
and read what it needs, rule by rule, with the smallest CORS configuration that makes it work; the rules come
from --cors-file (console JSON, CLI JSON or XML) or from the bucket with the profile (the URL's signer's by
default). --with-credentials: the page sends credentials (fetch credentials: 'include', withCredentials).

Exit codes: 0 done (also when the reader of the output stops early, as head does); 1 findings at or above
--fail-on (scan), signature invalid (verify) or the browser would block the request (cors); 2 bad usage, unreadable or oversized input, a scan that
could not read everything, or credentials that did not come in time.`;

/** A file argument rather than a URL or a pasted form: no scheme, not an object, and a file (or FIFO) there. */
function isFileArgument(arg: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg) || arg.includes('?') || looksLikePostForm(arg)) return false;
  try {
    const stat = statSync(arg);
    return stat.isFile() || stat.isFIFO();
  } catch {
    return false;
  }
}

function readInput(arg: string | undefined, io: Io, what: string): string {
  if (arg === undefined) throw new UsageError(`missing ${what} (or "-" for standard input)`);
  if (arg === '-') return readFileArg('-', io, MAX_DOCUMENT_BYTES, 'a URL or a form');
  if (isFileArgument(arg)) return readFileArg(arg, io, MAX_DOCUMENT_BYTES, 'a form');
  return arg;
}

const nowOf = (args: ParsedArgs): Date => dateOption(args, 'now') ?? new Date();

/**
 * Reads a URL, knowing the S3 endpoints of the user's profiles (endpoint_url), so that a virtual-hosted URL
 * on one of them names its bucket. No secret is read for this.
 */
async function parseUrlOrFail(text: string): Promise<PresignedUrl> {
  const listed = await listProfiles().catch(() => undefined);
  const endpoints = (listed?.profiles ?? []).flatMap((p) => (p.endpointUrl ? [p.endpointUrl] : []));
  const parsed = parsePresignedUrl(text, { endpoints });
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.value;
}

function headersOf(args: ParsedArgs): Record<string, string> {
  return Object.fromEntries(pageHeaders(args.repeated.get('header') ?? []).map((h) => [h.name.toLowerCase(), h.value]));
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

function findingLines(findings: readonly Pick<Finding, 'code' | 'severity' | 'message' | 'fix'>[]): string {
  if (findings.length === 0) return '  none';
  return findings.map((f) => `  ${f.severity.padEnd(7)} ${f.code}: ${f.message}\n          fix: ${f.fix}`).join('\n');
}

async function decodeCommand(args: ParsedArgs, io: Io): Promise<number> {
  const text = readInput(args.positionals[0], io, '<url> or <form.json>');
  const now = nowOf(args);
  if (looksLikePostForm(text)) return decodePostCommand(parseForm(text), args, io, now);
  const url = await parseUrlOrFail(text);
  const report = decodeReport(url, diagnose(url, { now }), now);
  if (args.flags.has('json')) {
    io.out(json(report));
    return 0;
  }
  const region =
    report.hostRegion && report.scopeRegion && report.hostRegion !== report.scopeRegion
      ? `${report.region} (host says ${report.hostRegion}, credential scope says ${report.scopeRegion})`
      : (report.region ?? '(unknown)');
  io.out(`${report.verdict}\n`);
  io.out(
    table([
      ['Signature', `${report.signatureVersion.toUpperCase()}${report.algorithm ? ` (${report.algorithm})` : ''}`],
      ['Host', `${report.host} — ${report.endpoint}`],
      ['Bucket', report.bucket ?? '(none)'],
      ['Key', report.key === null ? '(none: bucket-level)' : JSON.stringify(report.key)],
      ['Region', region],
      ['Access key', `${report.accessKeyId ?? '(none)'} (${report.credentialType})`],
      ['Signed at', report.signedAt ?? '(unknown)'],
      [
        'Expires',
        report.expiresAt
          ? `${report.expiresAt}${report.expiresIn !== null ? ` (X-Amz-Expires=${report.expiresIn})` : ''}${report.expired ? ', EXPIRED' : ''}`
          : '(unknown)',
      ],
      [
        'Method',
        report.methodHint ? `${report.methodHint} (from ${report.methodHintSource})` : '(not stated by the URL)',
      ],
      ['Signed headers', report.signedHeaders.join(', ') || '(none)'],
      ...(report.securityToken ? [['Session token', report.securityToken] as const] : []),
      ...(report.cleanups.length
        ? [['Cleaned up', report.cleanups.map((c) => c.description).join('; ')] as const]
        : []),
    ]),
  );
  io.out(`\nFindings\n${findingLines(report.findings)}`);
  return 0;
}

async function verifyCommand(args: ParsedArgs, io: Io): Promise<number> {
  const text = readInput(args.positionals[0], io, '<url> or <form.json>');
  if (looksLikePostForm(text)) {
    for (const name of ['method', 'header'])
      if (args.values.has(name) || args.repeated.has(name))
        throw new UsageError(`--${name} is for URLs: a form is sent as a POST with its fields`);
    return verifyPostCommand(parseForm(text), args, io, nowOf(args));
  }
  for (const name of ['file-size', 'file-name'])
    if (args.values.has(name)) throw new UsageError(`--${name} is for POST forms`);
  const timeoutMs = credentialsTimeoutMs(args);
  const headers = headersOf(args);
  const url = await parseUrlOrFail(text);
  if (url.signatureVersion === 'v4a')
    throw new UsageError('SigV4a (multi-region access point) signatures cannot be verified here');
  const now = nowOf(args);
  const secret = await resolveSecret(args.values.get('profile'), url.accessKeyId, timeoutMs);
  const result = verifyPresignedUrl(url, {
    secretAccessKey: secret.secretAccessKey,
    accessKeyId: secret.accessKeyId || undefined,
    secretSource: secret.source,
    method: args.values.get('method'),
    headers,
  });
  const findings = bySeverity(diagnose(url, { now, credentialsExpiration: secret.expiration })).map(
    ({ code, severity, message, fix }) => ({ code, severity, message, fix }),
  );
  if (args.flags.has('json')) {
    io.out(
      json({
        valid: result.valid,
        signatureMatches: result.signatureMatches,
        signatureVersion: result.signatureVersion,
        method: result.method,
        secretFrom: secret.source,
        canonicalRequest: result.canonicalRequest ?? null,
        stringToSign: result.stringToSign,
        computedSignature: result.computedSignature ?? null,
        providedSignature: result.providedSignature ?? null,
        explanations: result.explanations,
        findings,
      }),
    );
  } else {
    const verdict = result.valid
      ? 'VALID: signature matches'
      : result.signatureMatches
        ? 'INVALID: signature matches, but S3 refuses the request'
        : 'INVALID: signature does not match';
    io.out(`${verdict} for ${result.method} (secret from ${secret.source})\n`);
    for (const e of result.explanations) io.out(`  ${e.code}: ${e.message}`);
    if (result.canonicalRequest !== undefined) io.out(`\nCanonical request\n${indent(result.canonicalRequest)}`);
    io.out(`\nString to sign\n${indent(result.stringToSign)}\n`);
    io.out(
      table([
        ['Computed', result.computedSignature ?? ''],
        ['In the URL', result.providedSignature ?? '(none)'],
      ]),
    );
    io.out(`\nFindings (expiry is not part of the signature check)\n${findingLines(findings)}`);
  }
  return result.valid ? 0 : 1;
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

function diffText(lines: readonly DiffLine[]): string {
  return lines.map((l) => `  ${l.kind === 'same' ? ' ' : l.kind === 'expected' ? '-' : '+'} ${l.text}`).join('\n');
}

async function explainCommand(args: ParsedArgs, io: Io): Promise<number> {
  const file = args.positionals[0];
  if (file === undefined) throw new UsageError('missing <error.xml> (or "-" for standard input)');
  const timeoutMs = credentialsTimeoutMs(args);
  const xml = readFileArg(file, io, MAX_DOCUMENT_BYTES, 'an S3 error document');
  if (args.values.has('url') && args.values.has('form')) throw new UsageError('--url and --form exclude each other');
  const form = formOption(args, io, file === '-');
  if (form !== undefined || isPostError(xml)) return explainPostCommand(xml, form, args, io);
  for (const name of ['file-size', 'file-name'])
    if (args.values.has(name)) throw new UsageError(`--${name} is for answers to POST forms`);
  const urlArg = args.values.get('url');
  const url = urlArg === undefined ? undefined : await parseUrlOrFail(urlArg);
  const wantsSecret =
    url !== undefined && (args.values.has('profile') || process.env['AWS_SECRET_ACCESS_KEY'] !== undefined);
  const secret = wantsSecret ? await resolveSecret(args.values.get('profile'), url.accessKeyId, timeoutMs) : undefined;
  const result = explainS3Error(xml, {
    url,
    secretAccessKey: secret?.secretAccessKey,
    accessKeyId: secret?.accessKeyId || undefined,
    secretSource: secret?.source,
  });
  if (!result) throw new UsageError('no S3 <Error> document with a <Code> found in the input');
  if (args.flags.has('json')) {
    io.out(
      json({
        errorCode: result.errorCode,
        message: result.message,
        explanations: result.explanations,
        ...(url ? { diff: result.diff ?? null } : {}),
        fields: result.fields,
      }),
    );
    return 0;
  }
  io.out(`${result.errorCode}: ${result.message}\n`);
  for (const e of result.explanations) io.out(`  ${e.code}: ${e.message}`);
  if (result.diff?.canonicalRequest)
    io.out(`\nCanonical request (- the URL implies, + S3 received)\n${diffText(result.diff.canonicalRequest)}`);
  if (result.diff?.stringToSign)
    io.out(`\nString to sign (- the URL implies, + S3 used)\n${diffText(result.diff.stringToSign)}`);
  return 0;
}

function scanCommand(args: ParsedArgs, io: Io): number {
  if (args.positionals.length === 0) throw new UsageError('missing <path>');
  const failOn = args.values.get('fail-on');
  if (failOn !== undefined && failOn !== 'error' && failOn !== 'warning')
    throw new UsageError('--fail-on takes error or warning');
  const now = nowOf(args);
  const hits: ScanHit[] = [];
  const stats = scanPaths(
    args.positionals,
    now,
    (hit) => {
      hits.push(hit);
      if (!args.flags.has('json')) {
        const findings = bySeverity(hit.findings);
        // One line per hit whatever the file's name holds: a newline in it is shown as \n.
        io.out(
          `${escapeControlCharacters(hit.file)}:${hit.line}:${hit.column}  ${findings[0]?.severity ?? 'info'}\n  ${escapeControlCharacters(hit.url)}`,
        );
        for (const f of findings) io.out(`    ${f.severity.padEnd(7)} ${f.code}: ${f.message}`);
      }
    },
    describePostPolicy,
  );
  const posts = hits.filter((h) => h.kind === 'post').length;
  const incomplete = stats.unreadable > 0 ? ' (the scan is incomplete: exit code 2)' : '';
  if (args.flags.has('json')) io.out(json(hits));
  else
    io.out(
      `
${plural(hits.length - posts, 'presigned URL')}${posts ? ` and ${plural(posts, 'POST form policy', 'POST form policies')}` : ''} in ${plural(new Set(hits.map((h) => h.file)).size, 'file')}; scanned ${plural(stats.files, 'file')}, skipped ${stats.binary} binary, ${stats.huge} over 20 MiB, ${stats.ignored} ignored, ${stats.unreadable} unreadable${incomplete}.${stats.unusableRules ? ` ${plural(stats.unusableRules, '.gitignore rule')} over the matcher's caps ${stats.unusableRules === 1 ? 'was' : 'were'} skipped.` : ''}`,
    );
  // Fail closed: a scan that could not read everything cannot say that nothing is there.
  if (stats.unreadable > 0) {
    io.err(
      `s3-presign scan: ${plural(stats.unreadable, 'file or folder', 'files or folders')} could not be read, first ${stats.firstUnreadable ?? ''}`,
    );
    return 2;
  }
  if (failOn === undefined) return 0;
  return hits.some((h) => h.findings.some((f) => SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[failOn])) ? 1 : 0;
}

const COMMANDS: Record<
  string,
  { spec: Parameters<typeof parseArgs>[1]; run: (args: ParsedArgs, io: Io) => number | Promise<number> }
> = {
  decode: { spec: { values: ['now'], flags: ['json'] }, run: decodeCommand },
  verify: {
    spec: {
      values: ['now', 'method', 'profile', 'credentials-timeout', 'file-size', 'file-name'],
      repeated: ['header'],
      flags: ['json'],
    },
    run: verifyCommand,
  },
  explain: {
    spec: { values: ['url', 'form', 'file-size', 'file-name', 'profile', 'credentials-timeout'], flags: ['json'] },
    run: explainCommand,
  },
  scan: { spec: { values: ['now', 'fail-on'], flags: ['json'] }, run: scanCommand },
  cors: {
    spec: {
      values: ['origin', 'method', 'cors-file', 'profile', 'credentials-timeout'],
      repeated: ['header'],
      flags: ['json', 'with-credentials'],
    },
    run: (args, io) => corsCommand(args, io, parseUrlOrFail),
  },
  presign: {
    spec: {
      values: [
        'method',
        'expires',
        'content-type',
        'profile',
        'region',
        'endpoint-url',
        'date',
        'keys-from',
        'credentials-timeout',
        'key-starts-with',
        'content-type-starts-with',
        'min-size',
        'max-size',
        ...MULTIPART_OPTIONS,
      ],
      repeated: ['field'],
      flags: ['json', 'path-style', 'post', 'multipart'],
    },
    run: (args, io) => (args.flags.has('post') ? presignPostCommand(args, io) : presignCommand(args, io)),
  },
};

/**
 * Runs the CLI; returns the exit code. Errors become a one-line reason on stderr and exit code 2. Text
 * output and every stderr line show control characters escaped (see terminalText); --json output is left
 * as JSON.stringify wrote it.
 */
export async function runCli(
  argv: readonly string[],
  io: Omit<Io, 'err'>,
  err: (line: string) => void,
): Promise<number> {
  const errLine = (line: string): void => err(escapeControlCharacters(line));
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    errLine(`s3-presign: unknown command "${name}" (decode, verify, explain, scan, presign, cors; --help for usage)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(HELP);
    return 0;
  }
  try {
    const args = parseArgs(rest, command.spec);
    const asData = args.flags.has('json');
    return await command.run(args, { ...io, out: (text) => io.out(asData ? text : terminalText(text)), err: errLine });
  } catch (e) {
    // First line only, no session token, no credential_process command line.
    errLine(`s3-presign ${name}: ${credentialsErrorMessage(e)}`);
    return 2;
  }
}

if (require.main === module) {
  // The SDK inside this bundle is fixed at build time; its notice about the Node versions of its future
  // releases would only clutter every command's stderr.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const io: Omit<Io, 'err'> = {
    out: (text) => {
      try {
        writeAll(1, `${text}\n`);
      } catch (e) {
        // The reader has gone (`| head -1`): it has what it wanted. End at once, quietly and with 0, as
        // head expects and as ruff and ast-grep do (astral-sh/ruff#13485, ast-grep/ast-grep#2887).
        if (e instanceof OutputClosed) process.exit(0);
        throw e;
      }
    },
    readStdin: (limit) => readUpTo(0, limit).toString('utf8'),
  };
  const stderr = (line: string): void => {
    try {
      writeAll(2, `${line}\n`);
    } catch {
      // Nowhere left to say it.
    }
  };
  // Exits rather than waiting for the event loop to empty: a credential_process the SDK runs through an
  // assume-role chain cannot be stopped, and must not keep the CLI alive after its timeout.
  void runCli(process.argv.slice(2), io, stderr).then((code) => process.exit(code));
}
