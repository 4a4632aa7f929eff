import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { ExplorerProvider } from '../explorer/provider';
import { registerUrlCommands, UrlCodeActions } from './actions';
import { UrlDecorations } from './decorations';
import { UrlDiagnostics } from './diagnostics';
import { PresignedUrlHover } from './hover';
import { scanWorkspace, ScanResults } from './scan';

export interface InlineFeatures {
  readonly diagnostics: UrlDiagnostics;
  readonly decorations: UrlDecorations;
  readonly scanResults: ScanResults;
}

/** Presigned URLs where they stand in files: hover, problems and quick fixes, decorations, workspace scan. */
export function registerInline(ctx: Ctx, explorer: ExplorerProvider): InlineFeatures {
  ctx.dispose(vscode.languages.registerHoverProvider('*', new PresignedUrlHover()));
  ctx.dispose(
    vscode.languages.registerCodeActionsProvider('*', new UrlCodeActions(), {
      providedCodeActionKinds: UrlCodeActions.kinds,
    }),
  );
  const diagnostics = ctx.dispose(new UrlDiagnostics(ctx));
  const decorations = ctx.dispose(new UrlDecorations());
  const scanResults = new ScanResults();
  ctx.dispose(vscode.window.createTreeView('s3presign.urls', { treeDataProvider: scanResults }));
  registerUrlCommands(ctx, explorer);
  ctx.registerCommand('s3presign.scanWorkspace', () => scanWorkspace(ctx, scanResults));
  return { diagnostics, decorations, scanResults };
}
