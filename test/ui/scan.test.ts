// The Workspace Scan view in the sandbox, as a user meets it: run from the palette by its title, and still
// there after a window reload (only the URLs' places are kept; the view reads the URLs again).
import * as assert from 'node:assert/strict';
import { workbench } from './setup';

describe('the Workspace Scan view', function () {
  this.timeout(180_000);

  it('keeps its rows across a window reload (screenshot)', async () => {
    const wb = workbench();
    const row = '.part.sidebar .monaco-list-row[aria-label^="reports/2025/Q3 summary.csv"]';
    await wb.paletteEnter('Find Presigned URLs in Workspace');
    await wb.openViewContainer('S3 Presign Lens');
    assert.match(await wb.text(row), /^reports\/2025\/Q3 summary\.csv\s*GET · expired .* ago · presign-lens-demo$/);
    await wb.reloadWindow();
    await wb.openViewContainer('S3 Presign Lens');
    assert.match(await wb.text(row), /^reports\/2025\/Q3 summary\.csv\s*GET · expired .* ago · presign-lens-demo$/);
    await wb.screenshot('workspace-scan-after-reload');
  });
});
