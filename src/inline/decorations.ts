// A badge at the start of each presigned URL in view, in plain text and the words of every surface, coarse
// as a glance wants: "expires in 3 h", "expired 2 days ago". At the start, a badge shows on a long line as
// soon as its URL does (at the end it was off-screen); plain text, because an emoji is a missing-glyph box
// where no emoji font is installed. Coloured like an inlay hint's chip, with text in the theme's description
// colour (AA contrast in the default themes). Only the visible ranges are read, so a minified file with
// thousands of URLs costs what the screen shows.
import * as vscode from 'vscode';
import { findPresignedUrls, parsePresignedUrl } from '../engine';
import { config, type GeneratedDocuments } from '../editor';
import { urlStatus } from './status';

/** Characters read around each visible range, so a URL that starts above the view is still seen. */
const MARGIN = 16 * 1024;
/**
 * At most this much text and this many badges per editor: a minified one-line file is "visible" whole
 * (visible ranges are whole lines), and 10,000 badges on one line help nobody.
 */
const MAX_CHARS = 1024 * 1024;
const MAX_BADGES = 100;

export class UrlDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    before: {
      margin: '0 0.4em 0 0',
      color: new vscode.ThemeColor('descriptionForeground'),
      backgroundColor: new vscode.ThemeColor('editorInlayHint.background'),
      fontStyle: 'italic',
    },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly disposables: vscode.Disposable[];
  private timer?: NodeJS.Timeout;

  /** `generated`: the extension's own lists of URLs, which get no badges. */
  constructor(private readonly generated: GeneratedDocuments) {
    this.disposables = [
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      vscode.window.onDidChangeTextEditorVisibleRanges(() => this.schedule()),
      // Only edits in view matter: the Output panel (this extension's own log included) changes all the time.
      vscode.workspace.onDidChangeTextDocument(
        (e) => vscode.window.visibleTextEditors.some((editor) => editor.document === e.document) && this.schedule(),
      ),
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('s3presign.decorations') && this.schedule(),
      ),
    ];
    // Time passes: "expires in 3 h" becomes "expires in 2 h", then "expired".
    const minute = setInterval(() => this.schedule(), 60_000);
    this.disposables.push({ dispose: () => clearInterval(minute) });
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      for (const editor of vscode.window.visibleTextEditors) this.decorate(editor);
    }, 150);
  }

  /** Sets the badges of an editor from its visible text, and returns them. */
  decorate(editor: vscode.TextEditor): vscode.DecorationOptions[] {
    const options: vscode.DecorationOptions[] = [];
    if (config.decorations() && !this.generated.has(editor.document)) {
      const document = editor.document;
      const now = new Date();
      const seen = new Set<number>();
      const documentEnd = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
      for (const visible of editor.visibleRanges) {
        if (options.length >= MAX_BADGES) break;
        const from = Math.max(0, document.offsetAt(visible.start) - MARGIN);
        const to = Math.min(document.offsetAt(visible.end) + MARGIN, from + MAX_CHARS);
        const text = document.getText(new vscode.Range(document.positionAt(from), document.positionAt(to)));
        const cut = from + text.length < documentEnd;
        for (const found of findPresignedUrls(text, MAX_BADGES - options.length)) {
          const start = from + found.start;
          // A URL that reaches the end of a window cut short may be cut too: it is not judged from half.
          if (seen.has(start) || (cut && found.end === text.length)) continue;
          seen.add(start);
          const parsed = parsePresignedUrl(found.text);
          const badge = parsed.ok ? urlStatus(parsed.value, now).badge : 'unreadable presigned URL';
          const at = document.positionAt(start);
          options.push({ range: new vscode.Range(at, at), renderOptions: { before: { contentText: badge } } });
        }
      }
    }
    editor.setDecorations(this.type, options);
    return options;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.type.dispose();
  }
}
