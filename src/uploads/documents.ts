// Read-only reports (the CORS check's) as virtual Markdown documents, shown in the Markdown preview: nothing
// is written to disk or to an untitled editor that asks to be saved. The last few are kept for the preview
// to re-read; older ones are dropped.
import * as vscode from 'vscode';
import type { Ctx } from '../editor';

const SCHEME = 's3presign-report';
/** Reports kept for the preview (it re-reads a document when shown again). */
const KEPT = 20;

const contents = new Map<string, string>();
let registered = false;
let shown = 0;

/** Opens `markdown` in the Markdown preview as a document named `title`; its URI. */
export async function showReport(ctx: Ctx, title: string, markdown: string): Promise<vscode.Uri> {
  if (!registered) {
    ctx.dispose(
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
        provideTextDocumentContent: (uri) =>
          contents.get(uri.toString()) ?? 'This report is no longer kept: run the check again.',
      }),
    );
    registered = true;
  }
  const name = title.replace(/[^\w.@-]+/g, '-').slice(0, 80);
  const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}-${++shown}.md` });
  contents.set(uri.toString(), markdown);
  for (const old of [...contents.keys()].slice(0, Math.max(0, contents.size - KEPT))) contents.delete(old);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // Without the built-in Markdown extension, the report still reads as text.
    await vscode.window.showTextDocument(uri, { preview: false });
  }
  return uri;
}
