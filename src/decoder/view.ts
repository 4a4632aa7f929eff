// The decoder's view of a URL, built from the engine: every field with its one-line meaning, every finding.
import { bySeverity, decodeReport, diagnose, redactSessionTokens, verdictDetails, type PresignedUrl } from '../engine';
import type { DecoderView, FieldView, ProfileChoice, SectionView } from './protocol';

const CATEGORY_TITLES: Readonly<Record<string, string>> = {
  'response-override': 'Response override',
  version: 'Version',
  operation: 'Operation',
  'hoisted-header': 'Header in the query',
  subresource: 'Sub-resource',
  unknown: 'Unknown parameter',
};

/**
 * The requests "Try it" may send: only ones that change nothing. A URL that says GET or HEAD gets that
 * method (a HEAD on a GET URL is refused for its signature); one that says neither could be either.
 */
function tryOf(url: PresignedUrl): Pick<DecoderView, 'tryMethods' | 'tryRefusal'> {
  const method = url.methodHint?.method;
  if (method === 'GET') return { tryMethods: ['GET'] };
  if (method === 'HEAD') return { tryMethods: ['HEAD'] };
  if (method === undefined) return { tryMethods: ['GET', 'HEAD'] };
  const what = `s3://${url.bucket ?? '?'}/${url.key ?? ''}`;
  const effect = method === 'PUT' ? 'write' : method === 'DELETE' ? 'delete' : 'change';
  return {
    tryMethods: [],
    tryRefusal: `Not sent: this is a ${method} URL, and sending it would ${effect} ${what}. Copy it as curl to send it deliberately.`,
  };
}

