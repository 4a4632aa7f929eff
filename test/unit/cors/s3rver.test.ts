// The CORS cases sent to the local s3rver fork, which implements bucket CORS: a second opinion on S3's
// side of each case (the browser's side is the engine's alone). The configuration goes in with the SDK's
// PutBucketCorsCommand; the preflight goes out as Node's fetch() sends it, with Origin and the
// Access-Control-Request-* headers the engine says a browser sends; a simple request goes out as itself.
// Where s3rver answers otherwise than AWS (by AWS's documents and the answers recorded against AWS), the
// difference is listed here, not encoded: see KNOWN_DEVIATIONS and the cases with `s3rverDeviation`.
import * as assert from 'node:assert/strict';
import { DeleteBucketCorsCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_S3_CREDENTIALS, LOCAL_S3_REGION, startLocalS3, type LocalS3 } from '../../../scripts/lib/localS3';
import { evaluateCors, suggestCorsFix, type CorsRule, type S3CorsAnswer } from '../../../src/engine/cors';
import { CORS_CASES, type CorsCase } from './cases';
import { configOf, evaluateCase } from './run';
import { CASE_BUCKET, CASE_KEY, presign } from './presign';

/** Each way s3rver's CORS answers differ from AWS's, and why AWS's is the one the engine follows. */
const KNOWN_DEVIATIONS: Readonly<Record<string, string>> = {
  'preflight Access-Control-Allow-Origin':
    's3rver answers * to every preflight; AWS echoes the Origin unless the rule allows * (recorded: opt-right-origin)',
  'preflight Access-Control-Allow-Credentials':
    's3rver sends none on a preflight; AWS sends true with an echoed origin (recorded: opt-right-origin)',
  'preflight Access-Control-Expose-Headers':
    's3rver sends none on a preflight; AWS sends the rule’s ExposeHeaders (recorded: test_cors_expose_headers)',
  'preflight Access-Control-Max-Age':
    's3rver sends none on a preflight; AWS sends MaxAgeSeconds (recorded: opt-right-origin)',
  'actual Access-Control-Allow-Methods':
    's3rver sends none on the request itself; AWS sends the rule’s methods (recorded: get-right-origin)',
  'actual Access-Control-Allow-Credentials':
    's3rver sends true even with Allow-Origin *; AWS omits it then (RESTCommonResponseHeaders, recorded: get-random-wildcard-origin)',
};

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
];

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
}

describe('the CORS cases against the local s3rver', function () {
  this.timeout(60_000);
  let dir: string;
  let s3: LocalS3;
  /** Deviation → the cases where it showed. */
  const differences = new Map<string, string[]>();
  const setAside: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-cors-'));
    s3 = await startLocalS3({ directory: dir, buckets: [CASE_BUCKET] });
    await s3.putDirect(CASE_BUCKET, CASE_KEY, 'png bytes', 'image/png');
  });
  after(async () => {
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
    console.log('      where s3rver answers otherwise than AWS (the engine follows AWS):');
    for (const [what, cases] of differences)
      console.log(`        ${what} (${cases.length} cases): ${KNOWN_DEVIATIONS[what]}`);
    console.log(`      cases set aside (${setAside.length}):`);
    for (const s of setAside) console.log(`        ${s}`);
  });

  async function putCors(rules: readonly CorsRule[] | null): Promise<void> {
    if (rules === null) await s3.client.send(new DeleteBucketCorsCommand({ Bucket: CASE_BUCKET }));
    else
      await s3.client.send(
        new PutBucketCorsCommand({
          Bucket: CASE_BUCKET,
          CORSConfiguration: {
            CORSRules: rules.map((r) => ({
              ...r,
              AllowedHeaders: r.AllowedHeaders ? [...r.AllowedHeaders] : undefined,
              AllowedMethods: [...r.AllowedMethods],
              AllowedOrigins: [...r.AllowedOrigins],
              ExposeHeaders: r.ExposeHeaders ? [...r.ExposeHeaders] : undefined,
            })),
          },
        }),
      );
  }

  /** What s3rver answers to the case's preflight, or to the request itself when there is none. */
  async function ask(
    c: CorsCase,
    url: string,
    preflight: boolean,
    method: string,
    requestHeaders: readonly string[],
  ): Promise<Answer> {
    const headers: Record<string, string> = { Origin: c.origin };
    if (preflight) {
      headers['Access-Control-Request-Method'] = method;
      if (requestHeaders.length > 0) headers['Access-Control-Request-Headers'] = requestHeaders.join(',');
    } else for (const h of c.headers ?? []) if (h.value !== undefined) headers[h.name] = h.value;
    const response = await fetch(url, { method: preflight ? 'OPTIONS' : method, headers });
    await response.arrayBuffer();
    const cors: Record<string, string> = {};
    for (const name of CORS_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) cors[name] = value;
    }
    return { status: response.status, headers: cors };
  }

  /** The differences between the engine's S3 answer and s3rver's, each checked against the known ones. */
  function compare(c: CorsCase, kind: 'preflight' | 'actual', engine: S3CorsAnswer, server: Answer): void {
    if (kind === 'preflight') assert.equal(server.status, engine.status, `${c.name}: preflight status`);
    const mine = lowerKeys(engine.headers);
    for (const name of CORS_HEADERS) {
      if (mine[name] === server.headers[name]) continue;
      const what = `${kind} ${name.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase())}`;
      assert.ok(KNOWN_DEVIATIONS[what], `${c.name}: ${what}: engine ${mine[name]} ≠ s3rver ${server.headers[name]}`);
      differences.set(what, [...(differences.get(what) ?? []), c.name]);
    }
  }

  for (const c of CORS_CASES) {
    it(`agrees on S3's answer, or names the difference: ${c.name}`, async () => {
      const url = await presign(c.presign, {
        endpoint: s3.endpoint,
        region: LOCAL_S3_REGION,
        forcePathStyle: true,
        credentials: LOCAL_S3_CREDENTIALS,
      });
      const e = evaluateCase(c, url);
      await putCors(configOf(c)?.rules ?? null);
      const server = await ask(c, url, e.request.preflight, e.request.method, e.request.requestHeaders);
      if (c.s3rverDeviation) {
        setAside.push(
          `${c.name}: ${c.s3rverDeviation} (s3rver answered ${server.status}, AWS ${e.preflight?.status ?? '-'})`,
        );
        return;
      }
      if (e.request.preflight) compare(c, 'preflight', e.preflight!, server);
      else compare(c, 'actual', e.actual, server);

      if (e.allowed) return;
      const fix = suggestCorsFix(configOf(c), e);
      assert.ok(fix, `${c.name}: a fix`);
      await putCors(fix.rules);
      const fixed = await ask(c, url, e.request.preflight, e.request.method, e.request.requestHeaders);
      const again = evaluateCors({ rules: fix.rules, format: 'console-json' }, e.request, e.origin);
      if (again.matchedRule !== again.actualRule) {
        // The fixed preflight passes over an earlier rule that fails only on headers: s3rver stops there.
        setAside.push(
          `${c.name}, after the fix: S3 answers with CORSRules[${again.matchedRule}], s3rver stops at CORSRules[${again.actualRule}] (${fixed.status})`,
        );
        return;
      }
      if (e.request.preflight) assert.equal(fixed.status, 200, `${c.name}: preflight after the fix`);
      else assert.ok(fixed.headers['access-control-allow-origin'], `${c.name}: CORS headers after the fix`);
    });
  }
});
