// Composition root: wires each feature to VS Code and holds no logic of its own.
// Nothing imported here may load the AWS SDK (see src/sdkLoader.ts).
import type * as vscode from 'vscode';
import { Ctx } from './context';
import { registerDecoder, type DecoderPanels } from './decoder';
import { registerExplorer } from './explorer';
import type { ExplorerProvider } from './explorer/provider';
import { registerInline, type InlineFeatures } from './inline';
import { createLog, registerShowLog } from './log';
import { registerPresign } from './presign';

/** What activation returns: the extension's parts, for tests and other extensions. */
export interface S3PresignLensApi {
  readonly explorer: ExplorerProvider;
  readonly decoder: DecoderPanels;
  readonly inline: InlineFeatures;
}

export function activate(context: vscode.ExtensionContext): S3PresignLensApi {
  const log = createLog();
  context.subscriptions.push(log);
  const ctx = new Ctx(context, log);

  registerShowLog(ctx);
  const explorer = registerExplorer(ctx);
  registerPresign(ctx, explorer);
  const decoder = registerDecoder(ctx, explorer);
  const inline = registerInline(ctx, explorer);

  log.info(`S3 Presign Lens ${String(context.extension.packageJSON.version)} activated`);
  return { explorer, decoder, inline };
}

export function deactivate(): void {}
