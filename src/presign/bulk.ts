// "Presign All Objects Under Prefix…": from a bucket or folder of the Buckets view, or from the palette
// (profile, bucket and prefix asked first). Lists the prefix page by page and signs each page as it arrives
// (one credential set, one signing key: see aws/bulkSigner.ts), streaming rows into a new untitled CSV or
// JSON document named after the prefix, with a cancellable progress that counts. The document opens with the
// first match (a filter that matches nothing opens nothing and says so), and is the extension's own: it gets
// no problems, hovers or badges. Nothing holds all the URLs in memory. The whole run holds one S3 access of
// the session: refreshing the Buckets view meanwhile does not break it.
import * as vscode from 'vscode';
import type { ObjectEntry, S3Access } from '../aws/s3';
import { escapeControlCharacters, formatDuration, isoUtc, parseExpiry, plural } from '../engine';
import type { Ctx } from '../editor';
import { keyFilter } from '../scan';
import { loadSdk, type AwsSession, type S3Place } from '../session';
import { askExpiry } from './expiry';
import { input, pick, type Answer, type PickItem } from './quickInput';
import { DONE, runSteps, type Step } from './steps';
import { whereSteps } from './questions';

export interface BulkArgs {
  readonly profile: string;
  readonly bucket: string;
  readonly prefix?: string;
  /** A glob ("*.csv", "2025/**", "*.{csv,json}") or a suffix (".csv"); empty for every object. */
  readonly filter?: string;
  readonly expiresIn: number | string;
  readonly format?: 'csv' | 'json';
}

export interface BulkOutcome {
  /** The document the URLs were written to; none when nothing matched. */
  readonly document?: vscode.TextDocument;
  readonly listed: number;
  readonly signed: number;
  readonly cancelled: boolean;
}

const TITLE = 'Presign All Objects Under Prefix';

const csvField = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

interface BulkState {
  profile?: string;
  bucket?: string;
  prefix?: string;
  filter?: string;
  expiresIn?: number;
  format?: 'csv' | 'json';
}

/** The folder above a prefix: "a/b/" → "a/", "a/" → "". */
const parentPrefix = (prefix: string): string => prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);

/** The folder a key is in: "a/b.txt" → "a/". */
const folderOf = (key: string): string => key.slice(0, key.lastIndexOf('/') + 1);

/**
 * Asks what is not given, with Back between the questions: from the palette the profile, the bucket and the
 * prefix, then always the filter, the expiry and the format. Undefined when the user cancels.
 */
export async function askBulkArgs(session: AwsSession, place: S3Place | undefined): Promise<BulkArgs | undefined> {
  // A place with a key (an object's node) stands for its folder.
  const state: BulkState = place
    ? { profile: place.profile, bucket: place.bucket, prefix: place.prefix ?? folderOf(place.key ?? '') }
    : {};
  const asked = place ? 0 : 3;
  const totalSteps = asked + 3;
  const where = (): string => `s3://${state.bucket}/${state.prefix}`;

  const formatStep: Step<BulkState> = async (s, context) => {
    const answer = await pick<'csv' | 'json'>({
      title: `${TITLE}: ${where()}`,
      step: asked + 3,
      totalSteps,
      placeholder: 'Format of the document the URLs are written to',
      canGoBack: context.canGoBack,
      active: s.format,
      items: [
        { label: 'CSV', description: 'key,size,url,expiresAt', value: 'csv' },
        { label: 'JSON', description: '[{ key, size, url, expiresAt }]', value: 'json' },
      ],
    });
    if (answer !== 'csv' && answer !== 'json') return answer;
    s.format = answer;
    return DONE;
  };
  const expiryStep: Step<BulkState> = async (s, context) => {
    const answer = await askExpiry({
      title: `${TITLE}: ${where()}: expiry (GET URLs)`,
      step: asked + 2,
      totalSteps,
      canGoBack: context.canGoBack,
      current: s.expiresIn,
    });
    if (typeof answer !== 'number') return answer;
    s.expiresIn = answer;
    return formatStep;
  };
  const filterStep: Step<BulkState> = async (s, context) => {
    const answer = await input({
      title: `${TITLE}: ${where()}`,
      step: asked + 1,
      totalSteps,
      prompt:
        'Only keys matching: a glob such as *.pdf, *.{csv,json} or reports/**/*.csv, or a suffix such as .csv. Empty for all.',
      value: s.filter,
      validate: filterProblem,
      canGoBack: context.canGoBack,
    });
    if (typeof answer !== 'string') return answer;
    s.filter = answer;
    return expiryStep;
  };
  const prefixStep: Step<BulkState> = async (s, context) => {
    const answer = await askPrefix(session, s.profile!, s.bucket!, s.prefix ?? '', {
      step: 3,
      totalSteps,
      canGoBack: context.canGoBack,
    });
    if (typeof answer !== 'string') return answer;
    s.prefix = answer;
    return filterStep;
  };
  const { profileStep } = whereSteps<BulkState>(session, {
    title: TITLE,
    totalSteps,
    next: () => prefixStep,
    bucketChanged: (s) => {
      s.prefix = undefined;
    },
  });
  if (!(await runSteps(place ? filterStep : profileStep, state))) return undefined;
  return {
    profile: state.profile!,
    bucket: state.bucket!,
    prefix: state.prefix,
    filter: state.filter,
    expiresIn: state.expiresIn!,
    format: state.format,
  };
}

