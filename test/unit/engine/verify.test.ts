import * as assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { createHash, createHmac } from 'node:crypto';
import { verifyPresignedUrl } from '../../../src/engine';
import { signingKey } from '../../../src/engine/sigv4';
import { fixtures, LONG_TERM, parseOk as parse } from './fixtures';
import { mutationsOf, type Mutation } from './mutations';

/** SHA-256 and HMAC-SHA256 from node:crypto, in the shape @smithy/signature-v4 takes. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key =
      secret === undefined || typeof secret === 'string'
        ? secret
        : Buffer.from(secret instanceof ArrayBuffer ? secret : secret.buffer);
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

describe('verifyPresignedUrl', () => {
  it('verifies every URL of the matrix with its secret, method and headers', async () => {
    for (const f of await fixtures()) {
      const result = verifyPresignedUrl(parse(f.url), {
        secretAccessKey: f.secretAccessKey,
        method: f.method,
        headers: f.headers,
      });
      assert.equal(result.valid, true, f.name);
      assert.deepEqual(result.explanations, [], f.name);
      assert.equal(result.computedSignature, result.providedSignature, f.name);
    }
  });

  it('shows a canonical request and string to sign that reproduce the signature', async () => {
    for (const f of (await fixtures()).filter((x) => !x.temporary)) {
      const url = parse(f.url);
      const result = verifyPresignedUrl(url, {
        secretAccessKey: f.secretAccessKey,
        method: f.method,
        headers: f.headers,
      });
      const sts = result.stringToSign.split('\n');
      assert.equal(sts[3], createHash('sha256').update(result.canonicalRequest!).digest('hex'), f.name);
      const key = signingKey(f.secretAccessKey, url.credential!.date, url.credential!.region, 's3');
      assert.equal(createHmac('sha256', key).update(result.stringToSign).digest('hex'), url.signature, f.name);
    }
  });

  it('redacts the session token in what it shows', async () => {
    const f = (await fixtures()).find((x) => x.temporary)!;
    const result = verifyPresignedUrl(parse(f.url), {
      secretAccessKey: f.secretAccessKey,
      method: f.method,
      headers: f.headers,
    });
    assert.equal(result.valid, true);
    assert.match(result.canonicalRequest!, /X-Amz-Security-Token=REDACTED\(\d+ chars\)/);
    assert.doesNotMatch(result.canonicalRequest!, /IQoJb3JpZ2lu/);
  });

  it('agrees with @smithy/signature-v4 on generated requests (paths, queries, headers, ports)', async () => {
    // Segments hold every character class but "/": S3 clients send a key's "/" as is, and S3 decodes a
    // "%2F" before canonicalising (as it decodes "%7E" to "~"), while smithy signs a path verbatim.
    const segment = fc.string({
      unit: fc.constantFrom(..."aZ09-_.~ !$&'()*+,;=:@%?#[]éü日本\u0301".split('')),
      minLength: 1,
      maxLength: 12,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.dictionary(
          fc.string({ unit: fc.constantFrom(...'abXY-_.~ +%&='.split('')), minLength: 1, maxLength: 6 }),
          fc.string({ maxLength: 10 }),
          { maxKeys: 4 },
        ),
        fc.constantFrom('GET', 'PUT', 'HEAD', 'DELETE'),
        fc.constantFrom('us-east-1', 'eu-central-1'),
        fc.option(fc.constantFrom('text/plain', 'image/png; charset=x'), { nil: undefined }),
        fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }),
        fc.integer({ min: 1, max: 604800 }),
        async (segments, query, method, region, contentType, port, expiresIn) => {
          const signer = new SignatureV4({
            credentials: LONG_TERM,
            region,
            service: 's3',
            sha256: NodeSha256,
            uriEscapePath: false,
            applyChecksum: false,
          });
          const hostname = 'bucket.s3.example.com';
          const encoded = segments.map((s) =>
            encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
          );
          const request = {
            method,
            protocol: 'https:',
            hostname,
            port,
            path: `/${encoded.join('/')}`,
            query: { ...query },
            headers: {
              host: port ? `${hostname}:${port}` : hostname,
              ...(contentType ? { 'content-type': contentType } : {}),
              'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
            },
          };
          // As @aws-sdk/s3-request-presigner does: the payload-hash header is hoisted into the query.
          const signed = await signer.presign(request, { expiresIn, signingDate: new Date('2026-03-14T15:09:26Z') });
          const search = Object.entries(signed.query as Record<string, string>)
            .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
            .join('&');
          const url = `https://${signed.headers['host']}${signed.path}?${search}`;
          const result = verifyPresignedUrl(parse(url), {
            secretAccessKey: LONG_TERM.secretAccessKey,
            method,
            headers: contentType ? { 'content-type': contentType } : {},
            explain: false,
          });
          assert.equal(result.valid, true, url);
        },
      ),
      { numRuns: 300, seed: 20261122 },
    );
  });

  it('verifies SigV2 with the example of the AWS documentation', () => {
    const url = parse(
      'https://johnsmith.s3.amazonaws.com/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620',
    );
    const result = verifyPresignedUrl(url, { secretAccessKey: LONG_TERM.secretAccessKey, method: 'GET' });
    assert.equal(result.valid, true);
    assert.equal(result.stringToSign, 'GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg');
    const put = verifyPresignedUrl(url, { secretAccessKey: LONG_TERM.secretAccessKey, method: 'PUT' });
    assert.equal(put.valid, false);
    assert.deepEqual(
      put.explanations.map((e) => e.code),
      ['METHOD_MISMATCH'],
    );
  });

  it('does not verify SigV4a and says so', () => {
    const url = parse(
      'https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/k?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=300&X-Amz-Region-Set=%2A&X-Amz-SignedHeaders=host&X-Amz-Signature=3045',
    );
    const result = verifyPresignedUrl(url, { secretAccessKey: 'x' });
    assert.equal(result.supported, false);
    assert.equal(result.valid, false);
  });

  it('says at once when the secret belongs to another access key', async () => {
    const f = (await fixtures())[0]!;
    const result = verifyPresignedUrl(parse(f.url), {
      secretAccessKey: 'other',
      accessKeyId: 'AKIAOTHEROTHEROTHER1',
      method: f.method,
    });
    assert.equal(result.valid, false);
    assert.match(
      result.explanations[0]!.message,
      /belongs to access key AKIAOTHEROTHEROTHER1, but the URL was signed by AKIAIOSFODNN7EXAMPLE/,
    );
  });

  it('refuses an x-amz-* header the URL does not sign, as S3 does, naming it: HEADERS_NOT_SIGNED', async () => {
    const f = (await fixtures()).find((x) => x.method === 'GET' && !x.temporary)!;
    const result = verifyPresignedUrl(parse(f.url), {
      secretAccessKey: f.secretAccessKey,
      method: 'GET',
      headers: { 'X-Amz-Meta-Note': 'hi', Range: 'bytes=0-0', 'x-amz-acl': 'private' },
    });
    assert.equal(result.signatureMatches, true, 'the arithmetic alone holds');
    assert.equal(result.valid, false);
    assert.deepEqual(
      result.explanations.map((e) => e.code),
      ['HEADERS_NOT_SIGNED'],
    );
    assert.match(result.explanations[0]!.message, /sends x-amz-acl, x-amz-meta-note, which the URL does not sign/);
    const ordinary = verifyPresignedUrl(parse(f.url), {
      secretAccessKey: f.secretAccessKey,
      method: 'GET',
      headers: { Range: 'bytes=0-0', Accept: '*/*' },
    });
    assert.equal(ordinary.valid, true, 'unsigned ordinary headers are fine');
  });

  it('is never valid for a URL that goes elsewhere than it seems: HOST_CONFUSION', async () => {
    const f = (await fixtures()).find((x) => x.method === 'GET' && !x.temporary && x.url.startsWith('https://'))!;
    const confused = parse(f.url.replace('https://', 'https://attacker.example\\@'));
    const result = verifyPresignedUrl(confused, { secretAccessKey: f.secretAccessKey, method: 'GET' });
    assert.equal(result.valid, false);
    assert.equal(result.explanations[0]!.code, 'HOST_CONFUSION');
    assert.match(result.explanations[0]!.message, /send it to attacker\.example/);
  });

  it('names no cause it has not found: a changed signature with the URL’s own secret', async () => {
    const f = (await fixtures()).find((x) => x.method === 'GET' && !x.temporary)!;
    const url = parse(f.url.replace(/(X-Amz-Signature=)(.)/, (_, p: string, c: string) => p + (c === 'a' ? 'b' : 'a')));
    const known = verifyPresignedUrl(url, {
      secretAccessKey: f.secretAccessKey,
      accessKeyId: url.accessKeyId,
      secretSource: 'profile work',
      method: 'GET',
    });
    assert.deepEqual(
      known.explanations.map((e) => e.code),
      ['CHANGED_AFTER_SIGNING'],
    );
    assert.match(known.explanations[0]!.message, /\(profile work\): the URL was changed after signing/);
    const unknown = verifyPresignedUrl(url, { secretAccessKey: f.secretAccessKey, method: 'GET' });
    assert.deepEqual(
      unknown.explanations.map((e) => e.code),
      ['CANNOT_TELL'],
    );
  });

  it('finds an X-Amz-Date moved by one second, and a "//" collapsed to "/"', async () => {
    const f = (await fixtures()).find((x) => x.method === 'GET' && !x.temporary && x.key === 'plain.txt')!;
    const url = parse(f.url);
    const date = url.params.find((p) => p.name === 'X-Amz-Date')!.value;
    const later = date.replace(/(\d{2})Z$/, (_, s: string) => `${String(Number(s) + 1).padStart(2, '0')}Z`);
    const moved = verifyPresignedUrl(parse(f.url.replace(date, later)), {
      secretAccessKey: f.secretAccessKey,
      method: 'GET',
    });
    assert.ok(
      moved.explanations.some((e) => e.code === 'PARAMETER_CHANGED' && /1 s earlier than the URL says/.test(e.message)),
      JSON.stringify(moved.explanations),
    );
    const slashes = (await fixtures()).find(
      (x) => x.method === 'GET' && !x.temporary && x.key === 'a//double/slash.txt',
    )!;
    const collapsed = verifyPresignedUrl(parse(slashes.url.replace('a//double', 'a/double')), {
      secretAccessKey: slashes.secretAccessKey,
      method: 'GET',
    });
    assert.ok(
      collapsed.explanations.some((e) => e.code === 'KEY_ENCODING' && /collapsed the double slash/.test(e.message)),
      JSON.stringify(collapsed.explanations),
    );
  });

  describe('mutations of every matrix URL', () => {
    let mutations: (Mutation & { fixture: string; secret: string })[] = [];
    before(async () => {
      for (const f of await fixtures()) {
        const url = parse(f.url);
        for (const m of mutationsOf({ url: f.url, method: f.method, headers: f.headers }, url.host.rawKey, f.key, {
          hostStyle: f.style.isAws,
          secretChars: true,
        })) {
          mutations.push({ ...m, fixture: f.name, secret: f.secretAccessKey });
        }
      }
    });
    after(() => {
      mutations = [];
    });

    it('rejects every mutation', () => {
      for (const m of mutations) {
        const result = verifyPresignedUrl(parse(m.url), {
          secretAccessKey: m.secret,
          method: m.method,
          headers: m.headers,
          explain: false,
        });
        assert.equal(result.valid, false, `${m.fixture}: ${m.name}`);
      }
      assert.ok(mutations.length > 10_000, `${mutations.length} mutations`);
      console.log(`      ${mutations.length} mutations rejected`);
    });

    it('explains each with the right code', function () {
      this.timeout(120_000);
      const explained = mutations.filter((m) => m.expect);
      const counts = new Map<string, number>();
      for (const m of explained) {
        const result = verifyPresignedUrl(parse(m.url), {
          secretAccessKey: m.secret,
          method: m.method,
          headers: m.headers,
        });
        const codes = result.explanations.map((e) => e.code);
        assert.ok(
          codes.includes(m.expect!),
          `${m.fixture}: ${m.name}: expected ${m.expect}, got ${JSON.stringify(result.explanations)}`,
        );
        counts.set(m.expect!, (counts.get(m.expect!) ?? 0) + 1);
      }
      for (const code of [
        'METHOD_MISMATCH',
        'REGION_MISMATCH',
        'ADDRESSING_STYLE',
        'KEY_ENCODING',
        'HEADER_MISMATCH',
        'PARAMETER_CHANGED',
        'CANNOT_TELL',
      ]) {
        assert.ok((counts.get(code) ?? 0) > 0, `no ${code} case`);
      }
      console.log(
        `      ${explained.length} mutations explained: ${[...counts].map(([c, n]) => `${c} ${n}`).join(', ')}`,
      );
    });

    it('names what changed: the method signed for, the header value signed with', async () => {
      // Long-term keys: with a session token, the requests shown are redacted and do not hash back.
      const put = (await fixtures()).find((f) => f.method === 'PUT' && f.headers['content-type'] && !f.temporary)!;
      const url = parse(put.url);
      const asGet = verifyPresignedUrl(url, {
        secretAccessKey: put.secretAccessKey,
        method: 'GET',
        headers: put.headers,
      });
      assert.ok(asGet.explanations.some((e) => e.message === 'Signed for PUT; the request uses GET.'));
      const png = verifyPresignedUrl(url, {
        secretAccessKey: put.secretAccessKey,
        method: 'PUT',
        headers: { 'content-type': 'image/png' },
      });
      assert.ok(
        png.explanations.some((e) => e.message === 'Signed with Content-Type: text/csv; the request sends image/png.'),
        JSON.stringify(png.explanations),
      );
      // What was really signed, for showing side by side with what is sent.
      assert.match(png.canonicalRequest!, /^content-type:image\/png$/m);
      assert.match(png.signedCanonicalRequest!, /^content-type:text\/csv$/m);
      assert.equal(
        png.signedStringToSign!.split('\n')[3],
        createHash('sha256').update(png.signedCanonicalRequest!).digest('hex'),
      );
    });
  });
});
