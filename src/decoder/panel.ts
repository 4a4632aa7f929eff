// One decoder panel: the webview (strict CSP with a nonce, local resources only) and what the page asks of
// the host. Secrets stay here: the page gets verdicts, redacted requests and the token only when revealed.
import * as vscode from 'vscode';
import {
  clientRequestOf,
  curlCommand,
  diffLines,
  explainS3ErrorInTurns,
  parseS3Error,
  redactSessionTokens,
  verifyPresignedUrl,
  verifyPresignedUrlInTurns,
  type PresignedUrl,
} from '../engine';
import { Command, nextTurn, turnTaker, type Ctx } from '../editor';
import type { AwsSession } from '../session';
import {
  isToHost,
  type DiffLineView,
  type ProfileChoice,
  type SignatureView,
  type ToHost,
  type ToPage,
  type TryView,
} from './protocol';
import { buildView } from './view';
import { decoderPageHtml } from './page';

export { PostDecoderPanel } from './postPanel';

/** Lines of `shown`, marked against `signed` when the signature matches another request. */
function compared(shown: string, signed: string | undefined): DiffLineView[] {
  return signed === undefined
    ? shown.split('\n').map((text) => ({ kind: 'same', text }))
    : diffLines(signed.split('\n'), shown.split('\n'));
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Bytes of an answer "Try it" reads at most: an S3 error document is well under it. */
const TRY_BODY_BYTES = 8 * 1024;

/** The start of a response's body as text, reading no more than `limit` bytes, then dropping the rest. */
async function readCapped(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const all = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const chunk of chunks) {
    const take = chunk.subarray(0, all.length - at);
    all.set(take, at);
    at += take.length;
    if (at >= all.length) break;
  }
  return new TextDecoder().decode(all);
}

