import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BucketNode, ExplorerNode, FolderNode, MessageNode, ProfileNode } from '../../src/explorer/nodes';
import type { ExplorerProvider } from '../../src/explorer';
import type { AwsSession } from '../../src/session';
import { harnessAvailable, localS3, longestBlock, ui } from './harness';
import { activateInternals } from './extension';
import { closeWhatATestOpened, screenshotIfFailed, until } from './waits';

const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('s3presign');

describe('bucket explorer', function () {
  this.timeout(120_000);
  let explorer: ExplorerProvider;
  let session: AwsSession;

  const label = (node: ExplorerNode): string => {
    const l = explorer.getTreeItem(node).label;
    return typeof l === 'string' ? l : (l?.label ?? '');
  };
  const description = (node: ExplorerNode): string => String(explorer.getTreeItem(node).description ?? '');
  const children = (node?: ExplorerNode): Promise<ExplorerNode[]> => explorer.getChildren(node);
  async function child<T extends ExplorerNode>(parent: ExplorerNode | undefined, name: string): Promise<T> {
    const all = await children(parent);
    const found = all.find((n) => label(n) === name);
    assert.ok(found, `${name} not among ${all.map(label).join(', ')}`);
    return found as T;
  }
  const messages = (nodes: ExplorerNode[]): string[] =>
    nodes.filter((n): n is MessageNode => n.kind === 'message').map((n) => n.message);
  async function path(...names: string[]): Promise<ExplorerNode> {
    let node: ExplorerNode | undefined;
    for (const name of names) node = await child(node, name);
    return node!;
  }

  before(async () => {
    const internals = await activateInternals();
    explorer = internals.explorer;
    session = internals.session;
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest);
    await closeWhatATestOpened();
    await explorer.setFilter('');
    for (const key of ['explorer.pageSize', 'requestTimeout', 'defaultProfile'])
      await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  it('lists the profiles of the AWS files with their kind and region, AWS_PROFILE first', async () => {
    const roots = await children();
    const names = roots.map(label);
    assert.equal(names[0], 'sandbox');
    assert.deepEqual([...names].sort(), [
      'aws-static',
      'broken-process',
      'no-list',
      'sandbox',
      'session-soon',
      'sso-expired',
      'unreachable',
      'wrong-secret',
    ]);
    const kinds = Object.fromEntries(roots.map((n) => [label(n), (n as ProfileNode).profile.kind]));
    assert.deepEqual(kinds, {
      sandbox: 'static',
      'aws-static': 'static',
      'wrong-secret': 'static',
      'no-list': 'static',
      unreachable: 'static',
      'sso-expired': 'sso',
      'broken-process': 'credential-process',
      'session-soon': 'credential-process',
    });
    assert.equal(description(await child(undefined, 'aws-static')), 'static keys · eu-west-1');
    assert.match(description(roots[0]!), /^static keys · us-east-1 · 127\.0\.0\.1:\d+ · default$/);
    assert.match(description(await child(undefined, 'sso-expired')), /IAM Identity Center \(SSO\) · us-east-2/);
  });

  it('lists buckets, folders and objects of the sandbox profile', async () => {
    const buckets = (await children(await path('sandbox'))).map(label);
    assert.ok(
      ['presign-lens-demo', 'presign-lens-uploads', 'presign-lens-large'].every((b) => buckets.includes(b)),
      buckets.join(', '),
    );
    const root = await children(await path('sandbox', 'presign-lens-demo'));
    assert.deepEqual(root.map(label), [
      'deep/',
      'images/',
      'logs/',
      'marks/',
      'math/',
      'percent/',
      'reports/',
      'unicode/',
      'README.txt',
      'uploads-go-elsewhere.txt',
    ]);
    const unicode = await children(await path('sandbox', 'presign-lens-demo', 'unicode/', 'café/'));
    assert.deepEqual(unicode.map(label), ['naïve résumé.txt']);
    assert.match(description(unicode[0]!), /^24 B · (just now|\d+ min ago)$/, 'a coarse age');
    // Text from S3 is escaped into the Markdown tooltip (spaces as &nbsp;).
    const tooltip = (explorer.getTreeItem(unicode[0]!).tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ');
    assert.match(tooltip, /unicode\/café\/naïve résumé\.txt/);
    assert.match(tooltip, /STANDARD/);
  });

  it('pages a large prefix with "Load more…", never all at once', async () => {
    await settings().update('explorer.pageSize', 1000, vscode.ConfigurationTarget.Global);
    explorer.refresh();
    const logs = (await path('sandbox', 'presign-lens-demo', 'logs/', '2025/', '11/')) as FolderNode;
    let page = await children(logs);
    assert.equal(page.filter((n) => n.kind === 'object').length, 1000);
    assert.deepEqual(page.slice(-2).map(label), ['Load 1,000 more', 'Load all']);
    await vscode.commands.executeCommand('s3presign.loadMore', page[page.length - 2]);
    page = await children(logs);
    assert.equal(page.filter((n) => n.kind === 'object').length, 2000);
    await vscode.commands.executeCommand('s3presign.loadMore', page[page.length - 2]);
    page = await children(logs);
    assert.equal(page.filter((n) => n.kind === 'object').length, 2500);
    assert.ok(!page.some((n) => n.kind === 'loadMore'));
    assert.equal(label(page[2499]!), 'app-02500.log');
  });

  it('filters bucket and object names, keeping the path to matches among what was listed', async () => {
    explorer.refresh();
    await children(await path('sandbox', 'presign-lens-demo'));
    await vscode.commands.executeCommand('s3presign.filter', 'rep');
    // presign-lens-demo does not match "rep", but it holds reports/, which it has listed.
    const demo = await children(await path('sandbox', 'presign-lens-demo'));
    assert.deepEqual(demo.filter((n) => n.kind !== 'message').map(label), ['reports/']);
    assert.match(messages(demo)[0]!, /^9 items of the pages listed hidden by the filter "rep"$/);
    await vscode.commands.executeCommand('s3presign.filter', 'large');
    assert.deepEqual((await children(await path('sandbox'))).filter((n) => n.kind === 'bucket').map(label), [
      'presign-lens-large',
    ]);
    await vscode.commands.executeCommand('s3presign.clearFilter');
    assert.ok((await children(await path('sandbox', 'presign-lens-demo'))).length >= 10);
  });

  it('says why a profile cannot list, as a node with a retry', async () => {
    const reasons: Record<string, RegExp> = {
      'sso-expired': /aws sso login --profile sso-expired/,
      'broken-process': /The credential_process of profile broken-process failed: token service unreachable/,
      'wrong-secret': /secret key of profile wrong-secret does not match its access key/,
      unreachable: /Cannot reach http:\/\/s3\.unreachable\.invalid:9000: (host not found|name lookup failed)/,
    };
    for (const [profile, reason] of Object.entries(reasons)) {
      const nodes = await children(await path(profile));
      assert.equal(nodes.length, 1, `${profile}: ${nodes.map(label).join(', ')}`);
      const node = nodes[0] as MessageNode;
      assert.ok(node.failure, profile);
      assert.match(node.message, reason);
      const item = explorer.getTreeItem(node);
      assert.equal(item.command?.command, 's3presign.retry');
      assert.equal(item.contextValue, 's3presign.error');
    }
  });

  it('adds a bucket by name for a profile that may not list buckets, and lists it', async () => {
    explorer.refresh();
    const before = await children(await path('no-list'));
    assert.match(messages(before).join(' '), /Cannot list buckets: Access denied .*Add Bucket by Name/);
    await vscode.commands.executeCommand('s3presign.addBucket', { profile: 'no-list', bucket: 'presign-lens-demo' });
    const after = await children(await path('no-list'));
    const bucket = await child<BucketNode>(await path('no-list'), 'presign-lens-demo');
    assert.equal(bucket.added, true);
    assert.match(description(bucket), /added by name/);
    assert.match(messages(after).join(' '), /Buckets added by name are shown/);
    assert.ok((await children(bucket)).map(label).includes('README.txt'));
    await vscode.commands.executeCommand('s3presign.addBucket', { profile: 'no-list', bucket: 'Not_A_Bucket' });
    assert.ok(!session.added.get('no-list').includes('Not_A_Bucket'), 'an invalid name is refused, not stored');
  });

  it('shows access denied, throttling and a timeout on their buckets while the others keep working', async () => {
    await settings().update('requestTimeout', 2, vscode.ConfigurationTarget.Global);
    explorer.refresh();
    // Stored without asking S3 (check: false): each bucket's failure is what is under test.
    for (const bucket of ['denied-bucket', 'throttled-bucket', 'stalled-bucket', 'presign-lens-demo']) {
      await vscode.commands.executeCommand('s3presign.addBucket', { profile: 'no-list', bucket, check: false });
    }
    const expect: Record<string, RegExp> = {
      'denied-bucket': /^Access denied to denied-bucket for profile no-list/,
      'throttled-bucket': /throttling requests \(SlowDown\)/,
      'stalled-bucket': /No answer from .* in time/,
    };
    for (const [bucket, reason] of Object.entries(expect)) {
      const nodes = await children(await path('no-list', bucket));
      assert.equal(nodes.length, 1, bucket);
      assert.match((nodes[0] as MessageNode).message, reason);
    }
    assert.ok((await children(await path('no-list', 'presign-lens-demo'))).map(label).includes('README.txt'));
  });

  it('cancels a listing when its folder is collapsed', async () => {
    explorer.refresh();
    await vscode.commands.executeCommand('s3presign.addBucket', {
      profile: 'no-list',
      bucket: 'stalled-bucket',
      check: false,
    });
    const stalled = await path('no-list', 'stalled-bucket');
    const started = Date.now();
    const listing = children(stalled);
    await new Promise((r) => setTimeout(r, 300));
    explorer.collapsed(stalled);
    const nodes = await listing;
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.match((nodes[0] as MessageNode).message, /cancelled/);
  });

  it('says a bucket deleted meanwhile no longer exists', async function () {
    if (!harnessAvailable) this.skip(); // the local S3 is driven through the code-server runner
    explorer.refresh();
    const doomed = await path('sandbox', 'doomed-bucket');
    await localS3.deleteBucket('doomed-bucket');
    const nodes = await children(doomed);
    assert.match((nodes[0] as MessageNode).message, /doomed-bucket no longer exists/);
  });

  it('shows the server going down, and recovers when it is back', async function () {
    if (!harnessAvailable) this.skip();
    explorer.refresh();
    await localS3.stop();
    try {
      const nodes = await children(await path('sandbox'));
      const failure = nodes.find((n): n is MessageNode => n.kind === 'message' && n.failure !== undefined);
      assert.ok(failure, nodes.map(label).join(', '));
      assert.match(failure.message, /Cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused/);
      await localS3.start();
      await vscode.commands.executeCommand('s3presign.retry', failure);
      assert.ok((await children(await path('sandbox'))).map(label).includes('presign-lens-demo'));
    } finally {
      await localS3.start();
    }
  });

  it('copies S3 URIs, keys and object URLs', async () => {
    explorer.refresh();
    const object = await path('sandbox', 'presign-lens-demo', 'math/', 'a+b=c.txt');
    await vscode.commands.executeCommand('s3presign.copyS3Uri', object);
    assert.equal(await vscode.env.clipboard.readText(), 's3://presign-lens-demo/math/a+b=c.txt');
    await vscode.commands.executeCommand('s3presign.copyKey', object);
    assert.equal(await vscode.env.clipboard.readText(), 'math/a+b=c.txt');
    await vscode.commands.executeCommand('s3presign.copyObjectUrl', object);
    assert.match(
      await vscode.env.clipboard.readText(),
      /^http:\/\/127\.0\.0\.1:\d+\/presign-lens-demo\/math\/a%2Bb%3Dc\.txt$/,
    );
    await vscode.commands.executeCommand('s3presign.copyS3Uri', await path('sandbox', 'presign-lens-demo', 'reports/'));
    assert.equal(await vscode.env.clipboard.readText(), 's3://presign-lens-demo/reports/');
  });

  it('sets the default profile, which then comes first', async () => {
    await vscode.commands.executeCommand('s3presign.setDefaultProfile', await path('no-list'));
    assert.equal(settings().get('defaultProfile'), 'no-list');
    assert.equal(label((await children())[0]!), 'no-list');
  });

  it('opens the AWS config file the profiles come from', async () => {
    await vscode.commands.executeCommand('s3presign.openAwsConfig');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, process.env['AWS_CONFIG_FILE']);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('keeps the extension host responsive while paging through 10,000 keys', async () => {
    await settings().update('explorer.pageSize', 200, vscode.ConfigurationTarget.Global);
    explorer.refresh();
    const many = await path('sandbox', 'presign-lens-large', 'many/');
    const started = performance.now();
    const { result, longest, p99 } = await longestBlock(async () => {
      let nodes = await children(many);
      let pages = 1;
      while (nodes[nodes.length - 1]?.kind === 'loadMore') {
        await vscode.commands.executeCommand('s3presign.loadMore', nodes[nodes.length - 1]);
        nodes = await children(many);
        pages++;
      }
      return { nodes, pages };
    });
    assert.equal(result.nodes.filter((n) => n.kind === 'object').length, 10_000);
    console.log(
      `      10,000 keys in ${result.pages} pages of 200 in ${((performance.now() - started) / 1000).toFixed(1)} s; longest extension-host block ${longest.toFixed(1)} ms (p99 of the turns ${p99.toFixed(1)} ms)`,
    );
  });

  it('checks a name before adding it: no such bucket is refused, one that exists but cannot be listed is added', async () => {
    explorer.refresh();
    await session.added.set('no-list', []);
    await vscode.commands.executeCommand('s3presign.addBucket', { profile: 'sandbox', bucket: 'no-such-bucket-here' });
    assert.ok(!session.added.get('sandbox').includes('no-such-bucket-here'), 'HeadBucket 404: not stored');
    await vscode.commands.executeCommand('s3presign.addBucket', { profile: 'no-list', bucket: 'throttled-bucket' });
    assert.ok(!session.added.get('no-list').includes('throttled-bucket'), 'no answer that tells: not stored');
    await vscode.commands.executeCommand('s3presign.addBucket', { profile: 'no-list', bucket: 'denied-bucket' });
    assert.ok(session.added.get('no-list').includes('denied-bucket'), 'HeadBucket 403: it exists');
  });

  it('lists every page with "Load all", and counts what "Load more" lists', async () => {
    await settings().update('explorer.pageSize', 300, vscode.ConfigurationTarget.Global);
    explorer.refresh();
    const logs = (await path('sandbox', 'presign-lens-demo', 'logs/', '2025/', '11/')) as FolderNode;
    let page = await children(logs);
    assert.deepEqual(page.slice(-2).map(label), ['Load 300 more', 'Load all']);
    assert.match(description(page[page.length - 1]!), /^up to 10,000 more keys, cancellable$/);
    await vscode.commands.executeCommand('s3presign.loadAll', page[page.length - 1]);
    page = await children(logs);
    assert.equal(page.filter((n) => n.kind === 'object').length, 2500);
    assert.ok(!page.some((n) => n.kind === 'loadMore'));
  });

  it('offers "Set as Default Profile" on every profile but the default one', () => {
    const manifest = vscode.extensions.getExtension('s3presign.s3-presign-lens')!.packageJSON as {
      contributes: { menus: Record<string, { command: string; when: string }[]> };
    };
    const menu = manifest.contributes.menus['view/item/context']!.find(
      (m) => m.command === 's3presign.setDefaultProfile',
    );
    assert.match(menu!.when, /viewItem == s3presign\.profile$/);
    return children().then((roots) => {
      const values = Object.fromEntries(roots.map((n) => [label(n), explorer.getTreeItem(n).contextValue]));
      assert.equal(values['sandbox'], 's3presign.profile.default');
      assert.equal(values['no-list'], 's3presign.profile');
    });
  });

  it('redraws the listings that show ages, without listing again', async () => {
    explorer.refresh();
    const reports = await path('sandbox', 'presign-lens-demo', 'reports/', '2025/');
    await children(reports);
    const redrawn: (ExplorerNode | undefined)[] = [];
    const sub = explorer.onDidChangeTreeData((n) => redrawn.push(n));
    try {
      explorer.refreshAges();
    } finally {
      sub.dispose();
    }
    assert.ok(redrawn.includes(reports), 'the folder with objects is redrawn');
    assert.ok(!redrawn.includes(undefined), 'not the whole tree, which would list the buckets again');
  });

  it('adds a bucket from the title bar with a bucket, then an object, selected: asks, checks (screenshot)', async function () {
    if (!ui.available) this.skip();
    explorer.refresh();
    await ui.openViewContainer('S3 Presign Lens');
    const addButton = '.part.sidebar .pane-header .action-label[aria-label^="Add Bucket by Name"]';
    const bucketsHeader = '.part.sidebar .pane-header:has-text("Buckets")';
    const inputMessage = '.quick-input-widget .quick-input-message';
    // VS Code hands a title-bar command the focused node, here a bucket.
    await explorer.reveal('sandbox', 'presign-lens-demo', '');
    await ui.click(addButton, bucketsHeader);
    assert.equal(await ui.text('.quick-input-widget .quick-input-title'), 'Add a bucket to sandbox');
    await ui.type('no-such-bucket-here');
    await ui.press('Enter');
    await until(
      async () => /There is no bucket/.test(await ui.text(inputMessage)),
      'the input box to say what HeadBucket answered',
    );
    assert.match(
      await ui.text(inputMessage),
      /^There is no bucket no-such-bucket-here at http:\/\/127\.0\.0\.1:\d+ for profile sandbox \(HeadBucket answered 404 Not Found\)\. Press Enter to add it anyway, or Escape\.$/,
    );
    assert.ok(!session.added.get('sandbox').includes('no-such-bucket-here'), 'not stored before the user says so');
    await ui.screenshot('explorer-add-bucket-missing');
    await ui.press('Enter');
    await until(() => session.added.get('sandbox').includes('no-such-bucket-here'), 'the bucket added anyway');
    await session.added.set(
      'sandbox',
      session.added.get('sandbox').filter((b) => b !== 'no-such-bucket-here'),
    );
    // Now an object.
    await explorer.reveal('sandbox', 'presign-lens-demo', 'README.txt');
    await ui.click(addButton, bucketsHeader);
    await until(
      () => ui.text('.quick-input-widget .quick-input-title'),
      (t) => t === 'Add a bucket to sandbox',
      'the Add Bucket box for the object’s profile',
    );
    await ui.press('Escape');
    explorer.refresh();
  });

  it('opens the presign questions for an object that is clicked, and for a bucket handed over', async function () {
    if (!ui.available) this.skip();
    explorer.refresh();
    await ui.openViewContainer('S3 Presign Lens');
    await explorer.reveal('sandbox', 'presign-lens-demo', 'uploads-go-elsewhere.txt');
    await ui.clickTreeItem('uploads-go-elsewhere.txt');
    await until(
      () => ui.text('.quick-input-widget .quick-input-title'),
      (t) => t.startsWith('Presign S3 Object: s3://presign-lens-demo/uploads-go-elsewhere.txt'),
      'the presign questions for the object clicked',
    );
    await ui.text('.quick-input-widget .monaco-list-row[aria-label^="GET"]');
    await ui.press('Escape');
    // A bucket handed to the same command (a keybinding on the view) asks for the key in it.
    void vscode.commands.executeCommand('s3presign.presign', await path('sandbox', 'presign-lens-demo'));
    await until(
      async () =>
        (await ui.text('.quick-input-widget .quick-input-title')) ===
        'Presign S3 Object: s3://presign-lens-demo/ (3/6)',
      'the key question in presign-lens-demo',
    );
    await ui.press('Escape');
  });

  it('says what the filter searched, and reveals what it finds (screenshot)', async function () {
    if (!ui.available) this.skip();
    explorer.refresh();
    await ui.openViewContainer('S3 Presign Lens');
    await explorer.reveal('sandbox', 'presign-lens-demo', '');
    const message = '.part.sidebar .tree-explorer-viewlet-tree-view .message';
    await vscode.commands.executeCommand('s3presign.filter', 'summary');
    assert.equal(
      await ui.text(message),
      'No match for "summary" in the names listed so far. S3 is not searched: open the folder that holds it.',
    );
    await vscode.commands.executeCommand('s3presign.clearFilter');
    // Listed now, then folded away: the filter opens the way to each match.
    await explorer.reveal('sandbox', 'presign-lens-demo', 'reports/2025/Q3 summary.csv');
    await vscode.commands.executeCommand('workbench.actions.treeView.s3presign.explorer.collapseAll');
    await vscode.commands.executeCommand('s3presign.filter', 'summary');
    await until(
      () => ui.text(message),
      (t) => t === '2 matches for "summary" in the names listed so far (S3 is not searched).',
      'the message of the second filter',
    );
    await ui.text('.part.sidebar .monaco-list-row[aria-label*="Q4 summary.csv"]');
    await ui.screenshot('explorer-filter');
    await vscode.commands.executeCommand('s3presign.clearFilter');
  });

  it('shows the sandbox profile with buckets, folders and objects (screenshot)', async function () {
    if (!ui.available) this.skip();
    await ui.openViewContainer('S3 Presign Lens');
    // Fold what earlier tests opened, then open the way to one report (a click on a row toggles it, so
    // clicks would depend on what was open; reveal does not).
    await vscode.commands.executeCommand('workbench.actions.treeView.s3presign.explorer.collapseAll');
    explorer.refresh();
    await explorer.reveal('sandbox', 'presign-lens-demo', 'reports/2025/Q3 summary.csv');
    await ui.text('.part.sidebar .monaco-list-row[aria-label*="Q3 summary.csv"]');
    await ui.screenshot('explorer-sandbox');
  });
});
