// Hostile input does not freeze the editor: the extension host is profiled (longestOwnBlock) while a
// workspace scan meets the .gitignore that once blocked it for seconds, and while the decoder checks,
// verifies and explains a 16 KB URL (the longest a line of a file can hold) whose 1,000 parameters were added
// after signing — the worst case of the mismatch search and of "S3 said…" (its answer is pasted: the local S3
// refuses a request line that long with 431 before it reads the signature).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { longestBlock, longestOwnBlock, ui } from './harness';
import { presignInSandbox } from './sandboxUrls';
import { until } from './waits';

/** Under this, a block of the extension host goes unnoticed; over it, typing stutters. */
const MAX_BLOCK_MS = 50;

describe('bounded work on hostile input', function () {
  this.timeout(180_000);

  it('scans a folder whose .gitignore holds the backtracking rule, a 200,000-space line and a 300 KB line', async () => {
    const root = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'hostile');
    const url = await presignInSandbox();
    const write = (path: string, text: string): Thenable<void> =>
      vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, path), Buffer.from(text));
    // A name of 100 "a" is not ignored (no "b"), yet takes a backtracking matcher 2^n steps to say so.
    const kept = 'a'.repeat(100);
    const ignored = `${'a'.repeat(99)}b`;
    await write('.gitignore', `*a*a*a*a*a*a*a*a*b\n${' '.repeat(200_000)}x\n${'c*'.repeat(150_000)}\n`);
    await write(kept, `${url}\n`);
    await write(ignored, `${url}\n`);
    for (let i = 0; i < 200; i++) await write(`deep/${'a'.repeat(40 + (i % 60))}${i}`, 'no URL here\n');
    try {
      const scan = (): Promise<{ results: { uri: vscode.Uri }[]; unusableRules: number }> =>
        Promise.resolve(
          vscode.commands.executeCommand<{ results: { uri: vscode.Uri }[]; unusableRules: number }>(
            's3presign.scanWorkspace',
          ),
        );
      // Once on the clock (every extension's blocks), once under the profiler (ours alone), which asserts.
      const { longest: clock } = await longestBlock(scan);
      const { result, longest } = await longestOwnBlock(scan);
      const found = result.results
        .map((r) => vscode.workspace.asRelativePath(r.uri))
        .filter((p) => p.startsWith('hostile/'));
      assert.deepEqual(found, [`hostile/${kept}`], 'the rule holds: the name ending in "b" is ignored');
      assert.ok(result.unusableRules >= 1, 'the 300 KB rule is over the caps: skipped and counted');
      console.log(
        `      pathological .gitignore scan: longest block of the extension host by this extension ${longest.toFixed(1)} ms (by any extension, on the clock: ${clock.toFixed(1)} ms)`,
      );
      assert.ok(longest < MAX_BLOCK_MS, `this extension held the extension host ${longest.toFixed(1)} ms`);
    } finally {
      await vscode.workspace.fs.delete(root, { recursive: true });
    }
  });

  it('checks, verifies and explains a 16 KB URL in the decoder without blocking the host', async function () {
    if (!ui.available) this.skip();
    const signed = await presignInSandbox();
    let url = signed;
    for (let i = 0; url.length < 16 * 1024 - 20; i++) url += `&p${i}=${'v'.repeat(6)}`;
    assert.ok(url.length > 16_000 && (url.match(/&p\d+=/g) ?? []).length >= 1000, `${url.length} bytes`);
    const date = /X-Amz-Date=(\w+)/.exec(url)![1]!;
    const scope = decodeURIComponent(/X-Amz-Credential=([^&]+)/.exec(url)![1]!)
      .split('/')
      .slice(1)
      .join('/');
    const s3Said =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>' +
      `<StringToSign>AWS4-HMAC-SHA256\n${date}\n${scope}\n${'0'.repeat(64)}</StringToSign><SignatureProvided>${'1'.repeat(64)}</SignatureProvided></Error>`;
    const { longest } = await longestOwnBlock(async () => {
      assert.ok(await vscode.commands.executeCommand('s3presign.decode', url));
      // Opening checks the signature at once with the profile that holds the key: the headline turns once the
      // check (the mismatch search of a 16 KB URL, in slices) is done, later on a loaded machine.
      await until(
        async () => !/^(Checking|$)/.test(await ui.webviewText('#signature-status')),
        'the signature checked at once',
      );
      await until(
        () => ui.webviewText('#verdict'),
        (verdict) => /signature does not match/.test(verdict),
        'the headline says the signature does not match',
      );
      await ui.webviewSelect('#verify-profile', 'sandbox');
      await ui.webviewSelect('#verify-method', 'GET');
      await ui.webviewClick('#verify button');
      await until(
        () => ui.webviewText('#verify-verdict'),
        (t) => t.startsWith('Invalid for GET with the secret of sandbox'),
        '#verify-verdict as expected',
      );
      // "S3 said…": an answer whose string to sign matches no request the search can make — its worst case.
      await ui.webviewFill('#explain-xml', s3Said);
      await ui.webviewClick('#explain button');
      await until(
        () => ui.webviewText('#explain-code'),
        (t) => t.startsWith('SignatureDoesNotMatch'),
        '#explain-code as expected',
      );
      await ui.webviewText('#explain-result .explanations');
    });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    console.log(
      `      16 KB URL in the decoder: longest block of the extension host by this extension ${longest.toFixed(1)} ms`,
    );
    assert.ok(longest < MAX_BLOCK_MS, `this extension held the extension host ${longest.toFixed(1)} ms`);
  });
});
