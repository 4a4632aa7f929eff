// What a user asks of an upload form, checked and turned into a presigner's fields and conditions; sizes
// as typed; which pasted text is a form and which S3 answer is to a form.
import * as assert from 'node:assert/strict';
import {
  conditionAllows,
  formatByteSize,
  isPostError,
  looksLikePostForm,
  MAX_POST_UPLOAD_BYTES,
  parseByteSize,
  parseExpiry,
  postPolicyRequest,
  type PostCondition,
  type PostFormChoices,
} from '../../../src/engine';

const BASE: PostFormChoices = { bucket: 'acme', key: 'uploads/${filename}' };

describe('postPolicyRequest', () => {
  it('leaves the key to the presigner: exact, or a prefix the final ${filename} turns into starts-with', () => {
    for (const key of ['a.png', 'uploads/${filename}', 'dir/sub/']) {
      const r = postPolicyRequest({ ...BASE, key });
      assert.ok(r.ok);
      assert.deepEqual(r.value, { bucket: 'acme', key, fields: {}, conditions: [] });
    }
  });

  it('puts an exact Content-Type in the fields (the presigner signs each field exactly), a prefix in the conditions', () => {
    const exact = postPolicyRequest({ ...BASE, contentType: { rule: 'exact', value: 'image/png' } });
    assert.ok(exact.ok);
    assert.deepEqual(exact.value.fields, { 'Content-Type': 'image/png' });
    assert.deepEqual(exact.value.conditions, []);
    const prefix = postPolicyRequest({ ...BASE, contentType: { rule: 'starts-with', value: 'image/' } });
    assert.ok(prefix.ok);
    assert.deepEqual(prefix.value.conditions, [['starts-with', '$Content-Type', 'image/']]);
    const any = postPolicyRequest({ ...BASE, contentType: { rule: 'any' } });
    assert.ok(any.ok);
    assert.deepEqual(any.value.conditions, [['starts-with', '$Content-Type', '']]);
  });

  it('makes one content-length-range, 0 or 5 GiB standing in for the bound not given', () => {
    const cases: readonly [Partial<PostFormChoices>, readonly [number, number]][] = [
      [{ minSize: 1, maxSize: 10_000_000 }, [1, 10_000_000]],
      [{ maxSize: 5 }, [0, 5]],
      [{ minSize: 7 }, [7, MAX_POST_UPLOAD_BYTES]],
      [{ minSize: 3, maxSize: 3 }, [3, 3]],
    ];
    for (const [sizes, range] of cases) {
      const r = postPolicyRequest({ ...BASE, ...sizes });
      assert.ok(r.ok);
      assert.deepEqual(r.value.conditions, [['content-length-range', ...range]]);
    }
  });

  it('keeps extra fields as typed, in order', () => {
    const r = postPolicyRequest({
      ...BASE,
      fields: [
        { name: 'acl', value: 'public-read' },
        { name: 'success_action_status', value: '201' },
        { name: 'x-amz-meta-owner', value: 'alice, bob' },
        { name: 'Cache-Control', value: 'max-age=60' },
      ],
    });
    assert.ok(r.ok);
    assert.deepEqual(Object.entries(r.value.fields), [
      ['acl', 'public-read'],
      ['success_action_status', '201'],
      ['x-amz-meta-owner', 'alice, bob'],
      ['Cache-Control', 'max-age=60'],
    ]);
  });

  it('refuses, with one line saying why, what would make a form S3 refuses or the presigner mangles', () => {
    const cases: readonly [Partial<PostFormChoices>, RegExp][] = [
      [{ bucket: '' }, /No bucket/],
      [{ key: '' }, /key is empty/],
      [{ key: 'a/${filename}/b' }, /\$\{filename\} must end the key/],
      [{ key: 'k'.repeat(1025) }, /over S3's 1024 bytes/],
      [{ key: 'é'.repeat(513) }, /over S3's 1024 bytes/],
      [{ contentType: { rule: 'exact', value: 'text/plain\r\nX: 1' } }, /control character \\r/],
      [{ contentType: { rule: 'starts-with', value: '' } }, /Content-Type is empty/],
      [{ minSize: 10, maxSize: 9 }, /minimum size \(10 bytes\) is above the maximum \(9 bytes\)/],
      [{ maxSize: MAX_POST_UPLOAD_BYTES + 1 }, /at most 5 GiB/],
      [{ minSize: -1 }, /whole numbers/],
      [{ minSize: 1.5 }, /whole numbers/],
      [{ fields: [{ name: 'key', value: 'x' }] }, /written by the presigner/],
      [{ fields: [{ name: 'X-Amz-Security-Token', value: 'x' }] }, /written by the presigner/],
      [{ fields: [{ name: 'content-type', value: 'x' }] }, /its own option/],
      [{ fields: [{ name: 'bad name', value: 'x' }] }, /not a field name/],
      [{ fields: [{ name: 'x-amz-meta-a', value: 'line\nbreak' }] }, /control character/],
      [{ fields: [{ name: 'acl', value: 'everyone' }] }, /not a canned ACL/],
      [{ fields: [{ name: 'success_action_status', value: '302' }] }, /takes 200, 201, 204/],
      [
        {
          fields: [
            { name: 'acl', value: 'private' },
            { name: 'ACL', value: 'private' },
          ],
        },
        /given twice/,
      ],
    ];
    for (const [choices, reason] of cases) {
      const r = postPolicyRequest({ ...BASE, ...choices });
      assert.ok(!r.ok, JSON.stringify(choices));
      assert.match(r.error, reason);
      assert.ok(!r.error.includes('\n'));
    }
  });
});

describe('parseByteSize and formatByteSize', () => {
  it('reads bytes, decimal units and binary units as the units say', () => {
    const cases: readonly [string, number][] = [
      ['0', 0],
      ['5000', 5000],
      ['10MB', 10_000_000],
      ['10 mb', 10_000_000],
      ['5MiB', 5 * 1024 * 1024],
      ['1.5GB', 1_500_000_000],
      ['5GiB', MAX_POST_UPLOAD_BYTES],
      ['2KiB', 2048],
      ['3kb', 3000],
      ['7B', 7],
    ];
    for (const [text, value] of cases) assert.deepEqual(parseByteSize(text, 'any'), { ok: true, value }, text);
  });

  it('reads decimal units and fractions only when asked (a part size takes binary units only)', () => {
    assert.equal(parseByteSize('10MB').ok, false);
    assert.equal(parseByteSize('1.5GiB').ok, false);
    assert.deepEqual(parseByteSize('5MiB'), { ok: true, value: 5 * 1024 * 1024 });
  });

  it('refuses what is not a size', () => {
    for (const text of ['', 'ten', '-1', '10 TB', '1.5', '1e6', '10MBs', '99999999999999999GiB'])
      assert.equal(parseByteSize(text, 'any').ok, false, text);
  });

  it('writes a size in the unit it is whole in, with its exact bytes', () => {
    assert.equal(formatByteSize(10_000_000), '10 MB (10,000,000 bytes)');
    assert.equal(formatByteSize(5 * 1024 * 1024), '5 MiB (5,242,880 bytes)');
    assert.equal(formatByteSize(1), '1 byte');
    assert.equal(formatByteSize(0), '0 bytes');
    assert.equal(formatByteSize(1001), '1,001 bytes');
  });
});

describe('parseExpiry for a form', () => {
  const now = new Date('2026-03-14T15:09:26Z');
  it('takes the URL durations and keeps 7 days as the bound, in a form’s words', () => {
    assert.deepEqual(parseExpiry('1h', now, 'form'), { ok: true, seconds: 3600 });
    assert.deepEqual(parseExpiry('7d', now, 'form'), { ok: true, seconds: 604800 });
    const over = parseExpiry('8d', now, 'form');
    assert.ok(!over.ok);
    assert.match(over.error, /signing key: forms are signed for 7 days at most/);
  });
});

describe('conditionAllows', () => {
  it('says what each kind of condition lets an upload send', () => {
    const c = (condition: Record<string, unknown>): PostCondition =>
      ({ index: 0, text: '', ...condition }) as PostCondition;
    assert.equal(conditionAllows(c({ type: 'eq', field: 'acl', value: 'private' })), 'acl must be exactly "private"');
    assert.equal(conditionAllows(c({ type: 'starts-with', field: 'key', value: 'up/' })), 'key must start with "up/"');
    assert.equal(
      conditionAllows(c({ type: 'starts-with', field: 'x-amz-meta-tag', value: '' })),
      'x-amz-meta-tag may be anything, but must be sent',
    );
    assert.match(conditionAllows(c({ type: 'starts-with', field: 'Content-Type', value: 'image/' })), /each item/);
    assert.equal(
      conditionAllows(c({ type: 'content-length-range', min: 1, max: 10_000_000 })),
      'the file must be 1 byte to 10 MB (10,000,000 bytes), both included',
    );
    assert.match(conditionAllows(c({ type: 'invalid', reason: 'why' })), /S3 cannot apply it \(why\)/);
  });
});

describe('looksLikePostForm', () => {
  it('tells a form from a URL', () => {
    for (const text of [
      '{"url": "https://b.s3.amazonaws.com/", "fields": {}}',
      "  {'url': 'x'}",
      '<form action="https://b.s3.amazonaws.com/" method="post">',
      '<!doctype html><p>Upload</p><form action=x>',
      "curl -F 'key=a' -F file=@a https://b.s3.amazonaws.com/",
      "# Set Content-Type\ncurl --form-string 'key=a' https://b.s3.amazonaws.com/",
      '$ curl --form key=a https://b/',
    ])
      assert.ok(looksLikePostForm(text), text);
    for (const text of [
      'https://b.s3.amazonaws.com/k?X-Amz-Signature=abc',
      "curl 'https://b.s3.amazonaws.com/k?X-Amz-Signature=abc'",
      'curl -o out https://b/k?X-Amz-Signature=a',
      '<a href="https://b/k?X-Amz-Signature=a">link</a>',
    ])
      assert.ok(!looksLikePostForm(text), text);
  });
});

describe('isPostError', () => {
  const error = (code: string, message: string, more = ''): string =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${more}<RequestId>R</RequestId></Error>`;

  it('knows S3’s answers to a form', () => {
    for (const xml of [
      error('AccessDenied', 'Invalid according to Policy: Policy expired.'),
      error('AccessDenied', 'Invalid according to Policy: Extra input fields: x-amz-meta-a'),
      error(
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed size',
        '<ProposedSize>1</ProposedSize><MinSizeAllowed>10</MinSizeAllowed>',
      ),
      error(
        'EntityTooLarge',
        'Your proposed upload exceeds the maximum allowed size',
        '<ProposedSize>11</ProposedSize><MaxSizeAllowed>10</MaxSizeAllowed>',
      ),
      error('InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.'),
      error(
        'InvalidArgument',
        "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
      ),
      error('PreconditionFailed', 'Bucket POST must be of the enclosure-type multipart/form-data'),
      error('MaxPostPreDataLengthExceededError', 'Your POST request fields preceeding the upload file was too large.'),
      error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
        '<StringToSign>eyJleHBpcmF0aW9uIjoiMjAzMC0wMS0wMVQwMDowMDowMFoiLCJjb25kaXRpb25zIjpbXX0=</StringToSign>',
      ),
    ])
      assert.ok(isPostError(xml), xml);
  });

  it('leaves answers to presigned URLs, and what is no error, to the URL reader', () => {
    for (const xml of [
      error('AccessDenied', 'Request has expired'),
      error('AccessDenied', 'Access Denied'),
      error(
        'EntityTooLarge',
        'Your proposed upload exceeds the maximum allowed size',
        '<ProposedSize>6000000000</ProposedSize><MaxSizeAllowed>5368709120</MaxSizeAllowed>',
      ),
      error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
        '<StringToSign>AWS4-HMAC-SHA256\n20260314T150926Z\n20260314/us-east-1/s3/aws4_request\nabc</StringToSign>',
      ),
      error('InvalidArgument', 'X-Amz-Expires must be less than a week'),
      'not an error at all',
    ])
      assert.ok(!isPostError(xml), xml);
  });
});
