import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ui } from './harness';
import { closeWhatATestOpened, screenshotIfFailed } from './waits';

describe('workbench UI', function () {
  this.timeout(60_000);
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('s3presign');

  before(function () {
    if (!ui.available) this.skip();
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest);
    await closeWhatATestOpened();
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

  it('opens the walkthrough: four steps, each with its picture and a command button (screenshot)', async () => {
    await vscode.commands.executeCommand(
      'workbench.action.openWalkthrough',
      's3presign.s3-presign-lens#s3presign.gettingStarted',
      false,
    );
    const page = '.gettingStartedContainer';
    assert.match(
      await ui.text(`${page} .category-title:has-text("S3 Presign Lens")`),
      /^Get Started with S3 Presign Lens$/,
    );
    const steps = [
      ['Connect a profile', 'buckets', 'The Buckets view', 'Show the Buckets View'],
      ['Presign an object', 'presign-flow', 'The method step', 'Presign S3 Object'],
      ['Decode a URL', 'decoder-headline', 'The decoder', 'Decode Presigned URL'],
      ['Find URLs in the workspace', 'workspace-scan', 'The Workspace Scan view', 'Find Presigned URLs in Workspace'],
    ] as const;
    for (const [title, image, alt, button] of steps) {
      await ui.click(`${page} .getting-started-step:has-text("${title}") .step-title`);
      const step = `${page} .getting-started-step.expanded:has-text("${title}")`;
      assert.match(await ui.text(`${step} .step-description-container`), /\S/);
      assert.equal(await ui.text(`${step} .monaco-button:has-text("${button}")`), button, `${title}: its button`);
      // The picture, from the extension's docs/images, described for screen readers (the crop waits for it).
      await ui.crop(`walkthrough-${image}`, [{ selector: `${page} .getting-started-media img[alt^="${alt}"]` }]);
    }
    await ui.screenshot('walkthrough');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
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
