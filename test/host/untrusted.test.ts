// In an untrusted workspace (the runner's second run, workspace trust on), nothing is signed from what a file
// holds: not by the quick fix or the hover's link, not by the decoder's Re-presign.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PresignOutcome } from '../../src/presign';
import { discardUntitled } from './documents';
import { activateInternals } from './extension';
import { until } from '../runner/wait';
import { ui } from './harness';

const PLANTED =
  'https://presign-lens-uploads.s3.us-east-1.amazonaws.com/victim.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=S3RVER%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=604800&X-Amz-SignedHeaders=host&versionId=null&x-id=DeleteObject&X-Amz-Signature=' +
  '0'.repeat(64);

/** Waits until the notification centre holds a notification that says `text`. */
async function notified(text: RegExp): Promise<string> {
  await vscode.commands.executeCommand('notifications.showList');
  return until(
    () => ui.text('.notifications-center .notifications-list-container', 2000),
    (shown) => text.test(shown),
    `a notification saying ${text.source}`,
  );
}

describe('in an untrusted workspace @untrusted', function () {
  this.timeout(120_000);
  const SENTINEL = 'nothing signed yet';

  before(async () => {
    await activateInternals();
  });
  beforeEach(async () => {
    await vscode.env.clipboard.writeText(SENTINEL);
    await vscode.commands.executeCommand('notifications.clearAll');
  });
  after(discardUntitled);

  it('is untrusted: restricted mode is what is under test', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('signs nothing for a planted DELETE URL from the quick fix or the hover, and says why', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `${PLANTED}\n` });
    const outcome = await vscode.commands.executeCommand<PresignOutcome | undefined>('s3presign.represignUrl', {
      uri: document.uri.toString(),
      offset: 10,
    });
    assert.equal(outcome, undefined);
    assert.equal(document.getText(), `${PLANTED}\n`, 'the file is as it was');
    assert.equal(await vscode.env.clipboard.readText(), SENTINEL);
    assert.match(await notified(/Trust the workspace first/), /Trust the workspace first/);
  });

  it('signs nothing from the decoder’s Re-presign either', async () => {
    const url = PLANTED.replace('x-id=DeleteObject', 'x-id=GetObject');
    assert.ok(await vscode.commands.executeCommand('s3presign.decode', url));
    await ui.webviewClick('#represign');
    assert.match(await notified(/Trust the workspace first/), /Trust the workspace first/);
    assert.equal(await vscode.env.clipboard.readText(), SENTINEL);
  });
});
