import * as assert from 'node:assert/strict';
import { ui } from './ui';

describe('workbench UI', function () {
  before(function () {
    if (!ui.available) this.skip();
  });

  it('shows the activity bar entry and the explorer welcome view', async () => {
    await ui.openViewContainer('S3 Presign Lens');
    const title = await ui.text('.part.sidebar .composite.title h2');
    assert.equal(title, 'S3 Presign Lens: Buckets');
    const welcome = await ui.text('.part.sidebar .welcome-view-content');
    assert.match(welcome, /AWS profiles and S3 buckets will be listed here/);
    await ui.screenshot('foundation-activity-bar');
  });

  it('opens the log from the command palette', async () => {
    await ui.runCommand('S3 Presign Lens: Show Log');
    // The output view names the channel it shows in its aria-label.
    const log = await ui.text('.part.panel .output-view[aria-label="S3 Presign Lens - Output"] .view-lines');
    assert.match(log, /S3 Presign Lens \d+\.\d+\.\d+ activated/);
  });
});
