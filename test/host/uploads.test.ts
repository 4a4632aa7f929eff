// Browser uploads in the sandbox's local S3 (s3rver, which implements bucket CORS): "Presign Multipart
// Upload…" makes URL sets that upload and complete; "Check Browser Access (CORS)…" reads the bucket's rules
// with the profile; and a real browser page at another origin uploads through the set with the fetch()
// function the extension wrote: blocked while the rules do not expose ETag, working with the fix the check
// suggests. Screenshots in the light theme (docs/images comes from them).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { multipartFetchSnippet, type MultipartUrlSet } from '../../src/engine';
import type { PresignOutcome } from '../../src/presign';
import type { CorsCheckOutcome, MultipartOutcome } from '../../src/uploads';
import { discardUntitled } from './documents';
import { activateInternals } from './extension';
import { localS3, ui } from './harness';
import { until } from './waits';
import type { CorsRuleJson } from './harnessProtocol';

const UPLOADS = 'presign-lens-uploads';
const MIB = 1024 * 1024;
/** Two parts: 5 MiB and 1 KiB. */
const SIZE = 5 * MIB + 1024;

/** The bytes the page uploads, made the same way on both sides. */
function pageBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) % 251;
  return bytes;
}

const multipart = (args: Record<string, unknown>): Thenable<MultipartOutcome | undefined> =>
  vscode.commands.executeCommand<MultipartOutcome | undefined>('s3presign.presignMultipart', {
    profile: 'sandbox',
    bucket: UPLOADS,
    expiresIn: '1h',
    ...args,
  });

const checkCors = (arg: unknown): Thenable<CorsCheckOutcome | undefined> =>
  vscode.commands.executeCommand<CorsCheckOutcome | undefined>('s3presign.checkCors', arg);

async function download(key: string): Promise<Uint8Array> {
  const r = await vscode.commands.executeCommand<PresignOutcome>('s3presign.presign', {
    profile: 'sandbox',
    bucket: UPLOADS,
    key,
    method: 'GET',
    expiresIn: '15m',
  });
  const response = await fetch(r.url);
  assert.equal(response.status, 200);
  return new Uint8Array(await response.arrayBuffer());
}

