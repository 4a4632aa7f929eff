import * as assert from 'node:assert/strict';
import { diagnosePostForm, parsePostForm, type PostFinding, type PostForm } from '../../../src/engine/post';

const NOW = new Date('2026-03-14T15:10:00Z');
const CREDENTIAL = 'AKIAIOSFODNN7EXAMPLE/20260314/us-east-1/s3/aws4_request';
const SIGNATURE = 'a'.repeat(64);

interface Options {
  readonly url?: string;
  readonly expiration?: string;
  /** The raw policy text, instead of one built from the conditions. */
  readonly policyJson?: string;
}

/** A SigV4 form with these conditions and fields (the signing fields and their conditions added). */
function form(conditions: unknown[], fields: Record<string, string>, options: Options = {}): PostForm {
  const signing = {
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    'x-amz-credential': CREDENTIAL,
    'x-amz-date': '20260314T150926Z',
  };
  const json =
    options.policyJson ??
    JSON.stringify({
      expiration: options.expiration ?? '2026-03-14T16:09:26Z',
      conditions: [...conditions, ...Object.entries(signing).map(([k, v]) => ({ [k]: v }))],
    });
  const all = { ...fields, ...signing, policy: Buffer.from(json).toString('base64'), 'x-amz-signature': SIGNATURE };
  const result = parsePostForm(
    JSON.stringify({ url: options.url ?? 'https://b.s3.us-east-1.amazonaws.com/', fields: all }),
  );
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}

const findings = (f: PostForm): PostFinding[] => diagnosePostForm(f, { now: NOW });
const codes = (f: PostForm): string[] => findings(f).map((x) => x.code);
/** The one finding with this code; fails when there are none or several. */
function only(f: PostForm, code: string): PostFinding {
  const found = findings(f).filter((x) => x.code === code);
  assert.equal(found.length, 1, `${code} in ${JSON.stringify(codes(f))}`);
  return found[0]!;
}

const BASE = [{ bucket: 'b' }, { key: 'a.txt' }, ['content-length-range', 1, 100]];

