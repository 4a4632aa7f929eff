import * as assert from 'node:assert/strict';
import { analyzeHost, cleanPastedUrl, parsePresignedUrl } from '../../../src/engine';
import { BUCKET, fixtures, parseOk, SIGNING_DATE, TEMPORARY } from './fixtures';

const SAMPLE =
  'https://presign-lens-fixtures.s3.us-east-1.amazonaws.com/with%20space.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&x-id=GetObject&X-Amz-Signature=' +
  'a'.repeat(64);

describe('parsePresignedUrl', () => {
  describe('URLs made by @aws-sdk/s3-request-presigner', () => {
    it('decodes every URL of the matrix exactly', async () => {
      for (const f of await fixtures()) {
        const url = parseOk(f.url);
        assert.equal(url.signatureVersion, 'v4', f.name);
        assert.equal(url.bucket, BUCKET, f.name);
        assert.equal(url.key, f.key, f.name);
        assert.equal(url.region, f.style.region, f.name);
        assert.equal(url.credential?.region, f.style.region, f.name);
        assert.equal(url.host.style, f.style.expect, f.name);
        assert.equal(url.host.isAws, f.style.isAws, f.name);
        if (f.style.isAws) assert.equal(url.host.region, f.style.region, f.name);
        // SDK v3 adds x-id for GetObject, PutObject and DeleteObject; nothing in a HeadObject URL says HEAD.
        assert.equal(url.methodHint?.method, f.method === 'HEAD' ? undefined : f.method, f.name);
        assert.equal(url.expiresIn, f.expiresIn, f.name);
        assert.equal(url.signedAt?.toISOString(), SIGNING_DATE.toISOString(), f.name);
        assert.equal(url.expiresAt?.getTime(), SIGNING_DATE.getTime() + f.expiresIn * 1000, f.name);
        assert.equal(url.accessKeyId, f.accessKeyId, f.name);
        assert.equal(url.credentialType, f.temporary ? 'temporary' : 'long-term', f.name);
        assert.equal(url.securityToken, f.temporary ? TEMPORARY.sessionToken : undefined, f.name);
        assert.deepEqual(url.signedHeaders, [...Object.keys(f.headers), 'host'].sort(), f.name);
        assert.match(url.signature ?? '', /^[0-9a-f]{64}$/, f.name);
        assert.deepEqual(url.cleanups, [], f.name);
      }
    });

    it('classifies every query parameter', async () => {
      const categories = new Map<string, string>();
      for (const f of await fixtures()) for (const p of parseOk(f.url).params) categories.set(p.name, p.category);
      assert.equal(categories.get('X-Amz-Signature'), 'auth');
      assert.equal(categories.get('X-Amz-Security-Token'), 'auth');
      assert.equal(categories.get('response-content-disposition'), 'response-override');
      assert.equal(categories.get('versionId'), 'version');
      assert.equal(categories.get('x-id'), 'operation');
      assert.equal(categories.get('x-amz-checksum-crc32'), 'hoisted-header');
      assert.equal(categories.get('x-amz-sdk-checksum-algorithm'), 'hoisted-header');
      assert.ok(
        [...categories.values()].every((c) => c !== 'unknown'),
        JSON.stringify([...categories]),
      );
    });

    it('decodes response overrides and versionId to their values', async () => {
      const get = (await fixtures()).find((f) => f.url.includes('response-content-disposition'))!;
      const url = parseOk(get.url);
      const value = (name: string): string | undefined => url.params.find((p) => p.name === name)?.value;
      assert.equal(value('response-content-disposition'), 'attachment; filename="report (1).pdf"');
      assert.equal(value('response-content-type'), 'application/pdf');
      const versioned = parseOk((await fixtures()).find((f) => f.url.includes('versionId=3'))!.url);
      assert.equal(
        versioned.params.find((p) => p.name === 'versionId')?.value,
        '3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo',
      );
    });
  });

  describe('what people paste', () => {
    const cases: readonly (readonly [string, string, string])[] = [
      ['double quotes', `"${SAMPLE}"`, 'WRAPPER'],
      ['angle brackets (e-mail)', `<${SAMPLE}>`, 'WRAPPER'],
      ['backticks', `\`${SAMPLE}\``, 'WRAPPER'],
      ['HTML entities', SAMPLE.replace(/&/g, '&amp;'), 'HTML_ENTITIES'],
      ['numeric entities', SAMPLE.replace(/&/g, '&#38;'), 'HTML_ENTITIES'],
      ['JSON escapes', SAMPLE.replace(/&/g, '\\u0026').replace(/\//g, '\\/'), 'JSON_ESCAPES'],
      ['wrapped lines', SAMPLE.replace(/(.{70})/g, '$1\n'), 'WHITESPACE'],
      ['quoted e-mail lines', SAMPLE.replace(/(.{70})/g, '$1\r\n> '), 'WHITESPACE'],
      ['quoted-printable', SAMPLE.replace(/=/g, '=3D').replace(/(.{70})/g, '$1=\n'), 'QUOTED_PRINTABLE'],
      ['no scheme', SAMPLE.replace('https://', ''), 'ADDED_SCHEME'],
      ['a Markdown link', `[download](${SAMPLE})`, 'MARKDOWN_LINK'],
      ['an HTML link', `<a href="${SAMPLE.replace(/&/g, '&amp;')}">file</a>`, 'HTML_ATTRIBUTE'],
      ['a full stop after it', `${SAMPLE}.`, 'TRAILING_PUNCTUATION'],
    ];
    for (const [name, input, code] of cases) {
      it(`accepts ${name} and says so`, () => {
        const url = parseOk(input);
        assert.equal(url.url, SAMPLE);
        assert.ok(
          url.cleanups.some((c) => c.code === code),
          JSON.stringify(url.cleanups),
        );
        assert.equal(url.key, 'with space.txt');
      });
    }

    it('changes nothing in a clean URL', () => {
      assert.deepEqual(cleanPastedUrl(SAMPLE), { url: SAMPLE, cleanups: [] });
    });

    it('does not take a line wrapped right after an "=" for quoted-printable', () => {
      const wrapped = SAMPLE.replace('X-Amz-Date=', 'X-Amz-Date=\n').replace('X-Amz-Expires=', 'X-Amz-Expires=\n');
      const { url, cleanups } = cleanPastedUrl(wrapped);
      assert.equal(url, SAMPLE);
      assert.deepEqual(
        cleanups.map((c) => c.code),
        ['WHITESPACE'],
      );
    });

    it('leaves a SigV2 signature that starts with "3D" alone', () => {
      const v2 =
        'https://b.s3.amazonaws.com/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1700000000&Signature=3DabcXYZ%2Bq%3D';
      assert.deepEqual(cleanPastedUrl(v2), { url: v2, cleanups: [] });
    });
  });

  describe('host analysis', () => {
    const HEX32 = '0123456789abcdef0123456789abcdef';
    const cases: readonly [string, string, Partial<ReturnType<typeof analyzeHost>>][] = [
      [
        'bucket.s3.amazonaws.com',
        '/k',
        { style: 'virtual-hosted', endpoint: 'global', region: 'us-east-1', bucket: 'bucket', rawKey: 'k' },
      ],
      [
        's3.amazonaws.com',
        '/bucket/k',
        { style: 'path', endpoint: 'global', region: 'us-east-1', bucket: 'bucket', rawKey: 'k' },
      ],
      [
        'bucket.s3.eu-west-1.amazonaws.com',
        '/a/b',
        { style: 'virtual-hosted', endpoint: 'regional', region: 'eu-west-1', bucket: 'bucket', rawKey: 'a/b' },
      ],
      [
        's3.eu-west-1.amazonaws.com',
        '/bucket/a/b',
        { style: 'path', endpoint: 'regional', region: 'eu-west-1', bucket: 'bucket', rawKey: 'a/b' },
      ],
      [
        'bucket.s3-eu-west-1.amazonaws.com',
        '/k',
        { style: 'virtual-hosted', endpoint: 'legacy-dash-regional', region: 'eu-west-1' },
      ],
      [
        's3-eu-west-1.amazonaws.com',
        '/bucket/k',
        { style: 'path', endpoint: 'legacy-dash-regional', region: 'eu-west-1', bucket: 'bucket' },
      ],
      ['s3-external-1.amazonaws.com', '/bucket/k', { style: 'path', region: 'us-east-1', bucket: 'bucket' }],
      [
        'bucket.s3.dualstack.eu-west-1.amazonaws.com',
        '/k',
        { style: 'virtual-hosted', endpoint: 'dualstack', region: 'eu-west-1' },
      ],
      [
        's3.dualstack.eu-west-1.amazonaws.com',
        '/bucket/k',
        { style: 'path', endpoint: 'dualstack', region: 'eu-west-1' },
      ],
      [
        'bucket.s3-accelerate.amazonaws.com',
        '/k',
        { style: 'virtual-hosted', endpoint: 'accelerate', region: undefined, bucket: 'bucket' },
      ],
      ['bucket.s3-accelerate.dualstack.amazonaws.com', '/k', { style: 'virtual-hosted', endpoint: 'accelerate' }],
      [
        'my.dotted.bucket.s3.us-west-2.amazonaws.com',
        '/k',
        { style: 'virtual-hosted', bucket: 'my.dotted.bucket', region: 'us-west-2' },
      ],
      ['s3.s3.amazonaws.com', '/k', { style: 'virtual-hosted', bucket: 's3', endpoint: 'global' }],
      ['s3-x.s3.us-east-2.amazonaws.com', '/k', { style: 'virtual-hosted', bucket: 's3-x', region: 'us-east-2' }],
      [
        'myap-123456789012.s3-accesspoint.us-west-2.amazonaws.com',
        '/k',
        { style: 'access-point', bucket: 'myap-123456789012', region: 'us-west-2' },
      ],
      [
        'mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com',
        '/k',
        { style: 'multi-region-access-point', bucket: 'mfzwi23gnjvgw.mrap', region: undefined },
      ],
      [
        'olap-123456789012.s3-object-lambda.eu-west-1.amazonaws.com',
        '/k',
        { style: 'object-lambda', region: 'eu-west-1' },
      ],
      [
        'bucket.s3-fips.us-gov-west-1.amazonaws.com',
        '/k',
        { style: 'virtual-hosted', endpoint: 'fips', region: 'us-gov-west-1' },
      ],
      [
        'bucket--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com',
        '/k',
        { style: 'directory-bucket', bucket: 'bucket--usw2-az1--x-s3', region: 'us-west-2' },
      ],
      ['bucket.s3.cn-north-1.amazonaws.com.cn', '/k', { style: 'virtual-hosted', region: 'cn-north-1', isAws: true }],
      ['bucket.s3-website-us-east-1.amazonaws.com', '/k', { style: 'website', region: 'us-east-1' }],
      ['bucket.s3-website.eu-central-1.amazonaws.com', '/k', { style: 'website', region: 'eu-central-1' }],
      [
        `${HEX32}.r2.cloudflarestorage.com`,
        '/bucket/k',
        { style: 'path', provider: 'Cloudflare R2', bucket: 'bucket', isAws: false },
      ],
      [
        `bucket.${HEX32}.r2.cloudflarestorage.com`,
        '/k',
        { style: 'virtual-hosted', provider: 'Cloudflare R2', bucket: 'bucket' },
      ],
      [
        'bucket.nyc3.digitaloceanspaces.com',
        '/k',
        { style: 'virtual-hosted', provider: 'DigitalOcean Spaces', region: 'nyc3' },
      ],
      ['storage.googleapis.com', '/bucket/k', { style: 'path', provider: 'Google Cloud Storage', bucket: 'bucket' }],
      ['localhost', '/bucket/k', { style: 'path', bucketFrom: 'path-guess', bucket: 'bucket', isAws: false }],
      [
        'minio.internal',
        '/bucket/a/b',
        { style: 'path', bucket: 'bucket', rawKey: 'a/b', provider: 'S3-compatible server' },
      ],
    ];
    for (const [host, path, expected] of cases) {
      it(`reads ${host}${path}`, () => {
        const info = analyzeHost(host, undefined, path);
        for (const [field, value] of Object.entries(expected))
          assert.equal(info[field as keyof typeof info], value, `${field} of ${host}`);
      });
    }

    it('keeps a non-default port in the signed host and drops a default one', () => {
      assert.equal(
        parseOk(
          SAMPLE.replace(
            'https://presign-lens-fixtures.s3.us-east-1.amazonaws.com',
            'http://127.0.0.1:9000/presign-lens-fixtures',
          ),
        ).host.host,
        '127.0.0.1:9000',
      );
      assert.equal(
        parseOk(SAMPLE.replace('amazonaws.com/', 'amazonaws.com:443/')).host.host,
        'presign-lens-fixtures.s3.us-east-1.amazonaws.com',
      );
      assert.equal(
        parseOk(SAMPLE.replace('https://', 'HTTPS://').replace('presign-lens-fixtures.s3', 'Presign-Lens-Fixtures.S3'))
          .host.host,
        'presign-lens-fixtures.s3.us-east-1.amazonaws.com',
      );
    });

    it('reads the host a client contacts, as WHATWG URL clients do, when "\\" or "@" is in the authority', () => {
      const url = parseOk(SAMPLE.replace('https://', 'https://attacker.example\\@'));
      assert.equal(url.host.host, 'attacker.example');
      assert.equal(url.host.hostname, new URL(url.url).hostname, 'the host fetch contacts');
      assert.equal(url.rawPath, '/@presign-lens-fixtures.s3.us-east-1.amazonaws.com/with%20space.txt');
      assert.deepEqual(url.hostConfusion, {
        written: 'presign-lens-fixtures.s3.us-east-1.amazonaws.com',
        contacted: 'attacker.example',
        cause: 'backslash',
      });
      const user = parseOk(SAMPLE.replace('https://', 'https://me:secret@'));
      assert.equal(user.host.host, 'presign-lens-fixtures.s3.us-east-1.amazonaws.com');
      assert.equal(user.hostConfusion?.cause, 'userinfo');
      assert.equal(parseOk(SAMPLE).hostConfusion, undefined);
    });

    it('reads virtual-hosted style on custom endpoints: bucket.localhost and hosts under a known endpoint', () => {
      const local = parseOk(
        SAMPLE.replace('https://presign-lens-fixtures.s3.us-east-1.amazonaws.com', 'http://bkt.localhost:8080'),
      );
      assert.equal(local.bucket, 'bkt');
      assert.equal(local.key, 'with space.txt');
      assert.equal(local.host.style, 'virtual-hosted');
      const minio = SAMPLE.replace(
        'https://presign-lens-fixtures.s3.us-east-1.amazonaws.com',
        'https://media.minio.example.com',
      );
      assert.equal(parseOk(minio).bucket, 'with space.txt', 'without the endpoint: path style assumed');
      const known = parsePresignedUrl(minio, { endpoints: ['https://minio.example.com'] });
      assert.ok(known.ok);
      assert.equal(known.value.bucket, 'media');
      assert.equal(known.value.key, 'with space.txt');
      const otherPort = parsePresignedUrl(minio, { endpoints: ['https://minio.example.com:9000'] });
      assert.ok(otherPort.ok);
      assert.equal(otherPort.value.host.style, 'path', 'another port is another server');
    });
  });

  describe('other signature versions', () => {
    it('recognises SigV4a and reads its region set and regionless scope', () => {
      const url = parseOk(
        'https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/k?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=300&X-Amz-Region-Set=us-east-1%2Ceu-west-1&X-Amz-SignedHeaders=host&X-Amz-Signature=3045022100ab',
      );
      assert.equal(url.signatureVersion, 'v4a');
      assert.deepEqual(url.regionSet, ['us-east-1', 'eu-west-1']);
      assert.equal(url.credential?.region, '');
      assert.equal(url.credential?.service, 's3');
      assert.equal(url.host.style, 'multi-region-access-point');
    });

    it('reads SigV2 query authentication, whose Expires is an absolute time', () => {
      const url = parseOk(
        'https://johnsmith.s3.amazonaws.com/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620',
      );
      assert.equal(url.signatureVersion, 'v2');
      assert.equal(url.accessKeyId, 'AKIAIOSFODNN7EXAMPLE');
      assert.equal(url.expiresAt?.toISOString(), '2007-03-29T03:40:20.000Z');
      assert.equal(url.expiresIn, undefined);
      assert.equal(url.signature, 'NpgCjnDzrM+WFzoENXmpNDUsSn8=');
      assert.equal(url.bucket, 'johnsmith');
      assert.equal(url.key, 'photos/puppy.jpg');
    });
  });

  describe('input that is not a presigned URL', () => {
    const cases: readonly (readonly [string, string, RegExp])[] = [
      ['an empty string', '  ', /input is empty/],
      ['prose', 'hello world', /No presigned|not a valid host/],
      ['an ftp URL', 'ftp://example.com/file?X-Amz-Signature=ab', /http or https/],
      ['a plain S3 URL', 'https://bucket.s3.amazonaws.com/key.txt', /No presigned-URL parameters/],
      ['a broken host', 'https://exa mple..com:99999/x?X-Amz-Signature=a', /not a valid host/],
    ];
    for (const [name, input, reason] of cases) {
      it(`refuses ${name} with a reason`, () => {
        const parsed = parsePresignedUrl(input);
        assert.equal(parsed.ok, false);
        if (!parsed.ok) assert.match(parsed.error, reason);
      });
    }
  });
});
