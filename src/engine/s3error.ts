// explainS3Error: what S3's error XML means, and for SignatureDoesNotMatch, where S3's canonical request
// and string to sign differ from what the URL implies, line by line and in words.
import { decodeEntities } from './clean';
import { diffLines, type DiffLine } from './diff';
import type { Explanation, PresignedUrl } from './model';
import { redactErrorField, redactSessionTokens } from './redact';
import { sigV2RequestFromUrl, stringToSignV2 } from './sigv2';
import { runInTurns, runSteps, SEARCH_BUDGET_BYTES, STEP_BYTES, type Steps } from './mismatch';
import { COMMON_HEADER_VALUES, displayHeader, METHODS } from './vocabulary';
import { canonicalRequestOf, scopeOf, sha256Hex, sigV4RequestFromUrl, type SigV4Request } from './sigv4';
import { formatDuration } from './time';
import { verifySteps } from './verify';

export interface S3ErrorDocument {
  readonly code: string;
  readonly message: string;
  /** Every element of <Error>, by name; *Bytes fields decoded into the field they spell. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface S3ErrorDiff {
  /** S3's canonical request (received) against the URL's (expected). SigV4 only. */
  readonly canonicalRequest?: readonly DiffLine[];
  readonly stringToSign?: readonly DiffLine[];
  /** The differing lines, each in words. */
  readonly differences: readonly string[];
}

export interface S3ErrorExplanation {
  readonly errorCode: string;
  readonly message: string;
  /** The error's fields, session tokens redacted. */
  readonly fields: Readonly<Record<string, string>>;
  readonly explanations: readonly Explanation[];
  readonly diff?: S3ErrorDiff;
}

export interface ExplainS3ErrorOptions {
  /** The presigned URL the request was made with. */
  readonly url?: PresignedUrl;
  /** Its secret, to search for the exact cause of a SignatureDoesNotMatch. */
  readonly secretAccessKey?: string;
  /** The access key ID that secret belongs to, and where it comes from (words for the explanation). */
  readonly accessKeyId?: string;
  readonly secretSource?: string;
}

/** "41 57 53 34 …" (S3's *Bytes fields) to text; undefined when it is not a byte list. */
function decodeByteList(value: string): string | undefined {
  const hex = value.replace(/\s+/g, ' ').trim();
  if (!/^([0-9a-fA-F]{2})( [0-9a-fA-F]{2})*$/.test(hex)) return undefined;
  return Buffer.from(hex.replace(/ /g, ''), 'hex').toString('utf8');
}

/**
 * Reads S3's error XML as people paste it: with or without the XML declaration, inside the browser's
 * "This XML file does not appear to have any style information" page, with lines wrapped or indented.
 */
export function parseS3Error(text: string): S3ErrorDocument | undefined {
  const start = text.indexOf('<Error>');
  if (start === -1) return undefined;
  const end = text.indexOf('</Error>', start);
  const body = text.slice(start + '<Error>'.length, end === -1 ? text.length : end);
  const fields: Record<string, string> = {};
  for (const m of body.matchAll(/<([A-Za-z][A-Za-z0-9-]*)>([^<]*)<\/\1>/g)) {
    const name = m[1]!;
    if (!(name in fields)) fields[name] = decodeEntities(m[2]!);
  }
  for (const [bytesField, field] of [
    ['StringToSignBytes', 'StringToSign'],
    ['CanonicalRequestBytes', 'CanonicalRequest'],
  ] as const) {
    const bytes = fields[bytesField];
    const decoded = bytes === undefined ? undefined : decodeByteList(bytes);
    if (decoded !== undefined) fields[field] = decoded;
  }
  const code = fields['Code']?.trim();
  if (!code) return undefined;
  return { code, message: (fields['Message'] ?? '').replace(/\s+/g, ' ').trim(), fields };
}

/** S3's string to sign with its line breaks lost (copied from a rendered page): split it back. */
function stringToSignLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines.length > 1) return lines;
  const words = value.trim().split(/\s+/);
  return words.length === 4 ? words : lines;
}

