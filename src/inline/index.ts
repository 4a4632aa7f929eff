// Presigned URLs where they stand in files: hover, problems and quick fixes, badges, workspace scan.
import * as vscode from 'vscode';
import { Command, View, type Ctx } from '../editor';
import type { AwsSession } from '../session';
import { registerUrlCommands, UrlCodeActions } from './actions';
import { UrlDecorations } from './decorations';
import { UrlDiagnostics } from './diagnostics';
import { registerFindingDocs } from './findings';
import { PresignedUrlHover } from './hover';
import { scanWorkspace } from './scan';
import { ScanResults } from './scanView';

export interface InlineFeatures {
  readonly diagnostics: UrlDiagnostics;
  readonly decorations: UrlDecorations;
  readonly scanResults: ScanResults;
}

export function registerInline(ctx: Ctx, session: AwsSession): InlineFeatures {
  const endpoints = (): readonly string[] => session.knownEndpoints();
  ctx.dispose(vscode.languages.registerHoverProvider('*', new PresignedUrlHover(endpoints, ctx.generated)));
  ctx.dispose(
    vscode.languages.registerCodeActionsProvider('*', new UrlCodeActions(), {
      providedCodeActionKinds: UrlCodeActions.kinds,
    }),
  );
  const diagnostics = ctx.dispose(new UrlDiagnostics(ctx));
  const decorations = ctx.dispose(new UrlDecorations(ctx.generated));
  const scanResults = ctx.dispose(new ScanResults(ctx.extension.workspaceState));
  scanResults.watch(
    ctx.dispose(vscode.window.createTreeView(View.urls, { treeDataProvider: scanResults, showCollapseAll: true })),
  );
  registerUrlCommands(ctx, session);
  registerFindingDocs(ctx);
  ctx.registerCommand(Command.scanWorkspace, () => scanWorkspace(ctx, scanResults));
  return { diagnostics, decorations, scanResults };
}
