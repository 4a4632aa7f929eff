import * as assert from 'node:assert/strict';
import { PerformanceObserver } from 'node:perf_hooks';
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import type { Internals } from '../../src/internals';
import type { DiagnosticsRun } from '../../src/inline/diagnostics';
import { PresignedUrlHover } from '../../src/inline/hover';
import type { PresignArgs, PresignOutcome } from '../../src/presign';
import { retrying, until } from '../runner/wait';
import { longestBlock, ui } from './harness';
import { discardUntitled } from './documents';
import { presignInSandbox } from './sandboxUrls';
import { activateInternals, answerConsent } from './extension';
import { screenshotIfFailed } from './waits';

const presign = presignInSandbox;
const expired = (args: Partial<PresignArgs> = {}): Promise<string> =>
  presign({ expiresIn: 60, signingDate: '2026-01-01T00:00:00Z', ...args });

async function untitled(language: string, content: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument({ language, content });
}

/** Waits until the document's problems from this extension satisfy `ok`. */
async function diagnosticsOf(
  uri: vscode.Uri,
  ok: (d: readonly vscode.Diagnostic[]) => boolean,
): Promise<readonly vscode.Diagnostic[]> {
  return until(
    () => vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'S3 Presign Lens'),
    ok,
    'the problems settled',
  );
}

/**
 * Shows the hover at the cursor of the active editor and returns its rendered text. The editor may drop a
 * keyboard hover (focus moving, the pointer raising a hover of its own), so the pointer is moved off the
 * editor, and the editor focused and the hover asked for again every few seconds until it shows.
 */
async function showHover(): Promise<string> {
  await ui.mouseAway();
  return retrying(
    async () => {
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      await vscode.commands.executeCommand('editor.action.showHover');
    },
    // Ours, not the "Follow link" hover the editor shows for a link under the mouse pointer.
    (timeout) => ui.text('.monaco-hover-content:has-text("Presigned S3 URL")', timeout),
    4000,
  );
}

const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);

/** The hover as a reader sees it: rendered by a CommonMark renderer (HTML on, autolinks on, as hostile as it gets). */
const rendered = (markdown: string): string => new MarkdownIt({ html: true, linkify: true }).render(markdown);
/** The text of the rendered hover, tags dropped and entities read. */
const shown = (markdown: string): string =>
  rendered(markdown)
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ')
    // VS Code's icon renderer shows an escaped `\$(icon)` as the text `$(icon)`.
    .replace(/\\\$\(/g, '$(');

async function hoverText(document: vscode.TextDocument, offset: number): Promise<{ value: string; trusted: unknown }> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    document.uri,
    document.positionAt(offset),
  );
  const ours = hovers
    .flatMap((h) => h.contents)
    .find((c) => typeof c !== 'string' && 'value' in c && c.value.includes('Presigned S3 URL')) as
    vscode.MarkdownString | undefined;
  assert.ok(ours, `no hover at ${offset}: ${JSON.stringify(hovers.flatMap((h) => h.contents))}`);
  return { value: ours.value, trusted: ours.isTrusted };
}