/** Why a filter cannot be used (braces that stand for too much, too long), as the user types it. */
function filterProblem(filter: string): string | undefined {
  try {
    keyFilter(filter, '');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** The prefix to presign under: the one shown, a folder opened in turn, or one typed. */
function askPrefix(
  session: AwsSession,
  profile: string,
  bucket: string,
  start: string,
  q: { step: number; totalSteps: number; canGoBack: boolean },
): Promise<Answer<string>> {
  let prefix = start;
  return pick<string>({
    title: `${TITLE}: s3://${bucket}/`,
    step: q.step,
    totalSteps: q.totalSteps,
    placeholder: 'Prefix: presign everything under the one shown, open a folder, or type a prefix',
    canGoBack: q.canGoBack,
    items: [],
    typed: (value) =>
      value.trim()
        ? [
            {
              label: `${prefix}${value.trim()}`,
              description: 'use this prefix',
              alwaysShow: true,
              value: prefix + value.trim(),
            },
          ]
        : [],
    load: async (_value, signal) => {
      const here: PickItem<string> = {
        label: `$(check) Everything under s3://${bucket}/${prefix}`,
        alwaysShow: true,
        value: prefix,
      };
      const up: PickItem<string>[] = prefix
        ? [{ label: '$(arrow-up) ..', description: parentPrefix(prefix) || `s3://${bucket}/`, alwaysShow: true }]
        : [];
      try {
        const page = await session.withAccess(profile, (access) =>
          access.listPage(bucket, prefix, 1000, undefined, signal),
        );
        // Folders carry no value: accepting one opens it (onNavigate).
        const folders = page.folders.map((f) => ({
          label: `$(folder) ${f.slice(prefix.length)}`,
          description: 'open',
          folder: f,
        }));
        const more = page.nextToken ? [{ label: '$(ellipsis) More: type the prefix', alwaysShow: true }] : [];
        return [here, ...up, ...folders, ...more];
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        return [
          here,
          ...up,
          { label: '$(warning) Could not list this folder: type the prefix', detail, alwaysShow: true },
        ];
      }
    },
    onNavigate: (item) => {
      const folder = (item as { folder?: string }).folder;
      if (folder !== undefined) prefix = folder;
      else if (item.label.startsWith('$(arrow-up)')) prefix = parentPrefix(prefix);
      else return undefined;
      return Promise.resolve([]);
    },
  });
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
 * A new untitled document named after what it holds ("presign-lens-demo reports-2025 URLs-1.csv"), so that
 * its tab says what it is and its extension picks its language; marked as the extension's own before it
 * opens, so that no problem is ever computed on it. CSV is given the language "csv" when one is installed
 * (VS Code has none built in: then it stays plain text). Named, not numbered: an "Untitled-1" closed a
 * moment ago could come back with its old text before the editor has forgotten it.
 */
async function newDocument(
  ctx: Ctx,
  bucket: string,
  prefix: string,
  format: 'csv' | 'json',
): Promise<vscode.TextDocument> {
  const where = `${bucket} ${prefix}`.replace(/[^A-Za-z0-9._ -]+/g, '-').replace(/[- ]+$/, '');
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `${where} URLs-${++runs}.${format}` });
  ctx.generated.add(uri);
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.getText() !== '') throw new Error(`${uri.path} is already open with other content.`);
  if (format === 'csv' && (await vscode.languages.getLanguages()).includes('csv'))
    document = await vscode.languages.setTextDocumentLanguage(document, 'csv');
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

async function presignWith(ctx: Ctx, access: S3Access, args: BulkArgs): Promise<BulkOutcome> {
  const expiry = parseExpiry(String(args.expiresIn), new Date());
  if (!expiry.ok) throw new Error(expiry.error);
  const prefix = args.prefix ?? '';
  const format = args.format ?? 'csv';
  const filter = args.filter?.trim() ?? '';
  const matches = keyFilter(filter, prefix);
  const signer = await loadSdk().createBulkSigner(access, args.bucket, expiry.seconds);
  const expiresAt = isoUtc(signer.expiresAt);
  const where = escapeControlCharacters(`s3://${args.bucket}/${prefix}`);

  let document: vscode.TextDocument | undefined;
  const append = async (text: string): Promise<void> => {
    document ??= await newDocument(ctx, args.bucket, prefix, format);
    if (document.getText() === '') text = (format === 'csv' ? 'key,size,url,expiresAt\n' : '[\n') + text;
    await appendTo(document, text);
  };
  const row = (o: ObjectEntry, url: string, first: boolean): string =>
    format === 'csv'
      ? `${csvField(o.key)},${o.size},${url},${expiresAt}\n`
      : `${first ? '' : ',\n'}  ${JSON.stringify({ key: o.key, size: o.size, url, expiresAt })}`;

  let listed = 0;
  let signed = 0;
  let cancelled = false;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Presigning ${where}`, cancellable: true },
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
          progress.report({ message: `${plural(signed, 'URL')} presigned, ${plural(listed, 'object')} listed` });
          if (token.isCancellationRequested) break;
        }
      } catch (err) {
        if (!abort.signal.aborted) throw err;
      }
      cancelled = token.isCancellationRequested;
    },
  );
  if (document && format === 'json') await appendTo(document, '\n]\n');
  ctx.log.info(
    `Presigned ${signed} of ${plural(listed, 'object')} under s3://${args.bucket}/${prefix} until ${expiresAt}${cancelled ? ' (cancelled)' : ''}`,
  );
  void sayHowItWent({ where, filter, listed, signed, cancelled, signer, askedSeconds: expiry.seconds });
  return { document, listed, signed, cancelled };
}

