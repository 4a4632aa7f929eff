// What S3 answers a page's request from the bucket's CORS rules, and whether the browser then lets the
// page have the answer.
//
// S3's side, as documented (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html#cors-eval-criteria):
// the FIRST rule whose AllowedOrigins match the Origin, whose AllowedMethods hold the method (for a
// preflight, Access-Control-Request-Method), and whose AllowedHeaders cover every name in
// Access-Control-Request-Headers. The details the documents leave open are taken from answers recorded
// against AWS (https://github.com/localstack/localstack/blob/master/tests/aws/services/s3/test_s3_cors.snapshot.json):
//  - header names compare case-insensitively; Access-Control-Allow-Headers echoes them in lower case;
//  - Access-Control-Allow-Methods lists the whole rule's methods; Allow-Origin is `*` for a rule with a `*`
//    origin (then no Allow-Credentials), else the request's Origin with Allow-Credentials: true;
//  - Expose-Headers and Max-Age come with the preflight answer too; Vary always;
//  - the actual request is matched on origin and method only (its headers are not checked);
//  - a refused preflight is a 403 whose XML says "CORSResponse: …", with no CORS headers.
// A `*` inside an origin or header matches any run of characters, including none, and origins compare
// exactly (case-sensitively), as AWS-compatible servers do
// (https://github.com/scality/cloudserver/blob/development/8.8/lib/api/apiUtils/object/corsResponse.js,
// https://github.com/ceph/s3-tests/blob/master/s3tests/functional/test_s3.py test_cors_origin_response).
//
// The browser's side is the Fetch standard's CORS check: https://fetch.spec.whatwg.org/#cors-check,
// https://fetch.spec.whatwg.org/#cors-preflight-fetch.
import type { PresignedUrl } from '../model';
import { S3_CORS_METHODS, type CorsConfiguration, type CorsFinding, type CorsRule } from './model';
import { mixedContent, SAFELISTED_RESPONSE_HEADERS, urlOrigin, type PageRequest } from './request';

export const S3_CORS_NOT_ENABLED = 'CORSResponse: CORS is not enabled for this bucket.';
/** S3's words, its spelling included. */
export const S3_CORS_NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";
const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

export interface RuleVerdict {
  /** Position in CORSRules, from 0. */
  readonly index: number;
  readonly id?: string;
  /** Whether the rule matches the request S3 judges (the preflight when there is one). */
  readonly matches: boolean;
  readonly originMatches: boolean;
  readonly methodMatches: boolean;
  /** Requested header names (lower case) that AllowedHeaders does not cover. */
  readonly uncoveredHeaders: readonly string[];
  /** Why it does not match, one line per cause; empty when it matches. */
  readonly reasons: readonly string[];
}

export interface S3CorsAnswer {
  /** 200 or 403 for a preflight; the actual request's status is the operation's own, so absent. */
  readonly status?: number;
  /** The message of S3's 403 to a preflight. */
  readonly error?: string;
  /** The CORS headers S3 sends. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface CorsEvaluation {
  /** The Origin header the page sends. */
  readonly origin: string;
  readonly request: PageRequest;
  readonly sameOrigin: boolean;
  /** The browser lets the request through and gives the page the response. */
  readonly requestAllowed: boolean;
  /** requestAllowed, and the page can read every response header it needs. */
  readonly allowed: boolean;
  /** The rule S3 uses for the preflight (or for the request when there is no preflight). */
  readonly matchedRule: number | null;
  /** The rule S3 uses for the actual request: its ExposeHeaders decide what the page reads. */
  readonly actualRule: number | null;
  readonly rules: readonly RuleVerdict[];
  readonly preflight?: S3CorsAnswer;
  readonly actual: S3CorsAnswer;
  /** Response headers the page can read: the safelisted ones and those exposed (lower case). */
  readonly readable: readonly string[];
  /** Headers the page needs that it cannot read. */
  readonly missing: readonly string[];
  readonly findings: readonly CorsFinding[];
}

