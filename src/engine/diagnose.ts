// diagnose: what is wrong with a presigned URL, or will be, with a clock passed in. Each finding has a
// stable code, a severity, a message and a fix; every surface (decoder, hover, Problems, CLI) shows these
// findings with these severities.
import { isLoopbackHost } from './host';
import type { Finding, PresignedUrl } from './model';
import { multipartFindings } from './multipart';
import { findParam, parseAmzDate, SIGV4_ALGORITHM, SIGV4_PARAMETERS, SIGV4A_ALGORITHM } from './parse';
import { formatDuration, isoUtc, relative } from './time';

export interface DiagnoseOptions {
  readonly now: Date;
  /** When the signing credentials expire, if known (temporary credentials carry one). */
  readonly credentialsExpiration?: Date;
}

/** Unknown parameters named one by one; past this many, one finding counts the rest. */
const MAX_UNKNOWN_NAMED = 10;

/** A URL still valid for longer than this grants access to whoever holds it: reported as live. */
export const LIVE_AFTER_MS = 3600_000;

/** SigV4 presigned URLs cannot live longer than this (7 days). */
export const MAX_EXPIRES_SECONDS = 604800;
/** Clock skew tolerated before a date in the future is flagged. */
const SKEW_TOLERANCE_MS = 60_000;
/** Regions opened before 2014, the only ones that accept SigV2. */
export const SIGV2_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
]);
/** Checksums of an empty body, as SDK v3 ≥ 3.729 puts them on presigned uploads (CRC32 by default). */
export const EMPTY_BODY_CHECKSUMS = new Set([
  'AAAAAA==', // CRC32, CRC32C
  'AAAAAAAAAAA=', // CRC64NVME
  '2jmj7l5rSw0yVb/vlWAYkK/YBwk=', // SHA-1
  '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', // SHA-256
]);

const V2_REQUIRED = ['AWSAccessKeyId', 'Expires', 'Signature'];

function missingParameters(url: PresignedUrl): Finding[] {
  const required =
    url.signatureVersion === 'v2'
      ? V2_REQUIRED
      : url.signatureVersion === 'v4a'
        ? [...SIGV4_PARAMETERS, 'X-Amz-Region-Set']
        : SIGV4_PARAMETERS;
  return required
    .filter((name) => !findParam(url.params, name))
    .map((name) => ({
      code: 'MISSING_PARAMETER',
      severity: 'error',
      param: name,
      message: `${name} is missing: S3 cannot authenticate this URL.`,
      fix: 'Copy the whole URL again; long URLs are often cut at a line break or by a chat client.',
    }));
}

function malformed(param: string, message: string, fix: string): Finding {
  return { code: 'MALFORMED_PARAMETER', severity: 'error', param, message, fix };
}

