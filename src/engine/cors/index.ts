// Will this presigned request work from a web page? One call for the CLI (`s3-presign cors`) and the
// "Check Browser Access (CORS)…" command: the browser's request, S3's answer from the bucket's CORS rules,
// the redirects that break a preflight, and the smallest configuration change that makes it work.
import type { PresignedUrl } from '../model';
import { validateCorsRules } from './config';
import { evaluateCors, type CorsEvaluation, type S3CorsAnswer } from './evaluate';
import { suggestCorsFix, type CorsFix } from './fix';
import type { CorsConfiguration, CorsFinding, HeaderInput } from './model';
import { preflightRedirects } from './redirect';
import { isForbidden, pageRequest, serializeOrigin } from './request';

export {
  corsConsoleJson,
  corsXml,
  MAX_CORS_DOCUMENT_BYTES,
  MAX_CORS_RULES,
  originShapeProblem,
  parseCorsConfiguration,
  validateCorsRules,
} from './config';
export {
  evaluateCors,
  s3CorsHeaders,
  wildcardMatch,
  S3_CORS_NOT_ALLOWED,
  S3_CORS_NOT_ENABLED,
  type CorsEvaluation,
  type RuleVerdict,
  type S3CorsAnswer,
} from './evaluate';
export { suggestCorsFix, type CorsFix } from './fix';
export type * from './model';
export { S3_CORS_METHODS } from './model';
export { preflightRedirects } from './redirect';
export {
  normalizeMethod,
  pageRequest,
  safelistedHeader,
  serializeOrigin,
  type PageHeader,
  type PageRequest,
  type PageRequestOptions,
} from './request';

export interface BrowserAccessInput {
  /** The presigned URL; absent for a bucket-level check (`s3-presign cors s3://BUCKET`). */
  readonly url?: PresignedUrl;
  /** The page's origin or address, as typed (`https://app.example.com/upload`). */
  readonly origin: string;
  /** The bucket's CORS configuration; null when it has none. */
  readonly cors: CorsConfiguration | null;
  readonly method?: string;
  readonly headers?: readonly HeaderInput[];
  readonly readHeaders?: readonly string[];
  readonly credentials?: boolean;
  readonly uploadListeners?: boolean;
  /** The bucket's Region, when known: sharpens the redirect checks. */
  readonly bucketRegion?: string;
}

export interface BrowserAccessReport {
  /** The page's request goes through, and it can read every header it needs. */
  readonly allowed: boolean;
  /** The rule S3 answers with (from 0), or null. */
  readonly matchedRule: number | null;
  readonly rules: readonly {
    readonly index: number;
    readonly id?: string;
    readonly matches: boolean;
    readonly reasons: readonly string[];
  }[];
  /** Response headers the page can read (lower case). */
  readonly exposedHeaders: readonly string[];
  /** The smallest configuration that works, or null (already works, or no configuration can help). */
  readonly fix: CorsFix | null;
  /** The Origin the browser sends. */
  readonly origin: string;
  readonly request: {
    readonly method: string;
    readonly preflight: boolean;
    readonly preflightBecause: readonly string[];
    /** Access-Control-Request-Headers, as the browser sends it. */
    readonly requestHeaders: readonly string[];
    readonly readHeaders: readonly string[];
  };
  readonly preflight?: S3CorsAnswer;
  readonly actual: S3CorsAnswer;
  readonly missing: readonly string[];
  readonly findings: readonly CorsFinding[];
  readonly evaluation: CorsEvaluation;
}

