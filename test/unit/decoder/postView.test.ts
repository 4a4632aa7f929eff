// The POST form page's view and messages: what the page gets (never a session token, never the policy's
// base64, which holds it), a submission checked as S3 does, and only the messages the page sends.
import * as assert from 'node:assert/strict';
import { isToPostHost } from '../../../src/decoder/postProtocol';
import { buildPostView, checkSubmission, submittedFields } from '../../../src/decoder/postView';
import { formFixtures, TEMPORARY } from '../post/fixtures';

describe('the POST form page', () => {
  it('never gets the session token, nor the policy’s base64 that holds it', async () => {
    const f = (await formFixtures()).find((x) => x.generator === 'aws-sdk-js-v3' && x.sessionToken)!;
    const page = JSON.stringify(buildPostView(f.form, [], new Date()));
    assert.ok(!page.includes(TEMPORARY.sessionToken));
    assert.ok(!page.includes(f.form.policy!.base64));
    assert.match(page, /REDACTED/);
  });

  it('lists the fields a client sends, the ones the uploader must set included, and each condition in words', async () => {
    const f = (await formFixtures()).find(
      (x) => x.generator === 'aws-sdk-js-v3' && x.name.endsWith('Content-Type prefix'),
    )!;
    const view = buildPostView(f.form, [], new Date());
    const contentType = view.fields.find((x) => x.name === 'Content-Type')!;
    assert.equal(contentType.value, 'image/');
    assert.equal(contentType.setBy, 'must start with "image/"');
    assert.ok(view.conditions.some((c) => c.allows.startsWith('Content-Type must start with "image/"')));
    assert.equal(view.headline.details[0], 'POST form for s3://presign-lens-uploads/images/<file name>');
  });

  it('checks a submission as S3 does, the hidden fields put back, each failing condition with its field', async () => {
    const f = (await formFixtures()).find(
      (x) => x.generator === 'aws-sdk-js-v3' && x.name.endsWith('exact Content-Type'),
    )!;
    const view = buildPostView(f.form, [], new Date());
    const sent = view.fields.map((x) => ({ name: x.name, value: x.name === 'Content-Type' ? 'image/jpeg' : x.value }));
    assert.deepEqual(
      submittedFields(f.form, sent).find((x) => x.name === 'Policy'),
      f.form.fields.find((x) => x.name === 'Policy'),
    );
    const check = checkSubmission(f.form, sent, '10KB', 'a.jpg');
    assert.ok(typeof check !== 'string');
    assert.equal(check.accepted, false);
    assert.deepEqual(
      check.explanations.map((e) => [e.code, e.field]),
      [['POLICY_CONDITION_FAILED', 'Content-Type']],
    );
    const failed = check.conditions.filter((c) => c.status === 'fail');
    assert.deepEqual(
      failed.map((c) => [c.field, c.value]),
      [['Content-Type', 'image/jpeg']],
    );
    const ok = checkSubmission(
      f.form,
      view.fields.map((x) => ({ name: x.name, value: x.value })),
      '',
      '',
    );
    assert.ok(typeof ok !== 'string' && ok.accepted);
    assert.equal(
      checkSubmission(f.form, sent, 'ten', ''),
      'File size: "ten" is not a size: type bytes, or a number with KB, MB, GB, KiB, MiB or GiB.',
    );
  });

  it('takes only the messages the page sends', () => {
    const fields = [{ name: 'key', value: 'a' }];
    for (const m of [
      { type: 'ready' },
      { type: 'check', fields, fileSize: '', fileName: '' },
      { type: 'verify', profile: 'sandbox' },
      { type: 'explain', xml: '<Error/>', fields, fileSize: '1', fileName: 'a' },
      { type: 'copy', what: 'html' },
    ])
      assert.ok(isToPostHost(m), JSON.stringify(m));
    for (const m of [
      null,
      { type: 'try', method: 'GET' },
      { type: 'check', fields: [{ name: 1, value: 'a' }], fileSize: '', fileName: '' },
      {
        type: 'check',
        fields: Array.from({ length: 1001 }, () => ({ name: 'a', value: 'b' })),
        fileSize: '',
        fileName: '',
      },
      { type: 'copy', what: 'url' },
      { type: 'verify' },
    ])
      assert.ok(!isToPostHost(m), JSON.stringify(m).slice(0, 80));
  });
});
