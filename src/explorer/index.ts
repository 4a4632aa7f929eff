// The Buckets view: AWS profiles → buckets → folders and objects, over the shared AWS session.
import * as vscode from 'vscode';
import { View, type Ctx } from '../editor';
import type { AwsSession } from '../session';
import { registerExplorerCommands } from './commands';
import type { ExplorerNode } from './nodes';
import { ExplorerProvider } from './provider';

export type { ExplorerProvider } from './provider';

/** Ages in the tree are worded to the minute at best: redrawn once a minute. */
const AGE_REFRESH_MS = 60_000;

export function registerExplorer(ctx: Ctx, session: AwsSession): ExplorerProvider {
  const provider = ctx.dispose(new ExplorerProvider(ctx, session));
  const view = ctx.dispose(
    vscode.window.createTreeView<ExplorerNode>(View.explorer, { treeDataProvider: provider, showCollapseAll: true }),
  );
  provider.attachView(view);
  ctx.dispose(view.onDidCollapseElement((e) => provider.collapsed(e.element)));
  ctx.dispose(
    provider.onDidChangeTreeData(() => {
      view.description = provider.filter ? `filter: ${provider.filter}` : undefined;
    }),
  );
  // Ages ("2 min ago") move on while the view is seen: the timer runs only then.
  let ages: NodeJS.Timeout | undefined;
  const tickAges = (visible: boolean): void => {
    clearInterval(ages);
    ages = visible ? setInterval(() => provider.refreshAges(), AGE_REFRESH_MS) : undefined;
    if (visible) provider.refreshAges();
  };
  tickAges(view.visible);
  ctx.dispose(view.onDidChangeVisibility((e) => tickAges(e.visible)));
  ctx.dispose({ dispose: () => clearInterval(ages) });
  ctx.dispose(
    vscode.workspace.onDidChangeConfiguration((e) => {
      const settings = ['explorer.hiddenProfiles', 'defaultProfile', 'requestTimeout'];
      if (settings.some((s) => e.affectsConfiguration(`s3presign.${s}`))) provider.refresh();
    }),
  );
  registerExplorerCommands(ctx, provider, session);
  return provider;
}
