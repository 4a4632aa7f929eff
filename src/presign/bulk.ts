// "Presign All Objects Under Prefix…": lists the prefix page by page and signs each page as it arrives
// (one credential set, one signing key: see aws/bulkSigner.ts), streaming rows into a new untitled CSV or
// JSON document, with a cancellable progress that counts. Nothing holds all the URLs in memory. The whole
// run holds one S3 access of the session: refreshing the Buckets view meanwhile does not break it.
import * as vscode from 'vscode';
import type { ObjectEntry, S3Access } from '../aws/s3';
import { isoUtc, parseExpiry } from '../engine';
import type { Ctx } from '../editor';
import { keyFilter } from '../scan';
import { loadSdk, type AwsSession } from '../session';
import { askExpiry } from './expiry';
import { input, pick } from './quickInput';
import { DONE, runSteps, type Step } from './steps';

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

interface BulkState {
  filter?: string;
  expiresIn?: number;
  format?: 'csv' | 'json';
}

const TOTAL_STEPS = 3;

/** Asks what is not given: filter, expiry and format, with Back between them. Undefined when the user cancels. */
export async function askBulkArgs(profile: string, bucket: string, prefix: string): Promise<BulkArgs | undefined> {
  const title = `Presign all objects under s3://${bucket}/${prefix}`;
  const formatStep: Step<BulkState> = async (state, context) => {
    const answer = await pick<'csv' | 'json'>({
      title: `${title}: write the URLs as`,
      step: 3,
      totalSteps: TOTAL_STEPS,
      placeholder: 'Format of the document the URLs are written to',
      canGoBack: context.canGoBack,
      active: state.format,
      items: [
        { label: 'CSV', description: 'key,size,url,expiresAt', value: 'csv' },
        { label: 'JSON', description: '[{ key, size, url, expiresAt }]', value: 'json' },
      ],
    });
    if (answer !== 'csv' && answer !== 'json') return answer;
    state.format = answer;
    return DONE;
  };
  const expiryStep: Step<BulkState> = async (state, context) => {
    const answer = await askExpiry({
      title: `${title}: expiry (GET URLs)`,
      step: 2,
      totalSteps: TOTAL_STEPS,
      canGoBack: context.canGoBack,
      current: state.expiresIn,
    });
    if (typeof answer !== 'number') return answer;
    state.expiresIn = answer;
    return formatStep;
  };
  const filterStep: Step<BulkState> = async (state, context) => {
    const answer = await input({
      title,
      step: 1,
      totalSteps: TOTAL_STEPS,
      prompt: 'Only keys matching: a glob such as *.pdf or reports/**/*.csv, or a suffix such as .csv. Empty for all.',
      value: state.filter,
      canGoBack: context.canGoBack,
    });
    if (typeof answer !== 'string') return answer;
    state.filter = answer;
    return expiryStep;
  };
  const state: BulkState = {};
  if (!(await runSteps(filterStep, state))) return undefined;
  return { profile, bucket, prefix, filter: state.filter, expiresIn: state.expiresIn!, format: state.format };
}

export function presignPrefix(ctx: Ctx, session: AwsSession, args: BulkArgs): Promise<BulkOutcome> {
  return session.withAccess(args.profile, (access) => presignWith(ctx, access, args));
}

async function appendTo(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.lineAt(document.lineCount - 1).range.end, text);
  if (!(await vscode.workspace.applyEdit(edit)))
    throw new Error('The URL document could not be written (was it closed?).');
}

let runs = 0;

/**
 * A new untitled document named after what it holds ("presigned-bucket-prefix-….csv"), so that its tab
 * says what it is and its extension picks its language. Named, not numbered: an "Untitled-1" closed a
 * moment ago could come back with its old text before the editor has forgotten it.
 */
async function newDocument(bucket: string, prefix: string, format: 'csv' | 'json'): Promise<vscode.TextDocument> {
  const where = `${bucket}-${prefix}`.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+$/, '');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `presigned-${where}-${stamp}-${++runs}.${format}` });
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.getText() !== '') throw new Error(`${uri.path} is already open with other content.`);
  return document;
}

async function presignWith(ctx: Ctx, access: S3Access, args: BulkArgs): Promise<BulkOutcome> {
  const expiry = parseExpiry(String(args.expiresIn), new Date());
  if (!expiry.ok) throw new Error(expiry.error);
  const prefix = args.prefix ?? '';
  const format = args.format ?? 'csv';
  const matches = keyFilter(args.filter ?? '', prefix);
  const signer = await loadSdk().createBulkSigner(access, args.bucket, expiry.seconds);
  const expiresAt = isoUtc(signer.expiresAt);
  const document = await newDocument(args.bucket, prefix, format);
  await vscode.window.showTextDocument(document, { preview: false });

  const append = (text: string): Promise<void> => appendTo(document, text);
  await append(format === 'csv' ? 'key,size,url,expiresAt\n' : '[\n');
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
      try {
        for await (const page of access.objectPages(args.bucket, prefix, 1000, abort.signal)) {
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
          if (token.isCancellationRequested) break;
        }
      } catch (err) {
        if (!abort.signal.aborted) throw err;
      }
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
