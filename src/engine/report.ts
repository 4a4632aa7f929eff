// The decoded view of a presigned URL that the CLI prints as JSON and the editor surfaces show, and the
// one-line verdict at its top.
import type { Cleanup } from './clean';
import { bySeverity } from './diagnose';
import { displayHeader } from './vocabulary';
import type { CredentialType, Finding, FindingCode, PresignedUrl, Severity, SignatureVersion } from './model';
import { redactedToken, redactSessionTokens } from './redact';
import { isoUtc, validityWords } from './time';

export interface DecodeReport {
  readonly url: string;
  readonly signatureVersion: SignatureVersion;
  readonly algorithm: string | null;
  readonly host: string;
  readonly addressingStyle: string;
  readonly endpoint: string;
  readonly bucket: string | null;
  readonly key: string | null;
  readonly region: string | null;
  readonly hostRegion: string | null;
  /** The host the URL seems to name when clients contact another one (`host`); null when they agree. */
  readonly hostConfusion: { written: string; contacted: string; cause: 'userinfo' | 'backslash' } | null;
  readonly scopeRegion: string | null;
  readonly accessKeyId: string | null;
  readonly credentialType: CredentialType;
  readonly signedAt: string | null;
  readonly expiresIn: number | null;
  readonly expiresAt: string | null;
  readonly expired: boolean;
  readonly methodHint: string | null;
  readonly methodHintSource: string | null;
  readonly signedHeaders: readonly string[];
  readonly securityToken: string | null;
  readonly parameters: readonly { name: string; value: string; category: string; meaning: string }[];
  readonly cleanups: readonly Cleanup[];
  readonly verdict: string;
  readonly findings: readonly { code: FindingCode; severity: Severity; message: string; fix: string }[];
}

/** What the URL is for, after how long it lasts: temporary credentials, headers to send, the method. */
export function verdictDetails(url: PresignedUrl): string[] {
  const parts: string[] = [];
  if (url.credentialType === 'temporary') parts.push('signed with temporary credentials that may end sooner');
  const headers = url.signedHeaders.filter((h) => h !== 'host');
  const method = url.methodHint?.method;
  if (headers.length > 0) {
    parts.push(
      `${method === 'PUT' ? 'upload URL: ' : ''}client must send ${headers.map(displayHeader).join(', ')} exactly as signed`,
    );
  } else if (method) {
    parts.push(`${method} ${method === 'PUT' ? '(upload)' : method === 'GET' ? '(download)' : ''}`.trim());
  }
  return parts;
}

/** One line for the top of a view: the most important thing to know about the URL now. */
export function verdict(url: PresignedUrl, findings: readonly Finding[], now: Date): string {
  const top = bySeverity(findings).find((f) => f.severity === 'error');
  if (top) return top.message;
  return [validityWords(url.expiresAt, now), ...verdictDetails(url)].join(' — ');
}

export function decodeReport(url: PresignedUrl, findings: readonly Finding[], now: Date): DecodeReport {
  return {
    url: redactSessionTokens(url.url),
    signatureVersion: url.signatureVersion,
    algorithm: url.algorithm ?? null,
    host: url.host.host,
    addressingStyle: url.host.style,
    endpoint: url.host.description,
    bucket: url.bucket ?? null,
    key: url.key ?? null,
    region: url.region ?? null,
    hostRegion: url.host.region ?? null,
    hostConfusion: url.hostConfusion ?? null,
    scopeRegion: url.credential?.region || null,
    accessKeyId: url.accessKeyId ?? null,
    credentialType: url.credentialType,
    signedAt: url.signedAt ? isoUtc(url.signedAt) : null,
    expiresIn: url.expiresIn ?? null,
    expiresAt: url.expiresAt ? isoUtc(url.expiresAt) : null,
    expired: url.expiresAt !== undefined && url.expiresAt.getTime() <= now.getTime(),
    methodHint: url.methodHint?.method ?? null,
    methodHintSource: url.methodHint?.source ?? null,
    signedHeaders: url.signedHeaders,
    securityToken: url.securityToken === undefined ? null : redactedToken(url.securityToken),
    parameters: url.params.map((p) => ({
      name: p.name,
      value: /^x-amz-security-token$/i.test(p.name) ? redactedToken(p.value) : p.value,
      category: p.category,
      meaning: p.meaning,
    })),
    cleanups: url.cleanups,
    verdict: verdict(url, findings, now),
    findings: bySeverity(findings).map(({ code, severity, message, fix }) => ({ code, severity, message, fix })),
  };
}
