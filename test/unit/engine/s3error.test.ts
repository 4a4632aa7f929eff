import * as assert from 'node:assert/strict';
import { explainS3Error, parseS3Error, type PresignedUrl } from '../../../src/engine';
import { QueryParam } from '../../../src/engine/params';
import { canonicalRequestOf, canonicalUri, sigV4RequestFromUrl } from '../../../src/engine/sigv4';
import { createHash } from 'node:crypto';
import { fixtures, parseOk as parse, TEMPORARY } from './fixtures';

const bytes = (text: string): string => [...Buffer.from(text)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
const xmlText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** S3's SignatureDoesNotMatch document for a request whose canonical form is `canonicalRequest`. */
function signatureDoesNotMatch(url: PresignedUrl, canonicalRequest: string): string {
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    url.params.find((p) => p.name === 'X-Amz-Date')!.value,
    `${url.credential!.date}/${url.credential!.region}/s3/aws4_request`,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>' +
    `<AWSAccessKeyId>${url.accessKeyId}</AWSAccessKeyId><StringToSign>${xmlText(stringToSign)}</StringToSign><SignatureProvided>${url.signature}</SignatureProvided>` +
    `<StringToSignBytes>${bytes(stringToSign)}</StringToSignBytes><CanonicalRequest>${xmlText(canonicalRequest)}</CanonicalRequest>` +
    `<CanonicalRequestBytes>${bytes(canonicalRequest)}</CanonicalRequestBytes><RequestId>4442587FB7D0A2F9</RequestId><HostId>Rg0/Bcf1aOH7E9k=</HostId></Error>`
  );
}

/** The canonical request S3 computes for the URL when the client sends `method` and `headers`. */
const received = (url: PresignedUrl, method: string, headers: Record<string, string> = {}, rawPath?: string): string =>
  canonicalRequestOf({ ...sigV4RequestFromUrl(url, method, headers), ...(rawPath ? { canonicalUri: rawPath } : {}) });