/** The run's last word: how many URLs, until when (or why none), and whether credentials end them early. */
function sayHowItWent(run: {
  where: string;
  filter: string;
  listed: number;
  signed: number;
  cancelled: boolean;
  signer: { signedAt: Date; expiresAt: Date; credentialsExpiration?: Date };
  askedSeconds: number;
}): Thenable<unknown> {
  const { where, filter, listed, signed, cancelled, signer } = run;
  const matching = filter ? ` matching "${escapeControlCharacters(filter)}"` : '';
  if (signed === 0) {
    const what =
      listed === 0
        ? `There is no object under ${where}`
        : `None of the ${plural(listed, 'object')} under ${where} matches "${escapeControlCharacters(filter)}"`;
    return vscode.window.showInformationMessage(
      `${what}${cancelled ? ' (listing cancelled)' : ''}: nothing was presigned and no document was opened.`,
    );
  }
  const ends = signer.credentialsExpiration && signer.credentialsExpiration < signer.expiresAt;
  const until = ends ? signer.credentialsExpiration! : signer.expiresAt;
  const valid = `valid for ${formatDuration(until.getTime() - signer.signedAt.getTime())} (until ${until.toLocaleString()})`;
  const head = `${cancelled ? 'Cancelled after presigning' : 'Presigned'} ${plural(signed, 'URL')} for the objects under ${where}${matching}, ${valid}.`;
  return ends
    ? vscode.window.showWarningMessage(
        `${head} They stop working then, when the temporary credentials that signed them expire, not in the ${formatDuration(run.askedSeconds * 1000)} asked for.`,
      )
    : vscode.window.showInformationMessage(head);
}
