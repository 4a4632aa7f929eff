// The extension's log: one output channel, redacted (./redactingLog), and the command that shows it.
import * as vscode from 'vscode';
import { Command } from './commands';
import type { Ctx } from './context';
import { redactingLog } from './redactingLog';

export function createLog(): vscode.LogOutputChannel {
  return redactingLog(vscode.window.createOutputChannel('S3 Presign Lens', { log: true }));
}

export function registerShowLog(ctx: Ctx): void {
  ctx.registerCommand(Command.showLog, () => ctx.log.show(true));
}
