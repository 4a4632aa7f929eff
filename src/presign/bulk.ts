// "Presign All Objects Under Prefix…": lists the prefix page by page and signs each page as it arrives
// (one credential set, one signing key: see aws/bulkSigner.ts), streaming rows into a new untitled CSV or
// JSON document, with a cancellable progress that counts. Nothing holds all the URLs in memory.
import * as vscode from 'vscode';
import type { ObjectEntry } from '../aws/s3';
import { EXPIRY_PRESETS, parseExpiry } from '../engine/expiry';
import { keyFilter } from '../engine/glob';
import { isoUtc } from '../engine/time';
import type { Ctx } from '../context';
import type { ExplorerProvider } from '../explorer/provider';
import { loadSdk } from '../sdkLoader';

export interface BulkArgs {
  readonly profile: string;
  readonly bucket: string;
  readonly prefix?: string;
  /** A glob ("*.csv", "2025/**") or a suffix (".csv"); empty for every object. */
  readonly filter?: string;
  readonly expiresIn: number | string;
  readonly format?: 'csv' | 'json';
}

export interface BulkOutcome {
  readonly document: vscode.TextDocument;
  readonly listed: number;
  readonly signed: number;
  readonly cancelled: boolean;
}

const csvField = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Asks what is not given: filter, expiry and format. Undefined when the user cancels. */
export async function askBulkArgs(profile: string, bucket: string, prefix: string): Promise<BulkArgs | undefined> {
  const where = `s3://${bucket}/${prefix}`;
  const filter = await vscode.window.showInputBox({
    title: `Presign all objects under ${where}`,
    prompt: 'Only keys matching: a glob such as *.pdf or reports/**/*.csv, or a suffix such as .csv. Empty for all.',
    ignoreFocusOut: true,
  });
  if (filter === undefined) return undefined;
  const expiry = await vscode.window.showQuickPick(
    EXPIRY_PRESETS.map((p) => ({ label: p.label, seconds: p.seconds })),
    { title: `Presign all objects under ${where}: expiry (GET URLs)`, ignoreFocusOut: true },
  );
  if (!expiry) return undefined;
  const format = await vscode.window.showQuickPick(
    [
      { label: 'CSV', description: 'key,size,url,expiresAt', value: 'csv' as const },
      { label: 'JSON', description: '[{ key, size, url, expiresAt }]', value: 'json' as const },
    ],
    { title: 'Write the URLs as', ignoreFocusOut: true },
  );
  if (!format) return undefined;
  return { profile, bucket, prefix, filter, expiresIn: expiry.seconds, format: format.value };
}

export async function presignPrefix(ctx: Ctx, explorer: ExplorerProvider, args: BulkArgs): Promise<BulkOutcome> {
  const access = await explorer.access(args.profile);
  if (!access) throw new Error(`No AWS profile named "${args.profile}".`);
  const expiry = parseExpiry(String(args.expiresIn), new Date());
  if (!expiry.ok) throw new Error(expiry.error);
  const prefix = args.prefix ?? '';
  const format = args.format ?? 'csv';
  const matches = keyFilter(args.filter ?? '', prefix);
  const signer = await loadSdk().createBulkSigner(access, args.bucket, expiry.seconds);
  const expiresAt = isoUtc(signer.expiresAt);
  const document = await vscode.workspace.openTextDocument({
    language: format,
    content: format === 'csv' ? 'key,size,url,expiresAt\n' : '[\n',
  });
  await vscode.window.showTextDocument(document, { preview: false });

  const append = async (text: string): Promise<void> => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, document.lineAt(document.lineCount - 1).range.end, text);
    if (!(await vscode.workspace.applyEdit(edit)))
      throw new Error('The URL document could not be written (was it closed?).');
  };
  const row = (o: ObjectEntry, url: string, first: boolean): string =>
    format === 'csv'
      ? `${csvField(o.key)},${o.size},${url},${expiresAt}\n`
      : `${first ? '' : ',\n'}  ${JSON.stringify({ key: o.key, size: o.size, url, expiresAt })}`;

  let listed = 0;
  let signed = 0;
  let cancelled = false;
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Presigning s3://${args.bucket}/${prefix}`,
      cancellable: true,
    },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let next: string | undefined;
      do {
        let page;
        try {
          page = await access.listPage(args.bucket, prefix, 1000, next, abort.signal, true);
        } catch (err) {
          if (abort.signal.aborted) break;
          throw err;
        }
        listed += page.objects.length;
        let chunk = '';
        for (const o of page.objects) {
          if (!matches(o.key)) continue;
          chunk += row(o, signer.sign(o.key), signed === 0);
          signed++;
        }
        if (chunk) await append(chunk);
        progress.report({
          message: `${signed.toLocaleString('en-US')} presigned, ${listed.toLocaleString('en-US')} listed`,
        });
        next = page.nextToken;
      } while (next && !token.isCancellationRequested);
      cancelled = token.isCancellationRequested;
    },
  );
  if (format === 'json') await append(signed === 0 ? ']\n' : '\n]\n');
  ctx.log.info(
    `Presigned ${signed} of ${listed} objects under s3://${args.bucket}/${prefix} until ${expiresAt}${cancelled ? ' (cancelled)' : ''}`,
  );
  if (signer.credentialsExpiration && signer.credentialsExpiration < signer.expiresAt) {
    void vscode.window.showWarningMessage(
      `These URLs stop working at ${signer.credentialsExpiration.toLocaleString()}, when the temporary credentials that signed them expire — before ${signer.expiresAt.toLocaleString()}.`,
    );
  }
  return { document, listed, signed, cancelled };
}
