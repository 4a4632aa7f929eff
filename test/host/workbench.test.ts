import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ui } from './harness';

describe('workbench UI', function () {
  this.timeout(60_000);
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('s3presign');

  before(function () {
    if (!ui.available) this.skip();
  });
  after(async () => {
    await settings().update('explorer.hiddenProfiles', undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows the activity bar entry and the profiles in the Buckets view', async () => {
    await ui.openViewContainer('S3 Presign Lens');
    const title = await ui.text('.part.sidebar .composite.title h2');
    assert.equal(title, 'S3 Presign Lens', 'two views: the container is named, each view has its own header');
    // Pane headers are capitalised by CSS, and innerText reads them so.
    assert.match(await ui.text('.part.sidebar .pane-header:has-text("Buckets")'), /^Buckets/i);
    assert.match(await ui.text('.part.sidebar .pane-header:has-text("Workspace Scan")'), /^Workspace Scan/i);
    const row = await ui.text('.part.sidebar .monaco-list-row[aria-label^="sandbox"]');
    assert.match(row, /^sandbox/);
    await ui.screenshot('foundation-activity-bar');
  });

  it('shows the welcome content when no profile is shown', async () => {
    await settings().update(
      'explorer.hiddenProfiles',
      [
        'sandbox',
        'aws-static',
        'unreachable',
        'wrong-secret',
        'no-list',
        'sso-expired',
        'broken-process',
        'session-soon',
      ],
      vscode.ConfigurationTarget.Global,
    );
    const welcome = await ui.text('.part.sidebar .split-view-view:first-child .welcome-view-content');
    assert.match(welcome, /No AWS profiles found/);
    assert.match(welcome, /Open AWS Config File/);
  });

  it('opens the log from the command palette', async () => {
    await ui.runCommand('S3 Presign Lens: Show Log');
    // The output view names the channel it shows in its aria-label, and renders the last lines of it.
    const log = await ui.text('.part.panel .output-view[aria-label="S3 Presign Lens - Output"] .view-lines');
    assert.match(
      log,
      /\d{4}-\d{2}-\d{2} [\d:.]+ \[(info|warning|error)\] (S3 Presign Lens \d+\.\d+\.\d+ activated|Profiles from|\S+: )/,
    );
  });
});
