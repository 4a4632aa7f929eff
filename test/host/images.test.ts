// The README's and the walkthrough's pictures, made from the real UI in the default light theme, each cropped
// to the feature it shows so that it stays legible at the README's width. `npm test` makes them into
// test-results/images; `npm run images` into docs/images, where the README and the walkthrough take them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PresignArgs, PresignOutcome } from '../../src/presign';
import { retrying, until } from '../runner/wait';
import { discardUntitled } from './documents';
import { activateInternals } from './extension';
import { ui } from './harness';
import { screenshotIfFailed } from './waits';

const presign = async (args: Partial<PresignArgs> = {}): Promise<string> =>
  (
    await vscode.commands.executeCommand<PresignOutcome>('s3presign.presign', {
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      key: 'reports/2025/Q3 summary.csv',
      method: 'GET',
      expiresIn: '1h',
      ...args,
    })
  ).url;

/** The S3 Presign Lens container's two views, in the side bar. */
const BUCKETS_PANE = '.part.sidebar .split-view-view:has(.pane-header[aria-label^="Buckets"])';
const SCAN_PANE = '.part.sidebar .split-view-view:has(.pane-header[aria-label^="Workspace Scan"])';

describe('README images', function () {
  this.timeout(180_000);

  before(async function () {
    if (!ui.available) this.skip();
    await activateInternals();
    await vscode.workspace
      .getConfiguration('workbench')
      .update('colorTheme', 'Light 2026', vscode.ConfigurationTarget.Global);
    await until(
      () => vscode.window.activeColorTheme.kind,
      (k) => k === vscode.ColorThemeKind.Light,
      'light theme',
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    // A side bar wide enough for a row's description.
    await ui.openViewContainer('S3 Presign Lens');
    await ui.resizeSideBar(560);
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest);
    await ui.press('Escape');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await discardUntitled();
  });
  after(async () => {
    await vscode.workspace
      .getConfiguration('workbench')
      .update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await ui.resizeSideBar(300);
  });

  it('pictures the Buckets view: profiles, buckets, folders and objects with size and age', async () => {
    await vscode.commands.executeCommand('s3presign.revealInExplorer', {
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      key: 'reports/2025/Q3 summary.csv',
    });
    await ui.text('.part.sidebar .monaco-list-row[aria-label^="Q3 summary.csv"]');
    assert.match(await ui.crop('buckets', [{ selector: BUCKETS_PANE }]), /buckets\.png$/);
  });

  it('pictures the presign flow: the method step of Presign S3 Object', async () => {
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await ui.runCommand('S3 Presign Lens: Presign S3 Object');
    await ui.screenshot('images-presign-started');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="sandbox"]');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="presign-lens-demo"]');
    await ui.type('presign-lens-demo');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label*="reports/"]');
    await ui.type('README.txt');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="README.txt, use this key"]');
    await ui.press('Enter');
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="GET"]');
    await ui.crop('presign-flow', [{ selector: '.quick-input-widget' }]);
  });

  it('pictures the decoder’s headline: validity, signature checked, findings', async () => {
    await vscode.commands.executeCommand('s3presign.decode', await presign({ expiresIn: '6h' }));
    await until(
      () => ui.webviewText('#signature-status'),
      (t) => t.startsWith('Signature valid'),
      'checked',
    );
    await ui.crop('decoder-headline', [
      { selector: 'header', webview: true },
      { selector: '#findings', webview: true },
    ]);
  });

  it('pictures the verify diff: what was signed against what is sent', async () => {
    await vscode.commands.executeCommand(
      's3presign.decode',
      await presign({ key: 'uploads-go-elsewhere.txt', method: 'PUT' }),
    );
    await ui.webviewSelect('#verify-profile', 'sandbox');
    await ui.webviewSelect('#verify-method', 'GET');
    await ui.webviewClick('#verify button');
    await until(
      () => ui.webviewText('#verify-verdict'),
      (t) => t.startsWith('Invalid for GET'),
      'verified',
    );
    await ui.crop('decoder-verify-diff', [
      { selector: '#verify h2', webview: true },
      { selector: '#verify-result pre.diff', webview: true },
    ]);
  });

  it('pictures a hover with its problem over an expired URL in code', async () => {
    const url = await presign({ expiresIn: 60, signingDate: '2026-01-01T00:00:00Z' });
    const doc = await vscode.workspace.openTextDocument({
      language: 'typescript',
      content: `// A fixture that broke the tests.\nexport const REPORT_URL =\n  '${url}';\n`,
    });
    const editor = await vscode.window.showTextDocument(doc);
    await until(
      () => vscode.languages.getDiagnostics(doc.uri).length,
      (n) => n > 0,
      'its problem listed',
    );
    const at = doc.positionAt(doc.getText().indexOf('X-Amz-Algorithm'));
    editor.selection = new vscode.Selection(at, at);
    await ui.mouseAway();
    await retrying(
      async () => {
        await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
        await vscode.commands.executeCommand('editor.action.showHover');
      },
      (timeout) => ui.text('.monaco-hover-content:has-text("Presigned S3 URL")', timeout),
      4000,
    );
    await ui.text('.monaco-hover-content:has-text("S3 answers 403")');
    await ui.text('.monaco-hover:has-text("Quick Fix... (Ctrl+.)")');
    await ui.crop('hover-problems', [
      { selector: '.monaco-hover:has-text("Presigned S3 URL")' },
      { selector: '.part.editor .monaco-editor .view-line', all: true },
    ]);
  });

  it('pictures the Workspace Scan view', async () => {
    await vscode.commands.executeCommand('s3presign.scanWorkspace');
    await ui.openViewContainer('S3 Presign Lens');
    await ui.text('.part.sidebar .monaco-list-row[aria-label^="incoming/build.tar.gz"]');
    await ui.crop(
      'workspace-scan',
      [{ selector: `${SCAN_PANE} .pane-header` }, { selector: `${SCAN_PANE} .monaco-list-row`, all: true }],
      2,
    );
  });

  it('pictures bulk presign: every object under a prefix, as CSV', async () => {
    await vscode.commands.executeCommand('s3presign.presignPrefix', {
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      prefix: 'logs/2025/11/',
      filter: 'app-0000?.log',
      expiresIn: '1h',
      format: 'csv',
    });
    await ui.text('.part.editor .view-lines:has-text("key,size,url,expiresAt")');
    await ui.crop('bulk-presign', [
      { selector: '.part.editor .tabs-container' },
      { selector: '.part.editor .monaco-editor .view-line', all: true },
    ]);
  });
});