interface CanonicalRequestParts {
  readonly method: string;
  readonly uri: string;
  readonly query: Map<string, string>;
  /** Canonical header values by name. */
  readonly headers: Map<string, string>;
}

/** The lines of a SigV4 canonical request, read back into its parts. */
function parseCanonicalRequest(text: string): CanonicalRequestParts {
  const lines = text.split('\n');
  const query = new Map<string, string>();
  for (const pair of (lines[2] ?? '').split('&')) {
    if (pair !== '') query.set(pair.split('=')[0]!, pair.slice(pair.indexOf('=') + 1));
  }
  const headers = new Map<string, string>();
  for (const line of lines.slice(3)) {
    if (line === '') break;
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return { method: lines[0] ?? '', uri: lines[1] ?? '', query, headers };
}

function explainCanonicalDifferences(expectedText: string, receivedText: string, url: PresignedUrl): Explanation[] {
  const out: Explanation[] = [];
  const expected = parseCanonicalRequest(expectedText);
  const received = parseCanonicalRequest(receivedText);
  const [em, eu, rm, ru] = [expected.method, expected.uri, received.method, received.uri];
  if (em !== rm) {
    const hint = url.methodHint ? ` (${url.methodHint.source})` : '';
    out.push({ code: 'METHOD_MISMATCH', message: `S3 received method ${rm}; the URL was signed for ${em}${hint}.` });
  }
  if (eu !== ru)
    out.push({
      code: 'KEY_ENCODING',
      message: `S3 received the path ${ru}; the URL implies ${eu}: the key or its encoding changed on the way (or the addressing style did).`,
    });
  for (const [k, v] of received.query) {
    if (!expected.query.has(k))
      out.push({
        code: 'PARAMETER_CHANGED',
        message: `S3 received the parameter ${k}, which the URL does not have: it was added on the way.`,
      });
    else if (expected.query.get(k) !== v)
      out.push({
        code: 'PARAMETER_CHANGED',
        message: `S3 received ${k}=${v}; the URL has ${k}=${expected.query.get(k)}.`,
      });
  }
  for (const k of expected.query.keys()) {
    if (!received.query.has(k))
      out.push({
        code: 'PARAMETER_CHANGED',
        message: `The URL’s parameter ${k} did not reach S3: something on the way removed it.`,
      });
  }
  for (const [name, value] of expected.headers) {
    const got = received.headers.get(name);
    if (got !== undefined && got !== value) {
      out.push({
        code: name === 'host' ? 'ADDRESSING_STYLE' : 'HEADER_MISMATCH',
        message: `S3 received ${name}:${got}; the URL was signed for ${name}:${value}.`,
      });
    }
  }
  return out;
}

/** The canonical request the URL implies, with S3's values for the headers whose values a URL cannot tell. */
function expectedCanonicalRequest(url: PresignedUrl, received: CanonicalRequestParts): string {
  const headers = Object.fromEntries([...received.headers].filter(([name]) => name !== 'host'));
  return canonicalRequestOf(sigV4RequestFromUrl(url, url.methodHint?.method ?? received.method, headers));
}

/** What S3 received, as far as signing goes: the method and the values of the signed headers. */
interface ReceivedRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * S3's string to sign ends with the SHA-256 of the canonical request S3 built from what it received. When
 * S3 did not echo that request, find it among the likely ones: any method, with common values of the
 * signed headers. No secret is needed: only hashes are compared.
 */
function* identifyReceivedRequest(url: PresignedUrl, receivedHash: string): Steps<ReceivedRequest | undefined> {
  const unsorted = sigV4RequestFromUrl(url, 'GET');
  // Sorted once: each candidate's canonical query is then sorted again in linear time (TimSort on sorted input).
  const base = { ...unsorted, query: [...unsorted.query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
  const headerNames = url.signedHeaders.filter((h) => h !== 'host');
  const choices = headerNames.map((name) => ['', ...(COMMON_HEADER_VALUES[name] ?? [])]);
  // A budget of bytes hashed, as for the mismatch search: a 16 KB URL gets a few hundred candidates.
  const perCandidate = canonicalRequestOf(base).length;
  const candidates = choices.reduce((n, c) => n * c.length, 1) * METHODS.length;
  if (candidates > 10_000 || candidates * perCandidate > SEARCH_BUDGET_BYTES) return undefined;
  let sinceStep = 0;
  const hash = (request: SigV4Request): string => sha256Hex(canonicalRequestOf(request));
  function* search(method: string, i: number, headers: Record<string, string>): Steps<ReceivedRequest | undefined> {
    if (i === headerNames.length) {
      sinceStep += perCandidate;
      if (sinceStep >= STEP_BYTES) {
        yield;
        sinceStep = 0;
      }
      return hash({ ...base, method, headers: { ...base.headers, ...headers } }) === receivedHash
        ? { method, headers }
        : undefined;
    }
    for (const value of choices[i]!) {
      const found = yield* search(method, i + 1, { ...headers, [headerNames[i]!]: value });
      if (found) return found;
    }
    return undefined;
  }
  for (const method of METHODS) {
    const found = yield* search(method, 0, {});
    if (found) return found;
  }
  return undefined;
}

function describeReceived(url: PresignedUrl, received: ReceivedRequest): Explanation {
  const signedFor = url.methodHint?.method;
  const sent = Object.entries(received.headers).map(([name, value]) => `${displayHeader(name)}: ${value || '(none)'}`);
  const otherMethod = signedFor !== undefined && signedFor !== received.method;
  return {
    code: otherMethod ? 'METHOD_MISMATCH' : 'HEADER_MISMATCH',
    message:
      `S3 received a ${received.method} request${sent.length ? ` with ${sent.join(', ')}` : ''}` +
      (otherMethod ? `; the URL was signed for ${signedFor} (${url.methodHint!.source}).` : '.'),
  };
}

/** The request S3 received: read from its CanonicalRequest, else identified from its StringToSign. */
function* receivedRequest(doc: S3ErrorDocument, url: PresignedUrl): Steps<ReceivedRequest | undefined> {
  const s3Request = doc.fields['CanonicalRequest'];
  if (s3Request !== undefined) {
    const parts = parseCanonicalRequest(s3Request);
    return {
      method: parts.method,
      headers: Object.fromEntries([...parts.headers].filter(([name]) => name !== 'host')),
    };
  }
  const hash = doc.fields['StringToSign'] === undefined ? undefined : stringToSignLines(doc.fields['StringToSign'])[3];
  return hash === undefined || url.signatureVersion !== 'v4' ? undefined : yield* identifyReceivedRequest(url, hash);
}

/**
 * What S3 received against what the URL implies, line by line, and the differences in words. `received`
 * is the request S3 received (see receivedRequest), found once by the caller.
 */
function signatureDiff(
  doc: S3ErrorDocument,
  url: PresignedUrl,
  received: ReceivedRequest | undefined,
): { diff: S3ErrorDiff; differences: Explanation[] } | undefined {
  const s3Request = doc.fields['CanonicalRequest'];
  const s3StringToSign = doc.fields['StringToSign'];
  if (url.signatureVersion === 'v2') {
    if (s3StringToSign === undefined) return undefined;
    const expected = stringToSignV2(
      sigV2RequestFromUrl(url, url.methodHint?.method ?? s3StringToSign.split('\n')[0] ?? 'GET'),
    );
    const lines = diffLines(expected.split('\n'), s3StringToSign.split('\n'));
    const differences: Explanation[] = lines.some((l) => l.kind !== 'same')
      ? [
          {
            code: 'PARAMETER_CHANGED',
            message: 'S3’s string to sign differs from the one the URL implies on the lines marked.',
          },
        ]
      : [];
    return { diff: { stringToSign: redactLines(lines), differences: differences.map((d) => d.message) }, differences };
  }
  const differences: Explanation[] = [];
  const method = url.methodHint?.method ?? (s3Request?.split('\n')[0] || 'GET');
  // Without S3's canonical request, the URL's is still known exactly when only host is signed.
  const s3Parts = s3Request === undefined ? undefined : parseCanonicalRequest(s3Request);
  const expectedText = s3Parts
    ? expectedCanonicalRequest(url, s3Parts)
    : url.signedHeaders.every((h) => h === 'host')
      ? canonicalRequestOf(sigV4RequestFromUrl(url, method))
      : undefined;
  let canonicalRequest: DiffLine[] | undefined;
  if (s3Request !== undefined && expectedText !== undefined) {
    canonicalRequest = diffLines(expectedText.split('\n'), s3Request.split('\n'));
    differences.push(...explainCanonicalDifferences(expectedText, s3Request, url));
  }
  let stringToSign: DiffLine[] | undefined;
  if (s3StringToSign !== undefined) {
    const req = sigV4RequestFromUrl(url, method);
    const receivedLines = stringToSignLines(s3StringToSign);
    const expectedHash = expectedText === undefined ? '(depends on the signed header values)' : sha256Hex(expectedText);
    const expected = [req.algorithm, req.amzDate, scopeOf(req), expectedHash];
    stringToSign = diffLines(expected, receivedLines);
    if (receivedLines[1] !== expected[1])
      differences.push({
        code: 'PARAMETER_CHANGED',
        message: `S3 signed with date ${receivedLines[1]}; the URL’s X-Amz-Date is ${expected[1]}.`,
      });
    if (receivedLines[2] !== expected[2])
      differences.push({
        code: 'REGION_MISMATCH',
        message: `S3 used the credential scope ${receivedLines[2]}; the URL’s is ${expected[2]}.`,
      });
    if (canonicalRequest === undefined && receivedLines[3] !== undefined && receivedLines[3] !== expectedHash) {
      // Without a canonical request from S3, `received` was identified from this very hash.
      differences.push(
        received
          ? describeReceived(url, received)
          : {
              code: 'REQUEST_CHANGED',
              message: `S3’s canonical request hashes to ${receivedLines[3]}, not to the URL’s: S3 received another method, path, query, host or header value than the URL describes.`,
            },
      );
    }
  }
  if (!canonicalRequest && !stringToSign) return undefined;
  const redacted = differences.map((d) => ({ code: d.code, message: redactSessionTokens(d.message) }));
  return {
    diff: {
      canonicalRequest: canonicalRequest && redactLines(canonicalRequest),
      stringToSign: stringToSign && redactLines(stringToSign),
      differences: redacted.map((d) => d.message),
    },
    differences: redacted,
  };
}

function redactLines(lines: DiffLine[]): DiffLine[] {
  return lines.map((l) => ({ kind: l.kind, text: redactSessionTokens(l.text) }));
}

function explainCode(doc: S3ErrorDocument, options: ExplainS3ErrorOptions): Explanation[] {
  const f = doc.fields;
  const m = doc.message;
  const url = options.url;
  switch (doc.code) {
    case 'SignatureDoesNotMatch':
      return [
        {
          code: 'CANNOT_TELL',
          message:
            'S3 computed another signature than the URL carries. Without the URL, what S3 received cannot be compared; give the URL, and the secret to find the exact cause.',
        },
      ];
    case 'AccessDenied':
      if (/request has expired/i.test(m)) {
        const expires = f['Expires'];
        const server = f['ServerTime'];
        const late = expires && server ? ` ${formatDuration(Date.parse(server) - Date.parse(expires))} late` : '';
        return [
          {
            code: 'EXPIRED',
            message: `The URL expired${expires ? ` at ${expires}` : ''}; S3’s clock said ${server ?? 'later'}${late}. Presign again: an expiry cannot be extended.`,
          },
        ];
      }
      if (/not yet valid/i.test(m))
        return [
          {
            code: 'NOT_YET_VALID',
            message:
              'X-Amz-Date is in the future for S3: the signer’s clock is ahead. Synchronise it and presign again.',
          },
        ];
      if (f['HeadersNotSigned'] !== undefined || /headers present in the request which were not signed/i.test(m)) {
        return [
          {
            code: 'HEADERS_NOT_SIGNED',
            message: `The request sent x-amz-* headers the URL did not sign: ${f['HeadersNotSigned'] ?? '(S3 did not say which)'}. Either sign them when presigning, or do not send them.`,
          },
        ];
      }
      if (url && url.signature === undefined) {
        return [
          {
            code: 'UNSIGNED_REQUEST',
            message: `The URL carries no ${url.signatureVersion === 'v2' ? 'Signature' : 'X-Amz-Signature'}: S3 took the request as anonymous, and anonymous access is denied. The URL was cut or copied without its whole query: copy it again.`,
          },
        ];
      }
      return [
        {
          code: 'ACCESS_DENIED',
          message:
            'The signature was accepted, but access is denied: the signer lacks the permission (e.g. s3:GetObject / s3:PutObject), a bucket policy or SCP denies it, or the key does not exist and the signer may not s3:ListBucket.',
        },
      ];
    case 'AuthorizationQueryParametersError': {
      const region = /the region '([^']+)' is wrong; expecting '([^']+)'/.exec(m);
      if (region)
        return [
          {
            code: 'REGION_MISMATCH',
            message: `Signed for region ${region[1]}, but the bucket is in ${region[2]}: presign with region ${region[2]} and its endpoint.`,
          },
        ];
      if (/less than a week/i.test(m))
        return [
          {
            code: 'EXPIRES_TOO_LONG',
            message: 'X-Amz-Expires is over 604800 s (7 days), the SigV4 maximum: presign for 7 days or less.',
          },
        ];
      if (/requires the X-Amz-Algorithm/i.test(m))
        return [
          { code: 'MISSING_PARAMETER', message: 'A SigV4 parameter is missing: the URL was cut. Copy it whole.' },
        ];
      return [{ code: 'MALFORMED_PARAMETER', message: `S3 could not read an authentication parameter: ${m}` }];
    }
    case 'ExpiredToken':
      return [
        {
          code: 'TOKEN_EXPIRED',
          message:
            'The session token in the URL has expired: the temporary credentials that signed it (SSO, role, STS) ended, so the URL died with them whatever X-Amz-Expires says. Presign again with fresh credentials, or with long-term keys for a longer life.',
        },
      ];
    case 'InvalidAccessKeyId':
      return [
        {
          code: 'UNKNOWN_ACCESS_KEY',
          message: `S3 does not know the access key ${f['AWSAccessKeyId'] ?? url?.accessKeyId ?? ''}: it was deleted or deactivated, it belongs to another partition (China, GovCloud), or it is an S3-compatible server’s key sent to AWS (or the reverse).`,
        },
      ];
    case 'InvalidArgument':
      if (/Signature Version 4/i.test(m))
        return [
          {
            code: 'SIGV2',
            message: 'The object is encrypted with SSE-KMS, which SigV2 cannot access: presign with SigV4.',
          },
        ];
      return [
        {
          code: 'MALFORMED_PARAMETER',
          message: `S3 rejected an argument${f['ArgumentName'] ? ` (${f['ArgumentName']})` : ''}: ${m}`,
        },
      ];
    case 'AuthorizationHeaderMalformed': {
      const region = /the region '([^']+)' is wrong; expecting '([^']+)'/.exec(m);
      if (region)
        return [
          {
            code: 'REGION_MISMATCH',
            message: `Signed for region ${region[1]}, but the bucket is in ${region[2]}: presign with region ${region[2]} and its endpoint.`,
          },
        ];
      return [
        {
          code: 'AUTHORIZATION_MALFORMED',
          message: `S3 could not read the URL's authentication: "${m}". The usual causes are a cut URL (a missing X-Amz-* parameter) or an edited X-Amz-Credential.`,
        },
      ];
    }
    case 'PermanentRedirect':
    case 'IllegalLocationConstraintException':
      return [
        {
          code: 'REGION_MISMATCH',
          message: `The bucket is in another region${f['Endpoint'] ? `; its endpoint is ${f['Endpoint']}` : ''}${f['Region'] ? ` (${f['Region']})` : ''}: presign with the bucket’s region and use its regional endpoint.`,
        },
      ];
    case 'NoSuchKey':
      return [
        {
          code: 'NO_SUCH_KEY',
          message: `No object with the key ${JSON.stringify(f['Key'] ?? url?.key ?? '')}. Check its exact spelling and encoding: "+", spaces, "%" and accents are the usual suspects.`,
        },
      ];
    case 'NoSuchBucket':
      return [
        {
          code: 'NO_SUCH_BUCKET',
          message: `No bucket named ${JSON.stringify(f['BucketName'] ?? url?.bucket ?? '')} at this endpoint (or in this account’s partition).`,
        },
      ];
    default:
      return [{ code: 'S3_ERROR', message: `${doc.code}: ${m}` }];
  }
}

/**
 * The cause of a SignatureDoesNotMatch, as far as it can be known. What S3 echoed is evidence: a line that
 * differs from what the URL implies is the cause, and is said first. With the secret, the request S3
 * received is verified and the mismatch search names the exact change. Nothing is stated as a cause that
 * neither proves.
 */
function* signatureCauses(
  doc: S3ErrorDocument,
  url: PresignedUrl,
  options: ExplainS3ErrorOptions,
  received: ReceivedRequest | undefined,
  fromDiff: readonly Explanation[],
): Steps<Explanation[]> {
  const secret = url.signatureVersion === 'v4a' ? undefined : options.secretAccessKey;
  if (secret !== undefined && (received || url.signatureVersion === 'v2')) {
    // Verify the request S3 received; the host stays the URL's.
    const result = yield* verifySteps(url, {
      secretAccessKey: secret,
      accessKeyId: options.accessKeyId,
      secretSource: options.secretSource,
      method: received?.method,
      headers: received?.headers,
    });
    if (result.signatureMatches && fromDiff.length === 0) {
      return [
        {
          code: 'WRONG_SECRET',
          message:
            'With your secret the URL’s signature matches what S3 received: S3 holds another secret for this access key (a rotated key, or another account or server).',
        },
      ];
    }
    const exact = result.explanations.filter((e) => e.code !== 'CHANGED_AFTER_SIGNING' && e.code !== 'CANNOT_TELL');
    if (exact.length > 0) return exact;
    if (fromDiff.length > 0) return [...fromDiff];
    return [...result.explanations];
  }
  if (fromDiff.length > 0) return [...fromDiff];
  const echoed = doc.fields['CanonicalRequest'] !== undefined || doc.fields['StringToSign'] !== undefined;
  return [
    {
      code: 'CANNOT_TELL',
      message: echoed
        ? `S3 received the request the URL describes, and still computed another signature: the URL's signature was altered, or it was signed with another secret than S3 holds for ${url.accessKeyId ?? 'its access key'}. Which, only the secret can tell.`
        : 'S3 computed another signature, and its error carries no canonical request or string to sign to compare with the URL. Give the secret to search for the exact cause.',
    },
  ];
}

export function explainS3Error(text: string, options: ExplainS3ErrorOptions = {}): S3ErrorExplanation | undefined {
  return runSteps(explainSteps(text, options));
}

/**
 * explainS3Error for an event loop that must keep turning (the extension host): its searches run in steps of
 * about a millisecond, `turn` awaited between them.
 */
export function explainS3ErrorInTurns(
  text: string,
  options: ExplainS3ErrorOptions,
  turn: () => Promise<void>,
): Promise<S3ErrorExplanation | undefined> {
  return runInTurns(explainSteps(text, options), turn);
}

function* explainSteps(text: string, options: ExplainS3ErrorOptions): Steps<S3ErrorExplanation | undefined> {
  const doc = parseS3Error(text);
  if (!doc) return undefined;
  let explanations = explainCode(doc, options);
  let diff: S3ErrorDiff | undefined;
  const url = options.url;
  if (doc.code === 'SignatureDoesNotMatch' && url) {
    const received = yield* receivedRequest(doc, url);
    const compared = signatureDiff(doc, url, received);
    diff = compared?.diff;
    explanations = yield* signatureCauses(doc, url, options, received, compared?.differences ?? []);
  }
  const fields = Object.fromEntries(Object.entries(doc.fields).map(([k, v]) => [k, redactErrorField(k, v)]));
  return {
    errorCode: doc.code,
    message: doc.message,
    fields,
    explanations: explanations.map((e) => ({ ...e, message: redactSessionTokens(e.message) })),
    diff,
  };
}