function malformedV4(url: PresignedUrl): Finding[] {
  const out: Finding[] = [];
  const get = (name: string): string | undefined => findParam(url.params, name)?.value;
  const regenerate = 'Generate the URL again with an AWS SDK; do not edit signed parameters by hand.';

  const algorithm = get('X-Amz-Algorithm');
  if (algorithm !== undefined && algorithm !== SIGV4_ALGORITHM && algorithm !== SIGV4A_ALGORITHM) {
    out.push(
      malformed(
        'X-Amz-Algorithm',
        `X-Amz-Algorithm is "${algorithm}"; S3 accepts ${SIGV4_ALGORITHM} (or ${SIGV4A_ALGORITHM}).`,
        regenerate,
      ),
    );
  }
  const date = get('X-Amz-Date');
  if (date !== undefined && !parseAmzDate(date)) {
    out.push(
      malformed('X-Amz-Date', `X-Amz-Date "${date}" is not a UTC time of the form yyyyMMddTHHmmssZ.`, regenerate),
    );
  }
  const expires = get('X-Amz-Expires');
  if (expires !== undefined && (!/^\d{1,12}$/.test(expires) || Number(expires) < 1)) {
    out.push(
      malformed(
        'X-Amz-Expires',
        `X-Amz-Expires "${expires}" is not a number of seconds from 1 to ${MAX_EXPIRES_SECONDS}.`,
        regenerate,
      ),
    );
  }
  const rawCredential = get('X-Amz-Credential');
  if (rawCredential !== undefined) {
    const c = url.credential;
    const shape =
      url.signatureVersion === 'v4a' ? 'AKID/yyyymmdd/s3/aws4_request' : 'AKID/yyyymmdd/region/s3/aws4_request';
    const expectedParts = url.signatureVersion === 'v4a' ? 4 : 5;
    if (!c || rawCredential.split('/').length !== expectedParts) {
      out.push(
        malformed('X-Amz-Credential', `X-Amz-Credential "${rawCredential}" is not of the form ${shape}.`, regenerate),
      );
    } else {
      if (!/^\d{8}$/.test(c.date))
        out.push(malformed('X-Amz-Credential', `The credential date "${c.date}" is not yyyymmdd.`, regenerate));
      else if (date !== undefined && parseAmzDate(date) && !date.startsWith(c.date)) {
        out.push(
          malformed(
            'X-Amz-Credential',
            `The credential date ${c.date} is not the day of X-Amz-Date ${date}: S3 rejects the scope.`,
            regenerate,
          ),
        );
      }
      if (c.service !== 's3')
        out.push(
          malformed(
            'X-Amz-Credential',
            `The credential scope is for service "${c.service}", not "s3".`,
            'Presign with an S3 client, not another service’s.',
          ),
        );
      if (c.terminator !== 'aws4_request')
        out.push(
          malformed(
            'X-Amz-Credential',
            `The credential scope ends with "${c.terminator}" instead of "aws4_request".`,
            regenerate,
          ),
        );
      if (url.signatureVersion === 'v4' && !/^[a-z0-9-]+$/.test(c.region)) {
        out.push(
          malformed('X-Amz-Credential', `The credential region "${c.region}" is not a region name.`, regenerate),
        );
      }
    }
  }
  const signedHeaders = get('X-Amz-SignedHeaders');
  if (signedHeaders !== undefined) {
    const names = url.signedHeaders;
    const sorted = [...names].sort();
    if (!names.includes('host')) {
      out.push(
        malformed(
          'X-Amz-SignedHeaders',
          'X-Amz-SignedHeaders does not include host: SigV4 always signs the host.',
          regenerate,
        ),
      );
    }
    if (names.some((n) => n !== n.toLowerCase() || n === '') || names.some((n, i) => n !== sorted[i])) {
      out.push(
        malformed(
          'X-Amz-SignedHeaders',
          `X-Amz-SignedHeaders "${signedHeaders}" must be lower-case names, sorted, joined by ";".`,
          regenerate,
        ),
      );
    }
  }
  const signature = get('X-Amz-Signature');
  if (signature !== undefined && url.signatureVersion === 'v4' && !/^[0-9a-f]{64}$/.test(signature)) {
    const why =
      signature.length !== 64 ? `${signature.length} characters long instead of 64` : 'not lower-case hexadecimal';
    out.push(
      malformed(
        'X-Amz-Signature',
        `X-Amz-Signature is ${why}: the URL was cut or altered.`,
        'Copy the whole URL again from where it was generated.',
      ),
    );
  }
  return out;
}

function malformedV2(url: PresignedUrl): Finding[] {
  const out: Finding[] = [];
  const expires = findParam(url.params, 'Expires')?.value;
  if (expires !== undefined && !/^\d{1,12}$/.test(expires)) {
    out.push(malformed('Expires', `Expires "${expires}" is not a Unix time in seconds.`, 'Generate the URL again.'));
  }
  const signature = findParam(url.params, 'Signature')?.value;
  if (signature !== undefined && !/^[A-Za-z0-9+/]{27}=$/.test(signature)) {
    out.push(
      malformed(
        'Signature',
        'Signature is not the base64 of an HMAC-SHA1 (28 characters ending in "="): the URL was cut, or its + signs became spaces.',
        'Copy the whole URL again; keep %2B as it is.',
      ),
    );
  }
  return out;
}