describe('explainS3Error', () => {
  let put: PresignedUrl;
  let putSecret: string;
  let temporaryGet: PresignedUrl;
  before(async () => {
    const all = await fixtures();
    const f = all.find((x) => x.method === 'PUT' && x.headers['content-type'] && !x.temporary)!;
    put = parse(f.url);
    putSecret = f.secretAccessKey;
    temporaryGet = parse(all.find((x) => x.method === 'GET' && x.temporary)!.url);
  });

  describe('reading what people paste', () => {
    const doc =
      '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a&amp;b &lt;c&gt;.txt</Key><RequestId>1</RequestId></Error>';

    it('reads the plain XML, with or without its declaration', () => {
      assert.equal(parseS3Error(doc)?.fields['Key'], 'a&b <c>.txt');
      assert.equal(parseS3Error(`<?xml version="1.0" encoding="UTF-8"?>\n${doc}`)?.code, 'NoSuchKey');
    });

    it('reads it inside the browser’s "no style information" page, lines wrapped and indented', () => {
      const page = `This XML file does not appear to have any style information associated with it. The document tree is shown below.\n<Error>\n  <Code>NoSuchKey</Code>\n  <Message>The specified key\n    does not exist.</Message>\n  <Key>a.txt</Key>\n</Error>`;
      const parsed = parseS3Error(page);
      assert.equal(parsed?.code, 'NoSuchKey');
      assert.equal(parsed?.message, 'The specified key does not exist.');
    });

    it('decodes StringToSignBytes and CanonicalRequestBytes, wrapped over lines', () => {
      const xml = signatureDoesNotMatch(put, received(put, 'GET'))
        .replace(/(<StringToSign>)[^<]*/, '$1garbled')
        .replace(/(\S+ ){16}/g, '$&\n');
      const parsed = parseS3Error(xml)!;
      assert.equal(parsed.fields['StringToSign']!.split('\n')[0], 'AWS4-HMAC-SHA256');
      assert.equal(parsed.fields['CanonicalRequest']!.split('\n')[0], 'GET');
    });

    it('keeps a character reference beyond Unicode as written instead of failing', () => {
      const odd = '<Error><Code>NoSuchKey</Code><Message>m</Message><Key>&#x110000;&#9999999;&#233;</Key></Error>';
      assert.equal(parseS3Error(odd)?.fields['Key'], '&#x110000;&#9999999;é');
      assert.equal(explainS3Error(odd)?.explanations[0]?.code, 'NO_SUCH_KEY');
    });

    it('gives up with undefined on text with no <Error>', () => {
      assert.equal(explainS3Error('Forbidden'), undefined);
      assert.equal(explainS3Error('<Error><Message>no code</Message></Error>'), undefined);
    });
  });

  describe('SignatureDoesNotMatch, against the URL', () => {
    it('names a different method, line by line, without the secret', () => {
      const result = explainS3Error(
        signatureDoesNotMatch(
          put,
          received(put, 'GET', put.signedHeaders.includes('content-type') ? { 'content-type': 'text/csv' } : {}),
        ),
        { url: put },
      )!;
      assert.equal(result.errorCode, 'SignatureDoesNotMatch');
      assert.deepEqual(
        result.explanations.map((e) => e.code),
        ['METHOD_MISMATCH'],
      );
      assert.equal(
        result.explanations[0]!.message,
        'S3 received method GET; the URL was signed for PUT (x-id=PutObject).',
      );
      const changed = result.diff!.canonicalRequest!.filter((l) => l.kind !== 'same');
      assert.deepEqual(changed, [
        { kind: 'expected', text: 'PUT' },
        { kind: 'received', text: 'GET' },
      ]);
    });

    it('names a rewritten host and a changed key encoding', () => {
      const proxied = received(put, 'PUT', { 'content-type': 'text/csv', host: 'files.example.com' });
      const viaProxy = explainS3Error(signatureDoesNotMatch(put, proxied), { url: put })!;
      assert.ok(
        viaProxy.explanations.some(
          (e) => e.code === 'ADDRESSING_STYLE' && e.message.startsWith('S3 received host:files.example.com;'),
        ),
        JSON.stringify(viaProxy.explanations),
      );
      const otherPath = canonicalUri(put.rawPath).replace(/(\.\w+)$/, '%2Bcopy$1');
      const encoded = explainS3Error(
        signatureDoesNotMatch(put, received(put, 'PUT', { 'content-type': 'text/csv' }, otherPath)),
        { url: put },
      )!;
      assert.ok(
        encoded.explanations.some((e) => e.code === 'KEY_ENCODING' && e.message.includes(otherPath)),
        JSON.stringify(encoded.explanations),
      );
    });

    it('names a parameter added on the way', () => {
      const withParam = received(
        {
          ...put,
          params: [
            ...put.params,
            new QueryParam('utm_source', 'mail', true, 'utm_source', 'utm_source', 'mail', 'unknown', false),
          ],
        },
        'PUT',
        { 'content-type': 'text/csv' },
      );
      const result = explainS3Error(signatureDoesNotMatch(put, withParam), { url: put })!;
      assert.ok(
        result.explanations.some((e) => e.code === 'PARAMETER_CHANGED' && e.message.includes('utm_source')),
        JSON.stringify(result.explanations),
      );
    });

    it('with the secret, finds the exact cause: the signed header value', () => {
      const png = received(put, 'PUT', { 'content-type': 'image/png' });
      const result = explainS3Error(signatureDoesNotMatch(put, png), { url: put, secretAccessKey: putSecret })!;
      assert.deepEqual(result.explanations, [
        { code: 'HEADER_MISMATCH', message: 'Signed with Content-Type: text/csv; the request sends image/png.' },
      ]);
    });

    it('with the secret, says when S3 must hold another secret for the key', () => {
      const same = received(put, 'PUT', { 'content-type': 'text/csv' });
      const result = explainS3Error(signatureDoesNotMatch(put, same), { url: put, secretAccessKey: putSecret })!;
      assert.equal(result.explanations[0]!.code, 'WRONG_SECRET');
      assert.match(result.explanations[0]!.message, /S3 holds another secret/);
    });

    it('identifies the received request from StringToSign alone when S3 sends no CanonicalRequest', () => {
      const xml = signatureDoesNotMatch(put, received(put, 'PUT', { 'content-type': 'image/jpeg' })).replace(
        /<CanonicalRequest>[^]*<\/CanonicalRequestBytes>/,
        '',
      );
      const result = explainS3Error(xml, { url: put })!;
      assert.deepEqual(result.explanations, [
        { code: 'HEADER_MISMATCH', message: 'S3 received a PUT request with Content-Type: image/jpeg.' },
      ]);
    });

    it('redacts the session token everywhere: fields, diff, explanations', () => {
      const xml = signatureDoesNotMatch(temporaryGet, received(temporaryGet, 'PUT'));
      const result = explainS3Error(xml, { url: temporaryGet })!;
      const all = JSON.stringify(result);
      assert.ok(
        !all.includes(TEMPORARY.sessionToken) && !all.includes(encodeURIComponent(TEMPORARY.sessionToken)),
        'token leaked',
      );
      assert.match(result.fields['CanonicalRequest']!, /X-Amz-Security-Token=REDACTED/);
    });
  });

  describe('the other errors S3 sends for presigned URLs', () => {
    const cases: readonly (readonly [string, string, string, RegExp])[] = [
      [
        'expired',
        '<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>900</X-Amz-Expires><Expires>2026-03-14T15:24:26Z</Expires><ServerTime>2026-03-16T16:24:26Z</ServerTime></Error>',
        'EXPIRED',
        /expired at 2026-03-14T15:24:26Z; S3’s clock said 2026-03-16T16:24:26Z 2 days 1 h late/,
      ],
      [
        'over a week',
        '<Error><Code>AuthorizationQueryParametersError</Code><Message>X-Amz-Expires must be less than a week (in seconds) that is; 604800</Message></Error>',
        'EXPIRES_TOO_LONG',
        /604800/,
      ],
      [
        'wrong region',
        "<Error><Code>AuthorizationQueryParametersError</Code><Message>Error parsing the X-Amz-Credential parameter; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region></Error>",
        'REGION_MISMATCH',
        /Signed for region us-east-1, but the bucket is in eu-west-1/,
      ],
      [
        'expired token',
        '<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message><Token-0>FwoGZXIvYXdzEBYaDKq1example</Token-0></Error>',
        'TOKEN_EXPIRED',
        /temporary credentials/,
      ],
      [
        'unknown key',
        '<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message><AWSAccessKeyId>AKIAXXXXXXXXXXXXXXXX</AWSAccessKeyId></Error>',
        'UNKNOWN_ACCESS_KEY',
        /AKIAXXXXXXXXXXXXXXXX/,
      ],
      [
        'headers not signed',
        '<Error><Code>AccessDenied</Code><Message>There were headers present in the request which were not signed</Message><HeadersNotSigned>x-amz-checksum-crc32</HeadersNotSigned></Error>',
        'HEADERS_NOT_SIGNED',
        /x-amz-checksum-crc32/,
      ],
      [
        'a malformed authorization that is not about the region',
        '<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the Credential is mal-formed; expecting "&lt;YOUR-AKID&gt;/YYYYMMDD/REGION/SERVICE/aws4_request".</Message></Error>',
        'AUTHORIZATION_MALFORMED',
        /the Credential is mal-formed/,
      ],
      [
        'a malformed authorization about the region',
        "<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message></Error>",
        'REGION_MISMATCH',
        /Signed for region us-east-1, but the bucket is in eu-west-1/,
      ],
      [
        'KMS with SigV2',
        '<Error><Code>InvalidArgument</Code><Message>Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4.</Message><ArgumentName>Authorization</ArgumentName></Error>',
        'SIGV2',
        /SigV4/,
      ],
      [
        'permanent redirect',
        '<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.</Message><Endpoint>acme.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>acme</Bucket></Error>',
        'REGION_MISMATCH',
        /acme\.s3\.eu-west-1\.amazonaws\.com/,
      ],
      [
        'access denied',
        '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
        'ACCESS_DENIED',
        /permission/,
      ],
      [
        'no such key',
        '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a+b.txt</Key></Error>',
        'NO_SUCH_KEY',
        /"a\+b\.txt"/,
      ],
      [
        'no such bucket',
        '<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>nope</BucketName></Error>',
        'NO_SUCH_BUCKET',
        /"nope"/,
      ],
      [
        'anything else',
        '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
        'S3_ERROR',
        /SlowDown: Please reduce/,
      ],
    ];
    for (const [name, xml, code, message] of cases) {
      it(`explains ${name} as ${code}`, () => {
        const result = explainS3Error(xml)!;
        assert.equal(result.explanations[0]!.code, code);
        assert.match(result.explanations[0]!.message, message);
      });
    }

    it('says "no signature" when access is denied to a URL that carries none, not that it was accepted', () => {
      const cut = parse(
        'https://b.s3.eu-west-1.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host',
      );
      const result = explainS3Error('<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>', {
        url: cut,
      })!;
      assert.equal(result.explanations[0]!.code, 'UNSIGNED_REQUEST');
      assert.doesNotMatch(result.explanations[0]!.message, /accepted/);
    });

    it('leaves no trace of a session token in S3’s *Bytes fields, in any encoding', () => {
      const token = 'IQoJb3JpZ2luX2VjEHostTestToken+with/slashes==';
      const canonical = `GET\n/k\nX-Amz-Security-Token=${encodeURIComponent(token)}&X-Amz-Date=1\nhost:b\n\nhost\nUNSIGNED-PAYLOAD`;
      const hex = Array.from(Buffer.from(canonical), (b) => b.toString(16).padStart(2, '0')).join(' ');
      const xml = `<Error><Code>SignatureDoesNotMatch</Code><Message>x</Message><CanonicalRequestBytes>${hex}</CanonicalRequestBytes></Error>`;
      const shown = JSON.stringify(explainS3Error(xml));
      const tokenHex = Array.from(Buffer.from(encodeURIComponent(token)), (b) => b.toString(16).padStart(2, '0')).join(
        ' ',
      );
      for (const form of [
        token,
        encodeURIComponent(token),
        tokenHex,
        tokenHex.slice(0, 30),
        Buffer.from(token).toString('base64'),
      ]) {
        assert.ok(!shown.includes(form), `the token shows as ${form.slice(0, 20)}…`);
      }
      assert.match(shown, /X-Amz-Security-Token=REDACTED/);
    });

    it('redacts the token S3 echoes with ExpiredToken', () => {
      const result = explainS3Error(
        '<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message><Token-0>FwoGZXIvYXdzEBYaDKq1example</Token-0></Error>',
      )!;
      assert.equal(result.fields['Token-0'], 'REDACTED(27 chars)');
    });
  });
});
