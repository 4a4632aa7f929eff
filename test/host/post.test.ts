// Presigned POST forms in a real VS Code against the local S3: "Presign Upload Form (POST)…" signs a form
// that uploads a file through curl (the snippet's --form-string fields) and through a real browser page
// (Chromium submitting the generated HTML form). The local S3 ignores POST policies (its source marks
// `policy` unimplemented) and does not fill ${filename}: it proves the form's shape and signature-free
// delivery, never S3's verdict on a condition, which the engine's unit tests own.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { parsePostForm, postCurlCommand, postHtmlForm, type PostForm } from '../../src/engine';
import type { PostFormOutcome, PresignArgs, PresignOutcome, PresignPostArgs } from '../../src/presign';
import { ui } from './harness';
import { until } from './waits';
import { discardUntitled } from './documents';
import { activateApi, activateInternals } from './extension';

const BUCKET = 'presign-lens-uploads';

const presignPost = async (args: PresignPostArgs): Promise<PostFormOutcome> =>
  await vscode.commands.executeCommand<PostFormOutcome>('s3presign.presignPost', {
    profile: 'sandbox',
    bucket: BUCKET,
    expiresIn: '1h',
    ...args,
  });

/** The object's content, read back through a presigned GET. */
async function stored(key: string): Promise<Response> {
  const get = await vscode.commands.executeCommand<PresignOutcome>('s3presign.presign', {
    profile: 'sandbox',
    bucket: BUCKET,
    key,
    method: 'GET',
    expiresIn: 60,
  } satisfies PresignArgs);
  return fetch(get.url);
}

function formOf(outcome: PostFormOutcome): PostForm {
  const parsed = parsePostForm(JSON.stringify({ url: outcome.url, fields: outcome.fields }));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.value;
}

