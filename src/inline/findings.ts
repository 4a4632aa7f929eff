// "What does this problem mean?": a problem's code link in the Problems panel and in the editor's hover opens
// docs/findings.md rendered (the built-in Markdown preview) at the section of the code, not the source at its
// top. Without the Markdown preview (disabled), the source opens at the section's heading instead.
import * as vscode from 'vscode';
import { Command, type Ctx } from '../editor';
import { findingSection } from './findingAnchor';

export function registerFindingDocs(ctx: Ctx): void {
  ctx.registerCommand(Command.showFinding, async (code: unknown) => {
    const docs = vscode.Uri.joinPath(ctx.extension.extensionUri, 'docs', 'findings.md');
    const markdown = new TextDecoder().decode(await vscode.workspace.fs.readFile(docs));
    const section = typeof code === 'string' ? findingSection(markdown, code) : undefined;
    try {
      await vscode.commands.executeCommand(
        'markdown.showPreview',
        section ? docs.with({ fragment: section.anchor }) : docs,
      );
    } catch {
      const at = new vscode.Position(section?.line ?? 0, 0);
      await vscode.window.showTextDocument(docs, { selection: new vscode.Range(at, at) });
    }
  });
}
