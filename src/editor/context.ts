// What every feature gets from the composition root: the extension context, the log, the documents the
// extension wrote itself, and command registration that never leaves a failure as an unhandled rejection.
import * as vscode from 'vscode';
import { redactSessionTokens } from '../engine';
import type { CommandId } from './commands';
import { GeneratedDocuments } from './generated';

export class Ctx {
  /** Documents the extension wrote (bulk presign): the inline features leave them alone. */
  readonly generated: GeneratedDocuments;

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.generated = this.dispose(new GeneratedDocuments());
  }

  /** Registers a command whose failures are logged and shown, never left as unhandled rejections. */
  registerCommand(id: CommandId, run: (...args: unknown[]) => unknown): void {
    this.extension.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await run(...args);
        } catch (err) {
          // Redacted before it is shown: a message may quote a request, token and all.
          const message = redactSessionTokens(err instanceof Error ? err.message : String(err));
          this.log.error(`${id} failed: ${message}`);
          void vscode.window.showErrorMessage(`S3 Presign Lens: ${message}`);
          return undefined;
        }
      }),
    );
  }

  dispose<T extends vscode.Disposable>(disposable: T): T {
    this.extension.subscriptions.push(disposable);
    return disposable;
  }
}
