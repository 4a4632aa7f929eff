import * as vscode from 'vscode';
import type { Ctx } from '../context';

/** The bucket explorer. Until profiles are read it is empty, and VS Code shows the view's welcome content. */
class ExplorerProvider implements vscode.TreeDataProvider<vscode.TreeItem> {
  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(): vscode.TreeItem[] {
    return [];
  }
}

export function registerExplorer(ctx: Ctx): vscode.TreeView<vscode.TreeItem> {
  return ctx.dispose(
    vscode.window.createTreeView('s3presign.explorer', {
      treeDataProvider: new ExplorerProvider(),
      showCollapseAll: true,
    }),
  );
}
