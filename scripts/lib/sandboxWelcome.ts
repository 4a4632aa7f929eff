// The sandbox's first screen, as a tiny extension of its own that only the sandbox installs (sandbox.ts writes
// its manifest and entry): on the first start of a sandbox it reveals the S3 Presign Lens view and opens the
// welcome page rendered. It is not part of the product: S3 Presign Lens never opens anything by itself.
import * as vscode from 'vscode';

const SHOWN = 's3plSandbox.welcomeShown';

/** `welcomeFile`: the Markdown file the sandbox wrote at the root of its workspace. */
export async function showWelcome(context: vscode.ExtensionContext, welcomeFile: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  // Once per sandbox: after a reload, what the user closed stays closed.
  if (!folder || context.workspaceState.get<boolean>(SHOWN)) return;
  await context.workspaceState.update(SHOWN, true);
  await vscode.commands.executeCommand('workbench.view.extension.s3presign');
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(folder.uri, welcomeFile));
}
