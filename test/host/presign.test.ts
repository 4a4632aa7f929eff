import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_BUCKET, DEMO_OBJECTS, MANY_PREFIX } from '../../scripts/lib/localS3';
import type { ExplorerNode } from '../../src/explorer/nodes';
import type { BulkOutcome } from '../../src/presign';
import type { PresignArgs, PresignOutcome } from '../../src/presign';
import { until } from '../runner/wait';
import { ui } from './harness';
import { discardUntitled } from './documents';
import { activateApi, activateInternals } from './extension';

const presign = async (args: PresignArgs): Promise<PresignOutcome> =>
  await vscode.commands.executeCommand<PresignOutcome>('s3presign.presign', args);
const body = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('presign', function () {
  this.timeout(120_000);
  before(async () => {
    await activateApi();
  });
  afterEach(discardUntitled);

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
    const lines = r.document.getText().trimEnd().split('\n');
    assert.equal(lines[0], 'key,size,url,expiresAt');
    assert.equal(lines.length, 11);
    const [key, size, url] = lines[5]!.split(',');
    assert.equal(key, 'logs/2025/11/app-00014.log');
    assert.equal(size, String('line 14\n'.length));
    assert.equal(await (await fetch(url!)).text(), 'line 14\n');
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
    const rows = JSON.parse(r.document.getText()) as { key: string; url: string; expiresAt: string }[];
    assert.deepEqual(
      rows.map((x) => x.key),
      ['reports/2025/Q3 summary.csv', 'reports/2025/Q4 summary.csv'],
    );
    assert.equal((await fetch(rows[1]!.url)).status, 200);
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