/** `pattern` with at most one `*` (any run of characters, none included) against `value`. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === value;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  // S3 refuses a second `*` in PutBucketCors; such a pattern matches nothing here.
  if (suffix.includes('*')) return false;
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

const originMatches = (rule: CorsRule, origin: string): boolean =>
  rule.AllowedOrigins.some((allowed) => wildcardMatch(allowed, origin));

function uncoveredHeaders(rule: CorsRule, requested: readonly string[]): string[] {
  if (requested.length === 0) return [];
  const allowed = (rule.AllowedHeaders ?? []).map((h) => h.toLowerCase());
  const exact = new Set(allowed.filter((a) => !a.includes('*')));
  const patterns = allowed.filter((a) => a.includes('*'));
  return requested.filter((h) => !exact.has(h) && !patterns.some((a) => wildcardMatch(a, h)));
}

const list = (values: readonly string[] | undefined): string => JSON.stringify(values ?? []);

function verdictOf(
  rule: CorsRule,
  index: number,
  origin: string,
  method: string,
  requested: readonly string[],
): RuleVerdict {
  const o = originMatches(rule, origin);
  const m = rule.AllowedMethods.includes(method);
  const uncovered = uncoveredHeaders(rule, requested);
  const reasons: string[] = [];
  if (!o) reasons.push(`Origin ${origin} matches none of AllowedOrigins ${list(rule.AllowedOrigins)}.`);
  if (!m)
    reasons.push(
      S3_CORS_METHODS.includes(method)
        ? `${method} is not in AllowedMethods ${list(rule.AllowedMethods)}.`
        : `${method} cannot be allowed: S3 takes only ${S3_CORS_METHODS.join(', ')}.`,
    );
  if (uncovered.length > 0) {
    const asked = `The preflight asks for ${uncovered.join(', ')}`;
    reasons.push(
      rule.AllowedHeaders?.length
        ? `${asked}, which AllowedHeaders ${list(rule.AllowedHeaders)} does not cover.`
        : `${asked}, and the rule has no AllowedHeaders.`,
    );
  }
  return {
    index,
    ...(rule.ID === undefined ? {} : { id: rule.ID }),
    matches: reasons.length === 0,
    originMatches: o,
    methodMatches: m,
    uncoveredHeaders: uncovered,
    reasons,
  };
}

/** The CORS headers S3 puts on its answer when `rule` matched. */
export function s3CorsHeaders(
  rule: CorsRule,
  origin: string,
  requestHeaders?: readonly string[],
): Record<string, string> {
  const anyOrigin = rule.AllowedOrigins.includes('*');
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': anyOrigin ? '*' : origin };
  if (!anyOrigin) headers['Access-Control-Allow-Credentials'] = 'true';
  headers['Access-Control-Allow-Methods'] = rule.AllowedMethods.join(', ');
  if (requestHeaders?.length) headers['Access-Control-Allow-Headers'] = requestHeaders.join(', ');
  if (rule.ExposeHeaders?.length) headers['Access-Control-Expose-Headers'] = rule.ExposeHeaders.join(', ');
  if (rule.MaxAgeSeconds !== undefined) headers['Access-Control-Max-Age'] = String(rule.MaxAgeSeconds);
  headers['Vary'] = VARY;
  return headers;
}

const ruleName = (index: number): string => `CORSRules[${index}]`;

/**
 * S3's answers to a page at `origin` making `request`, and the browser's verdict. `config` null: the
 * bucket has no CORS configuration. `url` (optional) adds the same-origin and mixed-content checks.
 */
export function evaluateCors(
  config: CorsConfiguration | null,
  request: PageRequest,
  origin: string,
  url?: PresignedUrl,
): CorsEvaluation {
  const { method, preflight, credentials } = request;
  const rules = config?.rules ?? [];
  const judged = preflight ? request.requestHeaders : [];
  const verdicts = rules.map((rule, i) => verdictOf(rule, i, origin, method, judged));
  const matched = verdicts.find((v) => v.matches)?.index ?? null;
  const actualIndex = verdicts.find((v) => v.originMatches && v.methodMatches)?.index ?? null;
  const findings: CorsFinding[] = [...request.findings];
  const sameOrigin = url !== undefined && urlOrigin(url) === origin;

  const preflightAnswer: S3CorsAnswer | undefined = !preflight
    ? undefined
    : matched === null
      ? { status: 403, error: config ? S3_CORS_NOT_ALLOWED : S3_CORS_NOT_ENABLED, headers: {} }
      : { status: 200, headers: s3CorsHeaders(rules[matched]!, origin, request.requestHeaders) };
  const actualRule = actualIndex === null ? undefined : rules[actualIndex];
  const actual: S3CorsAnswer = { headers: actualRule ? s3CorsHeaders(actualRule, origin) : {} };
  const exposed = (actualRule?.ExposeHeaders ?? []).map((h) => h.toLowerCase());
  const readable = [...new Set([...SAFELISTED_RESPONSE_HEADERS, ...exposed])];
  const missing = sameOrigin ? [] : request.readHeaders.filter((h) => !readable.includes(h));

  let requestAllowed: boolean;
  if (sameOrigin) {
    requestAllowed = true;
    findings.push({
      code: 'SAME_ORIGIN',
      severity: 'info',
      message: `The page and the URL share the origin ${origin}: no CORS applies.`,
    });
  } else {
    // The rule answering the preflight or the request itself, when it allows every origin.
    const wildcardRule = [matched, actualIndex].find(
      (i): i is number => i !== null && rules[i]!.AllowedOrigins.includes('*'),
    );
    const credentialsBlocked = credentials && wildcardRule !== undefined;
    requestAllowed = (!preflight || matched !== null) && actualIndex !== null && !credentialsBlocked;
    findings.push(...refusalFindings(config, request, matched, actualIndex));
    if (credentialsBlocked && wildcardRule !== undefined) {
      findings.push({
        code: 'CREDENTIALS_WITH_WILDCARD',
        severity: 'error',
        message: `${ruleName(wildcardRule)} allows every origin (*), so S3 answers Access-Control-Allow-Origin: * without Access-Control-Allow-Credentials, and the browser refuses a request made with credentials.`,
        fix: `A presigned URL needs no cookies: send it without credentials (fetch's default, XMLHttpRequest.withCredentials = false), or put a rule for ${origin} before ${ruleName(wildcardRule)}.`,
        source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html',
      });
    }
    if (url) {
      const mixed = mixedContent(url, origin);
      if (mixed) {
        findings.push(mixed);
        requestAllowed = false;
      }
    }
    if (requestAllowed && missing.length > 0) {
      findings.push({
        code: 'HEADER_NOT_READABLE',
        severity: 'error',
        message: `The page reads ${missing.map(canonicalHeaderName).join(', ')}, but ${ruleName(actualIndex!)} does not list ${missing.length === 1 ? 'it' : 'them'} in ExposeHeaders: the browser hides ${missing.length === 1 ? 'it' : 'them'} (getResponseHeader gives null)${missing.includes('etag') ? ', and a multipart upload cannot be completed without each part’s ETag' : ''}.`,
        fix: `Add ${missing.map(canonicalHeaderName).join(', ')} to ExposeHeaders of ${ruleName(actualIndex!)}.`,
        source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html',
      });
    }
    if (requestAllowed) findings.push(...adviceFindings(rules, request, matched!, actualIndex!));
  }

  return {
    origin,
    request,
    sameOrigin,
    requestAllowed,
    allowed: requestAllowed && missing.length === 0,
    matchedRule: preflight ? matched : actualIndex,
    actualRule: actualIndex,
    rules: verdicts,
    ...(preflightAnswer ? { preflight: preflightAnswer } : {}),
    actual,
    readable,
    missing,
    findings,
  };
}