export function buildView(
  url: PresignedUrl,
  profiles: readonly ProfileChoice[],
  now = new Date(),
  restoredWithoutToken = false,
): DecoderView {
  const findings = diagnose(url, { now });
  const report = decodeReport(url, findings, now);
  const flagged = (code: string): FieldView['flag'] => findings.find((f) => f.code === code)?.severity;
  const regionMismatch = report.hostRegion && report.scopeRegion && report.hostRegion !== report.scopeRegion;

  const where: FieldView[] = [
    {
      id: 'host',
      label: 'Host',
      value: `${url.scheme}://${report.host}`,
      meaning: report.endpoint,
      flag: flagged('INSECURE_HTTP'),
    },
    {
      id: 'bucket',
      label: 'Bucket',
      value: report.bucket ?? '(none)',
      meaning:
        url.host.bucketFrom === 'path-guess'
          ? 'First path segment (path style is assumed for this server)'
          : `Read from the ${url.host.bucketFrom === 'host' ? 'host name' : 'path'}`,
    },
    {
      id: 'key',
      label: 'Key',
      value: report.key ?? '(none: a bucket-level URL)',
      raw: url.host.rawKey || undefined,
      meaning: 'The object, decoded as S3 reads it',
      flag: flagged('DOUBLE_ENCODED_KEY') ?? flagged('PLUS_IN_PATH') ?? flagged('DOT_SEGMENTS'),
    },
    {
      id: 'region',
      label: 'Region',
      value: regionMismatch
        ? `${report.scopeRegion} signed, but the host is in ${report.hostRegion}`
        : (report.region ?? '(not stated)'),
      meaning: `Host: ${report.hostRegion ?? 'none'} · credential scope: ${report.scopeRegion ?? 'none'}`,
      flag: flagged('REGION_MISMATCH'),
    },
  ];
  const who: FieldView[] = [
    {
      id: 'signature',
      label: 'Signature',
      value: `${report.signatureVersion.toUpperCase()}${report.algorithm ? ` · ${report.algorithm}` : ''}`,
      meaning:
        url.signatureVersion === 'v2'
          ? 'Legacy HMAC-SHA1 query authentication'
          : url.signatureVersion === 'v4a'
            ? 'Multi-region ECDSA signature'
            : 'HMAC-SHA256 of the canonical request',
      flag: flagged('SIGV2'),
    },
    {
      id: 'accessKey',
      label: 'Access key ID',
      value: `${report.accessKeyId ?? '(none)'} · ${report.credentialType}`,
      meaning:
        report.credentialType === 'temporary'
          ? 'Temporary credentials (STS, SSO, a role): the URL ends with them'
          : 'Long-term keys of an IAM user',
      flag: flagged('TEMPORARY_CREDENTIALS'),
    },
  ];
  const when: FieldView[] = [
    {
      id: 'signedAt',
      label: 'Signed at',
      value: report.signedAt ?? '(not stated)',
      meaning: 'X-Amz-Date, in UTC (local time below)',
      flag: flagged('NOT_YET_VALID'),
    },
    {
      id: 'expiresIn',
      label: 'Expires in',
      value: report.expiresIn !== null ? `${report.expiresIn} s (requested)` : '(an absolute time: SigV2)',
      meaning: 'X-Amz-Expires: at most 604800 s (7 days)',
      flag: flagged('EXPIRES_TOO_LONG'),
    },
    {
      id: 'expiresAt',
      label: 'Expires at',
      value: report.expiresAt ?? '(unknown)',
      meaning: 'Signed at + expires in; S3 refuses the URL after it',
      flag: flagged('EXPIRED'),
    },
  ];
  const what: FieldView[] = [
    {
      id: 'method',
      label: 'Method',
      value: report.methodHint
        ? `${report.methodHint} (from ${report.methodHintSource})`
        : '(the URL does not say: GET and HEAD use the same form)',
      meaning: 'The HTTP method the URL was signed for',
    },
    {
      id: 'signedHeaders',
      label: 'Signed headers',
      value: report.signedHeaders.join(', ') || '(none)',
      meaning: report.signedHeaders.some((h) => h !== 'host')
        ? `The client must send ${report.signedHeaders.filter((h) => h !== 'host').join(', ')} with exactly the signed values`
        : 'Only host: the client needs no particular header',
      flag: flagged('SIGNED_HEADERS'),
    },
    ...(url.securityToken !== undefined
      ? [
          {
            id: 'token',
            label: 'Session token',
            value: report.securityToken ?? '',
            meaning: 'X-Amz-Security-Token of the temporary credentials: hidden; reveal it only to copy it',
          },
        ]
      : []),
  ];
  const parameters: FieldView[] = url.params
    .filter((p) => p.category !== 'auth')
    .map((p, i) => ({
      id: `param-${i}`,
      label: `${CATEGORY_TITLES[p.category] ?? p.category}: ${p.name}`,
      value: p.value,
      meaning: p.meaning,
      flag:
        p.category === 'unknown'
          ? 'info'
          : /^x-amz-checksum-(?!mode$)/i.test(p.name)
            ? flagged('CHECKSUM_PARAMS')
            : undefined,
    }));
  const sections: SectionView[] = [
    { title: 'Where', fields: where },
    { title: 'Signed by', fields: who },
    { title: 'When', fields: when },
    { title: 'What the client must do', fields: what },
    ...(parameters.length ? [{ title: 'Other parameters', fields: parameters }] : []),
  ];
  const worst = bySeverity(findings)[0]?.severity;
  return {
    url: redactSessionTokens(url.url),
    headline: {
      finding: bySeverity(findings).find((f) => f.severity === 'error')?.message,
      details: verdictDetails(url),
      severity: worst === 'error' ? 'error' : worst === 'warning' ? 'warning' : 'ok',
    },
    ...tryOf(url),
    signatureVersion: url.signatureVersion,
    expiresAt: report.expiresAt ?? undefined,
    signedAt: report.signedAt ?? undefined,
    sections,
    findings: report.findings,
    hasToken: url.securityToken !== undefined,
    methodHint: report.methodHint ?? undefined,
    signedHeaders: report.signedHeaders,
    canVerify: url.signatureVersion !== 'v4a' && !restoredWithoutToken,
    profiles,
    cleanups: [
      ...url.cleanups.map((c) => c.description),
      ...(restoredWithoutToken
        ? [
            'restored after a window reload without its session token, which is never stored: decode the URL again to verify or try it',
          ]
        : []),
    ],
  };
}
