// "Find Presigned URLs in Workspace" and the Workspace Scan view: what a scan finds, how its rows read, what
// their context menu does, that the rows follow time and survive a reload keeping places only.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ScanResults, type ScanNode } from '../../src/inline/scanView';
import type { Internals } from '../../src/internals';
import type { PresignArgs, PresignOutcome } from '../../src/presign';
import { until } from '../runner/wait';
import { activateInternals, answerConsent } from './extension';
import { ui } from './harness';
import { screenshotIfFailed } from './waits';

const presign = async (args: Partial<PresignArgs> = {}): Promise<string> =>
  (
    await vscode.commands.executeCommand<PresignOutcome>('s3presign.presign', {
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      key: 'README.txt',
      method: 'GET',
      expiresIn: '1h',
      ...args,
    })
  ).url;

const DEPLOY_ROW = 'incoming/build.tar.gz';

/** A memento in memory, as a new window's workspace state holding what `from` kept. */
function mementoWith(entries: Record<string, unknown>): vscode.Memento {
  const data = new Map(Object.entries(entries));
  const memento: vscode.Memento = {
    keys: () => [...data.keys()],
    get: <T>(key: string, fallback?: T) => (data.has(key) ? (data.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void data.set(key, value),
  };
  return memento;
}

describe('workspace scan', function () {
  this.timeout(180_000);
  let api: Internals;
  let view: ScanResults;
  const workspaceFile = (name: string): vscode.Uri =>
    vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, name);

  /** The tree as the view shows it: group title → file → row label and description. */
  async function shown(results: ScanResults = view): Promise<Record<string, Record<string, string[]>>> {
    const label = (node: ScanNode): string => {
      const l = results.getTreeItem(node).label;
      return typeof l === 'string' ? l : (l?.label ?? '');
    };
    const tree: Record<string, Record<string, string[]>> = {};
    for (const group of await results.getChildren()) {
      const files: Record<string, string[]> = (tree[label(group)] = {});
      for (const file of await results.getChildren(group)) {
        files[label(file)] = (await results.getChildren(file)).map(
          (row) => `${label(row)} | ${String(results.getTreeItem(row).description)}`,
        );
      }
    }
    return tree;
  }

  before(async () => {
    api = await activateInternals();
    view = api.inline.scanResults;
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('finds the URLs of the workspace, honouring .gitignore, search.exclude and skipping binary files', async () => {
    const summary = await vscode.commands.executeCommand<{ results: { uri: vscode.Uri; line: number }[] }>(
      's3presign.scanWorkspace',
    );
    assert.deepEqual(summary.results.map((r) => `${vscode.workspace.asRelativePath(r.uri)}:${r.line}`).sort(), [
      'data/urls.json:1',
      'deploy.yaml:2',
      'docs/README.md:3',
      'notes.txt:2',
      'src/config.ts:3',
    ]);
    const tree = await shown();
    assert.deepEqual(Object.keys(tree), ['Expired']);
    assert.deepEqual(Object.keys(tree['Expired']!).sort(), [
      'data/urls.json',
      'deploy.yaml',
      'docs/README.md',
      'notes.txt',
      'src/config.ts',
    ]);
    const [row] = tree['Expired']!['deploy.yaml']!;
    assert.match(row!, /^incoming\/build\.tar\.gz \| PUT · expired \d+ days( \d+ h)? ago · acme-fixtures$/);
    const groups = await view.getChildren();
    assert.equal(view.getTreeItem(groups[0]!).description, '5');
    const files = await view.getChildren(groups[0]);
    const deploy = files.find((f) => view.getTreeItem(f).label === 'deploy.yaml')!;
    const item = view.getTreeItem((await view.getChildren(deploy))[0]!);
    assert.equal(item.command?.command, 'vscode.open');
    assert.equal(item.contextValue, 's3presign.scanResult');
    assert.match(
      item.tooltip as string,
      /^s3:\/\/acme-fixtures\/incoming\/build\.tar\.gz\nPUT, expired .* ago \(2025-01-15T11:00:00\.000Z\)\ndeploy\.yaml, line 2, column 11$/,
    );
  });

  it('runs from the palette by its title and Enter, and lists bucket, key and method (screenshot)', async function () {
    if (!ui.available) this.skip();
    await view.show([]);
    await ui.paletteEnter('Find Presigned URLs in Workspace');
    await until(
      () => view.all.length,
      (n) => n === 5,
      'the scan ran and found the five URLs',
    );
    await ui.openViewContainer('S3 Presign Lens');
    assert.match(await ui.text('.part.sidebar .pane-header:has-text("Workspace Scan")'), /^Workspace Scan/i);
    const row = await ui.text(`.part.sidebar .monaco-list-row[aria-label^="${DEPLOY_ROW}"]`);
    assert.match(row, /^incoming\/build\.tar\.gz\s*PUT · expired .* ago · acme-fixtures$/);
    await ui.screenshot('workspace-scan');
  });

  it('offers Decode, Re-presign and Replace and Copy as curl on a row, and each acts on its URL (screenshot)', async function () {
    if (!ui.available) this.skip();
    await vscode.commands.executeCommand('s3presign.scanWorkspace');
    await ui.openViewContainer('S3 Presign Lens');
    assert.deepEqual(await ui.treeItemMenuEntries(DEPLOY_ROW, 'workspace-scan-row-menu'), [
      'Decode Presigned URL',
      'Re-presign and Replace',
      'Copy as curl',
    ]);
    await vscode.env.clipboard.writeText('');
    await ui.treeItemMenu(DEPLOY_ROW, 'Copy as curl');
    const curl = await until(
      () => vscode.env.clipboard.readText(),
      (t) => t !== '',
      'curl copied',
    );
    assert.match(
      curl,
      /^curl .*'https:\/\/acme-fixtures\.s3\.eu-west-1\.amazonaws\.com\/incoming\/build\.tar\.gz\?X-Amz-/s,
    );
    const before = api.decoder.open.size;
    await ui.treeItemMenu(DEPLOY_ROW, 'Decode Presigned URL');
    await until(
      () => api.decoder.open.size,
      (n) => n === before + 1,
      'a decoder opened',
    );
    assert.ok([...api.decoder.open.keys()].some((url) => url.includes('/incoming/build.tar.gz?')));
  });

  it('re-presigns a row’s expired URL in its file after consent, and the row moves to Live', async function () {
    if (!ui.available) this.skip();
    const file = workspaceFile('represign-me.txt');
    const old = await presign({ key: 'math/a+b=c.txt', expiresIn: 60, signingDate: '2026-01-01T00:00:00Z' });
    await vscode.workspace.fs.writeFile(file, Buffer.from(`old link:\n  ${old}\n`));
    const consent = answerConsent(api, true);
    try {
      await vscode.commands.executeCommand('s3presign.scanWorkspace');
      await ui.openViewContainer('S3 Presign Lens');
      await ui.treeItemMenu('math/a+b=c.txt', 'Re-presign and Replace');
      await until(
        () => consent.asked.length,
        (n) => n === 1,
        'consent asked',
      );
      assert.match(consent.asked[0]!.detail, /Written into represign-me\.txt, line 2, in place of the old URL/);
      const document = await until(
        () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString()),
        (d) => d !== undefined && !d.getText().includes(old),
        'the new URL written into the file',
      );
      const fresh = document!.lineAt(1).text.trim();
      assert.equal((await fetch(fresh)).status, 200);
      const tree = await until(
        () => shown(),
        (t) => (t['Live: they grant access now']?.['represign-me.txt'] ?? []).length === 1,
        'the row moved to Live',
      );
      assert.match(
        tree['Live: they grant access now']!['represign-me.txt']![0]!,
        /^math\/a\+b=c\.txt \| GET · expires in (\d+ s|1 min) · presign-lens-demo$/,
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
    } finally {
      consent.restore();
      await vscode.workspace.fs.delete(file);
    }
  });

  it('rewords rows while the view is shown, and moves a URL to Expired when its time comes', async () => {
    const file = workspaceFile('expiring.txt');
    await vscode.workspace.fs.writeFile(file, Buffer.from(`${await presign({ expiresIn: 3 })}\n`));
    try {
      await vscode.commands.executeCommand('s3presign.scanWorkspace');
      await vscode.commands.executeCommand('s3presign.urls.focus');
      assert.match((await shown())['Live: they grant access now']!['expiring.txt']![0]!, /expires in \d s/);
      const tree = await until(
        () => shown(),
        (t) => (t['Expired']?.['expiring.txt'] ?? []).length === 1,
        'the row moved to Expired',
        30_000,
      );
      assert.match(tree['Expired']!['expiring.txt']![0]!, /expired \d+ s ago/);
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it('keeps only places across a reload, and reads the URLs again from the files', async () => {
    await vscode.commands.executeCommand('s3presign.scanWorkspace');
    const kept = view.keptPlaces();
    assert.equal(kept.length, 5);
    for (const place of kept) assert.deepEqual(Object.keys(place).sort(), ['column', 'line', 'uri']);
    assert.doesNotMatch(JSON.stringify(kept), /X-Amz|https?:|amazonaws/, 'no URL is kept');
    const nextWindow = new ScanResults(mementoWith({ 's3presign.workspaceScan.places': kept }));
    try {
      assert.deepEqual(await shown(nextWindow), await shown(view));
    } finally {
      nextWindow.dispose();
    }
  });

  it('drops a kept place where no URL starts any more', async () => {
    await vscode.commands.executeCommand('s3presign.scanWorkspace');
    const kept = [...view.keptPlaces(), { uri: workspaceFile('deploy.yaml').toString(), line: 1, column: 1 }];
    const nextWindow = new ScanResults(mementoWith({ 's3presign.workspaceScan.places': kept }));
    try {
      await nextWindow.restore();
      assert.equal(nextWindow.all.length, 5);
    } finally {
      nextWindow.dispose();
    }
  });
});
