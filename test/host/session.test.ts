import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Internals } from '../../src/internals';
import type { BulkOutcome, PresignOutcome } from '../../src/presign';
import { ui } from './harness';
import { until } from './waits';
import { discardUntitled } from './documents';
import { activateInternals } from './extension';

const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('s3presign');

/** Resolves once `ok()` holds, checking on each change of a text document. */
function whenDocuments(ok: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ok()) return resolve();
    const sub = vscode.workspace.onDidChangeTextDocument(() => {
      if (!ok()) return;
      sub.dispose();
      resolve();
    });
  });
}

describe('one AWS session for every feature', function () {
  this.timeout(120_000);
  let internals: Internals;

  before(async () => {
    internals = await activateInternals();
  });
  afterEach(async () => {
    for (const key of ['explorer.hiddenProfiles', 'requestTimeout']) {
      await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await discardUntitled();
  });

  it('keeps a profile hidden from the Buckets view usable for presigning and verifying', async () => {
    await settings().update('explorer.hiddenProfiles', ['sandbox'], vscode.ConfigurationTarget.Global);
    const shown = (await internals.explorer.getChildren()).flatMap((n) =>
      n.kind === 'profile' ? [n.profile.name] : [],
    );
    assert.ok(!shown.includes('sandbox'), `the view still shows it: ${shown.join(', ')}`);

    const outcome = await vscode.commands.executeCommand<PresignOutcome>('s3presign.presign', {
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      key: 'README.txt',
      method: 'GET',
      expiresIn: '15m',
    });
    assert.equal((await fetch(outcome.url)).status, 200);
    assert.equal((await internals.session.profileForAccessKey('S3RVER'))?.name, 'sandbox');

    if (!ui.available) return;
    assert.ok(await vscode.commands.executeCommand('s3presign.decode', outcome.url));
    await until(
      () => ui.webviewText('#verify-profile'),
      (t) => /sandbox \(its key signed this URL\)/.test(t),
      '#verify-profile as expected',
    );
    await ui.webviewSelect('#verify-profile', 'sandbox');
    await ui.webviewClick('#verify button');
    await until(
      () => ui.webviewText('#verify-verdict'),
      (t) => t.startsWith('Valid: the signature matches for GET with the secret of sandbox'),
      'the verify verdict',
    );
  });

  it('finishes a bulk presign when the Buckets view is refreshed and the timeout changed while it runs', async () => {
    const before = new Set(vscode.workspace.textDocuments);
    // The document the bulk presign opens and writes to: a new one.
    const rows = (): number =>
      Math.max(0, ...vscode.workspace.textDocuments.filter((d) => !before.has(d)).map((d) => d.lineCount));
    const running = vscode.commands.executeCommand<BulkOutcome>('s3presign.presignPrefix', {
      profile: 'sandbox',
      bucket: 'presign-lens-large',
      prefix: 'many/',
      expiresIn: '1h',
      format: 'csv',
    });
    // Once the first page is in the document, the bulk presign holds the profile's S3 access.
    await whenDocuments(() => rows() > 1000);
    const rowsAtRefresh = rows();
    await vscode.commands.executeCommand('s3presign.refresh');
    await settings().update('requestTimeout', 45, vscode.ConfigurationTarget.Global);
    const outcome = await running;
    assert.ok(
      rowsAtRefresh < 10_001,
      `the refresh came after the last page (${rowsAtRefresh} rows): nothing was tested`,
    );
    assert.equal(outcome.cancelled, false);
    assert.equal(outcome.signed, 10_000);
    const lines = outcome.document!.getText().trimEnd().split('\n');
    assert.equal(lines.length, 10_001);
    const url = lines[10_000]!.split(',')[2]!;
    assert.equal((await fetch(url)).status, 200, 'a URL of the last page, signed after the refresh, works');
    // New work gets a new access: the Buckets view lists again.
    const sandbox = (await internals.explorer.getChildren()).find(
      (n) => n.kind === 'profile' && n.profile.name === 'sandbox',
    );
    assert.ok(sandbox);
    assert.ok((await internals.explorer.getChildren(sandbox)).some((n) => n.kind === 'bucket'));
  });
});