/** A web app's page: it uploads `SIZE` bytes through the set with the extension's fetch() function. */
function uploadPage(origin: string, set: MultipartUrlSet): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Upload from ${origin}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 28px; color: #1f2328; background: #fff; }
  code { background: #f0f2f4; padding: 1px 4px; border-radius: 4px; }
  li.ok { color: #1a7f37; } li.bad, p.bad { color: #cf222e; } p.ok { color: #1a7f37; }
  #result { font-weight: 600; }
</style></head>
<body>
<h1>A page at <code>${origin}</code> uploads to S3</h1>
<p>${SIZE} bytes in ${set.parts.length} parts to <code>s3://${set.bucket}/${set.key}</code>, through the presigned
URLs of multipart upload <code>${set.uploadId.slice(0, 12)}…</code>, with the <code>fetch()</code> function
S3 Presign Lens wrote.</p>
<ol id="log"></ol>
<p id="result"></p>
<script>
${multipartFetchSnippet(set)}
const log = (text, ok) => {
  const li = document.createElement('li');
  li.textContent = text;
  li.className = ok ? 'ok' : 'bad';
  document.getElementById('log').append(li);
};
const realFetch = window.fetch.bind(window);
window.fetch = async (url, init) => {
  const what = new URL(url).searchParams.has('partNumber')
    ? 'PUT part ' + new URL(url).searchParams.get('partNumber')
    : 'POST complete';
  try {
    const response = await realFetch(url, init);
    const etag = response.headers.get('ETag');
    log(what + ': ' + response.status + (what.startsWith('PUT') ? ', ETag ' + (etag ?? 'hidden (null)') : ''), response.ok && (etag !== null || !what.startsWith('PUT')));
    return response;
  } catch (e) {
    log(what + ': ' + e.message + ' (the browser blocked it)', false);
    throw e;
  }
};
(async () => {
  const result = document.getElementById('result');
  const bytes = new Uint8Array(${SIZE});
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) % 251;
  try {
    await uploadMultipart(new Blob([bytes]));
    result.textContent = 'completed';
    result.className = 'ok';
  } catch (e) {
    result.textContent = 'failed: ' + e.message;
    result.className = 'bad';
  }
  const done = document.createElement('span');
  done.id = 'done';
  document.body.append(done);
})();
</script></body></html>`;
}

describe('browser uploads: CORS check and multipart upload URL sets', function () {
  this.timeout(180_000);
  let server: Server;
  let origin: string;
  let page = '';
  let dir: string;

  before(async function () {
    if (!ui.available) this.skip();
    await activateInternals();
    dir = mkdtempSync(join(tmpdir(), 's3pl-uploads-'));
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    // localhost, not 127.0.0.1: another origin than the local S3's, so the browser applies CORS.
    origin = `http://localhost:${(server.address() as { port: number }).port}`;
    await vscode.workspace
      .getConfiguration('workbench')
      .update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => {
    await discardUntitled();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    await localS3.putBucketCors(UPLOADS, null);
    await vscode.workspace
      .getConfiguration('workbench')
      .update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await new Promise<void>((done) => server.close(() => done()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('Presign Multipart Upload: the URLs upload a file’s parts, the completion assembles it, byte for byte', async () => {
    const file = join(dir, 'video.bin');
    const content = pageBytes(11 * MIB + 5);
    writeFileSync(file, content);
    const outcome = await multipart({ key: 'videos/from editor.bin', file, partSize: 5 * MIB, format: 'json' });
    assert.ok(outcome);
    const { set } = outcome;
    assert.deepEqual(
      set.parts.map((p) => p.size),
      [5 * MIB, 5 * MIB, MIB + 5],
    );
    const written = JSON.parse(outcome.document.getText()) as MultipartUrlSet;
    assert.equal(written.uploadId, set.uploadId);
    assert.equal(written.parts.length, 3);
    assert.equal(outcome.script.languageId, 'shellscript');
    assert.match(outcome.script.getText(), /^#!\/bin\/sh\n/);
    assert.equal(outcome.snippet.languageId, 'javascript');
    await ui.screenshot('multipart-documents-light');

    const parts: string[] = [];
    for (const p of set.parts) {
      const from = (p.partNumber - 1) * 5 * MIB;
      const response = await fetch(p.url, { method: 'PUT', body: content.subarray(from, from + p.size!) });
      assert.equal(response.status, 200);
      parts.push(`<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${response.headers.get('etag')}</ETag></Part>`);
    }
    const done = await fetch(set.complete.url, {
      method: 'POST',
      body: `<CompleteMultipartUpload>${parts.join('')}</CompleteMultipartUpload>`,
    });
    assert.match(await done.text(), /<CompleteMultipartUploadResult/);
    assert.deepEqual(await download('videos/from editor.bin'), content);
  });

  it('Check Browser Access on a bucket: no CORS configuration is a verdict, with a rule to add', async () => {
    await localS3.putBucketCors(UPLOADS, null);
    const outcome = await checkCors({ profile: 'sandbox', bucket: UPLOADS, origin, method: 'PUT' });
    assert.ok(outcome);
    assert.equal(outcome.report.allowed, false);
    assert.ok(outcome.report.findings.some((f) => f.code === 'NO_CORS_CONFIGURATION'));
    assert.equal(outcome.rulesFrom, `bucket ${UPLOADS}, read with profile sandbox`);
    const text = (await vscode.workspace.openTextDocument(outcome.document)).getText();
    assert.match(text, /^# Blocked\\: PUT from http\\:\\\/\\\/localhost\\:\d+\n/, 'escaped for Markdown');
    assert.match(text, /The bucket has no CORS configuration/);
    assert.match(text, /```json\n\[\n {4}\{\n {8}"AllowedMethods": \[\n {12}"PUT"/);
  });

  it('from a real browser page at another origin: blocked without ExposeHeaders ETag, working with the fix', async () => {
    const rules: CorsRuleJson[] = [
      { AllowedOrigins: [origin], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['*'] },
    ];
    await localS3.putBucketCors(UPLOADS, rules);
    const outcome = await multipart({ key: 'browser/upload.bin', size: SIZE, partSize: 5 * MIB, origin });
    assert.ok(outcome?.cors, 'the CORS check of the new set');
    assert.equal(outcome.cors.part.allowed, false);
    assert.deepEqual(outcome.cors.part.missing, ['etag']);
    assert.equal(outcome.cors.complete.allowed, true);
    page = uploadPage(origin, outcome.set);

    const blocked = await ui.browse(`${origin}/`, '#done', 'browser-upload-blocked-light');
    assert.match(blocked, /^failed: The ETag is hidden: add ETag to ExposeHeaders/);

    const check = await checkCors({ url: outcome.set.parts[0]!.url, origin });
    assert.ok(check?.report.fix);
    assert.deepEqual(check.report.fix.changes, ['CORSRules[0]: added ETag to ExposeHeaders.']);
    await ui.webviewText('h1');
    await ui.screenshot('cors-check-report-light');

    await localS3.putBucketCors(UPLOADS, check.report.fix.rules);
    const working = await ui.browse(`${origin}/`, '#done', 'browser-upload-fixed-light');
    assert.equal(working, 'completed');
    assert.deepEqual(await download('browser/upload.bin'), pageBytes(SIZE));
    const again = await checkCors({ url: outcome.set.parts[0]!.url, origin });
    assert.equal(again?.report.allowed, true);
  });

  it('the decoder’s button asks the origin, proposing the one last checked in this workspace', async () => {
    const outcome = await multipart({ key: 'decoded/part.bin', parts: 1, origin });
    assert.ok(outcome);
    assert.ok(await vscode.commands.executeCommand('s3presign.decode', outcome.set.parts[0]!.url));
    await ui.webviewText('#verdict');
    await until(
      () => ui.webviewText('#findings'),
      (t) => /Part 1 of multipart upload/.test(t),
      '#findings as expected',
    );
    await ui.webviewClick('#check-cors');
    await ui.text('.quick-input-widget:has-text("origin of the web page")');
    await ui.press('Enter');
    const h1 = await ui.webviewText('h1');
    assert.equal(h1, `Allowed: PUT from ${origin}`);
  });

  it('names the permission when the configuration may not be read', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    const outcome = await checkCors({ profile: 'no-list', bucket: 'denied-bucket', origin, method: 'GET' });
    assert.equal(outcome, undefined);
    await vscode.commands.executeCommand('notifications.showList');
    const shown = await ui.text('.notifications-center .notifications-list-container:has-text("denied-bucket")');
    assert.match(shown, /Cannot read the CORS configuration of denied-bucket: Access denied .* s3:GetBucketCORS/);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('List and Abort Stale Multipart Uploads says plainly what the local server cannot do', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    assert.equal(
      await vscode.commands.executeCommand('s3presign.staleUploads', { profile: 'sandbox', bucket: UPLOADS }),
      undefined,
    );
    await vscode.commands.executeCommand('notifications.showList');
    const shown = await ui.text('.notifications-center .notifications-list-container:has-text("multipart uploads")');
    assert.match(shown, /Cannot list the multipart uploads of presign-lens-uploads: NotImplemented/);
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
