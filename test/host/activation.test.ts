import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './extension';

/** Modules of the AWS SDK bundle (dist/sdk.js) or of the SDK itself that this extension host has loaded. */
function loadedSdkModules(): string[] {
  return Object.keys(require.cache).filter((id) =>
    /[\\/]dist[\\/]sdk\.js$|[\\/]@aws-sdk[\\/]|[\\/]@smithy[\\/]/.test(id),
  );
}

describe('activation', () => {
  let extension: vscode.Extension<unknown>;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not installed in this host`);
    extension = found;
    await extension.activate();
  });

  it('activates without loading the AWS SDK', () => {
    assert.equal(extension.isActive, true);
    assert.deepEqual(loadedSdkModules(), []);
  });

  it('loads the production bundle named by package.json main', () => {
    const main = (extension.packageJSON as { main: string }).main;
    assert.equal(main, './dist/extension.js');
    const bundle = Object.keys(require.cache).find((id) => id.endsWith(`${'dist'}/extension.js`));
    assert.ok(bundle, 'dist/extension.js is not among the loaded modules');
  });

  it('registers the Show Log command', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('s3presign.showLog'));
  });

  it('contributes the s3presign view container with the explorer and the presigned URLs views', async () => {
    const contributes = (extension.packageJSON as { contributes: { views: Record<string, { id: string }[]> } })
      .contributes;
    assert.deepEqual(
      contributes.views['s3presign']?.map((v) => v.id),
      ['s3presign.explorer', 's3presign.urls'],
    );
    // VS Code generates `<view id>.focus` for every registered view; it fails for an unknown view.
    await vscode.commands.executeCommand('s3presign.explorer.focus');
    await vscode.commands.executeCommand('s3presign.urls.focus');
  });
});
