import * as assert from 'node:assert/strict';
import {
  checkPostUpload,
  diagnosePostForm,
  parsePostForm,
  postCurlCommand,
  postHtmlForm,
  summarizePostForm,
  verifyPostSignature,
  type PostCondition,
} from '../../../src/engine/post';
import { BUCKET, formFixtures, type ExpectedCondition } from './fixtures';

const plain = (c: PostCondition): ExpectedCondition | string =>
  c.type === 'content-length-range'
    ? { type: c.type, min: c.min, max: c.max }
    : c.type === 'invalid'
      ? `invalid: ${c.reason}`
      : { type: c.type, field: c.field, value: c.value };

describe('presigned POST forms made by the SDKs', () => {
  it('come from both SDKs and both signature versions', async () => {
    const counts = new Map<string, number>();
    for (const f of await formFixtures()) counts.set(f.generator, (counts.get(f.generator) ?? 0) + 1);
    console.log(`      forms: ${[...counts].map(([g, n]) => `${n} ${g}`).join(', ')}`);
    assert.deepEqual([...counts.keys()], ['aws-sdk-js-v3', 'botocore SigV4', 'botocore SigV2']);
  });

  it('decode to exactly the conditions they were made with, in order', async () => {
    for (const f of await formFixtures()) {
      assert.deepEqual(f.form.policy?.conditions.map(plain), f.conditions, f.name);
      assert.deepEqual(f.form.policy?.problems, [], f.name);
    }
  });

  it('read the bucket, credential, signing time and expiration', async () => {
    for (const f of await formFixtures()) {
      const form = f.form;
      assert.equal(form.bucket, BUCKET, f.name);
      assert.equal(form.accessKeyId, f.accessKeyId, f.name);
      assert.equal(form.signatureVersion, f.generator === 'botocore SigV2' ? 'v2' : 'v4', f.name);
      assert.equal(form.credentialType, f.sessionToken ? 'temporary' : 'long-term', f.name);
      assert.equal(form.securityToken, f.sessionToken, f.name);
      const expiration = form.policy!.expiration!;
      // Every generator was asked for 600 s.
      if (form.signedAt) assert.equal(expiration.getTime() - form.signedAt.getTime(), 600_000, f.name);
      else assert.ok(Math.abs(expiration.getTime() - Date.now() - 600_000) < 60_000, f.name);
    }
  });

  it('verify with their secret', async () => {
    for (const f of await formFixtures()) {
      const result = verifyPostSignature(f.form, { secretAccessKey: f.secretAccessKey });
      assert.equal(result.valid, true, f.name);
      assert.equal(result.computedSignature, f.form.signature, f.name);
      assert.deepEqual(result.explanations, [], f.name);
    }
  });

  it('accept an upload that meets their policy', async () => {
    for (const f of await formFixtures()) {
      const result = checkPostUpload(f.form, {
        secretAccessKey: f.secretAccessKey,
        fields: f.upload,
        fileName: f.fileName,
        fileSize: f.fileSize,
        now: f.form.signedAt ?? new Date(),
      });
      assert.deepEqual(result.explanations, [], f.name);
      assert.equal(result.valid, true, f.name);
      assert.equal(result.evaluation.decided, true, f.name);
      assert.ok(
        result.conditions.every((c) => c.ok),
        f.name,
      );
    }
  });

  it('expand ${filename} to the base name of what the client sends', async () => {
    const f = (await formFixtures()).find((x) => x.name === 'aws-sdk-js-v3: key prefix and ${filename}')!;
    const result = checkPostUpload(f.form, {
      secretAccessKey: f.secretAccessKey,
      fileName: f.fileName,
      fileSize: 1,
      now: new Date(),
    });
    const key = result.conditions.find((c) => c.field === 'key')!;
    assert.equal(key.value, 'uploads/alice/holiday photo.jpg');
  });

  it('have no error finding, but SigV2 where S3 refuses it', async () => {
    for (const f of await formFixtures()) {
      const errors = diagnosePostForm(f.form, { now: f.form.signedAt ?? new Date() }).filter(
        (x) => x.severity === 'error',
      );
      const expected = f.generator === 'botocore SigV2' && f.form.region === 'eu-central-1' ? ['SIGV2'] : [];
      assert.deepEqual(
        errors.map((e) => e.code),
        expected,
        f.name,
      );
    }
  });

  it('read back from their curl and HTML snippets with the same fields, and verify', async () => {
    for (const f of await formFixtures()) {
      for (const [name, snippet] of [
        ['curl', postCurlCommand(f.form)],
        ['HTML', postHtmlForm(f.form)],
      ] as const) {
        const back = parsePostForm(snippet);
        assert.ok(back.ok, `${f.name} (${name}): ${back.ok ? '' : back.error}`);
        assert.deepEqual(back.value.fields.slice(0, f.form.fields.length), f.form.fields, `${f.name} (${name})`);
        assert.equal(back.value.url, f.form.url, `${f.name} (${name})`);
        assert.equal(back.value.hasFileField, true, `${f.name} (${name})`);
        assert.equal(verifyPostSignature(back.value, { secretAccessKey: f.secretAccessKey }).valid, true);
      }
    }
  });

  it('summarise for the CLI with the session token redacted', async () => {
    const f = (await formFixtures()).find((x) => x.sessionToken && x.generator === 'aws-sdk-js-v3')!;
    const summary = summarizePostForm(f.form, new Date());
    const text = JSON.stringify(summary);
    assert.ok(!text.includes(f.sessionToken!), 'token in the summary');
    assert.match(text, /REDACTED\(\d+ chars\)/);
    assert.equal(summary.kind, 'post');
    assert.equal(summary.bucket, BUCKET);
    assert.equal(summary.region, 'eu-central-1');
  });
});
