// The request a browser makes: the Fetch standard's safelists, the preflight decision, and what a
// presigned URL adds (signed headers, checksums, UploadPart's ETag).
import * as assert from 'node:assert/strict';
import { parsePresignedUrl } from '../../../src/engine';
import { normalizeMethod, pageRequest, safelistedHeader, serializeOrigin } from '../../../src/engine/cors';
import { AWS_CLIENT, presign } from './presign';

const SOURCE = 'https://fetch.spec.whatwg.org/#cors-safelisted-request-header';

describe(`CORS-safelisted request headers (${SOURCE})`, () => {
  for (const [name, value, safelisted] of [
    ['content-type', 'text/plain', true],
    ['content-type', 'text/plain;charset=UTF-8', true],
    ['content-type', 'multipart/form-data; boundary=x', true],
    ['content-type', 'application/x-www-form-urlencoded', true],
    ['content-type', 'image/png', false],
    ['content-type', 'application/json', false],
    ['content-type', 'text/plain; x="a(b)"', false],
    ['accept', '*/*', true],
    ['accept', 'text/html(', false],
    ['accept-language', 'en-US,fr;q=0.5', true],
    ['content-language', 'de_DE', false],
    ['range', 'bytes=0-99', true],
    ['range', 'bytes=100-', true],
    ['range', 'bytes=-500', false],
    ['range', 'bytes=5-1', false],
    ['range', 'bytes=0-1,5-9', false],
    ['range', 'bytes = 0-99', false],
    ['x-amz-meta-a', 'b', false],
    ['authorization', 'x', false],
  ] as const) {
    it(`${name}: ${value} is ${safelisted ? '' : 'not '}safelisted`, () => {
      assert.equal(safelistedHeader(name, value).safelisted, safelisted);
    });
  }

  it('takes no value over 128 bytes', () => {
    assert.equal(safelistedHeader('accept', 'a'.repeat(128)).safelisted, true);
    assert.equal(safelistedHeader('accept', 'a'.repeat(129)).safelisted, false);
  });

  it('treats an unknown value as not safelisted', () => {
    assert.equal(safelistedHeader('content-type', undefined).safelisted, false);
  });
});

describe('pageRequest', () => {
  it('sends GET, HEAD and POST with safelisted headers without a preflight', () => {
    for (const method of ['GET', 'HEAD', 'POST']) {
      const r = pageRequest({ method, headers: [{ name: 'Content-Type', value: 'text/plain' }] });
      assert.equal(r.preflight, false, method);
      assert.deepEqual(r.requestHeaders, []);
    }
  });

  it('preflights PUT and DELETE for the method alone', () => {
    for (const method of ['put', 'DELETE']) {
      const r = pageRequest({ method });
      assert.equal(r.preflight, true);
      assert.deepEqual(r.preflightBecause, [`${method.toUpperCase()} is not GET, HEAD or POST`]);
    }
  });

  it('upper-cases only the methods fetch() normalizes', () => {
    assert.equal(normalizeMethod('put'), 'PUT');
    assert.equal(normalizeMethod('patch'), 'patch');
  });

  it('lists unsafe header names lower case, sorted, once', () => {
    const r = pageRequest({
      method: 'PUT',
      headers: [
        { name: 'X-Amz-Meta-Z', value: '1' },
        { name: 'Content-Type', value: 'image/png' },
        { name: 'x-amz-meta-z', value: '2' },
        { name: 'Accept', value: '*/*' },
      ],
    });
    assert.deepEqual(r.requestHeaders, ['content-type', 'x-amz-meta-z']);
  });

  it('makes every safelisted header unsafe when their values pass 1024 bytes together', () => {
    const r = pageRequest({
      method: 'GET',
      headers: Array.from({ length: 9 }, (_, i) => ({
        name: i % 2 ? 'Accept' : 'Accept-Language',
        value: 'a'.repeat(120),
      })),
    });
    assert.deepEqual(r.requestHeaders, ['accept', 'accept-language']);
  });

  it('leaves out headers a page cannot set, and says so', () => {
    const r = pageRequest({
      method: 'PUT',
      headers: [
        { name: 'Content-Length', value: '5' },
        { name: 'Sec-Fetch-Mode', value: 'x' },
      ],
    });
    assert.deepEqual(r.requestHeaders, []);
    assert.equal(r.findings.filter((f) => f.code === 'FORBIDDEN_HEADER').length, 2);
  });

  it('preflights when XMLHttpRequest has upload listeners', () => {
    assert.equal(pageRequest({ method: 'POST', uploadListeners: true }).preflight, true);
  });

  it('takes the method and the signed headers from the URL', async () => {
    const url = parsePresignedUrl(
      await presign({ operation: 'PutObject', signedContentType: 'image/png' }, AWS_CLIENT),
    );
    assert.ok(url.ok);
    const r = pageRequest({ url: url.value });
    assert.equal(r.method, 'PUT');
    assert.deepEqual(r.requestHeaders, ['content-type']);
    assert.ok(r.findings.some((f) => f.code === 'SIGNED_HEADER_VALUE_UNKNOWN'));
    const told = pageRequest({ url: url.value, headers: [{ name: 'content-type', value: 'text/plain' }] });
    assert.deepEqual(told.requestHeaders, []);
    assert.ok(!told.findings.some((f) => f.code === 'SIGNED_HEADER_VALUE_UNKNOWN'));
  });

  it('needs to read ETag for an UploadPart URL', async () => {
    const url = parsePresignedUrl(await presign({ operation: 'UploadPart' }, AWS_CLIENT));
    assert.ok(url.ok);
    assert.deepEqual(pageRequest({ url: url.value }).readHeaders, ['etag']);
  });

  it('flags the empty-body checksum SDK v3 adds to uploads (petdex #465)', async () => {
    const url = parsePresignedUrl(await presign({ operation: 'PutObject', sdkDefaultChecksums: true }, AWS_CLIENT));
    assert.ok(url.ok);
    const finding = pageRequest({ url: url.value }).findings.find((f) => f.code === 'CHECKSUM_EMPTY_BODY');
    assert.match(finding?.message ?? '', /^x-amz-checksum-crc32=AAAAAA== is the checksum of an EMPTY body/);
  });
});

describe('serializeOrigin', () => {
  it('gives the Origin a browser sends from a page address', () => {
    const cases = [
      ['https://App.Example.com/upload?x=1', 'https://app.example.com'],
      ['http://localhost:3000/', 'http://localhost:3000'],
      ['https://example.com:443', 'https://example.com'],
      ['null', 'null'],
      ['file:///home/me/page.html', 'null'],
    ];
    for (const [input, origin] of cases) assert.deepEqual(serializeOrigin(input!), { ok: true, origin });
  });

  it('refuses what is not an address', () => {
    assert.equal(serializeOrigin('app.example.com').ok, false);
  });

  it('refuses an address without its scheme rather than reading "localhost:" as one', () => {
    const result = serializeOrigin('localhost:3000');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /with its scheme/);
  });
});
