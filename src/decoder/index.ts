// "S3 Presign Lens: Decode Presigned URL": one panel per URL (opening it again reveals it), restored after a
// window reload by a serializer. The URL comes from the argument, the selection or the URL under the cursor,
// the clipboard, or an input box.
import * as vscode from 'vscode';
import { findPresignedUrls, parsePresignedUrl, type PresignedUrl } from '../engine';
import { Command, isUrlRef, resolveRef, urlAtPosition, View, type Ctx } from '../editor';
import { represignWithConsent, showPresignResult } from '../presign';
import type { AwsSession } from '../session';
import type * as PanelCode from './panel';
import type { DecoderPanel, PanelActions } from './panel';
import type { PageState } from './protocol';
import { panelTitles } from './titles';

let panelCode: typeof PanelCode | undefined;

/** Pasted text the decode prompt checks at most (each keystroke parses it again). */
const MAX_INPUT_CHARS = 64 * 1024;

/**
 * The panel's code, with the verification, mismatch search and error reading it uses, is a bundle of its own
 * (dist/decoder-panel.js): the build turns this require into a runtime require of it (scripts/build.mjs), so
 * it is parsed when the first decoder opens, not at activation. Compiled by tsc it loads ./panel.js.
 */
function loadPanelCode(): typeof PanelCode {
  panelCode ??= require('./panel.js') as typeof PanelCode;
  return panelCode;
}

export class DecoderPanels {
  private readonly panels = new Map<string, DecoderPanel>();

  private readonly actions: PanelActions;

  constructor(
    private readonly ctx: Ctx,
    private readonly session: AwsSession,
  ) {
    this.actions = {
      represign: async (url) => {
        // The same request, once the user has seen what and with which profile; copied, not written anywhere.
        const outcome = await represignWithConsent(this.session, url, {});
        if (!outcome) return;
        await vscode.env.clipboard.writeText(outcome.url);
        showPresignResult(outcome).catch((err: unknown) =>
          this.ctx.log.warn(`presign notification: ${err instanceof Error ? err.message : String(err)}`),
        );
      },
    };
  }

  /** The panels open now, by URL. */
  get open(): ReadonlyMap<string, DecoderPanel> {
    return this.panels;
  }

  async show(text: string): Promise<DecoderPanel | undefined> {
    // The profiles' endpoints tell a bucket in a custom host (bucket.minio.example.com) from a path.
    await this.session.profiles().catch(() => undefined);
    const parsed = parsePresignedUrl(text, { endpoints: this.session.knownEndpoints() });
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(`S3 Presign Lens: ${parsed.error}`);
      return undefined;
    }
    const existing = this.panels.get(parsed.value.url);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const [title] = panelTitles([parsed.value]);
    const panel = vscode.window.createWebviewPanel(View.decoder, title!, vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    return this.attach(panel, parsed.value);
  }

  /** Puts a decoder in `panel`: a URL decoded already, or one as text (restored after a reload). */
  attach(panel: vscode.WebviewPanel, url: PresignedUrl | string): DecoderPanel | undefined {
    const parsed =
      typeof url === 'string'
        ? parsePresignedUrl(url, { endpoints: this.session.knownEndpoints() })
        : ({ ok: true, value: url } as const);
    if (!parsed.ok) {
      panel.dispose();
      return undefined;
    }
    const decoder = new (loadPanelCode().DecoderPanel)(this.ctx, this.session, panel, parsed.value, this.actions);
    this.panels.set(parsed.value.url, decoder);
    panel.onDidDispose(() => {
      this.panels.delete(parsed.value.url);
      this.retitle();
    });
    this.retitle();
    return decoder;
  }

  /** Gives every open panel a title no other one has (two URLs of one object differ by method, bucket, expiry). */
  private retitle(): void {
    const open = [...this.panels.values()];
    panelTitles(open.map((d) => d.url)).forEach((title, i) => {
      const { panel } = open[i]!;
      if (panel.title !== title) panel.title = title;
    });
  }
}

/** Why pasted text cannot be decoded, in a line, or undefined when it can. */
function inputProblem(text: string): vscode.InputBoxValidationMessage | undefined {
  if (text.length > MAX_INPUT_CHARS) {
    return {
      message: `That is ${text.length} characters: a presigned URL is at most ${MAX_INPUT_CHARS}.`,
      severity: vscode.InputBoxValidationSeverity.Error,
    };
  }
  const parsed = parsePresignedUrl(text);
  return parsed.ok ? undefined : { message: parsed.error, severity: vscode.InputBoxValidationSeverity.Error };
}

/** The text to decode when the command gets none: the selection, the URL under the cursor, the clipboard. */
async function urlFromContext(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    if (!editor.selection.isEmpty) return editor.document.getText(editor.selection);
    const under = urlAtPosition(editor.document, editor.selection.active);
    if (under) return under.found.text;
  }
  // In VS Code for the web the browser may refuse to read the clipboard: then just ask.
  const clipboard = await Promise.resolve(vscode.env.clipboard.readText()).catch(() => '');
  const fromClipboard =
    findPresignedUrls(clipboard, 1)[0]?.text ?? (parsePresignedUrl(clipboard).ok ? clipboard : undefined);
  if (fromClipboard) return fromClipboard;
  return vscode.window.showInputBox({
    title: 'Decode a presigned URL',
    prompt: 'Paste the URL (quotes, &amp; and wrapped lines are fine)',
    ignoreFocusOut: true,
    // What cannot be decoded stays in the box, with the reason, instead of closing it.
    validateInput: (text) => (text.trim() === '' ? undefined : inputProblem(text)),
  });
}

export function registerDecoder(ctx: Ctx, session: AwsSession): DecoderPanels {
  const panels = new DecoderPanels(ctx, session);
  ctx.registerCommand(Command.decode, async (arg) => {
    // A URL, the place of one (hover links and quick fixes carry places, never URLs), or nothing.
    const text =
      typeof arg === 'string' ? arg : isUrlRef(arg) ? (await resolveRef(arg)).found.text : await urlFromContext();
    return text === undefined ? undefined : panels.show(text);
  });
  ctx.dispose(
    vscode.window.registerWebviewPanelSerializer(View.decoder, {
      deserializeWebviewPanel: async (panel, state: PageState | undefined) => {
        if (state?.url) panels.attach(panel, state.url);
        else panel.dispose();
      },
    }),
  );
  return panels;
}
