// Quick fixes on presigned-URL problems, and the commands behind them and behind the hover's links:
// re-presign and replace in place, check browser access (CORS), open in the decoder, copy as curl.
import * as vscode from 'vscode';
import { clientRequestOf, curlCommand, escapeLike } from '../engine';
import { Command, isUrlRef, refOf, resolveRef, type Ctx, type UrlRef } from '../editor';
import { represignWithConsent, type PresignOutcome } from '../presign';
import type { AwsSession } from '../session';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

export class UrlCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const done = new Set<string>();
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const ref = refOf(document, d.range);
      const key = `${ref.offset}`;
      if (done.has(key)) continue;
      done.add(key);
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
      // An unreadable URL names no object to presign again: the decoder says what is wrong with it.
      if (code !== 'MALFORMED_PARAMETER') {
        const represign = new vscode.CodeAction(
          'Re-presign and replace (same object, method and expiry length)',
          vscode.CodeActionKind.QuickFix,
        );
        represign.command = { command: Command.represignUrl, title: 'Re-presign and replace', arguments: [ref] };
        represign.diagnostics = [d];
        represign.isPreferred = code === 'EXPIRED';
        actions.push(represign);
      }
      // A URL a web page uses fails in the browser, not in curl, when the bucket's CORS rules fall short.
      if (code !== 'MALFORMED_PARAMETER') {
        const cors = new vscode.CodeAction('Check Browser Access (CORS)…', vscode.CodeActionKind.QuickFix);
        cors.command = { command: Command.checkCors, title: 'Check Browser Access (CORS)', arguments: [ref] };
        cors.diagnostics = [d];
        actions.push(cors);
      }
      const decode = new vscode.CodeAction('Open in the decoder', vscode.CodeActionKind.QuickFix);
      decode.command = { command: Command.decode, title: 'Decode', arguments: [ref] };
      decode.diagnostics = [d];
      actions.push(decode);
    }
    return actions;
  }
}

/**
 * Presigns the same request again, once the user has agreed (see represignWithConsent), and writes the new
 * URL in the old one's place, escaped as the old one was; then says that a live URL is now in the file.
 */
async function represignInPlace(session: AwsSession, ref: UrlRef): Promise<PresignOutcome | undefined> {
  await session.profiles().catch(() => undefined);
  const located = await resolveRef(ref, { endpoints: session.knownEndpoints() });
  if (!located.parsed.ok) throw new Error(`The URL cannot be read: ${located.parsed.error}`);
  const { document } = located;
  const file = `${vscode.workspace.asRelativePath(document.uri)}, line ${located.range.start.line + 1}`;
  const outcome = await represignWithConsent(session, located.parsed.value, { file });
  if (!outcome) return undefined;
  // The user may have typed while S3 credentials were resolved: replace the old URL where it is now.
  let range = located.range;
  if (document.getText(range) !== located.found.text) {
    const at = document.getText().indexOf(located.found.text);
    range =
      at === -1
        ? range
        : new vscode.Range(document.positionAt(at), document.positionAt(at + located.found.text.length));
  }
  const replacement = escapeLike(outcome.url, located.found.text);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, replacement);
  if (document.getText(range) !== located.found.text || !(await vscode.workspace.applyEdit(edit))) {
    // Nothing is lost: the new URL goes to the clipboard instead.
    await vscode.env.clipboard.writeText(replacement);
    throw new Error(
      'The old URL changed or moved while presigning, so it was left as it is; the new URL is on the clipboard.',
    );
  }
  // Run from the Workspace Scan view, the file may not be open: show where the new URL went, unsaved.
  if (!vscode.window.visibleTextEditors.some((e) => e.document === document)) {
    const end = document.positionAt(document.offsetAt(range.start) + replacement.length);
    await vscode.window.showTextDocument(document, { preview: true, selection: new vscode.Range(range.start, end) });
  }
  const token = /[?&]X-Amz-Security-Token=/i.test(outcome.url);
  void vscode.window.showInformationMessage(
    `A live ${outcome.method} URL is now in ${file}: anyone who can read the file can use it until ${new Date(outcome.effectiveExpiresAt).toLocaleString()}.${token ? ' It carries the session token of your temporary credentials.' : ''}`,
  );
  return outcome;
}

export function registerUrlCommands(ctx: Ctx, session: AwsSession): void {
  ctx.registerCommand(Command.represignUrl, async (arg) => {
    if (!isUrlRef(arg)) throw new Error('Re-presign needs the place of a presigned URL.');
    return represignInPlace(session, arg);
  });
  ctx.registerCommand(Command.copyCurl, async (arg) => {
    if (!isUrlRef(arg)) return;
    const located = await resolveRef(arg);
    if (!located.parsed.ok) throw new Error(located.parsed.error);
    await vscode.env.clipboard.writeText(curlCommand(clientRequestOf(located.parsed.value)));
    vscode.window.setStatusBarMessage('$(copy) curl command copied', 3000);
  });
}
