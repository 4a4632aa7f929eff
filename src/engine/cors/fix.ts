// The smallest change to a bucket's CORS rules that lets a page's request through: extend the rule that
// already matches the page's origin (add the missing method, headers, exposed headers), else add one
// rule for exactly this origin, method and headers. Every candidate is checked by evaluating it again, so
// a fix that S3's first-match order would defeat is never offered.
import { corsConsoleJson, documentProblems, ruleProblems } from './config';
import { canonicalHeaderName, evaluateCors, wildcardMatch, type CorsEvaluation } from './evaluate';
import { S3_CORS_METHODS, type CorsConfiguration, type CorsRule } from './model';
import { SAFELISTED_RESPONSE_HEADERS, type PageRequest } from './request';

export interface CorsFix {
  /** `extend`: one rule gets more; `add`: a new rule. */
  readonly kind: 'extend' | 'add';
  /** The rule changed or added, in the new configuration (from 0). */
  readonly ruleIndex: number;
  /** The whole new configuration. */
  readonly rules: readonly CorsRule[];
  /** The new configuration as the S3 console's CORS editor takes it. */
  readonly json: string;
  /** What changed, in words. */
  readonly changes: readonly string[];
}

const MAX_EXTENSIONS_TRIED = 5;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Candidate {
  readonly kind: 'extend' | 'add';
  readonly ruleIndex: number;
  /** Builds the whole new configuration: done only for the few candidates tried. */
  readonly build: () => CorsRule[];
  readonly changes: string[];
  readonly cost: number;
}

/**
 * The least change that makes `evaluation` allowed, or undefined when it already is or no configuration
 * can help (a method S3 cannot allow, mixed content, same origin).
 */
export function suggestCorsFix(config: CorsConfiguration | null, evaluation: CorsEvaluation): CorsFix | undefined {
  const { request, origin } = evaluation;
  if (evaluation.allowed || evaluation.sameOrigin) return undefined;
  if (!S3_CORS_METHODS.includes(request.method)) return undefined;
  if (evaluation.findings.some((f) => f.code === 'MIXED_CONTENT')) return undefined;
  const rules = config?.rules ?? [];
  // Each candidate is evaluated again: a few are enough, and the work stays linear in the rules.
  const candidates = [
    ...extensions(rules, request, origin).slice(0, MAX_EXTENSIONS_TRIED),
    ...additions(rules, request, origin),
  ];
  for (const c of candidates) {
    const next = c.build();
    // Only what the change adds is checked: a fix is not refused for a problem the bucket already has.
    const added = [...documentProblems(next), ...ruleProblems(next[c.ruleIndex]!, c.ruleIndex)];
    if (added.some((p) => p.severity === 'error')) continue;
    const again = evaluateCors({ rules: next, format: config?.format ?? 'console-json' }, request, origin);
    if (!again.allowed) continue;
    return { kind: c.kind, ruleIndex: c.ruleIndex, rules: next, json: corsConsoleJson(next), changes: c.changes };
  }
  return undefined;
}

/** Rules that already match the origin, each extended with what it lacks; fewest additions first. */
function extensions(rules: readonly CorsRule[], request: PageRequest, origin: string): Candidate[] {
  const out: Candidate[] = [];
  rules.forEach((rule, index) => {
    if (!rule.AllowedOrigins.some((o) => wildcardMatch(o, origin))) return;
    // A `*` origin cannot answer a request made with credentials: extending it cannot help.
    if (request.credentials && rule.AllowedOrigins.includes('*')) return;
    const changed: Mutable<CorsRule> = { ...rule };
    const changes: string[] = [];
    let cost = 0;
    if (!rule.AllowedMethods.includes(request.method)) {
      changed.AllowedMethods = [...rule.AllowedMethods, request.method];
      changes.push(`added ${request.method} to AllowedMethods`);
      cost++;
    }
    if (request.preflight) {
      const allowed = (rule.AllowedHeaders ?? []).map((h) => h.toLowerCase());
      const add = request.requestHeaders.filter((h) => !allowed.some((a) => wildcardMatch(a, h)));
      if (add.length > 0) {
        changed.AllowedHeaders = [...(rule.AllowedHeaders ?? []), ...add];
        changes.push(`added ${add.join(', ')} to AllowedHeaders`);
        cost += add.length;
      }
    }
    const exposed = (rule.ExposeHeaders ?? []).map((h) => h.toLowerCase());
    const expose = request.readHeaders.filter((h) => !exposed.includes(h) && !isSafelistedResponse(h));
    if (expose.length > 0) {
      changed.ExposeHeaders = [...(rule.ExposeHeaders ?? []), ...expose.map(canonicalHeaderName)];
      changes.push(`added ${expose.map(canonicalHeaderName).join(', ')} to ExposeHeaders`);
      cost += expose.length;
    }
    if (changes.length === 0) return;
    // A rule that matches only through `*` would grant the new method or headers to every site: a rule
    // for this origin is the smaller change then. Exposing a header grants nothing new.
    const onlyThroughAnyOrigin = !rule.AllowedOrigins.some((o) => o !== '*' && wildcardMatch(o, origin));
    if (onlyThroughAnyOrigin && changed.AllowedMethods !== rule.AllowedMethods) return;
    if (onlyThroughAnyOrigin && changed.AllowedHeaders !== rule.AllowedHeaders) return;
    out.push({
      kind: 'extend',
      ruleIndex: index,
      build: () => rules.map((r, i) => (i === index ? changed : r)),
      changes: [`CORSRules[${index}]${rule.ID ? ` (ID "${rule.ID}")` : ''}: ${changes.join('; ')}.`],
      cost,
    });
  });
  return out.sort((a, b) => a.cost - b.cost || a.ruleIndex - b.ruleIndex);
}

const isSafelistedResponse = (h: string): boolean => SAFELISTED_RESPONSE_HEADERS.includes(h);

/** One rule for exactly this origin, method, headers and exposed headers: last, else first. */
function additions(rules: readonly CorsRule[], request: PageRequest, origin: string): Candidate[] {
  const expose = request.readHeaders.filter((h) => !isSafelistedResponse(h)).map(canonicalHeaderName);
  const rule: CorsRule = {
    ...(request.preflight && request.requestHeaders.length > 0 ? { AllowedHeaders: [...request.requestHeaders] } : {}),
    AllowedMethods: [request.method],
    AllowedOrigins: [origin],
    ...(expose.length > 0 ? { ExposeHeaders: expose } : {}),
  };
  const what = [
    `allows ${request.method} from ${origin}`,
    ...(rule.AllowedHeaders ? [`with the headers ${rule.AllowedHeaders.join(', ')}`] : []),
    ...(expose.length > 0 ? [`and exposes ${expose.join(', ')}`] : []),
  ].join(' ');
  const last = rules.length;
  return [
    {
      kind: 'add',
      ruleIndex: last,
      build: () => [...rules, rule],
      changes: [`Added CORSRules[${last}], which ${what}.`],
      cost: 0,
    },
    {
      kind: 'add',
      ruleIndex: 0,
      build: () => [rule, ...rules],
      changes: [
        `Added CORSRules[0], which ${what}; it goes first because an earlier rule would otherwise answer this request (S3 uses the first rule that matches).`,
      ],
      cost: 0,
    },
  ];
}
