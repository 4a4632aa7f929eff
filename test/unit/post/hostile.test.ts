// Forms as an attacker writes them: policies with thousands of conditions, a policy too long for S3, a
// signature computed for a policy the user did not write, ${filename} without a file's name.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  checkPostUpload,
  diagnosePostForm,
  evaluatePostSubmission,
  explainPostError,
  parsePostForm,
  type PostForm,
} from '../../../src/engine/post';
import { signingKey } from '../../../src/engine/sigv4';
import { growth } from '../complexity';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const CREDENTIAL = 'AKIAIOSFODNN7EXAMPLE/20260314/us-east-1/s3/aws4_request';

/** A SigV4 form whose policy holds `conditions`, signed with SECRET unless `signature` is given. */
function form(conditions: unknown[], fields: Record<string, string>, signature?: string): PostForm {
  const signing = [
    { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
    { 'x-amz-credential': CREDENTIAL },
    { 'x-amz-date': '20260314T000000Z' },
  ];
  const policy = Buffer.from(
    JSON.stringify({ expiration: '2099-01-01T00:00:00Z', conditions: [...conditions, ...signing] }),
  ).toString('base64');
  const key = signingKey(SECRET, '20260314', 'us-east-1', 's3');
  const signed = createHmac('sha256', key).update(policy).digest('hex');
  const parsed = parsePostForm(
    JSON.stringify({
      url: 'https://b.s3.amazonaws.com/',
      fields: {
        ...fields,
        'x-amz-algorithm': 'AWS4-HMAC-SHA256',
        'x-amz-credential': CREDENTIAL,
        'x-amz-date': '20260314T000000Z',
        policy,
        'x-amz-signature': signature ?? signed,
      },
    }),
  );
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.value;
}

const now = new Date('2026-03-14T00:00:00Z');

describe('POST forms an attacker writes', () => {
  it('reads, diagnoses and checks a policy of many conditions in linear time', () => {
    // Conditions that agree ({"key": "k"} many times): no pair of them is compared, the session token is looked
    // for once. 4 × 450 of them stay under the longest policy read (32 KiB), so every one is decoded.
    const make = (n: number): PostForm => {
      const f = form([{ bucket: 'b' }, ...Array.from({ length: n }, () => ({ key: 'k' }))], { key: 'k' });
      assert.equal(f.policy!.conditions.length, n + 4);
      return f;
    };
    // n and 4n conditions (4 × 450 stay under the cap): linear work grows about 4-fold, quadratic 16-fold.
    const g = growth(
      make,
      (f) => {
        diagnosePostForm(f, { now });
        checkPostUpload(f, { now, secretAccessKey: SECRET, fileSize: 1 });
      },
      450,
      5,
      4,
    );
    assert.ok(
      g.ratio < 8,
      `${g.single.toFixed(2)} ms for n, ${g.double.toFixed(2)} ms for 4n (×${g.ratio.toFixed(1)})`,
    );
  });

  it('still names conflicting conditions among many', () => {
    const f = form(
      [
        ...Array.from({ length: 200 }, () => ['starts-with', '$key', 'uploads/']),
        ['starts-with', '$key', 'images/'],
        { 'Content-Type': 'image/png' },
        { 'Content-Type': 'image/png' },
        ['starts-with', '$Content-Type', 'text/'],
      ],
      { key: 'uploads/a', 'Content-Type': 'image/png' },
    );
    const conflicts = diagnosePostForm(f, { now }).filter((x) => x.code === 'CONDITIONS_CONFLICT');
    assert.deepEqual(
      conflicts.map((x) => x.message.split(' can never')[0]),
      [
        '["starts-with", "$key", "uploads/"] and ["starts-with", "$key", "images/"]',
        '["eq", "$Content-Type", "image/png"] and ["starts-with", "$Content-Type", "text/"]',
      ],
    );
  });

  it('does not decode a policy too long for S3, and says S3 refuses the upload', () => {
    const f = form(
      Array.from({ length: 3000 }, (_, i) => ({ [`x-amz-meta-${i}`]: 'v' })),
      { key: 'k' },
    );
    assert.ok(f.policy!.base64.length > 32 * 1024);
    assert.equal(f.policy!.conditions.length, 0);
    const finding = diagnosePostForm(f, { now }).find((x) => x.field === 'policy');
    assert.match(
      finding!.message,
      /over the 20 KB of form fields S3 reads before the file.*MaxPostPreDataLengthExceeded/,
    );
    const evaluation = evaluatePostSubmission(f, { now, fileSize: 1 });
    assert.equal(evaluation.accepted, false);
    assert.doesNotMatch(evaluation.explanations.map((e) => e.message).join(' '), /InvalidPolicyDocument/);
  });

  it('never shows the whole signature of a policy the form did not sign', () => {
    const attacker = form([{ bucket: 'b' }, ['starts-with', '$key', '']], { key: 'anything' }, '0'.repeat(64));
    const result = checkPostUpload(attacker, { now, secretAccessKey: SECRET });
    assert.equal(result.signature.valid, false);
    const key = signingKey(SECRET, '20260314', 'us-east-1', 's3');
    const real = createHmac('sha256', key).update(attacker.policy!.base64).digest('hex');
    assert.equal(result.signature.computedSignature, `${real.slice(0, 8)}…`);
    assert.ok(!JSON.stringify(result).includes(real.slice(0, 16)));
    const own = checkPostUpload(form([{ bucket: 'b' }], { key: 'k' }), { now, secretAccessKey: SECRET });
    assert.equal(own.signature.computedSignature?.length, 64, 'a matching signature is the form’s own: shown whole');
  });

  it('leaves a ${filename} value undecided without the file’s name, and decides it with one', () => {
    const exact = form([{ bucket: 'b' }, { key: 'up/photo.png' }], { key: 'up/${filename}' });
    const undecided = checkPostUpload(exact, { now, secretAccessKey: SECRET, fileSize: 1 });
    const key = undecided.conditions.find((c) => c.field === 'key');
    assert.equal(key?.status, 'unknown');
    assert.equal(undecided.evaluation.decided, false);
    assert.equal(undecided.valid, true, 'nothing fails for certain');
    assert.equal(
      checkPostUpload(exact, { now, secretAccessKey: SECRET, fileSize: 1, fileName: 'photo.png' }).valid,
      true,
    );
    assert.equal(checkPostUpload(exact, { now, secretAccessKey: SECRET, fileSize: 1, fileName: 'a.png' }).valid, false);
    const prefix = form([{ bucket: 'b' }, ['starts-with', '$key', 'up/']], { key: 'up/${filename}' });
    const always = checkPostUpload(prefix, { now, secretAccessKey: SECRET, fileSize: 1 });
    assert.equal(always.conditions.find((c) => c.field === 'key')?.status, 'pass');
    assert.equal(always.evaluation.decided, true);
    const never = form([{ bucket: 'b' }, ['starts-with', '$key', 'other/']], { key: 'up/${filename}' });
    assert.equal(checkPostUpload(never, { now, secretAccessKey: SECRET, fileSize: 1 }).valid, false);
  });

  it('leaves a Content-Type list with spaces after its commas undecided: S3’s trimming is not documented', () => {
    const f = form([{ bucket: 'b' }, { key: 'k' }, ['starts-with', '$Content-Type', 'image/']], {
      key: 'k',
      'Content-Type': 'image/png, image/jpeg',
    });
    const r = checkPostUpload(f, { now, secretAccessKey: SECRET, fileSize: 1 });
    const ct = r.conditions.find((c) => c.field === 'Content-Type');
    assert.equal(ct?.status, 'unknown');
    assert.match(ct?.reason ?? '', /not documented/);
    const tight = checkPostUpload(f, {
      now,
      secretAccessKey: SECRET,
      fileSize: 1,
      fields: f.fields.map((x) => (x.name === 'Content-Type' ? { ...x, value: 'image/png,text/plain' } : x)),
    });
    assert.equal(tight.conditions.find((c) => c.field === 'Content-Type')?.status, 'fail');
  });

  it('fails a ${filename} Content-Type whose written start already misses the prefix, name or not', () => {
    const f = form([{ bucket: 'b' }, { key: 'k' }, ['starts-with', '$Content-Type', 'image/']], {
      key: 'k',
      'Content-Type': 'text/${filename}',
    });
    const r = checkPostUpload(f, { now, secretAccessKey: SECRET, fileSize: 1 });
    assert.equal(r.conditions.find((c) => c.field === 'Content-Type')?.status, 'fail');
    assert.equal(r.valid, false);
    const open = form([{ bucket: 'b' }, { key: 'k' }, ['starts-with', '$Content-Type', 'image/']], {
      key: 'k',
      'Content-Type': 'image/${filename}',
    });
    const some = checkPostUpload(open, { now, secretAccessKey: SECRET, fileSize: 1 });
    assert.equal(some.conditions.find((c) => c.field === 'Content-Type')?.status, 'unknown');
  });

  it('fails a single Content-Type with a leading space: not a list, nothing undocumented', () => {
    const f = form([{ bucket: 'b' }, { key: 'k' }, ['starts-with', '$Content-Type', 'image/']], {
      key: 'k',
      'Content-Type': ' image/png',
    });
    const r = checkPostUpload(f, { now, secretAccessKey: SECRET, fileSize: 1 });
    assert.equal(r.conditions.find((c) => c.field === 'Content-Type')?.status, 'fail');
  });

  it('claims nothing of fields or conditions when the policy is too long to decode', () => {
    const f = form(
      Array.from({ length: 3000 }, (_, i) => ({ [`x-amz-meta-${i}`]: 'v' })),
      { key: 'k', acl: 'private' },
    );
    const codes = [
      ...diagnosePostForm(f, { now }).map((x) => x.code),
      ...evaluatePostSubmission(f, { now, fileSize: 1 }).explanations.map((x) => x.code),
    ];
    assert.ok(!codes.includes('EXTRA_INPUT_FIELD'), codes.join(', '));
    const xml =
      '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: ["eq", "$acl", "public-read"]</Message></Error>';
    const e = explainPostError(xml, { form: f })!;
    assert.doesNotMatch(e.explanations[0]!.message, /another form/);
  });

  it('does not take a short echoed value for a token to replace everywhere', () => {
    const xml =
      '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: ["eq", "$x-amz-security-token", "e"]</Message></Error>';
    const e = explainPostError(xml)!;
    assert.doesNotMatch(e.explanations[0]!.message, /REDACTED\(1 chars\)[^"]/);
    assert.match(e.errorCode, /^AccessDenied$/);
  });
});
