import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { registerExplorerCommands } from './commands';
import type { ExplorerNode } from './nodes';
import { AddedBuckets, ExplorerProvider } from './provider';

/** The bucket explorer: AWS profiles → buckets → folders and objects. */
export function registerExplorer(ctx: Ctx): ExplorerProvider {
  const provider = ctx.dispose(new ExplorerProvider(ctx, new AddedBuckets(ctx.extension.globalState)));
  const view = ctx.dispose(
    vscode.window.createTreeView<ExplorerNode>('s3presign.explorer', {
      treeDataProvider: provider,
      showCollapseAll: true,
    }),
  );
  provider.attachView(view);
  ctx.dispose(view.onDidCollapseElement((e) => provider.collapsed(e.element)));
  ctx.dispose(
    provider.onDidChangeTreeData(() => {
      view.description = provider.filter ? `filter: ${provider.filter}` : undefined;
    }),
  );
  ctx.dispose(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        ['s3presign.explorer.hiddenProfiles', 's3presign.defaultProfile', 's3presign.requestTimeout'].some((s) =>
          e.affectsConfiguration(s),
        )
      )
        provider.refresh();
    }),
  );
  registerExplorerCommands(ctx, provider);
  return provider;
}
