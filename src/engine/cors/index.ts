// Will this presigned request work from a web page? One call for the CLI (`s3-presign cors`) and the
// "Check Browser Access (CORS)…" command: the browser's request, S3's answer from the bucket's CORS rules,
// the redirects that break a preflight, and the smallest configuration change that makes it work.
import type { PresignedUrl } from '../model';
import { validateCorsRules } from './config';
import { evaluateCors, type CorsEvaluation, type S3CorsAnswer } from './evaluate';
import { suggestCorsFix, type CorsFix } from './fix';
import type { CorsConfiguration, CorsFinding, HeaderInput } from './model';
import { preflightRedirects } from './redirect';
import { pageRequest, serializeOrigin } from './request';

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
  const findings: CorsFinding[] = [
    ...redirects,
    ...evaluation.findings,
    ...(invalid.length > 0
      ? [
          {
            code: 'INVALID_CONFIGURATION' as const,
            severity: 'warning' as const,
            message: `S3 would refuse this configuration in PutBucketCors: ${invalid.map((p) => `${p.path}: ${p.message}`).join(' ')}`,
          },
        ]
      : []),
  ];
  const fix = suggestCorsFix(input.cors, evaluation) ?? null;
  return {
    ok: true,
    value: {
      allowed: evaluation.allowed && !redirects.some((f) => f.severity === 'error'),
      matchedRule: evaluation.matchedRule,
      rules: evaluation.rules.map((r) => ({
        index: r.index,
        ...(r.id === undefined ? {} : { id: r.id }),
        matches: r.matches,
        reasons: r.reasons,
      })),
      exposedHeaders: evaluation.readable,
      fix,
      origin: origin.origin,
      request: {
        method: request.method,
        preflight: request.preflight,
        preflightBecause: request.preflightBecause,
        requestHeaders: request.requestHeaders,
        readHeaders: request.readHeaders,
      },
      ...(evaluation.preflight ? { preflight: evaluation.preflight } : {}),
      actual: evaluation.actual,
      missing: evaluation.missing,
      findings,
      evaluation,
    },
  };
}
