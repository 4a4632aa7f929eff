// checkBrowserAccess: the one call the CLI and the VS Code command make, and the shape they print.
import * as assert from 'node:assert/strict';
import { parsePresignedUrl } from '../../../src/engine';
import { checkBrowserAccess, parseCorsConfiguration, type CorsConfiguration } from '../../../src/engine/cors';
import { assertLinear } from './growth';
import { AWS_CLIENT, presign } from './presign';

function config(rules: unknown): CorsConfiguration {
  const parsed = parseCorsConfiguration(JSON.stringify(rules));
  assert.ok(parsed.ok);
  return parsed.value;
}

async function putUrl() {
  const parsed = parsePresignedUrl(await presign({ operation: 'PutObject' }, AWS_CLIENT));
  assert.ok(parsed.ok);
  return parsed.value;
}

describe('checkBrowserAccess', () => {
  it('prints allowed, the matched rule, each rule’s reasons, the readable headers and the fix', async () => {
    const r = checkBrowserAccess({
      url: await putUrl(),
      origin: 'https://app.example.com/upload',
      cors: config([{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], ID: 'read' }]),
      headers: [{ name: 'Content-Type', value: 'image/png' }],
    });
    assert.ok(r.ok);
    const { allowed, matchedRule, rules, exposedHeaders, fix, origin } = r.value;
    assert.equal(origin, 'https://app.example.com');
    assert.equal(allowed, false);
    assert.equal(matchedRule, null);
    assert.deepEqual(rules, [
      {
        index: 0,
        id: 'read',
        matches: false,
        reasons: [
          'PUT is not in AllowedMethods ["GET"].',
          'The preflight asks for content-type, and the rule has no AllowedHeaders.',
        ],
      },
    ]);
    assert.ok(exposedHeaders.includes('content-type'));
    assert.deepEqual(fix?.changes, [
      'CORSRules[0] (ID "read"): added PUT to AllowedMethods; added content-type to AllowedHeaders.',
    ]);
  });

  it('refuses an origin that is not an address', async () => {
    const r = checkBrowserAccess({ url: await putUrl(), origin: 'app.example.com', cors: null });
    assert.equal(r.ok, false);
  });

  it('counts a redirect that breaks the preflight as blocked', async () => {
    const parsed = parsePresignedUrl(
      await presign(
        { operation: 'PutObject' },
        { ...AWS_CLIENT, endpoint: 'https://s3.amazonaws.com', forcePathStyle: true },
      ),
    );
    assert.ok(parsed.ok);
    const r = checkBrowserAccess({
      url: parsed.value,
      origin: 'https://app.example.com',
      cors: config([{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }]),
      bucketRegion: 'eu-west-1',
    });
    assert.ok(r.ok);
    assert.equal(r.value.evaluation.allowed, true);
    assert.equal(r.value.allowed, false);
    assert.equal(r.value.findings[0]?.code, 'GLOBAL_ENDPOINT_REDIRECT');
  });

  it('blocks an https page from an http URL (mixed content), which no configuration fixes', async () => {
    const parsed = parsePresignedUrl(
      await presign({ operation: 'PutObject' }, { ...AWS_CLIENT, endpoint: 'http://s3.eu-west-1.amazonaws.com' }),
    );
    assert.ok(parsed.ok);
    const r = checkBrowserAccess({
      url: parsed.value,
      origin: 'https://app.example.com',
      cors: config([{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }]),
    });
    assert.ok(r.ok);
    assert.equal(r.value.allowed, false);
    assert.ok(r.value.findings.some((f) => f.code === 'MIXED_CONTENT'));
    assert.equal(r.value.fix, null);
  });

  it('says when S3 would refuse the configuration itself, and never calls it allowed', async () => {
    const r = checkBrowserAccess({
      url: await putUrl(),
      origin: 'https://app.example.com',
      cors: config([{ AllowedOrigins: ['*'], AllowedMethods: ['PUT', 'PATCH'], AllowedHeaders: ['*'] }]),
    });
    assert.ok(r.ok);
    assert.equal(r.value.evaluation.allowed, true, 'the rules as written would answer');
    assert.equal(r.value.allowed, false);
    const finding = r.value.findings.find((f) => f.code === 'INVALID_CONFIGURATION');
    assert.equal(finding?.severity, 'error');
  });

  it('blocks a PUT of a File or Blob, whose type the browser sends, when no rule allows content-type', async () => {
    const rules = config([{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }]);
    const r = checkBrowserAccess({ url: await putUrl(), origin: 'https://app.example.com', cors: rules });
    assert.ok(r.ok);
    assert.equal(r.value.evaluation.allowed, true, 'a PUT without Content-Type would pass');
    assert.equal(r.value.allowed, false);
    assert.deepEqual(
      r.value.findings.map((f) => [f.code, f.severity]),
      [['TYPED_BODY_BLOCKED', 'error'], ...r.value.evaluation.findings.map((f) => [f.code, f.severity])],
    );
    const fix = r.value.fix!;
    assert.deepEqual(fix.rules[fix.ruleIndex]?.AllowedHeaders, ['content-type']);
    // Stated headers are the request: no assumption.
    const stated = checkBrowserAccess({
      url: await putUrl(),
      origin: 'https://app.example.com',
      cors: rules,
      headers: [{ name: 'Content-Type', value: 'text/plain' }],
    });
    assert.ok(stated.ok);
    assert.equal(stated.value.allowed, true);
    // A rule that allows content-type passes either way.
    const open = checkBrowserAccess({
      url: await putUrl(),
      origin: 'https://app.example.com',
      cors: config([{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'], AllowedHeaders: ['Content-Type'] }]),
    });
    assert.ok(open.ok);
    assert.equal(open.value.allowed, true);
    assert.ok(!open.value.findings.some((f) => f.code === 'TYPED_BODY_BLOCKED'));
  });

  it('checks only uploads as typed bodies: not a CopyObject, not with only a forbidden header stated', async () => {
    const rules = config([{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }]);
    const put = await putUrl();
    const copy = parsePresignedUrl(put.input.replace('x-id=PutObject', 'x-id=CopyObject'));
    assert.ok(copy.ok);
    const r = checkBrowserAccess({ url: copy.value, origin: 'https://app.example.com', cors: rules });
    assert.ok(r.ok);
    assert.equal(r.value.allowed, true, 'a copy sends no body');
    const forbidden = checkBrowserAccess({
      url: put,
      origin: 'https://app.example.com',
      cors: rules,
      headers: [{ name: 'Content-Length', value: '5' }],
    });
    assert.ok(forbidden.ok);
    assert.ok(forbidden.value.findings.some((f) => f.code === 'TYPED_BODY_BLOCKED'));
  });

  it('makes the fix for a typed body when the upload is blocked anyway, and it then passes', async () => {
    const put = await putUrl();
    const r = checkBrowserAccess({ url: put, origin: 'https://app.example.com', cors: null });
    assert.ok(r.ok);
    assert.equal(r.value.allowed, false);
    const fix = r.value.fix!;
    const after = checkBrowserAccess({
      url: put,
      origin: 'https://app.example.com',
      cors: config(fix.rules),
    });
    assert.ok(after.ok);
    assert.equal(after.value.allowed, true, JSON.stringify(after.value.findings));
  });

  it('names no answering rule for a configuration S3 would refuse', async () => {
    const r = checkBrowserAccess({
      url: await putUrl(),
      origin: 'https://app.example.com',
      cors: config([{ AllowedOrigins: ['*'], AllowedMethods: ['PUT', 'PATCH'], AllowedHeaders: ['*'] }]),
    });
    assert.ok(r.ok);
    assert.equal(r.value.matchedRule, null);
  });

  it('says when the URL does not state its method, and which one was checked', async () => {
    const put = await putUrl();
    const parsed = parsePresignedUrl(put.input.replace(/&x-id=PutObject/, ''));
    assert.ok(parsed.ok);
    const r = checkBrowserAccess({
      url: parsed.value,
      origin: 'https://app.example.com',
      cors: config([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }]),
    });
    assert.ok(r.ok);
    assert.equal(r.value.request.method, 'GET');
    const finding = r.value.findings.find((f) => f.code === 'METHOD_NOT_STATED');
    assert.match(finding!.message, /so GET was checked/);
    const stated = checkBrowserAccess({ url: put, origin: 'https://app.example.com', cors: null });
    assert.ok(stated.ok);
    assert.ok(!stated.value.findings.some((f) => f.code === 'METHOD_NOT_STATED'), 'x-id=PutObject states it');
  });

  it('checks a bucket without a URL (s3-presign cors s3://BUCKET)', () => {
    const r = checkBrowserAccess({
      origin: 'https://app.example.com',
      method: 'GET',
      readHeaders: ['ETag'],
      cors: config([{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }]),
    });
    assert.ok(r.ok);
    assert.deepEqual(r.value.missing, ['etag']);
    assert.deepEqual(r.value.fix?.rules[0]?.ExposeHeaders, ['ETag']);
  });

  it('evaluates and fixes in time linear in the number of rules', async () => {
    const url = await putUrl();
    const rules = (n: number): CorsConfiguration => ({
      format: 'console-json',
      rules: Array.from({ length: n }, (_, i) => ({
        AllowedOrigins: [`https://site-${i}.example.com`, 'https://*.example.org'],
        AllowedMethods: ['PUT'],
        AllowedHeaders: ['x-amz-*', `x-custom-${i}`],
      })),
    });
    const headers = Array.from({ length: 20 }, (_, i) => ({ name: `x-page-${i}`, value: 'v' }));
    assertLinear(
      'evaluate and fix',
      rules,
      (cors) => checkBrowserAccess({ url, origin: 'https://app.example.org', cors, headers }),
      40,
    );
  });
});