function timing(url: PresignedUrl, options: DiagnoseOptions): Finding[] {
  const out: Finding[] = [];
  const { now } = options;
  if (url.expiresIn !== undefined && url.expiresIn > MAX_EXPIRES_SECONDS) {
    out.push({
      code: 'EXPIRES_TOO_LONG',
      severity: 'error',
      param: 'X-Amz-Expires',
      message: `X-Amz-Expires is ${url.expiresIn} s (${formatDuration(url.expiresIn * 1000)}); SigV4 allows at most ${MAX_EXPIRES_SECONDS} s (7 days). S3 answers AuthorizationQueryParametersError.`,
      fix: 'Presign for 7 days or less. For longer access, share through CloudFront signed URLs or re-presign on demand.',
    });
  }
  if (url.signedAt && url.signedAt.getTime() - now.getTime() > SKEW_TOLERANCE_MS) {
    out.push({
      code: 'NOT_YET_VALID',
      severity: 'warning',
      param: 'X-Amz-Date',
      message: `Signed ${formatDuration(url.signedAt.getTime() - now.getTime())} in the future (${isoUtc(url.signedAt)}): the signing machine’s clock is ahead. Some servers answer "Request is not yet valid".`,
      fix: 'Synchronise the signer’s clock (NTP) and presign again.',
    });
  }
  if (url.expiresAt && url.expiresAt.getTime() <= now.getTime()) {
    out.push({
      code: 'EXPIRED',
      // A stale URL in a file is not broken code: a warning on every surface. The decoder's verdict still
      // says plainly that S3 refuses it.
      severity: 'warning',
      message: `Expired ${relative(url.expiresAt, now)} (at ${isoUtc(url.expiresAt)}). S3 answers 403 AccessDenied "Request has expired".`,
      fix: 'Presign the object again; a URL cannot be extended, any edit of its expiry breaks the signature.',
    });
  }
  if (url.expiresAt && url.expiresAt.getTime() - now.getTime() > LIVE_AFTER_MS) {
    out.push({
      code: 'LIVE_URL',
      severity: 'info',
      message: `A live presigned URL grants access to anyone who has it until ${isoUtc(url.expiresAt)}: do not keep it in files others read.`,
      fix: 'Presign at run time (or with a short expiry) instead of keeping a URL; a live one can be made useless only by changing the object or revoking the signing credentials.',
    });
  }
  const credentialsEnd = options.credentialsExpiration;
  if (credentialsEnd && url.expiresAt && credentialsEnd.getTime() < url.expiresAt.getTime()) {
    const gone = credentialsEnd.getTime() <= now.getTime();
    out.push({
      code: 'CREDENTIALS_EXPIRE_FIRST',
      severity: gone ? 'error' : 'warning',
      message: gone
        ? `The credentials that signed this URL expired ${relative(credentialsEnd, now)}: S3 answers ExpiredToken, whatever X-Amz-Expires says.`
        : `The signing credentials expire at ${isoUtc(credentialsEnd)} (${relative(credentialsEnd, now)}), before the URL’s own expiry (${isoUtc(url.expiresAt)}): the URL stops working then.`,
      fix: 'Presign with credentials that outlive the URL (an IAM user’s keys for up to 7 days), or choose an expiry within the session.',
    });
  }
  return out;
}

function location(url: PresignedUrl): Finding[] {
  const out: Finding[] = [];
  const confusion = url.hostConfusion;
  if (confusion) {
    out.push({
      code: 'HOST_CONFUSION',
      severity: 'error',
      message: `This URL looks as if it goes to ${confusion.written}, but browsers, fetch and curl send it to ${confusion.contacted} (${confusion.cause === 'backslash' ? 'a "\\" in the address, which they read as "/"' : 'a user name before "@"'}), with its signature and any session token.`,
      fix: 'Do not open or share it: it is written to mislead. Presign the object again if you need a URL.',
    });
  }
  const scopeRegion = url.credential?.region;
  const hostRegion = url.host.region;
  if (url.signatureVersion === 'v4' && scopeRegion && hostRegion && scopeRegion !== hostRegion) {
    const global = url.host.endpoint === 'global';
    // The global virtual-hosted endpoint routes to the bucket's own region: any scope region can be right there.
    if (!(global && url.host.style === 'virtual-hosted')) {
      out.push({
        code: 'REGION_MISMATCH',
        severity: global ? 'warning' : 'error',
        param: 'X-Amz-Credential',
        message: global
          ? `Signed for ${scopeRegion} but sent to the legacy global endpoint, which is us-east-1 in path style: S3 answers with a redirect or AuthorizationQueryParametersError.`
          : `Signed for region ${scopeRegion} but the host is in ${hostRegion}: S3 answers AuthorizationQueryParametersError ("the region '${scopeRegion}' is wrong; expecting '${hostRegion}'").`,
        fix: 'Presign with the client’s region set to the bucket’s region, and use that region’s endpoint.',
      });
    }
  }
  if (url.host.style === 'website') {
    out.push({
      code: 'WEBSITE_ENDPOINT',
      severity: 'error',
      message: 'This is a static-website endpoint: it serves public objects only and ignores presigned authentication.',
      fix: 'Presign against the REST endpoint (bucket.s3.<region>.amazonaws.com).',
    });
  }
  if (url.scheme === 'http' && !isLoopbackHost(url.host.hostname)) {
    out.push({
      code: 'INSECURE_HTTP',
      severity: 'warning',
      message:
        'The URL uses http: the signature, the object and any session token travel in clear text, and anyone who sees the URL can replay it until it expires.',
      fix: 'Use https.',
    });
  }
  return out;
}

