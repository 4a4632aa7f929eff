// Leaving the workbench as a test found it: untitled documents reverted and closed, none left behind.
import * as vscode from 'vscode';
import { until } from '../runner/wait';

/**
 * Untitled documents are dirty: closing them would ask to save (a dialog the test build answers by keeping
 * them open). Reverts and closes each, then waits until the extension host has dropped them: VS Code hands
 * a freed name ("Untitled-1") to the next untitled document, which could otherwise come back with old text.
 */
export async function discardUntitled(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await until(
    () => vscode.workspace.textDocuments.filter((d) => d.isUntitled).map((d) => d.uri.toString()),
    (left) => left.length === 0,
    'no untitled document left',
  );
}
