// One decoder panel for a presigned POST form: the webview (strict CSP with a nonce, local resources only)
// and what its page asks of the host: a submission checked against the policy, the signature verified with
// a local profile's secret, S3's answer explained, the form copied as client code. The form, its session
// token and the secrets stay here; the page gets the view built by postView.ts.
import * as vscode from 'vscode';
import {
  explainPostError,
  parseByteSize,
  parsePostForm,
  parseS3Error,
  postCurlCommand,
  postFetchCall,
  postHtmlForm,
  verifyPostSignature,
  type PostForm,
  type PostParseResult,
} from '../engine';
import type { Ctx } from '../editor';
import type { AwsSession } from '../session';
import { isToPostHost, type CopyFormat, type SubmittedField, type ToPostHost, type ToPostPage } from './postProtocol';
import { buildPostView, checkSubmission, formTarget, submittedFields } from './postView';
import type { ProfileChoice, SignatureView } from './protocol';
import { decoderPageHtml } from './page';

/** The form as the SDKs return it: what "Copy as JSON" writes. */
function formJson(form: PostForm): string {
  return JSON.stringify(
    { url: form.url, fields: Object.fromEntries(form.fields.map((f) => [f.name, f.value])) },
    null,
    2,
  );
}

const COPY: Readonly<Record<CopyFormat, { label: string; write: (form: PostForm) => string }>> = {
  json: { label: 'JSON', write: formJson },
  html: { label: 'an HTML form', write: (form) => postHtmlForm(form) },
  fetch: { label: 'fetch() with FormData', write: (form) => postFetchCall(form) },
  curl: { label: 'curl', write: (form) => postCurlCommand(form) },
};

export class PostDecoderPanel {
  private readonly results: ToPostPage[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly session: AwsSession,
    readonly panel: vscode.WebviewPanel,
    readonly form: PostForm,
  ) {
    const media = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'media');
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'activitybar.svg');
    panel.webview.html = decoderPageHtml(panel.webview, media, 'Presigned POST form', 'post-decoder.js');
    panel.webview.onDidReceiveMessage((msg: unknown) => {
      if (!isToPostHost(msg)) {
        this.ctx.log.warn('decoder: ignored a message from the POST form page that is not one it sends');
        return;
      }
      this.receive(msg).catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        this.ctx.log.warn(`decoder: ${msg.type} failed: ${message}`);
        void vscode.window.showErrorMessage(`S3 Presign Lens: ${message}`);
      });
    });
  }

  /** A form as pasted, read (the form reader is part of this lazily loaded bundle). */
  static read(text: string): PostParseResult {
    return parsePostForm(text);
  }

  /** The panel's title: what the form writes. */
  static title(form: PostForm): string {
    return `POST form: ${formTarget(form).replace(/^s3:\/\//, '')}`;
  }

  private post(message: ToPostPage): void {
    if (message.type !== 'view') {
      const same = this.results.findIndex((r) => r.type === message.type);
      if (same >= 0) this.results.splice(same, 1);
      this.results.push(message);
    }
    void this.panel.webview.postMessage(message);
  }

  private async profileChoices(): Promise<ProfileChoice[]> {
    const profiles = await this.session.profiles().catch(() => []);
    const signer = await this.session.profileForAccessKey(this.form.accessKeyId);
    const choices = profiles.map((p) => ({ name: p.name, matches: p === signer }));
    return choices.sort((a, b) => Number(b.matches) - Number(a.matches));
  }

  private async verifyWith(profile: string): Promise<SignatureView> {
    const credentials = await this.session.credentials(profile);
    const r = verifyPostSignature(this.form, {
      secretAccessKey: credentials.secretAccessKey,
      accessKeyId: credentials.accessKeyId,
    });
    if (!r.supported)
      return {
        state: 'unchecked',
        text: `Signature not checked — ${r.explanations[0]?.message ?? ''}`,
        explanations: [],
      };
    return r.valid
      ? {
          state: 'valid',
          text: `Signature valid — the policy was signed with the secret of profile ${profile}`,
          explanations: [],
        }
      : {
          state: 'invalid',
          text: `Signature does not match with the secret of profile ${profile} — ${r.explanations[0]?.message ?? 'no cause found'}`,
          explanations: r.explanations,
        };
  }

  /** The signature checked at once, offline, with the local profile that holds the form's access key. */
  private async checkSignature(): Promise<SignatureView> {
    const unchecked = (why: string): SignatureView => ({
      state: 'unchecked',
      text: `Signature not checked — ${why}`,
      explanations: [],
    });
    if (!this.form.policy || this.form.signature === undefined)
      return unchecked('the form has no policy or no signature.');
    const owner = await this.session.profileForAccessKey(this.form.accessKeyId);
    if (!owner)
      return unchecked(
        this.form.credentialType === 'temporary'
          ? `signed with temporary credentials (${this.form.accessKeyId ?? '?'}), which no profile holds as a key: verify below with the profile whose session signed it.`
          : `no local profile holds ${this.form.accessKeyId ?? 'its access key'}: verify below with a profile.`,
      );
    try {
      return await this.verifyWith(owner.name);
    } catch (err) {
      return unchecked(
        `the secret of profile ${owner.name} could not be read: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private submission(fields: readonly SubmittedField[], fileSize: string, fileName: string) {
    const size = fileSize.trim() === '' ? undefined : parseByteSize(fileSize, 'any');
    return {
      fields: submittedFields(this.form, fields),
      fileSize: size?.ok ? size.value : undefined,
      fileName: fileName.trim() === '' ? undefined : fileName,
      now: new Date(),
    };
  }

  private async receive(msg: ToPostHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.post({ type: 'view', view: buildPostView(this.form, await this.profileChoices(), new Date()) });
        for (const r of this.results) void this.panel.webview.postMessage(r);
        if (!this.results.some((r) => r.type === 'signature'))
          this.post({ type: 'signature', signature: await this.checkSignature() });
        return;
      case 'check': {
        const result = checkSubmission(this.form, msg.fields, msg.fileSize, msg.fileName);
        this.post(typeof result === 'string' ? { type: 'check', error: result } : { type: 'check', result });
        return;
      }
      case 'verify':
        try {
          this.post({ type: 'signature', signature: await this.verifyWith(msg.profile) });
        } catch (err) {
          this.post({
            type: 'signature',
            signature: {
              state: 'unchecked',
              text: `Signature not checked — the secret of profile ${msg.profile} could not be read: ${err instanceof Error ? err.message : String(err)}`,
              explanations: [],
            },
          });
        }
        return;
      case 'explain': {
        if (!parseS3Error(msg.xml)) {
          this.post({ type: 'explain', error: 'No S3 <Error> document with a <Code> in what was pasted.' });
          return;
        }
        const owner = await this.session.profileForAccessKey(this.form.accessKeyId);
        const secret = owner
          ? await this.session
              .credentials(owner.name)
              .then((c) => c.secretAccessKey)
              .catch(() => undefined)
          : undefined;
        const r = explainPostError(msg.xml, {
          form: this.form,
          submission: this.submission(msg.fields, msg.fileSize, msg.fileName),
          secretAccessKey: secret,
        })!;
        this.post({
          type: 'explain',
          result: {
            errorCode: r.errorCode,
            message: r.message,
            explanations: r.explanations,
            condition: r.condition?.text,
            field: r.field,
            value: r.value,
          },
        });
        return;
      }
      case 'copy': {
        const format = COPY[msg.what];
        await vscode.env.clipboard.writeText(format.write(this.form));
        vscode.window.setStatusBarMessage(`$(copy) Copied the form as ${format.label}`, 3000);
        return;
      }
    }
  }
}
