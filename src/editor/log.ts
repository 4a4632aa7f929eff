import * as vscode from 'vscode';
import type { Ctx } from './context';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('S3 Presign Lens', { log: true });
}

export function registerShowLog(ctx: Ctx): void {
  ctx.registerCommand('s3presign.showLog', () => ctx.log.show(true));
}
