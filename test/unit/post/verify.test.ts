import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  checkPostUpload,
  parsePostForm,
  verifyPostSignature,
  type PostExplanationCode,
  type PostForm,
} from '../../../src/engine/post';
import { signingKey } from '../../../src/engine/sigv4';
import { formFixtures, LONG_TERM, type FormFixture } from './fixtures';

/**
 * AWS's own SigV4 POST example, "Example: Browser-Based Upload using HTTP POST (Using AWS Signature
 * Version 4)", https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html: its base64
 * policy (JSON with CRLF line ends) and the signature the page states.
 */
const AWS_EXAMPLE_POLICY =
  'eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9';
const AWS_EXAMPLE_SIGNATURE = '8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e';

/** The example's form, written as an HTML form the way the page lays its fields out. */
const AWS_EXAMPLE_FORM = `<html><body>
<form action="http://sigv4examplebucket.s3.amazonaws.com/" method="post" enctype="multipart/form-data">
  Key to upload: <input type="input" name="key" value="user/user1/\${filename}" /><br />
  <input type="hidden" name="acl" value="public-read" />
  <input type="hidden" name="success_action_redirect" value="http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html" />
  Content-Type: <input type="input" name="Content-Type" value="image/jpeg" /><br />
  <input type="hidden" name="x-amz-meta-uuid" value="14365123651274" />
  <input type="hidden" name="x-amz-server-side-encryption" value="AES256" />
  <input type="text" name="X-Amz-Credential" value="AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request" />
  <input type="text" name="X-Amz-Algorithm" value="AWS4-HMAC-SHA256" />
  <input type="text" name="X-Amz-Date" value="20151229T000000Z" />
  Tags for File: <input type="input" name="x-amz-meta-tag" value="" /><br />
  <input type="hidden" name="Policy" value='${AWS_EXAMPLE_POLICY}' />
  <input type="hidden" name="X-Amz-Signature" value="${AWS_EXAMPLE_SIGNATURE}" />
  File: <input type="file" name="file" /> <br />
  <!-- The elements after this will be ignored -->
  <input type="submit" name="submit" value="Upload to Amazon S3" />
</form>
</body></html>`;

function read(text: string): PostForm {
  const result = parsePostForm(text);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}

/** The form with some fields replaced, read again. */
function edited(form: PostForm, changes: Readonly<Record<string, string>>): PostForm {
  const fields = Object.fromEntries(form.fields.map((f) => [f.name, changes[f.name] ?? f.value]));
  return read(JSON.stringify({ url: form.url, fields }));
}

/**
 * A SigV4 form whose base64 policy has both "+" and "/" (the first such of a deterministic series),
 * signed as the SDKs sign: hex HMAC-SHA256 of the base64 text with the scope's signing key.
 */
function formWithPlusAndSlash(): PostForm {
  const credential = `${LONG_TERM.accessKeyId}/20260314/eu-west-1/s3/aws4_request`;
  const policies = Array.from({ length: 200 }, (_, i) =>
    Buffer.from(
      JSON.stringify({
        expiration: '2026-03-14T16:00:00Z',
        conditions: [{ key: `uploads/~~~???${i}` }, { 'x-amz-credential': credential }],
      }),
    ).toString('base64'),
  );
  const policy = policies.find((p) => p.includes('+') && p.includes('/'))!;
  const key = signingKey(LONG_TERM.secretAccessKey, '20260314', 'eu-west-1', 's3');
  const fields = {
    key: 'uploads/~?>',
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    'x-amz-credential': credential,
    'x-amz-date': '20260314T150926Z',
    policy,
    'x-amz-signature': createHmac('sha256', key).update(policy).digest('hex'),
  };
  return read(JSON.stringify({ url: 'https://b.s3.eu-west-1.amazonaws.com/', fields }));
}

const codes = (form: PostForm, secret: string): PostExplanationCode[] =>
  verifyPostSignature(form, { secretAccessKey: secret }).explanations.map((e) => e.code);