function refusalFindings(
  config: CorsConfiguration | null,
  request: PageRequest,
  matched: number | null,
  actualIndex: number | null,
): CorsFinding[] {
  const { method, preflight } = request;
  if (preflight && !S3_CORS_METHODS.includes(method)) {
    return [
      {
        code: 'METHOD_NOT_ALLOWABLE',
        severity: 'error',
        message: `${method} needs a preflight, and S3 can allow only ${S3_CORS_METHODS.join(', ')}: no configuration lets a page send it.`,
        source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html',
      },
    ];
  }
  if (!config) {
    return [
      {
        code: 'NO_CORS_CONFIGURATION',
        severity: 'error',
        message: preflight
          ? `The bucket has no CORS configuration: S3 answers the preflight with 403 "${S3_CORS_NOT_ENABLED}", and the page sees a network error.`
          : 'The bucket has no CORS configuration: S3 sends no CORS headers, so the browser withholds the response (a network error in the page).',
        source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors-troubleshooting.html',
      },
    ];
  }
  if ((preflight && matched === null) || actualIndex === null) {
    return [
      {
        code: 'NO_MATCHING_RULE',
        severity: 'error',
        message: preflight
          ? 'No rule matches the preflight: S3 answers 403 "This CORS request is not allowed", and the page sees a network error. Each rule’s reasons say why.'
          : 'No rule matches the origin and method: S3 sends no CORS headers, so the browser withholds the response. Each rule’s reasons say why.',
        source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors-troubleshooting.html',
      },
    ];
  }
  return [];
}

function adviceFindings(
  rules: readonly CorsRule[],
  request: PageRequest,
  matched: number,
  actualIndex: number,
): CorsFinding[] {
  const out: CorsFinding[] = [];
  if (request.preflight && actualIndex !== matched) {
    out.push({
      code: 'ACTUAL_RULE_DIFFERS',
      severity: 'info',
      message: `The preflight matches ${ruleName(matched)}, but the request itself matches ${ruleName(actualIndex)} first (S3 checks its origin and method only): its answer carries ${ruleName(actualIndex)}’s ExposeHeaders.`,
    });
  }
  const preflightRule = rules[matched]!;
  if (request.preflight && preflightRule.MaxAgeSeconds === undefined) {
    out.push({
      code: 'NO_MAX_AGE',
      severity: 'info',
      message: `${ruleName(matched)} has no MaxAgeSeconds: browsers keep a preflight answer 5 seconds, so nearly every upload costs an extra OPTIONS round trip.`,
      fix: `Set MaxAgeSeconds (e.g. 3000) on ${ruleName(matched)}.`,
      source: 'https://fetch.spec.whatwg.org/#http-access-control-max-age',
    });
  }
  if (preflightRule.AllowedOrigins.includes('*') && ['PUT', 'POST', 'DELETE'].includes(request.method)) {
    out.push({
      code: 'WILDCARD_ORIGIN_WRITES',
      severity: 'info',
      message: `${ruleName(matched)} lets any website send ${request.method} to the bucket: whoever holds a presigned URL can use it from any page.`,
      fix: `List the sites that upload in AllowedOrigins of ${ruleName(matched)}.`,
    });
  }
  return out;
}

const CANONICAL_NAMES: Readonly<Record<string, string>> = { etag: 'ETag' };

/** How a header is usually written (`ETag`); header names compare case-insensitively anyway. */
export function canonicalHeaderName(lower: string): string {
  return CANONICAL_NAMES[lower] ?? lower;
}
