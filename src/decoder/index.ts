// "S3 Presign Lens: Decode Presigned URL": one panel per URL or presigned POST form (opening it again
// reveals it); URL panels are restored after a window reload by a serializer (a form's is not: its fields
// hold a session token and a signature, which are never stored). The text comes from the argument, the
// selection or the URL under the cursor, the clipboard, or an input box.
import * as vscode from 'vscode';
import { findPresignedUrls, looksLikePostForm, MAX_POST_INPUT, parsePresignedUrl, type PresignedUrl } from '../engine';
import { Command, isUrlRef, nextTurn, resolveRef, urlAtPosition, View, type Ctx } from '../editor';
import { represignWithConsent, type PresignResults } from '../presign';
import type { AwsSession } from '../session';
import type * as PanelCode from './panel';
import type { DecoderPanel, PanelActions, PostDecoderPanel } from './panel';
import type { PageState } from './protocol';
import { panelTitles } from './titles';

let panelCode: typeof PanelCode | undefined;

/** A pasted URL the decode prompt checks at most (each keystroke parses it again). */
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
  private readonly formPanels = new Map<string, PostDecoderPanel>();

  private readonly actions: PanelActions;

  constructor(
    private readonly ctx: Ctx,
    private readonly session: AwsSession,
    results: PresignResults,
  ) {
    this.actions = {
      represign: async (url) => {
        // The same request, once the user has seen what and with which profile; copied, not written anywhere.
        const outcome = await represignWithConsent(this.session, url, {});
        if (!outcome) return;
        await vscode.env.clipboard.writeText(outcome.url);
        results
          .show(outcome)
          .catch((err: unknown) =>
            this.ctx.log.warn(`presign notification: ${err instanceof Error ? err.message : String(err)}`),
          );
      },
    };
  }

  /** The panels open now, by URL. */
  get open(): ReadonlyMap<string, DecoderPanel> {
    return this.panels;
  }

  /** The POST form panels open now, by the form's signature (or policy). */
  get openForms(): ReadonlyMap<string, PostDecoderPanel> {
    return this.formPanels;
  }

  async show(text: string): Promise<DecoderPanel | PostDecoderPanel | undefined> {
    if (looksLikePostForm(text)) return this.showForm(text);
    // The profiles' endpoints tell a bucket in a custom host (bucket.minio.example.com) from a path.
    await this.session.profiles().catch(() => undefined);
    const parsed = parsePresignedUrl(text, { endpoints: this.session.knownEndpoints() });
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(`S3 Presign Lens: ${parsed.error}`);
      return undefined;
    }
    // Reading a long URL, loading the panel's code and creating the panel each take a share of a turn: the
    // extension host turns between them.
    await nextTurn();
    loadPanelCode();
    await nextTurn();
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

  private showForm(text: string): PostDecoderPanel | undefined {
    const code = loadPanelCode();
    const parsed = code.PostDecoderPanel.read(text);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(`S3 Presign Lens: ${parsed.error}`);
      return undefined;
    }
    const form = parsed.value;
    const id = form.signature ?? form.policy?.base64 ?? text;
    const existing = this.formPanels.get(id);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      View.decoder,
      code.PostDecoderPanel.title(form),
      vscode.ViewColumn.Active,
      { enableScripts: true },
    );
    const decoder = new code.PostDecoderPanel(this.ctx, this.session, panel, form);
    this.formPanels.set(id, decoder);
    panel.onDidDispose(() => this.formPanels.delete(id));
    return decoder;
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

/** Why pasted text cannot be decoded (a URL, or a POST form), in a line, or undefined when it can. */
function inputProblem(text: string): vscode.InputBoxValidationMessage | undefined {
  const error = (message: string): vscode.InputBoxValidationMessage => ({
    message,
    severity: vscode.InputBoxValidationSeverity.Error,
  });
  if (looksLikePostForm(text)) {
    if (text.length > MAX_POST_INPUT)
      return error(`That is ${text.length} characters: a form is at most ${MAX_POST_INPUT}.`);
    const form = loadPanelCode().PostDecoderPanel.read(text);
    return form.ok ? undefined : error(form.error);
  }
  if (text.length > MAX_INPUT_CHARS)
    return error(`That is ${text.length} characters: a URL is at most ${MAX_INPUT_CHARS}.`);
  const parsed = parsePresignedUrl(text);
  return parsed.ok ? undefined : error(parsed.error);
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
  if (looksLikePostForm(clipboard)) return clipboard;
  const fromClipboard =
    findPresignedUrls(clipboard, 1)[0]?.text ?? (parsePresignedUrl(clipboard).ok ? clipboard : undefined);
  if (fromClipboard) return fromClipboard;
  return vscode.window.showInputBox({
    title: 'Decode a presigned URL or POST form',
    prompt:
      'Paste the URL (quotes, &amp; and wrapped lines are fine), or a POST form: { url, fields }, an HTML form or a curl command',
    ignoreFocusOut: true,
    // What cannot be decoded stays in the box, with the reason, instead of closing it.
    validateInput: (text) => (text.trim() === '' ? undefined : inputProblem(text)),
  });
}

export function registerDecoder(ctx: Ctx, session: AwsSession, results: PresignResults): DecoderPanels {
  const panels = new DecoderPanels(ctx, session, results);
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