describe('diagnosePostForm', () => {
  it('finds nothing in a tight, well-formed form', () => {
    assert.deepEqual(codes(form(BASE, { key: 'a.txt' })), []);
  });

  it('POLICY_EXPIRED once the expiration has passed, not at the instant', () => {
    assert.match(
      only(form(BASE, { key: 'a.txt' }, { expiration: '2026-03-14T15:09:00Z' }), 'POLICY_EXPIRED').message,
      /Policy expired/,
    );
    assert.deepEqual(codes(form(BASE, { key: 'a.txt' }, { expiration: '2026-03-14T15:10:00Z' })), []);
  });

  describe('POLICY_MALFORMED, for what S3 answers InvalidPolicyDocument', () => {
    const cases: [string, string, RegExp][] = [
      ['Python-style quotes', "{'expiration': '2030-01-01T00:00:00Z', 'conditions': []}", /not JSON/],
      ['no expiration', '{"conditions": [{"key": "a.txt"}]}', /no "expiration"/],
      ['upper-case members', '{"EXPIRATION": "2030-01-01T00:00:00Z", "CONDITIONS": []}', /Unexpected: 'expiration'/],
      [
        'an expiration with an offset',
        '{"expiration": "2030-01-01T00:00:00+02:00", "conditions": []}',
        /Invalid 'expiration' value/,
      ],
      [
        'a float bound',
        '{"expiration": "2030-01-01T00:00:00Z", "conditions": [["content-length-range", 0, 512.0]]}',
        /Invalid JSON/,
      ],
      [
        'a two-property condition',
        '{"expiration": "2030-01-01T00:00:00Z", "conditions": [{"key": "a", "acl": "b"}]}',
        /exactly one property/,
      ],
      [
        'a number value',
        '{"expiration": "2030-01-01T00:00:00Z", "conditions": [{"Content-Length": 6199034}]}',
        /must be a string/,
      ],
      [
        'an unknown operation',
        '{"expiration": "2030-01-01T00:00:00Z", "conditions": [["in", "$key", "a"]]}',
        /unknown operation/,
      ],
    ];
    for (const [name, json, message] of cases) {
      it(name, () => {
        const found = findings(form([], { key: 'a.txt' }, { policyJson: json })).filter(
          (x) => x.code === 'POLICY_MALFORMED',
        );
        assert.ok(
          found.some((x) => message.test(x.message)),
          JSON.stringify(found.map((x) => x.message)),
        );
      });
    }

    it('a policy that is not base64', () => {
      const f = parsePostForm(
        JSON.stringify({ fields: { key: 'k', policy: 'not*base64!', 'x-amz-signature': SIGNATURE } }),
      );
      assert.ok(f.ok);
      assert.match(only(f.value, 'POLICY_MALFORMED').message, /not standard base64/);
    });
  });

  it('NO_POLICY for a form without one', () => {
    const f = parsePostForm('{"url": "https://b.s3.amazonaws.com/", "fields": {"key": "a.txt"}}');
    assert.ok(f.ok);
    assert.deepEqual(
      findings(f.value).map((x) => x.code),
      ['NO_POLICY'],
    );
  });

  it('MISSING_FIELD for the key and for a SigV4 field S3 requires', () => {
    const noKey = form(BASE, {});
    assert.match(only(noKey, 'MISSING_FIELD').message, /Bucket POST must contain a field named 'key'/);
    const html = parsePostForm(
      `<form action="https://b.s3.amazonaws.com/" method="post" enctype="multipart/form-data"><input name="x-amz-credential" value="${CREDENTIAL}"><input name="policy" value="e30="><input type="file" name="file"><input name="key" value="k"></form>`,
    );
    assert.ok(html.ok);
    const missing = findings(html.value).filter((x) => x.code === 'MISSING_FIELD');
    assert.deepEqual(
      missing.map((x) => x.field),
      ['key', 'X-Amz-Algorithm', 'X-Amz-Date', 'X-Amz-Signature'],
    );
    assert.match(missing[0]!.fix, /file must be the last field/);
  });

  it('MALFORMED_FIELD for a wrong algorithm, a credential of another day, a cut signature', () => {
    const f = parsePostForm(
      JSON.stringify({
        fields: {
          key: 'k',
          'x-amz-algorithm': 'AWS4-HMAC-SHA1',
          'x-amz-credential': 'AKIAIOSFODNN7EXAMPLE/20260313/us-east-1/s3/aws4_request',
          'x-amz-date': '20260314T150926Z',
          policy: 'e30=',
          'x-amz-signature': 'abc',
        },
      }),
    );
    assert.ok(f.ok);
    const messages = findings(f.value)
      .filter((x) => x.code === 'MALFORMED_FIELD')
      .map((x) => x.field);
    assert.deepEqual(messages, ['x-amz-algorithm', 'x-amz-credential', 'x-amz-signature']);
  });

  it('EXTRA_INPUT_FIELD for a field no condition names; x-ignore- fields are exempt', () => {
    const f = form(BASE, { key: 'a.txt', 'x-amz-meta-note': 'n', 'x-ignore-trace': 't' });
    const finding = only(f, 'EXTRA_INPUT_FIELD');
    assert.equal(finding.field, 'x-amz-meta-note');
    assert.match(finding.message, /Extra input fields: x-amz-meta-note/);
  });

  it('FIELD_VIOLATES_CONDITION for a value, or a ${filename} template, that can never meet its condition', () => {
    const type = only(
      form([...BASE, ['starts-with', '$Content-Type', 'image/']], { key: 'a.txt', 'Content-Type': 'text/plain' }),
      'FIELD_VIOLATES_CONDITION',
    );
    assert.equal(type.field, 'Content-Type');
    const template = form([{ bucket: 'b' }, { key: 'a/b.txt' }, ['content-length-range', 1, 2]], {
      key: 'x/${filename}',
    });
    assert.equal(only(template, 'FIELD_VIOLATES_CONDITION').field, 'key');
    const fits = form([{ bucket: 'b' }, ['starts-with', '$key', 'uploads/'], ['content-length-range', 1, 2]], {
      key: 'uploads/${filename}',
    });
    assert.deepEqual(codes(fits), []);
  });

  it('CONDITIONS_CONFLICT for conditions that can never all hold', () => {
    const twoValues = form([...BASE, { acl: 'private' }, ['eq', '$acl', 'public-read']], {
      key: 'a.txt',
      acl: 'private',
    });
    assert.match(only(twoValues, 'CONDITIONS_CONFLICT').message, /two different exact values/);
    const prefix = form([...BASE, ['starts-with', '$Content-Type', 'image/'], { 'Content-Type': 'text/plain' }], {
      key: 'a.txt',
      'Content-Type': 'text/plain',
    });
    assert.match(findings(prefix).find((x) => x.code === 'CONDITIONS_CONFLICT')!.message, /does not start with/);
    const inverted = form([{ bucket: 'b' }, { key: 'a.txt' }, ['content-length-range', 100, 1]], { key: 'a.txt' });
    assert.match(only(inverted, 'CONDITIONS_CONFLICT').message, /minimum above its maximum/);
    const disjoint = form([...BASE, ['content-length-range', 200, 300]], { key: 'a.txt' });
    assert.match(only(disjoint, 'CONDITIONS_CONFLICT').message, /no size/);
  });

  it('CONDITION_FIELD_NOT_SENT for a field the uploader must add, even for an empty starts-with', () => {
    const f = form([...BASE, ['starts-with', '$Content-Type', 'image/']], { key: 'a.txt' });
    const finding = only(f, 'CONDITION_FIELD_NOT_SENT');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /starting with "image\/"/);
  });

  it('BUCKET_MISMATCH when the form posts to another bucket than its policy names', () => {
    const f = form(BASE, { key: 'a.txt' }, { url: 'https://other.s3.us-east-1.amazonaws.com/' });
    assert.match(only(f, 'BUCKET_MISMATCH').message, /for bucket "b" but the form posts to bucket "other"/);
  });

  it('REGION_MISMATCH for a regional endpoint of another region, not for the global endpoint', () => {
    const f = form(BASE, { key: 'a.txt' }, { url: 'https://b.s3.eu-west-1.amazonaws.com/' });
    assert.match(only(f, 'REGION_MISMATCH').message, /the region 'us-east-1' is wrong; expecting 'eu-west-1'/);
    assert.deepEqual(codes(form(BASE, { key: 'a.txt' }, { url: 'https://b.s3.amazonaws.com/' })), []);
  });

  it('CONTENT_TYPE_UNCONSTRAINED, KEY_UNCONSTRAINED and SIZE_UNCONSTRAINED for a policy that lets anything in', () => {
    const f = form([{ bucket: 'b' }, ['starts-with', '$key', ''], ['starts-with', '$Content-Type', '']], {
      key: 'a.txt',
      'Content-Type': 'text/html',
    });
    assert.deepEqual(codes(f).sort(), ['CONTENT_TYPE_UNCONSTRAINED', 'KEY_UNCONSTRAINED', 'SIZE_UNCONSTRAINED']);
  });

  it('EXACT_MATCH_ONLY for starts-with on a field AWS documents as exact only', () => {
    const f = form([...BASE, ['starts-with', '$x-amz-server-side-encryption', 'aws:']], {
      key: 'a.txt',
      'x-amz-server-side-encryption': 'aws:kms',
    });
    assert.equal(only(f, 'EXACT_MATCH_ONLY').severity, 'info');
  });

  it('TOKEN_MISSING for an ASIA key without its token; TEMPORARY_CREDENTIALS with it, token redacted', () => {
    const asia = 'ASIAY34FZKBOKMUTVV7A/20260314/us-east-1/s3/aws4_request';
    const token = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token==';
    const json = (fields: Record<string, string>): string =>
      JSON.stringify({
        url: 'https://b.s3.amazonaws.com/',
        fields: { key: 'a.txt', 'x-amz-credential': asia, ...fields },
      });
    const without = parsePostForm(json({}));
    assert.ok(without.ok);
    assert.equal(findings(without.value).filter((x) => x.code === 'TOKEN_MISSING').length, 1);
    const policy = Buffer.from(
      JSON.stringify({ expiration: '2030-01-01T00:00:00Z', conditions: [{ 'x-amz-security-token': 'nope' }] }),
    ).toString('base64');
    const withToken = parsePostForm(json({ 'x-amz-security-token': token, policy }));
    assert.ok(withToken.ok);
    const all = findings(withToken.value);
    assert.ok(all.some((x) => x.code === 'TEMPORARY_CREDENTIALS'));
    const violation = all.find((x) => x.code === 'FIELD_VIOLATES_CONDITION')!;
    assert.ok(!violation.message.includes(token), violation.message);
    assert.match(violation.message, /REDACTED/);
  });

  it('SIGV2 (an error where S3 refuses it) and SIGV2_KMS', () => {
    const v2 = (url: string, fields: Record<string, string> = {}): PostForm => {
      const policy = Buffer.from(
        JSON.stringify({
          expiration: '2030-01-01T00:00:00Z',
          conditions: [
            { bucket: 'b' },
            { key: 'k' },
            ['content-length-range', 1, 2],
            ...Object.entries(fields).map(([k, v]) => ({ [k]: v })),
          ],
        }),
      ).toString('base64');
      const f = parsePostForm(
        JSON.stringify({
          url,
          fields: {
            key: 'k',
            ...fields,
            AWSAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
            policy,
            signature: 'qA7FWXKq6VvU68lI9KdveT1cWgE=',
          },
        }),
      );
      assert.ok(f.ok);
      return f.value;
    };
    assert.equal(only(v2('https://b.s3.us-west-2.amazonaws.com/'), 'SIGV2').severity, 'warning');
    assert.equal(only(v2('https://b.s3.eu-central-1.amazonaws.com/'), 'SIGV2').severity, 'error');
    assert.match(
      only(v2('https://b.s3.amazonaws.com/', { 'x-amz-server-side-encryption': 'aws:kms' }), 'SIGV2_KMS').message,
      /require AWS Signature Version 4/,
    );
  });

  it('FIELDS_AFTER_FILE naming what S3 ignores', () => {
    const html = parsePostForm(
      `<form action="https://b.s3.amazonaws.com/" method="post" enctype="multipart/form-data"><input name="key" value="k"><input type="file" name="file"><input name="acl" value="private"><input name="x-amz-meta-a" value="1"></form>`,
    );
    assert.ok(html.ok);
    assert.match(only(html.value, 'FIELDS_AFTER_FILE').message, /ignores the fields after the file: acl, x-amz-meta-a/);
  });
});