describe('verifyPostSignature', () => {
  describe("AWS's documented SigV4 example", () => {
    const form = read(AWS_EXAMPLE_FORM);

    it('verifies with the example secret', () => {
      const result = verifyPostSignature(form, { secretAccessKey: LONG_TERM.secretAccessKey });
      assert.equal(result.valid, true);
      assert.equal(result.computedSignature, AWS_EXAMPLE_SIGNATURE);
    });

    it('accepts the example upload before its expiration and ignores the submit button after the file', () => {
      const result = checkPostUpload(form, {
        secretAccessKey: LONG_TERM.secretAccessKey,
        fileName: 'photo.jpg',
        fileSize: 1000,
        now: new Date('2015-12-30T11:59:59Z'),
      });
      assert.deepEqual(result.explanations, []);
      assert.deepEqual(result.evaluation.ignoredFields, ['submit']);
      assert.equal(result.valid, true);
    });

    it('is expired one second after 2015-12-30T12:00:00.000Z', () => {
      const result = checkPostUpload(form, {
        secretAccessKey: LONG_TERM.secretAccessKey,
        fileName: 'photo.jpg',
        now: new Date('2015-12-30T12:00:01Z'),
      });
      assert.deepEqual(
        result.explanations.map((e) => e.code),
        ['POLICY_EXPIRED'],
      );
    });
  });

  describe('says why a signature does not match, when a common change explains it', () => {
    let js: FormFixture;
    let boto: FormFixture;
    let v2: FormFixture;
    before(async () => {
      const all = await formFixtures();
      js = all.find((f) => f.generator === 'aws-sdk-js-v3' && f.name.endsWith('content-length-range'))!;
      boto = all.find((f) => f.generator === 'botocore SigV4' && f.name.endsWith('content-length-range'))!;
      v2 = all.find((f) => f.generator === 'botocore SigV2' && f.name.endsWith('exact key'))!;
    });
    const policyOf = (f: FormFixture): string => f.form.policy!.base64;
    const reencoded = (f: FormFixture, json: string): Record<string, string> => ({
      [f.form.fields.find((x) => x.name.toLowerCase() === 'policy')!.name]: Buffer.from(json).toString('base64'),
    });

    it('POLICY_ALTERED: a policy whose "+" signs became spaces', () => {
      const form = formWithPlusAndSlash();
      assert.equal(verifyPostSignature(form, { secretAccessKey: LONG_TERM.secretAccessKey }).valid, true);
      const spaced = form.policy!.base64.replace(/\+/g, ' ');
      const result = verifyPostSignature(edited(form, { policy: spaced }), {
        secretAccessKey: LONG_TERM.secretAccessKey,
      });
      assert.equal(result.explanations[0]?.code, 'POLICY_ALTERED');
      assert.match(result.explanations[0].message, /URL decoding/);
    });

    it('POLICY_ALTERED: the JavaScript SDK’s compact policy re-serialised with indentation', () => {
      const pretty = JSON.stringify(JSON.parse(js.form.policy!.json!), null, 2);
      const result = verifyPostSignature(edited(js.form, reencoded(js, pretty)), {
        secretAccessKey: js.secretAccessKey,
      });
      assert.equal(result.explanations[0]?.code, 'POLICY_ALTERED');
      assert.match(result.explanations[0].message, /compact/);
    });

    it('POLICY_ALTERED: botocore’s policy re-serialised compact, as JSON.stringify writes it', () => {
      const compact = JSON.stringify(JSON.parse(boto.form.policy!.json!));
      const result = verifyPostSignature(edited(boto.form, reencoded(boto, compact)), {
        secretAccessKey: boto.secretAccessKey,
      });
      assert.equal(result.explanations[0]?.code, 'POLICY_ALTERED');
      assert.match(result.explanations[0].message, /json\.dumps/);
    });

    it('POLICY_ALTERED: a policy re-encoded as URL-safe base64', () => {
      const form = formWithPlusAndSlash();
      const urlSafe = form.policy!.base64.replace(/\+/g, '-').replace(/\//g, '_');
      assert.deepEqual(codes(edited(form, { policy: urlSafe }), LONG_TERM.secretAccessKey), ['POLICY_ALTERED']);
    });

    it('REGION_MISMATCH: a credential whose region was edited after signing, naming the signed one', () => {
      const c = js.form.credential!;
      const form = edited(js.form, { 'X-Amz-Credential': `${c.accessKeyId}/${c.date}/eu-west-3/s3/aws4_request` });
      const result = verifyPostSignature(form, { secretAccessKey: js.secretAccessKey });
      assert.deepEqual(
        result.explanations.map((e) => e.code),
        ['REGION_MISMATCH'],
      );
      assert.match(result.explanations[0]!.message, new RegExp(`region ${c.region};.*says eu-west-3`));
    });

    it('PARAMETER_CHANGED: a credential whose day was edited after signing', () => {
      const c = boto.form.credential!;
      const next = new Date(
        Date.parse(`${c.date.slice(0, 4)}-${c.date.slice(4, 6)}-${c.date.slice(6)}T00:00:00Z`) + 86_400_000,
      );
      const day = next.toISOString().slice(0, 10).replace(/-/g, '');
      const form = edited(boto.form, { 'x-amz-credential': `${c.accessKeyId}/${day}/${c.region}/s3/aws4_request` });
      assert.deepEqual(codes(form, boto.secretAccessKey), ['PARAMETER_CHANGED']);
    });

    it('SIGNATURE_ALTERED: a cut signature, an upper-cased one, a SigV2 signature in a SigV4 form', () => {
      const s = js.form.signature!;
      assert.deepEqual(codes(edited(js.form, { 'X-Amz-Signature': s.slice(0, 40) }), js.secretAccessKey), [
        'SIGNATURE_ALTERED',
      ]);
      assert.deepEqual(codes(edited(js.form, { 'X-Amz-Signature': s.toUpperCase() }), js.secretAccessKey), [
        'SIGNATURE_ALTERED',
      ]);
      const v2Signature = createHmac('sha1', js.secretAccessKey).update(policyOf(js)).digest('base64');
      const mixed = edited(js.form, { 'X-Amz-Signature': v2Signature });
      assert.deepEqual(codes(mixed, js.secretAccessKey), ['SIGNATURE_ALTERED']);
    });

    it('SIGNATURE_ALTERED: a SigV2 signature whose "+" became a space', () => {
      // The first of these policies whose signature has a "+" (the search is deterministic).
      const secret = v2.secretAccessKey;
      const sign = (policy: string): string => createHmac('sha1', secret).update(policy).digest('base64');
      const policies = Array.from({ length: 50 }, (_, i) =>
        Buffer.from(JSON.stringify({ expiration: '2030-01-01T00:00:00Z', conditions: [{ key: `k${i}` }] })).toString(
          'base64',
        ),
      );
      const policy = policies.find((p) => sign(p).includes('+'))!;
      const form = read(
        JSON.stringify({
          url: v2.form.url,
          fields: { key: 'k', AWSAccessKeyId: v2.accessKeyId, policy, signature: sign(policy).replace(/\+/g, ' ') },
        }),
      );
      assert.deepEqual(codes(form, secret), ['SIGNATURE_ALTERED']);
    });

    it('WRONG_SECRET, never a guessed cause, when nothing explains it', () => {
      const result = verifyPostSignature(js.form, { secretAccessKey: 'another secret' });
      assert.deepEqual(
        result.explanations.map((e) => e.code),
        ['WRONG_SECRET'],
      );
      assert.match(result.explanations[0]!.message, /Nothing explains the mismatch/);
    });

    it('WRONG_SECRET naming both keys when the secret belongs to another access key', () => {
      const result = verifyPostSignature(js.form, { secretAccessKey: 'x', accessKeyId: 'AKIAOTHERKEY' });
      assert.match(result.explanations[0]!.message, /AKIAOTHERKEY.*AKIAIOSFODNN7EXAMPLE/);
    });

    it('searches nothing when asked not to explain', () => {
      const result = verifyPostSignature(js.form, { secretAccessKey: 'x', explain: false });
      assert.equal(result.valid, false);
      assert.deepEqual(result.explanations, []);
    });
  });

  it('cannot verify a form without a policy or a signature, and says so', () => {
    const noPolicy = read(JSON.stringify({ url: 'https://b.s3.amazonaws.com/', fields: { key: 'a' } }));
    assert.deepEqual(
      verifyPostSignature(noPolicy, { secretAccessKey: 'x' }).explanations.map((e) => e.code),
      ['NO_POLICY'],
    );
    const unsigned = read(JSON.stringify({ fields: { key: 'a', policy: 'e30=' } }));
    const result = verifyPostSignature(unsigned, { secretAccessKey: 'x' });
    assert.equal(result.supported, false);
    assert.equal(result.explanations[0]?.code, 'MISSING_PARAMETER');
  });

  it('never shows the session token in its explanations', async () => {
    const f = (await formFixtures()).find((x) => x.sessionToken && x.generator === 'botocore SigV4')!;
    const result = verifyPostSignature(edited(f.form, { 'x-amz-security-token': f.sessionToken! }), {
      secretAccessKey: 'wrong',
    });
    assert.ok(!JSON.stringify(result).includes(f.sessionToken!));
  });
});