describe('presigned URLs in files', function () {
  this.timeout(180_000);
  let api: Internals;
  before(async () => {
    api = await activateInternals();
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest);
    await vscode.workspace
      .getConfiguration('s3presign')
      .update('diagnostics', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace
      .getConfiguration('s3presign')
      .update('decorations', undefined, vscode.ConfigurationTarget.Global);
    await discardUntitled();
  });

  it('hovers on a presigned URL in TypeScript, JSON with \\u0026 escapes, Markdown, YAML and plain text', async () => {
    const url = await expired({ key: 'reports/2025/Q3 summary.csv' });
    const escaped = url.replace(/&/g, '\\u0026').replace(/\//g, '\\/');
    const documents: [string, string][] = [
      ['typescript', `export const REPORT = '${url}';\n`],
      ['json', `{"report": "${escaped}"}`],
      ['markdown', `# Report\n\nSee [the report](${url}).\n`],
      ['yaml', `report:\n  url: ${url}\n`],
      ['plaintext', `Sent by mail:\n${url}\n`],
    ];
    for (const [language, content] of documents) {
      const doc = await untitled(language, content);
      const { value, trusted } = await hoverText(doc, content.indexOf('X-Amz-Credential'));
      const text = shown(value);
      assert.match(text, /expired \d+ days( \d+ h)? ago/, language);
      assert.match(text, /Bucket: presign-lens-demo\n/, language);
      assert.match(text, /Key: reports\/2025\/Q3 summary\.csv\n/, language);
      assert.match(text, /Region: us-east-1\n/, language);
      assert.match(text, /Method: GET \(x-id=GetObject\)\n/, language);
      assert.match(text, /Signature: V4, /, language);
      assert.match(value, /\[\$\(inspect\) Decode\]\(command:s3presign\.decode\?/, language);
      assert.match(value, /command:s3presign\.represignUrl\?/, language);
      assert.match(value, /command:s3presign\.copyCurl\?/, language);
      assert.match(value, /\[\$\(globe\) Check CORS\]\(command:s3presign\.checkCors\?/, language);
      assert.doesNotMatch(value, /X-Amz-Signature/, 'command links carry the place of the URL, not the URL');
      assert.deepEqual(trusted, {
        enabledCommands: ['s3presign.decode', 's3presign.represignUrl', 's3presign.copyCurl', 's3presign.checkCors'],
      });
    }
  });

  it('shows a key holding Markdown, HTML and a command link as text', async () => {
    const key = '**bold** <img src=x onerror=alert(1)> [run](command:workbench.action.terminal.new) $(alert)';
    const url = await presign({ key });
    const doc = await untitled('plaintext', url);
    const { value } = await hoverText(doc, 20);
    const html = rendered(value);
    const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]!.replace(/\?.*/, ''));
    assert.deepEqual(links, [
      'command:s3presign.decode',
      'command:s3presign.represignUrl',
      'command:s3presign.copyCurl',
      'command:s3presign.checkCors',
    ]);
    assert.doesNotMatch(html, /<(img|strong>bold)/);
    assert.ok(shown(value).includes(`Key: ${key}\n`), shown(value));
    assert.match(value, /\\\\\$\\\(alert\\\)/, 'the icon stays text, escaped as VS Code escapes icons');
  });

  it('puts problems on expired, live and unreadable URLs, and clears them when they go', async () => {
    const old = await expired();
    const live = await presign({ expiresIn: '1d' });
    const cut = (await presign()).replace(/&X-Amz-Signature=[0-9a-f]+/, '');
    const doc = await untitled('plaintext', `${old}\n${live}\n${cut}\n`);
    let d = await diagnosticsOf(doc.uri, (x) => x.some((y) => codeOf(y) === 'MISSING_PARAMETER'));
    const expiredOne = d.find((x) => codeOf(x) === 'EXPIRED')!;
    assert.equal(expiredOne.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(expiredOne.range.start.line, 0);
    const liveOne = d.find((x) => codeOf(x) === 'LIVE_URL')!;
    assert.equal(liveOne.severity, vscode.DiagnosticSeverity.Information);
    assert.match(liveOne.message, /A live presigned URL grants access to anyone who has it until /);
    assert.equal(liveOne.range.start.line, 1);
    assert.equal(d.find((x) => codeOf(x) === 'MISSING_PARAMETER')!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(
      (expiredOne.code as { target: vscode.Uri }).target.toString(true),
      'command:s3presign.showFinding?["EXPIRED"]',
      'the code links to its section of the findings, rendered',
    );

    await vscode.workspace
      .getConfiguration('s3presign')
      .update('diagnostics', 'expired', vscode.ConfigurationTarget.Global);
    d = await diagnosticsOf(doc.uri, (x) => x.length === 1);
    assert.equal(codeOf(d[0]!), 'EXPIRED');

    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.delete(doc.lineAt(0).rangeIncludingLineBreak));
    await diagnosticsOf(doc.uri, (x) => x.length === 0);
    await vscode.workspace
      .getConfiguration('s3presign')
      .update('diagnostics', 'off', vscode.ConfigurationTarget.Global);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), `${old}\n`));
    // What the debounced run after that edit computes, computed now:
    assert.deepEqual(await api.inline.diagnostics.update(doc), []);
    assert.deepEqual(
      vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'S3 Presign Lens'),
      [],
    );
  });

  it('opens the rendered section of a problem’s code from the Problems panel (screenshot)', async function () {
    if (!ui.available) this.skip();
    const doc = await untitled('plaintext', `${await expired({ key: 'reports/2025/Q3 summary.csv' })}\n`);
    await vscode.window.showTextDocument(doc);
    await diagnosticsOf(doc.uri, (d) => d.some((x) => codeOf(x) === 'EXPIRED'));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await ui.click('.part.panel a.monaco-link:has-text("EXPIRED")');
    await until(
      () => ui.text('.tabs-container .tab.active'),
      (t) => t.startsWith('Preview findings.md'),
      'the preview',
    );
    // Scrolled to the section: its heading is at the top of the preview, not the document's title.
    const [heading] = await until(
      () => ui.painted({ selector: 'h2#expired' }, true),
      (found) => found.length === 1 && found[0]!.top < 120,
      'the EXPIRED section scrolled to the top',
    );
    assert.equal(heading!.text, 'EXPIRED');
    await ui.screenshot('finding-section');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('re-presigns an expired URL in place with a quick fix, keeping the file’s escaping', async () => {
    const old = await expired({ key: 'math/a+b=c.txt' });
    const doc = await untitled('json', `{"url": "${old.replace(/&/g, '\\u0026').replace(/\//g, '\\/')}"}`);
    const d = await diagnosticsOf(doc.uri, (x) => x.some((y) => codeOf(y) === 'EXPIRED'));
    const problem = d.find((x) => codeOf(x) === 'EXPIRED')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      problem.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.startsWith('Re-presign and replace'))!;
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    assert.ok(actions.some((a) => a.title === 'Open in the decoder'));
    assert.ok(actions.some((a) => a.title === 'Check Browser Access (CORS)…'));
    const refused = answerConsent(api, false);
    try {
      await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? []));
    } finally {
      refused.restore();
    }
    assert.equal(refused.asked.length, 1);
    assert.match(
      refused.asked[0]!.heading,
      /^Sign a new GET URL for s3:\/\/presign-lens-demo\/math\/a\+b=c\.txt with your profile /,
    );
    assert.match(refused.asked[0]!.detail, /Expires: in 1 min, at /);
    assert.match(refused.asked[0]!.detail, /Written into Untitled-\d+, line 1, in place of the old URL/);
    assert.equal(JSON.parse(doc.getText()).url, old, 'refused: nothing written');
    const agreed = answerConsent(api, true);
    try {
      await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? []));
    } finally {
      agreed.restore();
    }
    const json = JSON.parse(doc.getText()) as { url: string };
    assert.notEqual(json.url, old);
    assert.ok(doc.getText().includes('\\u0026') && doc.getText().includes('\\/'), 'still JSON-escaped');
    assert.match(json.url, /X-Amz-Expires=60&/, 'same expiry length');
    const response = await fetch(json.url);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'A key with a plus sign: it must be sent as %2B, never as a space.\n');
    await diagnosticsOf(doc.uri, (x) => !x.some((y) => codeOf(y) === 'EXPIRED'));
  });

  it('replaces an upload URL where it stands when the file changed while the new one was made', async function () {
    if (!ui.available) this.skip();
    const old = await expired({
      bucket: 'presign-lens-uploads',
      key: 'in/report.csv',
      method: 'PUT',
      contentType: 'text/csv',
      signContentType: true,
    });
    const doc = await untitled('plaintext', `upload to: ${old}\n`);
    await vscode.window.showTextDocument(doc);
    const consent = answerConsent(api, true);
    const represigned = vscode.commands.executeCommand<PresignOutcome | undefined>('s3presign.represignUrl', {
      uri: doc.uri.toString(),
      offset: 20,
    });
    // The old URL signed a Content-Type, which the URL does not hold: the user is asked, and meanwhile types.
    await ui.text('.quick-input-widget .quick-input-title');
    const typing = new vscode.WorkspaceEdit();
    typing.insert(doc.uri, new vscode.Position(0, 0), 'Nightly export\n');
    assert.ok(await vscode.workspace.applyEdit(typing));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const outcome = (await represigned)!;
    consent.restore();
    assert.equal(consent.asked[0]?.sign, 'Sign PUT URL and Replace');
    assert.match(consent.asked[0].detail, /Content-Type the upload must send: text\/csv/);
    assert.equal(doc.lineAt(0).text, 'Nightly export');
    assert.equal(doc.lineAt(1).text, `upload to: ${outcome.url}`);
    const response = await fetch(outcome.url, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b\n',
    });
    assert.equal(response.status, 200, await response.text());
  });

  it('puts a plain-text badge at the start of each URL in view, in the engine’s words, unless turned off', async () => {
    const old = await expired();
    const live = await presign({ expiresIn: '3h' });
    const doc = await untitled('plaintext', `${old}\nsee: ${live}\n`);
    const editor = await vscode.window.showTextDocument(doc);
    const badges = api.inline.decorations.decorate(editor);
    assert.deepEqual(
      badges.map((b) => [b.range.start.line, b.range.start.character, b.range.isEmpty]),
      [
        [0, 0, true],
        [1, 5, true],
      ],
      'at the start of each URL',
    );
    const texts = badges.map((b) => b.renderOptions?.before?.contentText);
    assert.match(texts[0]!, /^expired \d+ days? ago$/, 'coarse, as glanced at');
    assert.match(texts[1]!, /^expires in 3 h$/, '2 h 59 min 59 s, to the nearest hour');
    assert.ok(
      texts.every((t) => /^[\x20-\x7e]+$/.test(t!)),
      'plain ASCII text: no emoji to show as a missing glyph',
    );
    await vscode.workspace
      .getConfiguration('s3presign')
      .update('decorations', false, vscode.ConfigurationTarget.Global);
    assert.deepEqual(api.inline.decorations.decorate(editor), []);
  });

  it('shows the badge of a URL on a long line where the URL starts, inside the editor (screenshot)', async function () {
    if (!ui.available) this.skip();
    const url = await presign({ key: `reports/${'long-name-'.repeat(40)}.csv`, expiresIn: '2h' });
    const doc = await untitled('typescript', `export const REPORT = '${url}';\n`);
    await vscode.window.showTextDocument(doc);
    await ui.mouseAway();
    const [badge] = await until(
      () => ui.painted({ selector: '.monaco-editor .view-lines span', pseudo: '::before' }),
      (found) => found.some((p) => p.text.startsWith('expires in')),
      'the badge drawn',
    ).then((found) => found.filter((p) => p.text.startsWith('expires in')));
    assert.match(badge!.text, /^expires in 2 h$/);
    // The window is 1,400 px wide; the URL runs far past it.
    assert.ok(badge!.left > 0 && badge!.right < 1000, `badge at ${badge!.left}–${badge!.right} px`);
    await ui.screenshot('badge-long-line');
  });

  it('stays responsive on a 5 MB one-line JSON file with 10,000 URLs and on a 10 MB line without any', async () => {
    const template = await expired({ key: 'logs/2025/11/app-00001.log' });
    const urls = Array.from({ length: 10_000 }, (_, i) =>
      template.replace('app-00001', `app-${String(i).padStart(5, '0')}`).replace(/&/g, '\\u0026'),
    );
    let json = `{"urls":["${urls.join('","')}"],"pad":"`;
    json += 'x'.repeat(Math.max(0, 5 * 1024 * 1024 - json.length - 3)) + '"}';
    // Opening it with this extension's problems off, first (the first opening also warms VS Code up):
    // what VS Code itself holds the host for.
    await vscode.workspace
      .getConfiguration('s3presign')
      .update('diagnostics', 'off', vscode.ConfigurationTarget.Global);
    const control = await longestBlock(async () => {
      await untitled('json', json);
      await new Promise((r) => setTimeout(r, 1000));
    });
    await vscode.workspace
      .getConfiguration('s3presign')
      .update('diagnostics', undefined, vscode.ConfigurationTarget.Global);
    // Then with problems on: VS Code's own handling of the 5 MB document counts too.
    let lastRun: DiagnosticsRun | undefined;
    const runs = api.inline.diagnostics.onDidUpdate((run) => (lastRun = run));
    const opening = await longestBlock(async () => {
      const document = await untitled('json', json);
      await diagnosticsOf(document.uri, (d) => d.length === 1001);
      return document;
    });
    const big = opening.result;
    const onOpen = lastRun!;
    await new Promise((r) => setTimeout(r, 2000)); // let the host settle: what follows is ours alone
    const started = performance.now();
    const { result: problems, longest } = await longestBlock(() => api.inline.diagnostics.update(big));
    const took = performance.now() - started;
    const ours = lastRun!;
    runs.dispose();
    assert.equal(problems.length, 1001, 'the first 1,000 problems and a summary');
    assert.match(
      problems[1000]!.message,
      /^Problems are listed for the first 1000 of the 10000 presigned URLs in this file\.$/,
    );
    const hover = new PresignedUrlHover();
    const hoverTimes: number[] = [];
    const gcPauses: number[] = [];
    const gc = new PerformanceObserver((list) => gcPauses.push(...list.getEntries().map((e) => e.duration)));
    gc.observe({ entryTypes: ['gc'] });
    for (let i = 0; i < 50; i++) {
      const at = big.positionAt(json.indexOf('X-Amz-Credential', Math.floor((json.length / 3 / 50) * i)));
      const t = performance.now();
      assert.ok(hover.provideHover(big, at));
      hoverTimes.push(performance.now() - t);
    }
    await new Promise((r) => setTimeout(r, 0));
    gc.disconnect();
    const editor = await vscode.window.showTextDocument(big);
    const t2 = performance.now();
    const badges = api.inline.decorations.decorate(editor);
    const decorateTook = performance.now() - t2;
    assert.equal(badges.length, 100, 'a one-line file is visible whole: the first 100 URLs get a badge');
    assert.ok(badges.every((b) => /^expired \d+ days? ago$/.test(b.renderOptions?.before?.contentText ?? '')));
    const bigFile = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'big-minified.json');
    await vscode.workspace.fs.writeFile(bigFile, Buffer.from(json));
    let scanBlock: number;
    try {
      const scanned = await longestBlock(() =>
        Promise.resolve(vscode.commands.executeCommand<{ results: { uri: vscode.Uri }[] }>('s3presign.scanWorkspace')),
      );
      scanBlock = scanned.longest;
      assert.equal(scanned.result.results.filter((r) => r.uri.path.endsWith('/big-minified.json')).length, 10_000);
      const scanView = api.inline.scanResults;
      const expiredFiles = await scanView.getChildren((await scanView.getChildren())[0]);
      const bigNode = expiredFiles.find((f) => scanView.getTreeItem(f).label === 'big-minified.json');
      const shownItems = await scanView.getChildren(bigNode);
      assert.equal(shownItems.length, 501, 'the first 500 and how many more');
      assert.equal(scanView.getTreeItem(shownItems[500]!).label, '…and 9500 more in this file');
    } finally {
      await vscode.workspace.fs.delete(bigFile);
    }
    const noUrl = await untitled('plaintext', 'y'.repeat(10 * 1024 * 1024));
    const t0 = performance.now();
    assert.deepEqual(await api.inline.diagnostics.update(noUrl), []);
    const noUrlTook = performance.now() - t0;
    const t1 = performance.now();
    assert.equal(hover.provideHover(noUrl, new vscode.Position(0, 5 * 1024 * 1024)), undefined);
    const noUrlHover = performance.now() - t1;
    const firstHover = hoverTimes[0]!;
    hoverTimes.sort((a, b) => a - b);
    console.log(
      `      5 MB / 10,000 URLs: opening it, longest extension-host block ${opening.longest.toFixed(1)} ms (ours: ${onOpen.slices} slices, longest ${onOpen.longestSliceMs.toFixed(1)} ms; with problems off, first: ${control.longest.toFixed(1)} ms); problems in ${took.toFixed(0)} ms, longest extension-host block ${longest.toFixed(1)} ms (ours: ${ours.slices} slices, longest ${ours.longestSliceMs.toFixed(1)} ms, hand-over ${ours.handOverMs.toFixed(1)} ms), workspace scan of it ${scanBlock.toFixed(1)} ms, badges ${decorateTook.toFixed(1)} ms; ` +
        `50 hovers: first ${firstHover.toFixed(2)} ms, median ${hoverTimes[25]!.toFixed(2)} ms, 2nd slowest ${hoverTimes[48]!.toFixed(2)} ms, slowest ${hoverTimes[49]!.toFixed(2)} ms (garbage collections meanwhile: ${gcPauses.length}, longest ${Math.max(0, ...gcPauses).toFixed(2)} ms); ` +
        `10 MB line without URL: problems ${noUrlTook.toFixed(1)} ms, hover ${noUrlHover.toFixed(2)} ms`,
    );
  });

  it('shows the hover over an expired URL in a TypeScript file (screenshot)', async function () {
    if (!ui.available) this.skip();
    const url = await expired({ key: 'reports/2025/Q3 summary.csv' });
    const doc = await untitled(
      'typescript',
      `// A fixture that broke the tests.\nexport const REPORT_URL =\n  '${url}';\n`,
    );
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('X-Amz-Algorithm'));
    editor.selection = new vscode.Selection(at, at);
    const text = await showHover();
    assert.match(text, /expired \d+ days/);
    await new Promise((r) => setTimeout(r, 300)); // the hover fades in
    await ui.screenshot('hover-expired-typescript');
  });

  it('renders a hostile key as text in the real hover (screenshot)', async function () {
    if (!ui.available) this.skip();
    const key = '**bold** <img src=x onerror=alert(1)> [run](command:workbench.action.terminal.new) $(alert)';
    const doc = await untitled('plaintext', `${await presign({ key })}\n`);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(new vscode.Position(0, 20), new vscode.Position(0, 20));
    const text = await showHover();
    assert.ok(text.includes(`Key: ${key}`), text);
    await new Promise((r) => setTimeout(r, 300));
    await ui.screenshot('hover-hostile-key');
  });
});
