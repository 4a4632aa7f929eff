import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { signV2 } from '../../src/engine/sigv2';
import type { Internals } from '../../src/internals';
import { until } from '../runner/wait';
import { ui } from './harness';
import { screenshotIfFailed } from './waits';
import { presignInSandbox } from './sandboxUrls';
import { activateInternals } from './extension';

const presign = presignInSandbox;
const flipSignature = (url: string): string =>
  url.replace(/(X-Amz-Signature=)([0-9a-f])/, (_, p: string, c: string) => p + (c === '0' ? '1' : '0'));

describe('decoder panel', function () {
  this.timeout(120_000);
  let api: Internals;

  before(async function () {
    if (!ui.available) this.skip();
    api = await activateInternals();
    await vscode.workspace
      .getConfiguration('workbench')
      .update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    await vscode.workspace
      .getConfiguration('workbench')
      .update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
  });

  async function open(url: string): Promise<void> {
    assert.ok(await vscode.commands.executeCommand('s3presign.decode', url));
    await ui.webviewText('#verdict');
  }
  const text = (selector: string): Promise<string> => ui.webviewText(selector);
  async function verify(profile: string, method: string, headers = ''): Promise<string> {
    await ui.webviewSelect('#verify-profile', profile);
    await ui.webviewSelect('#verify-method', method);
    await ui.webviewFill('#verify-headers', headers);
    await ui.webviewClick('#verify button');
    return text('#verify-verdict');
  }

  it('shows every field of a valid URL, and verifies it with the profile whose key signed it', async () => {
    await open(await presign({ key: 'reports/2025/Q3 summary.csv' }));
    assert.match(await text('#verdict'), /^Valid for 59 min|^Valid for 1 h/);
    assert.equal(await text('#value-bucket'), 'presign-lens-demo');
    assert.equal(await text('#value-key'), 'reports/2025/Q3 summary.csv');
    assert.match(await text('#value-host'), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(await text('#field-host .meaning'), /path style/);
    assert.equal(await text('#value-region'), 'us-east-1');
    assert.equal(await text('#value-accessKey'), 'S3RVER · long-term');
    assert.equal(await text('#value-expiresIn'), '3600 s (requested)');
    assert.match(await text('#value-method'), /^GET \(from x-id=GetObject\)/);
    assert.match(await text('#countdown'), /^expires in (59 min|1 h)/);
    assert.match(await text('#field-key .meaning'), /decoded as S3 reads it/);
    await ui.webviewClick('#field-key button');
    assert.equal(await text('#raw-key'), 'reports/2025/Q3%20summary.csv');
    await ui.screenshot('decoder-valid-dark');
    assert.match(await verify('sandbox', 'GET'), /^Valid: the signature matches for GET with the secret of sandbox/);
  });

  it('turns the verdict into "Expired … ago" when the URL expires, without rendering again', async () => {
    await open(await presign({ expiresIn: 6 }));
    assert.match(await text('#verdict'), /^Valid for \d s/);
    // The page's own timer turns it: poll what it shows.
    const verdict = await until(
      () => text('#verdict'),
      (v) => v.startsWith('Expired'),
      'the headline turned',
    );
    assert.match(verdict, /^Expired \d+ s ago( — |$)/);
    assert.match(await text('#countdown'), /^expired \d+ s ago$/);
  });

  it('opens one panel per URL, and reveals it when opened again', async () => {
    const url = await presign({});
    const before = api.decoder.open.size;
    const first = await vscode.commands.executeCommand<{ panel: vscode.WebviewPanel }>('s3presign.decode', url);
    assert.equal(api.decoder.open.size, before + 1);
    await open(await presign({ key: 'README.txt', expiresIn: 120 }));
    assert.equal(api.decoder.open.size, before + 2);
    assert.equal(first?.panel.active, false, 'another panel is in front');
    const again = await vscode.commands.executeCommand<{ panel: vscode.WebviewPanel }>('s3presign.decode', url);
    assert.equal(again, first, 'the same panel');
    assert.equal(api.decoder.open.size, before + 2);
    await until(
      () => first?.panel.active,
      (active) => active === true,
      'the first panel revealed',
    );
  });

  it('titles two tabs of one key apart by method, then bucket, and back when one closes', async () => {
    const get = await vscode.commands.executeCommand<{ panel: vscode.WebviewPanel }>(
      's3presign.decode',
      await presign({ key: 'README.txt' }),
    );
    assert.equal(get.panel.title, 'Presigned URL: README.txt');
    const put = await vscode.commands.executeCommand<{ panel: vscode.WebviewPanel }>(
      's3presign.decode',
      await presign({ key: 'README.txt', method: 'PUT', bucket: 'presign-lens-uploads' }),
    );
    assert.equal(get.panel.title, 'Presigned URL: README.txt (GET)');
    assert.equal(put.panel.title, 'Presigned URL: README.txt (PUT)');
    await until(
      () => ui.text('.tabs-container .tab.active'),
      (t) => t.startsWith('Presigned URL: README.txt (PUT)'),
      'the active tab retitled',
    );
    const other = await vscode.commands.executeCommand<{ panel: vscode.WebviewPanel }>(
      's3presign.decode',
      await presign({ key: 'README.txt', bucket: 'presign-lens-uploads' }),
    );
    assert.deepEqual(
      [get, put, other].map((d) => d.panel.title),
      [
        'Presigned URL: README.txt (GET, presign-lens-demo)',
        'Presigned URL: README.txt (PUT, presign-lens-uploads)',
        'Presigned URL: README.txt (GET, presign-lens-uploads)',
      ],
    );
    put.panel.dispose();
    other.panel.dispose();
    assert.equal(get.panel.title, 'Presigned URL: README.txt');
  });

  it('keeps what cannot be decoded in the prompt and says why, then decodes what can', async () => {
    await vscode.env.clipboard.writeText('no URL on the clipboard');
    const before = api.decoder.open.size;
    const decoding = vscode.commands.executeCommand('s3presign.decode');
    await ui.text('.quick-input-widget .quick-input-title');
    await ui.type('https://example.com/not-presigned.txt');
    const message = await ui.text('.quick-input-widget .quick-input-message');
    assert.match(message, /\S/, 'a reason is shown');
    await ui.press('Enter');
    assert.match(await ui.text('.quick-input-widget .quick-input-message'), /\S/, 'still open, still saying why');
    await ui.screenshot('decode-prompt-invalid');
    await ui.press('Control+A');
    await ui.type(await presign({ key: 'math/a+b=c.txt' }));
    await ui.press('Enter');
    await decoding;
    assert.equal(api.decoder.open.size, before + 1);
    assert.ok([...api.decoder.open.keys()].some((url) => url.includes('/math/a%2Bb%3Dc.txt?')));
  });

  it('flags an expired URL, counts since when, and reads S3’s answer when tried', async () => {
    await open(await presign({ expiresIn: 60, signingDate: '2026-01-01T00:00:00Z' }));
    assert.match(await text('#verdict'), /^Expired \d+ days/);
    assert.match(await text('#countdown'), /^expired \d+ days/);
    assert.match(await text('[data-code="EXPIRED"]'), /Expired .* ago/);
    assert.equal(
      await ui.webviewText('#try-head', true).catch(() => 'none'),
      'none',
      'a GET URL is tried with GET only',
    );
    await ui.webviewClick('#try-get');
    assert.match(
      await text('#try-status'),
      /^GET answered 403 Forbidden in \d+ ms — AccessDenied: Request has expired/,
    );
    assert.match(await text('#try-result .explanations'), /EXPIRED/);
    await ui.screenshot('decoder-expired-dark');
  });

  it('says why a tampered URL does not verify, and that nothing but the secret or damage explains it', async () => {
    await open(flipSignature(await presign({})));
    assert.match(await verify('sandbox', 'GET'), /^Invalid for GET with the secret of sandbox/);
    assert.match(await text('#verify-result .explanations'), /CHANGED_AFTER_SIGNING/);
  });

  it('explains a wrong method, shows what was signed against what is sent, and diffs S3’s answer', async () => {
    const put = await presign({ key: 'uploads-go-elsewhere.txt', method: 'PUT' });
    await open(put);
    assert.match(await verify('sandbox', 'GET'), /^Invalid for GET/);
    assert.match(await text('#verify-result .explanations'), /METHOD_MISMATCH Signed for PUT; the request uses GET\./);
    const diff = await ui.webviewText('#verify-result pre.diff', true);
    assert.match(diff, /class="line expected">− PUT</);
    assert.match(diff, /class="line received">\+ GET</);
    await ui.screenshot('decoder-mismatch-dark');
    // What S3 itself answers to that GET, pasted in.
    const xml = await (await fetch(put)).text();
    assert.match(xml, /SignatureDoesNotMatch/);
    await ui.webviewFill('#explain-xml', xml);
    await ui.webviewClick('#explain button');
    assert.match(await text('#explain-code'), /^SignatureDoesNotMatch: The request signature we calculated/);
    assert.match(await text('#explain-result .explanations'), /Signed for PUT; the request uses GET/);
    const table = await ui.webviewText('#explain-result table.side-by-side', true);
    assert.match(table, /<th>The URL implies<\/th><th>S3 used<\/th>/);
    assert.match(table, /class="changed"/);
  });

  it('verifies a signed Content-Type only with that header', async () => {
    await open(
      await presign({
        key: 'in/new.csv',
        method: 'PUT',
        bucket: 'presign-lens-uploads',
        contentType: 'text/csv',
        signContentType: true,
      }),
    );
    assert.match(await text('#value-signedHeaders'), /^content-type, host$/);
    assert.match(await text('#field-signedHeaders .meaning'), /must send content-type/);
    assert.match(await verify('sandbox', 'PUT', 'Content-Type: text/csv'), /^Valid/);
    assert.match(await verify('sandbox', 'PUT', 'Content-Type: image/png'), /^Invalid/);
    assert.match(
      await text('#verify-result .explanations'),
      /Signed with Content-Type: text\/csv; the request sends image\/png\./,
    );
  });

  it('reads and verifies SigV2', async () => {
    const endpoint = process.env['S3PL_TEST_S3_ENDPOINT']!;
    const expires = String(Math.floor(Date.now() / 1000) + 3600);
    const resource = '/presign-lens-demo/README.txt';
    const { signature } = signV2(
      { method: 'GET', contentMd5: '', contentType: '', expires, amzHeaders: [], resource },
      'S3RVER',
    );
    const url = `${endpoint}${resource}?AWSAccessKeyId=S3RVER&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
    assert.equal((await fetch(url)).status, 200, 'the local server accepts it');
    await open(url);
    assert.equal(await text('#value-signature'), 'V2');
    assert.match(await text('[data-code="SIGV2"]'), /Signature Version 2/);
    assert.match(await verify('sandbox', 'GET'), /^Valid/);
  });

  it('hides the session token of temporary credentials until revealed', async () => {
    await open(await presign({ profile: 'session-soon' }));
    assert.equal(await text('#value-accessKey'), 'ASIAHOSTTESTSESSION1 · temporary');
    assert.match(await text('[data-code="TEMPORARY_CREDENTIALS"]'), /temporary credentials/);
    assert.match(await text('#value-token'), /^REDACTED\(\d+ chars\)$/);
    assert.doesNotMatch(await ui.webviewText('#app', true), /IQoJb3JpZ2luX2VjEHostTestToken/);
    await ui.webviewClick('#field-token button');
    await until(
      () => text('#value-token'),
      (t) => t === 'IQoJb3JpZ2luX2VjEHostTestToken',
      'the token revealed',
    );
  });

  it('shows a key made of markup and quotes as text', async () => {
    const hostile = `<script>document.body.dataset.pwned="1"</script>"'<img src=x onerror=alert(1)>.txt`;
    await open(await presign({ key: hostile }));
    assert.equal(await text('#value-key'), hostile);
    const html = await ui.webviewText('#value-key', true);
    assert.match(
      html,
      /&lt;script&gt;document\.body\.dataset\.pwned="1"&lt;\/script&gt;"'&lt;img src=x onerror=alert\(1\)&gt;\.txt/,
    );
    // Only escaped text: no element came out of the key.
    assert.doesNotMatch(await ui.webviewText('#app', true), /<script|<img/);
  });

  it('restores a panel without its session token, and says it cannot verify then', async () => {
    const url = await presign({ profile: 'session-soon' });
    const redacted = url.replace(/X-Amz-Security-Token=[^&]+/, 'X-Amz-Security-Token=REDACTED(30 chars)');
    const panel = vscode.window.createWebviewPanel('s3presign.decoder', 'restored', vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    assert.ok(api.decoder.attach(panel, redacted));
    assert.match(await text('.cleanups'), /without its session token, which is never stored/);
    assert.match(await text('#verify'), /Decode the URL again to verify it/);
  });

  /** Waits until the headline's signature line has a result (the check runs once the page is ready). */
  async function signatureLine(): Promise<string> {
    return until(
      () => text('#signature-status'),
      (line) => line !== '' && !line.startsWith('Checking'),
      'the signature checked',
    );
  }

  for (const theme of ['dark', 'light'] as const) {
    it(`puts the signature, checked at once with the local profile, in the headline (${theme}, screenshots)`, async () => {
      await vscode.workspace
        .getConfiguration('workbench')
        .update(
          'colorTheme',
          theme === 'dark' ? 'Default Dark Modern' : 'Default Light Modern',
          vscode.ConfigurationTarget.Global,
        );
      await open(await presign({ key: 'reports/2025/Q3 summary.csv' }));
      assert.match(await signatureLine(), /^Signature valid — signed by profile sandbox, for GET$/);
      assert.match(await text('#verdict'), /^Valid for (59 min|1 h)/);
      await ui.screenshot(`decoder-headline-valid-${theme}`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      await open(await presign({ expiresIn: 60, signingDate: '2026-01-01T00:00:00Z' }));
      assert.match(await text('#verdict'), /^Expired \d+ days/);
      assert.match(await ui.webviewText('#verdict', true), /class="verdict error"/);
      assert.match(await signatureLine(), /^Signature valid/, 'expired, but signed right');
      await ui.screenshot(`decoder-headline-expired-${theme}`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      // The path edited after signing: the headline says so, and the findings count it.
      const tampered = (await presign({ key: 'reports/2025/Q3 summary.csv' })).replace('Q3%20summary', 'Q4%20summary');
      await open(tampered);
      assert.match(await signatureLine(), /^Signature does not match — /);
      assert.equal(await text('#verdict'), 'S3 refuses this URL: its signature does not match');
      assert.match(await ui.webviewText('#verdict', true), /class="verdict error"/);
      assert.match(await text('#findings h2'), /^Findings \([1-9]\d*\)$/);
      assert.ok(await text('#signature-finding'));
      await ui.screenshot(`decoder-headline-tampered-${theme}`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      const unknown = (await presign({})).replace('X-Amz-Credential=S3RVER', 'X-Amz-Credential=AKIAUNKNOWNNOPROFILE');
      await open(unknown);
      assert.match(await signatureLine(), /^Signature not checked — no local profile holds AKIAUNKNOWNNOPROFILE\.$/);
      await ui.screenshot(`decoder-headline-unknown-key-${theme}`);
    });
  }

  it('keeps the headline counting down, second by second', async () => {
    await open(await presign({ expiresIn: 600 }));
    const first = await text('#verdict');
    const later = await until(
      () => text('#verdict'),
      (v) => v !== first,
      'the headline ticked',
    );
    assert.match(later, /^Valid for 9 min \d+ s|^Valid for 10 min/);
  });

  it('tries a HEAD URL with HEAD only, and sends nothing for a DELETE URL, saying why', async () => {
    await open(await presign({ method: 'HEAD' }));
    await ui.webviewClick('#try-head');
    assert.match(await text('#try-status'), /^HEAD answered 200 OK/);
    assert.match(await text('#try-host'), /^Sent to 127\.0\.0\.1:\d+$/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await open(await presign({ method: 'DELETE', bucket: 'presign-lens-uploads', key: 'never-deleted.txt' }));
    assert.match(
      await text('#try-refusal'),
      /Not sent: this is a DELETE URL, and sending it would delete s3:\/\/presign-lens-uploads\/never-deleted\.txt/,
    );
  });

  it('looks right in the light theme too (screenshots)', async () => {
    await vscode.workspace
      .getConfiguration('workbench')
      .update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
    await open(await presign({ key: 'reports/2025/Q3 summary.csv' }));
    assert.match(await text('#verdict'), /^Valid for /);
    await ui.screenshot('decoder-valid-light');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await open(await presign({ expiresIn: 60, signingDate: '2026-01-01T00:00:00Z' }));
    assert.match(await text('#verdict'), /^Expired \d+ days/);
    await ui.screenshot('decoder-expired-light');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await open(await presign({ key: 'uploads-go-elsewhere.txt', method: 'PUT' }));
    assert.match(await verify('sandbox', 'GET'), /^Invalid for GET with the secret of sandbox/);
    await ui.screenshot('decoder-mismatch-light');
  });
});