export function checkBrowserAccess(
  input: BrowserAccessInput,
): { readonly ok: true; readonly value: BrowserAccessReport } | { readonly ok: false; readonly error: string } {
  const origin = serializeOrigin(input.origin);
  if (!origin.ok) return origin;
  const request = pageRequest(input);
  const evaluation = evaluateCors(input.cors, request, origin.origin, input.url);
  const redirects = input.url && !evaluation.sameOrigin ? preflightRedirects(input.url, input.bucketRegion) : [];
  const invalid = input.cors ? validateCorsRules(input.cors.rules).filter((p) => p.severity === 'error') : [];
  const typed = typedBody(input, request, evaluation, origin.origin);
  const findings: CorsFinding[] = [
    ...(input.url && !input.method && !input.url.methodHint
      ? [
          {
            code: 'METHOD_NOT_STATED' as const,
            severity: 'warning' as const,
            message: `The URL does not say which method it was signed for (no x-id parameter: SigV2 URLs and some SDKs' carry none), so ${request.method} was checked.`,
            fix: 'Check again with the method the page uses (--method PUT in the CLI).',
          },
        ]
      : []),
    ...redirects,
    ...(typed?.finding ? [typed.finding] : []),
    ...evaluation.findings,
    ...(invalid.length > 0
      ? [
          {
            code: 'INVALID_CONFIGURATION' as const,
            severity: 'error' as const,
            message: `S3 refuses this configuration (PutBucketCors), so no bucket can have it as written: ${invalid.map((p) => `${p.path}: ${p.message}`).join(' ')}`,
            fix: 'Correct it as said; the rules were checked as written.',
          },
        ]
      : []),
  ];
  // With a typed body blocked, the report shows that request: what the page's upload really asks. The fix
  // is made for it (it covers a body without a type too).
  const shown = typed?.finding ? typed.evaluation : evaluation;
  const shownRequest = typed?.finding ? typed.request : request;
  const fix = suggestCorsFix(input.cors, typed?.evaluation ?? evaluation) ?? null;
  return {
    ok: true,
    value: {
      allowed:
        evaluation.allowed && !typed?.finding && invalid.length === 0 && !redirects.some((f) => f.severity === 'error'),
      // A configuration S3 refuses answers nothing: no bucket can hold it.
      matchedRule: invalid.length > 0 ? null : shown.matchedRule,
      rules: shown.rules.map((r) => ({
        index: r.index,
        ...(r.id === undefined ? {} : { id: r.id }),
        matches: r.matches,
        reasons: r.reasons,
      })),
      exposedHeaders: shown.readable,
      fix,
      origin: origin.origin,
      request: {
        method: shownRequest.method,
        preflight: shownRequest.preflight,
        preflightBecause: shownRequest.preflightBecause,
        requestHeaders: shownRequest.requestHeaders,
        readHeaders: shownRequest.readHeaders,
      },
      ...(shown.preflight ? { preflight: shown.preflight } : {}),
      actual: shown.actual,
      missing: shown.missing,
      findings,
      evaluation,
    },
  };
}

/**
 * An upload (PutObject) to a URL, with no header stated: its body is usually a File or Blob, which fetch()
 * and XMLHttpRequest send with its type as Content-Type — not CORS-safelisted for image/png and most types,
 * so the preflight asks for content-type. That request is evaluated too: when the one without it is allowed
 * but this one is not, the upload is blocked for typed bodies (said, with the fix for them); when both are
 * blocked, the fix is made for this one, which covers both. Exempt: a part of a multipart upload (a slice of
 * a file, Blob.slice, has no type) and PUTs that are not uploads (CopyObject, PutObjectTagging…).
 */
function typedBody(
  input: BrowserAccessInput,
  request: ReturnType<typeof pageRequest>,
  evaluation: CorsEvaluation,
  origin: string,
): { finding?: CorsFinding; evaluation: CorsEvaluation; request: ReturnType<typeof pageRequest> } | undefined {
  const url = input.url;
  if (!url || request.method !== 'PUT') return undefined;
  if ((input.headers ?? []).some((h) => !isForbidden(h.name.trim().toLowerCase()))) return undefined;
  const operation = url.params.find((p) => p.name === 'x-id')?.value;
  if (operation !== undefined && operation !== 'PutObject') return undefined;
  if (url.params.some((p) => p.name === 'partNumber' || p.name.toLowerCase() === 'x-amz-copy-source')) return undefined;
  if (url.signedHeaders.includes('content-type')) return undefined;
  const withType = pageRequest({ ...input, headers: [{ name: 'Content-Type' }] });
  const typedEvaluation = evaluateCors(input.cors, withType, origin, url);
  if (typedEvaluation.allowed) return undefined;
  if (!evaluation.allowed) return { evaluation: typedEvaluation, request: withType };
  return {
    evaluation: typedEvaluation,
    request: withType,
    finding: {
      code: 'TYPED_BODY_BLOCKED',
      severity: 'error',
      message:
        'A page that PUTs a File or Blob sends its type as Content-Type (fetch() and XMLHttpRequest do), so the preflight asks for content-type, and no rule allows it: such an upload is blocked. Only a body without a type (an ArrayBuffer, a Blob of type "") would pass.',
      fix: "Allow content-type in AllowedHeaders (the fix below), or say what the page sends (in the CLI: --header 'Content-Type: …').",
      source: 'https://fetch.spec.whatwg.org/#cors-safelisted-request-header',
    },
  };
}
