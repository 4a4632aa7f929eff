import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DEMO_BUCKET, DEMO_OBJECTS, MANY_PREFIX } from '../../scripts/lib/demoData';
import type { ExplorerNode } from '../../src/explorer/nodes';
import type { Internals } from '../../src/internals';
import type { BulkOutcome } from '../../src/presign';
import type { PresignArgs, PresignOutcome } from '../../src/presign';
import { md5OfFile } from '../../src/presign/options';
import { ui } from './harness';
import { discardUntitled } from './documents';
import { activateInternals, answerConsent } from './extension';
import {
  clearNotifications,
  clickNotificationButton,
  closeWhatATestOpened,
  screenshotIfFailed,
  notification,
  until,
} from './waits';

const presign = async (args: PresignArgs): Promise<PresignOutcome> =>
  await vscode.commands.executeCommand<PresignOutcome>('s3presign.presign', args);
const body = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The row of the quick input whose accessible name holds `label` (after an icon, if any). */
const row = (label: string): string => `.quick-input-widget .monaco-list-row[aria-label*=${JSON.stringify(label)}]`;

/** Seconds from now until an ISO date. */
const secondsUntil = (iso: string): number => (Date.parse(iso) - Date.now()) / 1000;

describe('presign', function () {
  this.timeout(120_000);
  let internals: Internals;
  before(async () => {
    internals = await activateInternals();
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest);
    await closeWhatATestOpened();
    await discardUntitled();
  });

  it('GET: downloads the object, for keys with spaces, "+" and unicode', async () => {
    const cases: Record<string, string> = {
      'reports/2025/Q3 summary.csv': 'region,revenue\nus-east-1,100\neu-west-1,80\n',
      'math/a+b=c.txt': 'A key with a plus sign: it must be sent as %2B, never as a space.\n',
      'unicode/日本語/ファイル.txt': 'Japanese characters in a key.\n',
    };
    for (const [key, content] of Object.entries(cases)) {
      const r = await presign({
        profile: 'sandbox',
        bucket: 'presign-lens-demo',
        key,
        method: 'GET',
        expiresIn: '15m',
      });
      assert.deepEqual(r.headers, {});
      assert.deepEqual(r.warnings, []);
      const response = await fetch(r.url);
      assert.equal(response.status, 200, key);
      assert.equal(await response.text(), content, key);
    }
  });

  it('presigns every demo key the Buckets view lists, and each downloads byte-equal', async () => {
    const { explorer } = await activateInternals();
    const keys: string[] = [];
    const walk = async (node: ExplorerNode): Promise<void> => {
      for (const child of await explorer.getChildren(node)) {
        if (child.kind === 'object') keys.push(child.entry.key);
        // The 2,500 keys for paging are all alike.
        else if (child.kind === 'folder' && !MANY_PREFIX.startsWith(child.prefix)) await walk(child);
      }
    };
    const profile = (await explorer.getChildren()).find((n) => n.kind === 'profile' && n.profile.name === 'sandbox');
    const bucket = (await explorer.getChildren(profile)).find((n) => n.kind === 'bucket' && n.name === DEMO_BUCKET);
    assert.ok(bucket, 'the sandbox profile lists the demo bucket');
    await walk(bucket);
    assert.deepEqual([...keys].sort(), DEMO_OBJECTS.map((o) => o.key).sort());
    for (const key of keys) {
      const r = await presign({ profile: 'sandbox', bucket: DEMO_BUCKET, key, method: 'GET', expiresIn: '5m' });
      const response = await fetch(r.url);
      assert.equal(response.status, 200, key);
      const expected = DEMO_OBJECTS.find((o) => o.key === key)!.body;
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), Buffer.from(expected), key);
    }
  });

  it('PUT: uploads with the headers it requires, and is refused without the signed Content-Type', async () => {
    const key = 'incoming/new file+ü.csv';
    const r = await presign({
      profile: 'sandbox',
      bucket: 'presign-lens-uploads',
      key,
      method: 'PUT',
      expiresIn: 600,
      contentType: 'text/csv',
      signContentType: true,
    });
    assert.deepEqual(r.headers, { 'Content-Type': 'text/csv' });
    assert.ok(!r.url.includes('x-amz-checksum-crc32'), 'no empty-body checksum');
    const refused = await fetch(r.url, { method: 'PUT', body: body('a,b\n') });
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /SignatureDoesNotMatch/);
    const wrongType = await fetch(r.url, {
      method: 'PUT',
      body: body('a,b\n'),
      headers: { 'Content-Type': 'text/plain' },
    });
    assert.equal(wrongType.status, 403);
    const ok = await fetch(r.url, { method: 'PUT', body: body('a,b\n'), headers: r.headers });
    assert.equal(ok.status, 200);
    const back = await presign({
      profile: 'sandbox',
      bucket: 'presign-lens-uploads',
      key,
      method: 'GET',
      expiresIn: 60,
    });
    const download = await fetch(back.url);
    assert.equal(await download.text(), 'a,b\n');
    assert.equal(download.headers.get('content-type'), 'text/csv');
  });

  it('PUT without a signed Content-Type accepts any type', async () => {
    const r = await presign({
      profile: 'sandbox',
      bucket: 'presign-lens-uploads',
      key: 'any type.bin',
      method: 'PUT',
      expiresIn: 600,
      contentType: 'application/octet-stream',
      signContentType: false,
    });
    assert.deepEqual(r.headers, {});
    assert.equal(
      (await fetch(r.url, { method: 'PUT', body: body('x'), headers: { 'Content-Type': 'image/png' } })).status,
      200,
    );
  });

  it('HEAD answers the metadata; DELETE deletes', async () => {
    const head = await presign({
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      key: 'README.txt',
      method: 'HEAD',
      expiresIn: 60,
    });
    const headResponse = await fetch(head.url, { method: 'HEAD' });
    assert.equal(headResponse.status, 200);
    assert.equal(headResponse.headers.get('content-length'), '70');
    const del = await presign({
      profile: 'sandbox',
      bucket: 'presign-lens-uploads',
      key: 'any type.bin',
      method: 'DELETE',
      expiresIn: 60,
    });
    assert.equal((await fetch(del.url, { method: 'DELETE' })).status, 204);
    const gone = await presign({
      profile: 'sandbox',
      bucket: 'presign-lens-uploads',
      key: 'any type.bin',
      method: 'GET',
      expiresIn: 60,
    });
    assert.equal((await fetch(gone.url)).status, 404);
  });

  it('warns when temporary credentials end before the URL, and says when it really stops', async () => {
    const r = await presign({
      profile: 'session-soon',
      bucket: 'presign-lens-demo',
      key: 'README.txt',
      method: 'GET',
      expiresIn: '1d',
    });
    assert.ok(r.credentialsExpiration);
    assert.equal(r.effectiveExpiresAt, r.credentialsExpiration);
    assert.equal(r.warnings.length, 1);
    assert.match(
      r.warnings[0]!,
      /stops working at .* \(\d+ min( \d+ s)? from now\), when the temporary credentials that signed it expire — not in 1 day/,
    );
    assert.match(r.url, /X-Amz-Security-Token=/);
    assert.equal((await fetch(r.url)).status, 200);
  });

  it('refuses an expiry over 7 days before any request, returning nothing', async () => {
    const result = await vscode.commands.executeCommand('s3presign.presign', {
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      key: 'README.txt',
      method: 'GET',
      expiresIn: '8d',
    });
    assert.equal(result, undefined);
  });

  it('presigns every object under a prefix into a CSV document, filtered by a glob', async () => {
    const r = await vscode.commands.executeCommand<BulkOutcome>('s3presign.presignPrefix', {
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      prefix: 'logs/2025/11/',
      filter: 'app-0001?.log',
      expiresIn: '1h',
      format: 'csv',
    });
    assert.equal(r.listed, 2500);
    assert.equal(r.signed, 10);
    const lines = r.document!.getText().trimEnd().split('\n');
    assert.equal(lines[0], 'key,size,url,expiresAt');
    assert.equal(lines.length, 11);
    const [key, size, url] = lines[5]!.split(',');
    assert.equal(key, 'logs/2025/11/app-00014.log');
    assert.equal(size, String('line 14\n'.length));
    assert.equal(await (await fetch(url!)).text(), 'line 14\n');
    // Ten live URLs the user asked for, not ten problems: no problem, hover or badge on the document.
    const document = r.document!;
    assert.deepEqual(await internals.inline.diagnostics.update(document), []);
    assert.deepEqual(vscode.languages.getDiagnostics(document.uri), []);
    const editor = await vscode.window.showTextDocument(document);
    assert.deepEqual(internals.inline.decorations.decorate(editor), []);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(5, document.lineAt(5).text.indexOf('http') + 10),
    );
    assert.deepEqual(hovers, []);
  });

  it('opens nothing for a filter that matches nothing, and says so', async () => {
    await clearNotifications();
    const before = vscode.workspace.textDocuments.length;
    const r = await vscode.commands.executeCommand<BulkOutcome>('s3presign.presignPrefix', {
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      prefix: 'reports/',
      filter: '*.nothing',
      expiresIn: '6h',
    });
    assert.equal(r.signed, 0);
    assert.ok(r.listed > 0);
    assert.equal(r.document, undefined);
    assert.equal(vscode.workspace.textDocuments.length, before, 'no document opened');
    if (!ui.available) return;
    assert.match(
      await notification('nothing was presigned'),
      /None of the \d+ objects under s3:\/\/presign-lens-demo\/reports\/ matches "\*\.nothing": nothing was presigned and no document was opened\./,
    );
    await clearNotifications();
  });

  it('presigns into a JSON document, with a suffix filter', async () => {
    const r = await vscode.commands.executeCommand<BulkOutcome>('s3presign.presignPrefix', {
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      prefix: 'reports/',
      filter: '.csv',
      expiresIn: 300,
      format: 'json',
    });
    const rows = JSON.parse(r.document!.getText()) as { key: string; url: string; expiresAt: string }[];
    assert.deepEqual(
      rows.map((x) => x.key),
      ['reports/2025/Q3 summary.csv', 'reports/2025/Q4 summary.csv'],
    );
    assert.equal((await fetch(rows[1]!.url)).status, 200);
  });

  it('presigns a prefix from the palette with a typed expiry (6h) and a brace glob, then says so (screenshot)', async function () {
    if (!ui.available) this.skip();
    await clearNotifications();
    await ui.runCommand('S3 Presign Lens: Presign All Objects Under Prefix…');
    await ui.text(row('sandbox'));
    await ui.press('Enter');
    await ui.text(row('presign-lens-demo'));
    await ui.type('presign-lens-demo');
    await ui.press('Enter');
    await ui.click('.quick-input-widget .monaco-list-row[aria-label*="reports/"]');
    await ui.click(row('Everything under s3://presign-lens-demo/reports/'));
    // The filter's own input box, not the prefix pick it replaces: a key typed into the one going away is lost.
    await ui.text('.quick-input-widget:has-text("Only keys matching")');
    await ui.type('*.{csv,json}');
    await ui.press('Enter');
    await ui.text(row('15 minutes'));
    await ui.type('6h');
    await ui.text(row('6 h'));
    await ui.press('Enter');
    await ui.text(row('CSV'));
    await ui.press('Enter');
    const said = await notification('Presigned 2 URLs');
    assert.match(
      said,
      /Presigned 2 URLs for the objects under s3:\/\/presign-lens-demo\/reports\/ matching "\*\.\{csv,json\}", valid for 6 h \(until .+\)\./,
    );
    const document = vscode.window.activeTextEditor!.document;
    const lines = document.getText().trimEnd().split('\n');
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      ['reports/2025/Q3 summary.csv', 'reports/2025/Q4 summary.csv'],
    );
    const left = secondsUntil(lines[1]!.split(',')[3]!);
    assert.ok(left > 6 * 3600 - 300 && left <= 6 * 3600, `expires in ${left} s, not 6 h`);
    const csvInstalled = (await vscode.languages.getLanguages()).includes('csv');
    assert.equal(document.languageId, csvInstalled ? 'csv' : 'plaintext');
    await ui.screenshot('bulk-presign-done');
    // The tab names the prefix (its name and extension are rendered apart).
    const tab = (await ui.text('.tabs-container .tab.active')).replace(/\n/g, '');
    assert.match(tab, /^presign-lens-demo reports URLs-\d+\.csv/);
    await clearNotifications();
  });

  it('says what was signed, with two buttons; "Copy as…" gives curl saving under the name chosen (screenshot)', async function () {
    if (!ui.available) this.skip();
    await clearNotifications();
    await vscode.env.clipboard.writeText('');
    await ui.runCommand('S3 Presign Lens: Presign S3 Object');
    await ui.text(row('sandbox'));
    await ui.press('Enter');
    await ui.text(row('presign-lens-demo'));
    await ui.type('presign-lens-demo');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label*="reports/"]');
    await ui.type('README.txt');
    await ui.text(row('README.txt, use this key'));
    await ui.press('Enter');
    await ui.text(row('GET'));
    await ui.press('Enter');
    await ui.text(row('15 minutes'));
    await ui.press('Enter');
    await ui.click(row('Download file name'));
    await ui.text('.quick-input-widget:has-text("File name for the download")');
    await ui.type('read me first.txt');
    await ui.press('Enter');
    await ui.text(row('Presign now'));
    await ui.text('.quick-input-widget .monaco-list-row[aria-label*="read me first.txt"]');
    await ui.click(row('Presign now'));
    await until(async () => (await vscode.env.clipboard.readText()).startsWith('http'), 'the URL on the clipboard');
    const url = await vscode.env.clipboard.readText();
    const item = '.notifications-center .notification-list-item:has-text("Copied a presigned GET URL")';
    assert.match(
      await notification('Copied a presigned GET URL'),
      /Copied a presigned GET URL for s3:\/\/presign-lens-demo\/README\.txt, valid for 15 min \(until .+\)\./,
    );
    assert.deepEqual((await ui.text(`${item} .notification-list-item-buttons-container`)).split(/\s*\n\s*/), [
      'Copy as…',
      'Open in Decoder',
    ]);
    await ui.screenshot('presign-result-notification');
    await clickNotificationButton('Copied a presigned GET URL', 'Copy as…');
    await ui.text(row('curl'));
    await ui.text(row('HTML'));
    await ui.screenshot('presign-copy-as');
    await ui.press('Enter');
    await until(async () => (await vscode.env.clipboard.readText()).startsWith('curl'), 'the curl command copied');
    const curl = await vscode.env.clipboard.readText();
    assert.ok(curl.includes(" -o 'read me first.txt' "), curl);
    assert.ok(curl.endsWith(`'${url}'`), curl);
    assert.equal(internals.presigned.all[0]?.url, url, 'kept for "Recent Presigned URLs…"');
    await clearNotifications();
  });

  it('keeps this window’s URLs in "Recent Presigned URLs…", to copy again without signing (screenshot)', async function () {
    if (!ui.available) this.skip();
    const outcome = await presign({
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      key: 'math/a+b=c.txt',
      method: 'GET',
      expiresIn: '1h',
    });
    // As after the palette's questions: the notification (left unanswered) and the result kept.
    void internals.presigned.show(outcome);
    await vscode.env.clipboard.writeText('');
    await ui.runCommand('S3 Presign Lens: Recent Presigned URLs…');
    const recent = await ui.text(row('GET s3://presign-lens-demo/math/a+b=c.txt'));
    assert.match(recent, /1 h left/);
    await ui.screenshot('presign-recent');
    await ui.press('Enter');
    await ui.text(row('Copy URL'));
    await ui.press('Enter');
    await until(async () => (await vscode.env.clipboard.readText()) === outcome.url, 'the URL copied again');
    await clearNotifications();
  });

  it('re-presigns from the decoder with one question when the URL does not say GET or HEAD', async function () {
    if (!ui.available) this.skip();
    const old = await presign({
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      key: 'README.txt',
      method: 'GET',
      expiresIn: '1h',
    });
    // As boto3 and the AWS CLI sign it: no x-id, so GET and HEAD URLs look alike.
    const url = old.url.replace(/([?&])x-id=GetObject(&|$)/, (_, before: string, after: string) =>
      after ? before : '',
    );
    assert.ok(!url.includes('x-id'), url);
    assert.ok(await vscode.commands.executeCommand('s3presign.decode', url));
    await vscode.env.clipboard.writeText('');
    const consent = answerConsent(internals, 'other');
    try {
      await ui.webviewClick('#represign');
      await until(async () => (await vscode.env.clipboard.readText()).startsWith('http'), 'the new URL copied');
    } finally {
      consent.restore();
    }
    assert.equal(consent.asked.length, 1, 'one question: no method picker before the consent');
    assert.deepEqual([consent.asked[0]!.sign, consent.asked[0]!.other], ['Sign GET URL', 'Sign HEAD URL']);
    assert.match(consent.asked[0]!.detail, /or HEAD, to read the object’s metadata \(the old URL does not say which\)/);
    const copied = await vscode.env.clipboard.readText();
    assert.equal((await fetch(copied, { method: 'HEAD' })).status, 200, 'signed for HEAD');
    assert.equal((await fetch(copied)).status, 403, 'not for GET');
    await clearNotifications();
  });

  it('walks the quick pick from the command palette to a working URL (screenshot)', async function () {
    if (!ui.available) this.skip();
    await vscode.env.clipboard.writeText('');
    await ui.runCommand('S3 Presign Lens: Presign S3 Object');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="sandbox"]');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="presign-lens-demo"]');
    await ui.type('presign-lens-demo');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label*="reports/"]');
    await ui.screenshot('presign-key-step');
    await ui.type('README.txt');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="README.txt, use this key"]');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="GET"]');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="15 minutes"]');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label*="Presign now"]');
    await ui.screenshot('presign-options-step');
    await ui.press('Enter');
    const url = await until(
      () => vscode.env.clipboard.readText(),
      (t) => t.startsWith('http'),
      'the URL copied',
    );
    assert.match(url, /\/presign-lens-demo\/README\.txt\?/);
    assert.equal(
      await (await fetch(url)).text(),
      'Demo data for S3 Presign Lens. Every object here is public knowledge.\n',
    );
  });
});

describe('Content-MD5 of the file an upload will send', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 's3pl-md5-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is the base64 MD5 of the whole file, read as a stream', async () => {
    const path = join(dir, 'upload.bin');
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    writeFileSync(path, bytes);
    assert.equal(await md5OfFile(vscode.Uri.file(path)), createHash('md5').update(bytes).digest('base64'));
  });

  it('refuses a file over what one PUT can upload, before reading it', async () => {
    const path = join(dir, 'huge.bin');
    writeFileSync(path, '');
    truncateSync(path, 5 * 1024 ** 3 + 1); // sparse: no disk used
    await assert.rejects(md5OfFile(vscode.Uri.file(path)), /is over 5 GiB, more than one PUT can upload/);
  });
});