/** A URL restored after a window reload: its session token was not kept (redacted), so it cannot be sent or verified. */
const RESTORED_WITHOUT_TOKEN = /X-Amz-Security-Token=REDACTED\(/;

/** What the panel asks of the rest of the extension (it is a bundle of its own: see ./index.ts). */
export interface PanelActions {
  /** Presigns the URL's request again, with the user's consent; the new URL is copied and shown. */
  represign(url: PresignedUrl): Promise<void>;
}

export class DecoderPanel {
  private readonly results: ToPage[] = [];
  private readonly restoredWithoutToken: boolean;

  constructor(
    private readonly ctx: Ctx,
    private readonly session: AwsSession,
    readonly panel: vscode.WebviewPanel,
    readonly url: PresignedUrl,
    private readonly actions: PanelActions,
  ) {
    this.restoredWithoutToken = RESTORED_WITHOUT_TOKEN.test(url.url);
    const media = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'media');
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'activitybar.svg');
    panel.webview.html = decoderPageHtml(panel.webview, media, 'Presigned URL', 'decoder.js');
    panel.webview.onDidReceiveMessage((msg: unknown) => {
      if (!isToHost(msg)) {
        this.ctx.log.warn('decoder: ignored a message from the page that is not one it sends');
        return;
      }
      this.receive(msg).catch((err: unknown) => {
        const message = redactSessionTokens(err instanceof Error ? err.message : String(err));
        this.ctx.log.warn(`decoder: ${msg.type} failed: ${message}`);
        void vscode.window.showErrorMessage(`S3 Presign Lens: ${message}`);
      });
    });
  }

  private post(message: ToPage): void {
    if (message.type !== 'view' && message.type !== 'token') {
      const same = this.results.findIndex((r) => r.type === message.type);
      if (same >= 0) this.results.splice(same, 1);
      this.results.push(message);
    }
    void this.panel.webview.postMessage(message);
  }

  /** Every profile (hidden ones too), the one whose access key signed the URL first. */
  private async profileChoices(): Promise<ProfileChoice[]> {
    const profiles = await this.session.profiles().catch(() => []);
    const signer = await this.session.profileForAccessKey(this.url.accessKeyId);
    const choices = profiles.map((p) => ({ name: p.name, matches: p === signer }));
    return choices.sort((a, b) => Number(b.matches) - Number(a.matches));
  }

  private async secretOf(profile: string): Promise<{ secretAccessKey: string; accessKeyId: string }> {
    const credentials = await this.session.credentials(profile);
    return { secretAccessKey: credentials.secretAccessKey, accessKeyId: credentials.accessKeyId };
  }

  /**
   * The signature checked at once, offline (no request is sent), with the local profile that holds the
   * URL's access key; or why it was not checked. The headline says which.
   */
  private async checkSignature(): Promise<SignatureView> {
    const url = this.url;
    const unchecked = (why: string): SignatureView => ({
      state: 'unchecked',
      text: `Signature not checked — ${why}`,
      explanations: [],
    });
    if (this.restoredWithoutToken)
      return unchecked('the session token was not kept across the reload: decode the URL again.');
    if (url.signatureVersion === 'v4a') return unchecked('SigV4a (ECDSA) signatures cannot be verified here.');
    const owner = await this.session.profileForAccessKey(url.accessKeyId);
    if (!owner) {
      return unchecked(
        url.credentialType === 'temporary'
          ? `signed with temporary credentials (${url.accessKeyId ?? 'a session token'}), which no profile holds as a key: verify below with the profile whose session signed it.`
          : `no local profile holds ${url.accessKeyId ?? 'its access key'}.`,
      );
    }
    const signed = url.signedHeaders.filter((h) => h !== 'host');
    if (signed.length > 0) {
      return unchecked(
        `it signs ${signed.join(', ')}, whose value${signed.length > 1 ? 's' : ''} only the client knows: verify below with the headers it sends.`,
      );
    }
    let secret: { secretAccessKey: string; accessKeyId: string };
    try {
      secret = await this.secretOf(owner.name);
    } catch (err) {
      return unchecked(
        `the secret of profile ${owner.name} could not be read: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const source = `profile ${owner.name}`;
    // A URL that does not say its method is a GET or a HEAD URL: either counts.
    const methods = url.methodHint ? [url.methodHint.method] : ['GET', 'HEAD'];
    for (const method of methods) {
      const r = verifyPresignedUrl(url, { ...secret, secretSource: source, method, explain: false });
      if (r.valid)
        return { state: 'valid', text: `Signature valid — signed by ${source}, for ${method}`, explanations: [] };
    }
    // The mismatch search of a long URL takes tens of milliseconds: in steps, the extension host turning.
    const r = await verifyPresignedUrlInTurns(
      url,
      { ...secret, secretSource: source, method: methods[0] },
      turnTaker(),
    );
    const first = r.explanations[0];
    const why =
      first?.code === 'CHANGED_AFTER_SIGNING'
        ? `the URL was changed after signing, or the secret of ${source} was rotated since`
        : (first?.message ?? 'no cause found');
    return { state: 'invalid', text: `Signature does not match — ${why}`, explanations: r.explanations };
  }

  private async receive(msg: ToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.post({
          type: 'view',
          view: buildView(this.url, await this.profileChoices(), new Date(), this.restoredWithoutToken),
        });
        // The page reloads when shown again or after a window reload: give it back what it had.
        for (const r of this.results) void this.panel.webview.postMessage(r);
        if (!this.results.some((r) => r.type === 'signature')) {
          // Rendering a long URL's view took its share of this turn: the check starts on the next one.
          await nextTurn();
          this.post({ type: 'signature', signature: await this.checkSignature() });
        }
        return;
      case 'verify': {
        if (this.restoredWithoutToken) {
          this.post({
            type: 'verify',
            error:
              'This panel was restored after a reload without the URL’s session token, which is never stored: decode the URL again to verify it.',
          });
          return;
        }
        try {
          const { secretAccessKey, accessKeyId } = await this.secretOf(msg.profile);
          const r = await verifyPresignedUrlInTurns(
            this.url,
            { secretAccessKey, accessKeyId, method: msg.method, headers: parseHeaders(msg.headers) },
            turnTaker(),
          );
          this.post({
            type: 'verify',
            result: {
              valid: r.valid,
              method: r.method,
              profile: msg.profile,
              explanations: r.explanations,
              canonicalRequest:
                r.canonicalRequest === undefined ? undefined : compared(r.canonicalRequest, r.signedCanonicalRequest),
              stringToSign: compared(r.stringToSign, r.signedStringToSign),
              computedSignature: r.computedSignature,
              providedSignature: r.providedSignature,
            },
          });
          this.post({
            type: 'signature',
            signature: {
              state: r.valid ? 'valid' : 'invalid',
              text: r.valid
                ? `Signature valid for ${r.method} with the secret of ${msg.profile} (as verified below)`
                : `Signature does not match for ${r.method} with the secret of ${msg.profile} — ${r.explanations[0]?.message ?? 'no cause found'}`,
              explanations: r.explanations,
            },
          });
        } catch (err) {
          this.post({ type: 'verify', error: err instanceof Error ? err.message : String(err) });
        }
        return;
      }
      case 'explain': {
        if (!parseS3Error(msg.xml)) {
          this.post({ type: 'explain', error: 'No S3 <Error> document with a <Code> in what was pasted.' });
          return;
        }
        const secret = msg.profile
          ? await this.secretOf(msg.profile)
              .then((s) => s.secretAccessKey)
              .catch(() => undefined)
          : undefined;
        const r = (await explainS3ErrorInTurns(msg.xml, { url: this.url, secretAccessKey: secret }, turnTaker()))!;
        this.post({
          type: 'explain',
          result: {
            errorCode: r.errorCode,
            message: r.message,
            explanations: r.explanations,
            canonicalRequest: r.diff?.canonicalRequest,
            stringToSign: r.diff?.stringToSign,
            differences: r.diff?.differences ?? [],
          },
        });
        return;
      }
      case 'try':
        this.post({
          type: 'try',
          result: this.restoredWithoutToken
            ? {
                method: msg.method,
                host: this.url.host.host,
                milliseconds: 0,
                explanations: [],
                failure: 'Not sent: the session token was not kept across the reload. Decode the URL again to try it.',
              }
            : await this.tryIt(msg.method),
        });
        return;
      case 'copy': {
        const text = msg.what === 'url' ? this.url.url : curlCommand(clientRequestOf(this.url));
        await vscode.env.clipboard.writeText(text);
        vscode.window.setStatusBarMessage(
          `$(copy) Copied ${msg.what === 'url' ? 'the URL' : 'the curl command'}`,
          3000,
        );
        return;
      }
      case 'revealToken':
        if (this.url.securityToken !== undefined && !this.restoredWithoutToken)
          this.post({ type: 'token', token: this.url.securityToken });
        return;
      case 'represign': {
        if (this.restoredWithoutToken)
          throw new Error('Decode the URL again to presign it again: its token was not kept.');
        await this.actions.represign(this.url);
        return;
      }
      case 'checkCors':
        // Nothing is sent to the URL: the bucket's rules are read with a profile, and judged locally.
        await vscode.commands.executeCommand(Command.checkCors, this.url.url);
        return;
      case 'openInExplorer': {
        const profile = (await this.session.profileForAccessKey(this.url.accessKeyId))?.name;
        if (!profile || !this.url.bucket)
          throw new Error('No profile has the access key that signed this URL: open its bucket from the Buckets view.');
        await vscode.commands.executeCommand(Command.revealInExplorer, {
          profile,
          bucket: this.url.bucket,
          key: this.url.key ?? '',
        });
        return;
      }
    }
  }

  /**
   * One real request, on demand only, and only one that changes nothing: a GET of the first byte (its error
   * body says more) or a HEAD, as the URL's method allows. At most a few KiB of the answer are read.
   */
  private async tryIt(method: 'HEAD' | 'GET'): Promise<TryView> {
    const started = performance.now();
    const host = this.url.host.host;
    const refuse = (failure: string): TryView => ({ method, host, milliseconds: 0, explanations: [], failure });
    const hinted = this.url.methodHint?.method;
    if (hinted !== undefined && hinted !== method) {
      return refuse(
        `Not sent: the URL is for ${hinted}; a ${method} would be refused for its signature, or change the object.`,
      );
    }
    if (this.url.hostConfusion) return refuse('Not sent: the URL goes elsewhere than it seems (see the findings).');
    try {
      const response = await fetch(this.url.url, {
        method,
        headers: method === 'GET' ? { Range: 'bytes=0-0' } : {},
        signal: AbortSignal.timeout(15_000),
        redirect: 'manual',
      });
      const milliseconds = Math.round(performance.now() - started);
      const body = method === 'GET' && response.status >= 300 ? await readCapped(response, TRY_BODY_BYTES) : '';
      if (!body) await response.body?.cancel().catch(() => undefined);
      const explained = body ? await explainS3ErrorInTurns(body, { url: this.url }, turnTaker()) : undefined;
      this.ctx.log.info(`decoder: ${method} ${host} answered ${response.status} in ${milliseconds} ms`);
      const headRefused =
        method === 'HEAD' && response.status === 403
          ? [
              {
                code: 'CANNOT_TELL' as const,
                message:
                  'S3 answers a HEAD without a body, so it cannot say why. A 403 to a HEAD is most often a URL signed for GET (sign for HEAD), an expired URL, or a missing permission: Verify above tells the signature apart offline.',
              },
            ]
          : [];
      return {
        method,
        host,
        status: response.status,
        statusText: response.statusText,
        milliseconds,
        errorCode: explained?.errorCode ?? response.headers.get('x-amz-error-code') ?? undefined,
        errorMessage: explained?.message,
        explanations: explained?.explanations ?? headRefused,
      };
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      return {
        method,
        host,
        milliseconds: Math.round(performance.now() - started),
        explanations: [],
        failure: cause?.message ?? (err instanceof Error ? err.message : String(err)),
      };
    }
  }
}