function content(url: PresignedUrl): Finding[] {
  const out: Finding[] = [];
  if (url.signatureVersion === 'v2') {
    const region = url.region;
    const refused = region !== undefined && !SIGV2_REGIONS.has(region);
    out.push({
      code: 'SIGV2',
      severity: refused ? 'error' : 'warning',
      message: refused
        ? `Signature Version 2 is not accepted in ${region} (regions opened since 2014 take SigV4 only).`
        : 'Signature Version 2 (legacy): refused for SSE-KMS objects ("require AWS Signature Version 4") and in regions opened since 2014.',
      fix: 'Presign with SigV4 (every current AWS SDK does by default; boto3: signature_version="s3v4").',
    });
  }
  if (url.signatureVersion === 'v4a') {
    out.push({
      code: 'SIGV4A',
      severity: 'info',
      message: `SigV4a (multi-region), valid in ${url.regionSet?.join(', ') || 'the region set'}: decoded, but its ECDSA signature cannot be verified here.`,
      fix: 'Verify by sending the request; S3 reports a mismatch as SignatureDoesNotMatch.',
    });
  }
  if (url.credentialType === 'temporary') {
    out.push({
      code: 'TEMPORARY_CREDENTIALS',
      severity: 'warning',
      message: `Signed with temporary credentials (${url.accessKeyId?.startsWith('ASIA') ? 'an ASIA… access key' : 'a session token'}): the URL stops working when that session ends, which can be long before its expiry (STS up to 36 h, SSO usually 8–12 h, instance roles up to 6 h).`,
      fix: 'For a URL that must live its full expiry, presign with long-term IAM user keys.',
    });
  }
  const extra = url.signedHeaders.filter((h) => h !== 'host');
  if (extra.length > 0) {
    out.push({
      code: 'SIGNED_HEADERS',
      severity: 'warning',
      message: `The client must send ${extra.length === 1 ? 'this header' : 'these headers'} with exactly the signed value${extra.length === 1 ? '' : 's'}: ${extra.join(', ')}. A different or missing value gives SignatureDoesNotMatch.`,
      fix: extra.includes('content-type')
        ? 'Send the same Content-Type the URL was presigned with (ask the signer for it), or presign without signing Content-Type.'
        : 'Send these headers with the values used when presigning.',
    });
  }
  // x-amz-checksum-mode asks S3 to return a checksum on download; it constrains nothing.
  const checksums = url.params.filter(
    (p) => /^x-amz-checksum-/i.test(p.name) && p.name.toLowerCase() !== 'x-amz-checksum-mode',
  );
  const empty = checksums.find((p) => EMPTY_BODY_CHECKSUMS.has(p.value));
  if (empty) {
    out.push({
      code: 'CHECKSUM_PARAMS',
      severity: 'warning',
      param: empty.name,
      message: `${empty.name}=${empty.value} is the checksum of an EMPTY body (AWS SDK v3 ≥ 3.729 adds it to presigned uploads). Uploading a real file fails on R2, SeaweedFS, Garage and older LocalStack; whether AWS S3 rejects it is disputed.`,
      fix: 'Presign with an S3 client built with requestChecksumCalculation: "WHEN_REQUIRED".',
    });
  } else if (checksums.length > 0) {
    out.push({
      code: 'CHECKSUM_PARAMS',
      severity: 'info',
      param: checksums[0]!.name,
      message: `The upload body must match ${checksums.map((p) => `${p.name}=${p.value}`).join(', ')}, or S3 rejects it.`,
      fix: 'Upload exactly the bytes the checksum was computed over.',
    });
  }
  const key = url.key ?? '';
  if (/%[0-9A-Fa-f]{2}/.test(key)) {
    out.push({
      code: 'DOUBLE_ENCODED_KEY',
      severity: 'warning',
      message: `The decoded key still contains escapes ("${/%[0-9A-Fa-f]{2}/.exec(key)![0]}"): the key was probably percent-encoded twice, and the URL names a different object (“${key}”).`,
      fix: 'Pass the plain key to the presigner; it encodes it once.',
    });
  }
  if (url.host.rawKey.includes('+')) {
    out.push({
      code: 'PLUS_IN_PATH',
      severity: 'warning',
      message: `The path has a raw "+", which S3 reads as a space: this URL names the key ${JSON.stringify(key)}. A key with a plus sign must have it sent as %2B.`,
      fix: 'Encode "+" in keys as %2B (AWS SDKs do); if the key really has spaces, %20 is the unambiguous form.',
    });
  }
  if (/(^|\/)\.\.?(\/|$)/.test(url.host.rawKey)) {
    out.push({
      code: 'DOT_SEGMENTS',
      severity: 'warning',
      message:
        'The path contains "." or ".." segments: browsers, fetch and curl remove them before sending, so the request names another key and the signature no longer matches.',
      fix: 'Avoid keys with "." or ".." path segments, or send the request with a client that keeps the path as is (curl --path-as-is).',
    });
  }
  const unknown = url.params.filter((q) => q.category === 'unknown');
  for (const p of unknown.slice(0, MAX_UNKNOWN_NAMED)) {
    out.push({
      code: 'UNKNOWN_PARAMETER',
      severity: 'info',
      param: p.name,
      message: `"${p.name}" is not an S3 parameter. If it was there when the URL was signed, it is part of the signature; if it was added after, it breaks it.`,
      fix: 'Do not add tracking or cache-busting parameters to a presigned URL.',
    });
  }
  if (unknown.length > MAX_UNKNOWN_NAMED) {
    out.push({
      code: 'UNKNOWN_PARAMETER',
      severity: 'info',
      message: `…and ${unknown.length - MAX_UNKNOWN_NAMED} more parameters S3 does not define (${unknown.length} in all).`,
      fix: 'Do not add tracking or cache-busting parameters to a presigned URL.',
    });
  }
  const seen = new Set<string>();
  for (const p of url.params.filter((q) => q.category === 'auth')) {
    if (seen.has(p.lowerName)) {
      out.push({
        code: 'DUPLICATE_PARAMETER',
        severity: 'error',
        param: p.name,
        message: `${p.name} appears more than once: S3 reads only one of them (which one is not documented), so the URL is ambiguous and usually refused.`,
        fix: 'Copy the URL again from where it was generated; never append authentication parameters to a URL.',
      });
    }
    seen.add(p.lowerName);
  }
  for (const p of url.params.filter((q) => q.malformed)) {
    out.push(
      malformed(
        p.name,
        `The parameter "${p.rawName}" has a "%" that does not start an escape, or bytes that are not UTF-8.`,
        'Copy the URL again without re-encoding it.',
      ),
    );
  }
  return out;
}

export function diagnose(url: PresignedUrl, options: DiagnoseOptions): Finding[] {
  return [
    ...missingParameters(url),
    ...(url.signatureVersion === 'v2' ? malformedV2(url) : malformedV4(url)),
    ...timing(url, options),
    ...location(url),
    ...content(url),
    ...multipartFindings(url),
  ];
}

/** Severities from the gravest (0). */
export const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then warnings, then information; stable within a severity. */
export function bySeverity<T extends Pick<Finding, 'severity'>>(findings: readonly T[]): T[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