describe('presigned POST forms', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    await activateApi();
    dir = mkdtempSync(join(tmpdir(), 's3pl-host-post-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('signs the form asked for, without UI given profile, bucket, key and expiry', async () => {
    const r = await presignPost({
      key: 'post/${filename}',
      contentType: { rule: 'starts-with', value: 'text/' },
      minSize: 1,
      maxSize: 10_000,
      fields: { 'x-amz-meta-source': 'host test' },
      signingDate: '2026-03-14T15:09:26Z',
    });
    assert.match(r.url, /^http:\/\/127\.0\.0\.1:\d+\/presign-lens-uploads$/);
    assert.equal(r.signedAt, '2026-03-14T15:09:26Z');
    assert.equal(r.expiresAt, '2026-03-14T16:09:26Z');
    assert.equal(r.fields['key'], 'post/${filename}');
    assert.equal(r.fields['x-amz-meta-source'], 'host test');
    assert.deepEqual(
      r.conditions.map((c) => c.text),
      [
        '["starts-with", "$Content-Type", "text/"]',
        '["content-length-range", 1, 10000]',
        '["eq", "$x-amz-meta-source", "host test"]',
        `["eq", "$bucket", "${BUCKET}"]`,
        '["eq", "$X-Amz-Algorithm", "AWS4-HMAC-SHA256"]',
        `["eq", "$X-Amz-Credential", "${r.fields['X-Amz-Credential']!}"]`,
        '["eq", "$X-Amz-Date", "20260314T150926Z"]',
        '["starts-with", "$key", "post/"]',
      ],
    );
    assert.deepEqual(r.warnings, []);
  });

  it('refuses what S3 would refuse before signing, returning nothing', async () => {
    for (const args of [
      { key: 'k', expiresIn: '8d' },
      { key: 'a/${filename}/b' },
      { key: 'k', maxSize: 6 * 1024 ** 3 },
    ])
      assert.equal(
        await vscode.commands.executeCommand('s3presign.presignPost', {
          profile: 'sandbox',
          bucket: BUCKET,
          expiresIn: '1h',
          ...args,
        }),
        undefined,
      );
  });

  it('uploads a file with the curl command it gives (--form-string for every field)', async () => {
    const key = 'post/curl upload+ü.txt';
    const r = await presignPost({ key, contentType: { rule: 'exact', value: 'text/plain' }, maxSize: 1000 });
    const curl = postCurlCommand(formOf(r));
    assert.doesNotMatch(curl, /^\s*-F '(?!file=)/m, 'no field goes through -F');
    const content = 'uploaded by curl from a presigned POST form\n';
    writeFileSync(join(dir, 'curl upload+ü.txt'), content);
    await promisify(execFile)('/bin/sh', ['-c', curl], { cwd: dir });
    const back = await stored(key);
    assert.equal(back.status, 200);
    assert.equal(await back.text(), content);
    assert.equal(back.headers.get('content-type'), 'text/plain');
  });

  it('uploads a file from a real browser page: Chromium submits the generated HTML form (screenshot)', async function () {
    if (!ui.available) this.skip();
    const key = 'post/from the browser.txt';
    const r = await presignPost({ key, fields: { success_action_status: '201' } });
    const content = 'uploaded by Chromium from the generated HTML form\n';
    const page = `<!doctype html><html><head><meta charset="utf-8"><title>Upload</title>
<style>body{font:15px sans-serif;margin:24px} input[type=file],button{display:block;margin:8px 0}</style></head>
<body><h1>The generated upload form</h1>
${postHtmlForm(formOf(r))}
</body></html>`;
    const answer = await ui.submitForm(
      page,
      { name: 'from the browser.txt', mimeType: 'text/plain', content },
      'post-form-browser',
    );
    // success_action_status 201: S3 answers with a PostResponse document naming the object.
    assert.equal(answer.status, 201, answer.body);
    assert.match(answer.body, /<Key>post\/from the browser\.txt<\/Key>/);
    const back = await stored(key);
    assert.equal(back.status, 200);
    assert.equal(await back.text(), content);
  });

  it('walks the steps from the command palette to a form copied as JSON (screenshot)', async function () {
    if (!ui.available) this.skip();
    await vscode.env.clipboard.writeText('');
    await ui.runCommand('S3 Presign Lens: Presign Upload Form (POST)…');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="sandbox"]');
    await ui.press('Enter');
    await ui.text(`.quick-input-widget .monaco-list-row[aria-label^="${BUCKET}"]`);
    await ui.type(BUCKET);
    await ui.press('Enter');
    // The key box proposes ${filename}: the uploader's file name, at the bucket's top.
    await ui.text('.quick-input-widget:has-text("The key to upload to")');
    await ui.press('Home');
    await ui.type('walk/');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="15 minutes"]');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="image/"]');
    await ui.type('text/plain');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="text/plain, exactly this type"]');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="Up to 1 MB"]');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label*="Sign the form"]');
    await ui.screenshot('post-form-options-step');
    await ui.press('Enter');
    let copied = '';
    for (let i = 0; i < 50 && !copied.startsWith('{'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      copied = await vscode.env.clipboard.readText();
    }
    const form = JSON.parse(copied) as { url: string; fields: Record<string, string> };
    assert.equal(form.fields['key'], 'walk/${filename}');
    assert.equal(form.fields['Content-Type'], 'text/plain');
    const parsed = parsePostForm(copied);
    assert.ok(parsed.ok);
    assert.deepEqual(
      parsed.value.policy?.conditions.find((c) => c.type === 'content-length-range'),
      { type: 'content-length-range', min: 1, max: 1_000_000, index: 0, text: '["content-length-range", 1, 1000000]' },
    );
  });

  describe('the decoder, for a form', () => {
    before(async () => {
      await vscode.workspace
        .getConfiguration('workbench')
        .update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
    });
    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
    after(async () => {
      await vscode.workspace
        .getConfiguration('workbench')
        .update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    });

    it('shows a failing submission’s broken condition beside the field’s value (screenshot)', async function () {
      if (!ui.available) this.skip();
      const r = await presignPost({
        key: 'avatars/${filename}',
        contentType: { rule: 'exact', value: 'image/png' },
        minSize: 1,
        maxSize: 1_000_000,
        fields: { acl: 'private' },
      });
      const json = JSON.stringify({ url: r.url, fields: r.fields }, null, 2);
      assert.ok(await vscode.commands.executeCommand('s3presign.decode', json));
      await until(
        () => ui.webviewText('#verdict'),
        (t) => /^Valid for (59|60) min|^Valid for 1 h/.test(t),
        '#verdict as expected',
      );
      await until(
        () => ui.webviewText('#signature-status'),
        (t) => /Signature valid — the policy was signed with the secret of profile sandbox/.test(t),
        'the signature checked with the profile',
      );
      assert.match(
        await ui.webviewText('#conditions'),
        /\["eq", "\$Content-Type", "image\/png"\]\s+Content-Type must be exactly "image\/png"/,
      );
      await ui.webviewFill('#field-content-type', 'image/jpeg');
      await ui.webviewFill('#file-size', '2MB');
      await ui.webviewFill('#file-name', 'me.jpg');
      await ui.webviewClick('#check-button');
      await until(
        () => ui.webviewText('#check-verdict'),
        (t) => t.startsWith('S3 refuses this upload: POLICY_CONDITION_FAILED and 1 more'),
        'the submission checked',
      );
      const beside = await ui.webviewText('tr[data-field="content-type"]');
      assert.match(beside, /image\/jpeg/);
      assert.match(beside, /\["eq", "\$Content-Type", "image\/png"\]/);
      assert.match(beside, /"Content-Type" is "image\/jpeg"; it must be exactly "image\/png"/);
      await until(
        () => ui.webviewText('#file-note'),
        (t) => /content-length-range.*\n?.*2000000 bytes, over the maximum of 1000000/s.test(t),
        'the file size checked',
      );
      await until(
        () => ui.webviewText('#condition-0-status, #conditions'),
        (t) => /2000000 bytes, over the maximum/.test(t),
        '#condition-0-status, #conditions as expected',
      );
      // The field's row brought into view for the picture (docs/images/decoder-post.png), the sidebar closed.
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await ui.webviewFill('#field-content-type', 'image/jpeg');
      await ui.screenshot('decoder-post-check');
      await ui.webviewClick('#copy-json');
      await ui.screenshot('decoder-post-top');
      assert.deepEqual(JSON.parse(await vscode.env.clipboard.readText()), { url: r.url, fields: r.fields });
      await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
    });

    it('explains S3’s POST answer against the form, naming the condition and the value sent', async function () {
      if (!ui.available) this.skip();
      const r = await presignPost({
        key: 'docs/${filename}',
        contentType: { rule: 'starts-with', value: 'application/' },
      });
      assert.ok(
        await vscode.commands.executeCommand('s3presign.decode', JSON.stringify({ url: r.url, fields: r.fields })),
      );
      await ui.webviewText('#verdict');
      await ui.webviewFill('#field-content-type', 'text/html');
      await ui.webviewFill(
        '#explain-xml',
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "application/"]</Message><RequestId>1</RequestId><HostId>2</HostId></Error>',
      );
      await ui.webviewClick('#explain button');
      await until(
        () => ui.webviewText('#explain-code'),
        (t) => t.startsWith('AccessDenied: Invalid according to Policy'),
        '#explain-code as expected',
      );
      await until(
        () => ui.webviewText('#explain-condition'),
        (t) => t === '["starts-with", "$Content-Type", "application/"]',
        "ui.webviewText('#explain-condition')",
      );
      await until(
        () => ui.webviewText('#explain-field'),
        (t) => t === 'Content-Type = "text/html"',
        "ui.webviewText('#explain-field')",
      );
    });
  });

  describe('a form pasted in code', () => {
    afterEach(discardUntitled);

    async function pasted(args: PresignPostArgs): Promise<{ document: vscode.TextDocument; policy: string }> {
      const r = await presignPost(args);
      const content = `// the form a handler returned, kept in a test fixture\nexport const upload = ${JSON.stringify({ url: r.url, fields: r.fields }, null, 2)};\n`;
      const document = await vscode.workspace.openTextDocument({ language: 'typescript', content });
      const policy = r.fields['Policy']!;
      assert.ok(document.getText().includes(policy), document.getText());
      return { document, policy };
    }

    it('hovers a POST policy with its status, lifetime and what it lets upload', async () => {
      const { document, policy } = await pasted({ key: 'in/${filename}', expiresIn: '2h', maxSize: 1000 });
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        document.positionAt(document.getText().indexOf(policy) + 10),
      );
      const text = hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n')
        // The hover escapes Markdown's punctuation in what it quotes.
        .replace(/\\([^\w\s])/g, '$1');
      assert.match(text, /Presigned POST form policy\*\* — expires in (1 h 59 min|2 h)/);
      assert.match(text, /signed for 2 h/);
      assert.match(text, /\*\*Bucket\*\*: presign-lens-uploads/);
      assert.match(text, /\*\*Key\*\*: in\/…/);
      assert.match(text, /live POST form lets anyone who has it upload/);
    });

    it('puts an expired policy in the Problems panel, and a live one as information', async () => {
      const api = await activateInternals();
      const expired = await pasted({
        key: 'old.txt',
        expiresIn: '1h',
        signingDate: '2026-03-14T15:09:26Z',
        maxSize: 10,
      });
      const problems = await api.inline.diagnostics.update(expired.document);
      const policyAt = expired.document.getText().indexOf(expired.policy);
      assert.deepEqual(
        problems.map((p) => [
          String((p.code as { value: string }).value),
          p.severity,
          expired.document.offsetAt(p.range.start),
        ]),
        [['POLICY_EXPIRED', vscode.DiagnosticSeverity.Error, policyAt]],
      );
      const live = await pasted({ key: 'new.txt', expiresIn: '1d', maxSize: 10 });
      assert.deepEqual(
        (await api.inline.diagnostics.update(live.document)).map((p) => (p.code as { value: string }).value),
        ['LIVE_FORM'],
      );
    });
  });
});
