// Composition root: wires each feature to VS Code and holds no logic of its own.
// Nothing imported here may load the AWS SDK (see src/sdkLoader.ts).
import type * as vscode from 'vscode';
import { Ctx } from './context';
import { registerExplorer } from './explorer';
import { createLog, registerShowLog } from './log';

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  context.subscriptions.push(log);
  const ctx = new Ctx(context, log);

  registerShowLog(ctx);
  registerExplorer(ctx);

  log.info(`S3 Presign Lens ${String(context.extension.packageJSON.version)} activated`);
}

export function deactivate(): void {}
