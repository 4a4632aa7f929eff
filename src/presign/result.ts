// What follows a presigned URL the user asked for: a notification that says what was signed (method, S3 URI,
// until when, what the client must send) with two actions, "Copy as…" (curl, fetch(), Python requests, HTML
// where it fits) and "Open in Decoder"; and "Recent Presigned URLs…", this window's results, to copy or
// decode again without signing again. Kept in memory only: a presigned URL is a bearer token, so none is
// written to settings, state or disk, and all are gone when the window closes.
import * as vscode from 'vscode';
import {
  ageWords,
  clientRequestOf,
  curlCommand,
  escapeControlCharacters,
  fetchCall,
  formatDuration,
  htmlSnippet,
  keyFileName,
  parsePresignedUrl,
  pythonRequests,
  type ClientRequest,
} from '../engine';
import { Command } from '../editor';
import type { PresignOutcome } from './contract';

/** Results kept at most: older ones are dropped first. */
export const MAX_RECENT = 50;

/** The request a client makes with the URL: its signed headers' values, and the download name chosen. */
export function clientRequestOfOutcome(outcome: PresignOutcome): ClientRequest {
  const parsed = parsePresignedUrl(outcome.url);
  const fromUrl = parsed.ok ? clientRequestOf(parsed.value) : { fileName: keyFileName(outcome.key) };
  return { url: outcome.url, method: outcome.method, headers: outcome.headers, fileName: fromUrl.fileName };
}

/** "s3://bucket/key", control characters a key may hold shown escaped. */
const s3Uri = (outcome: PresignOutcome): string => escapeControlCharacters(`s3://${outcome.bucket}/${outcome.key}`);

/** "until 14:05:09 (in 15 min)" with the date when it is not today; why, when credentials end it early. */
function untilWords(outcome: PresignOutcome, now: Date): string {
  const until = new Date(outcome.effectiveExpiresAt);
  const sameDay = until.toDateString() === now.toDateString();
  const when = sameDay ? until.toLocaleTimeString() : until.toLocaleString();
  const early = outcome.effectiveExpiresAt !== outcome.expiresAt ? ', when the credentials that signed it expire' : '';
  return `until ${when}${early}`;
}

/** "23 h left" or "expired 5 min ago", coarse: for a list glanced at. */
function leftWords(outcome: PresignOutcome, now: Date): string {
  const ms = Date.parse(outcome.effectiveExpiresAt) - now.getTime();
  return ms > 0 ? `${formatDuration(ms, 'coarse')} left` : `expired ${formatDuration(ms, 'coarse')} ago`;
}

/** The notification's words: what was signed, for how long, and what the client must send. */
export function resultMessage(outcome: PresignOutcome, now: Date): string {
  const must = Object.entries(outcome.headers).map(([k, v]) => `${k}: ${v}`);
  const requirement = must.length
    ? ` The ${outcome.method === 'PUT' ? 'upload' : 'request'} must send ${must.join(', ')}.`
    : '';
  // How long it lasts from its signing (what was asked for, or less when credentials end first): a
  // second spent signing does not make "15 min" read "14 min 59 s".
  const ms = Date.parse(outcome.effectiveExpiresAt) - Date.parse(outcome.signedAt);
  return `Copied a presigned ${outcome.method} URL for ${s3Uri(outcome)}, valid for ${formatDuration(ms)} (${untilWords(outcome, now)}).${requirement}`;
}

interface SnippetItem extends vscode.QuickPickItem {
  readonly snippet: string;
}

/** The client code a URL can be copied as: curl, fetch(), Python requests, and HTML for a download. */
export function snippetsOf(request: ClientRequest): SnippetItem[] {
  const html = htmlSnippet(request);
  return [
    { label: 'curl', description: 'shell command', snippet: curlCommand(request) },
    { label: 'fetch()', description: 'JavaScript', snippet: fetchCall(request) },
    { label: 'Python requests', description: 'Python, the requests package', snippet: pythonRequests(request) },
    ...(html ? [{ label: 'HTML', description: html.startsWith('<img') ? 'an image' : 'a link', snippet: html }] : []),
  ];
}

async function copyAs(outcome: PresignOutcome): Promise<void> {
  const picked = await vscode.window.showQuickPick(snippetsOf(clientRequestOfOutcome(outcome)), {
    title: `Copy ${outcome.method} ${s3Uri(outcome)} as`,
    placeHolder: 'Code that makes the request, with every header it must send',
  });
  if (!picked) return;
  await vscode.env.clipboard.writeText(picked.snippet);
  vscode.window.setStatusBarMessage(`$(copy) Copied as ${picked.label}`, 3000);
}

const openInDecoder = async (outcome: PresignOutcome): Promise<void> =>
  void (await vscode.commands.executeCommand(Command.decode, outcome.url));

/** This window's presigned URLs, newest first, in memory only. */
export class PresignResults {
  private readonly recent: PresignOutcome[] = [];

  /** The results kept, newest first. */
  get all(): readonly PresignOutcome[] {
    return this.recent;
  }

  /** Keeps a result, then says what was signed with "Copy as…" and "Open in Decoder". */
  async show(outcome: PresignOutcome): Promise<void> {
    this.recent.unshift(outcome);
    this.recent.length = Math.min(this.recent.length, MAX_RECENT);
    const copy: vscode.MessageItem = { title: 'Copy as…' };
    const decode: vscode.MessageItem = { title: 'Open in Decoder' };
    const action = await vscode.window.showInformationMessage(resultMessage(outcome, new Date()), copy, decode);
    if (action === copy) await copyAs(outcome);
    else if (action === decode) await openInDecoder(outcome);
  }

  /** "Recent Presigned URLs…": a result, then what to do with it (copy, copy as code, decode). */
  async pickRecent(): Promise<void> {
    if (this.recent.length === 0) {
      const presign = 'Presign S3 Object';
      const answer = await vscode.window.showInformationMessage(
        'No URL presigned in this window yet. Presigned URLs are kept here until the window closes, never saved.',
        presign,
      );
      if (answer === presign) await vscode.commands.executeCommand(Command.presign);
      return;
    }
    const now = new Date();
    const picked = await vscode.window.showQuickPick(
      this.recent.map((outcome) => ({
        label: `${outcome.method} ${s3Uri(outcome)}`,
        description: leftWords(outcome, now),
        detail: `Signed ${ageWords(new Date(outcome.signedAt), now)}, valid ${untilWords(outcome, now)}`,
        outcome,
      })),
      {
        title: 'Recent Presigned URLs (this window only, never saved)',
        placeHolder: 'A URL to copy, copy as code, or open in the decoder',
        matchOnDescription: true,
      },
    );
    if (!picked) return;
    const { outcome } = picked;
    const actions = [
      { label: '$(copy) Copy URL', run: () => copyUrl(outcome) },
      { label: '$(code) Copy as…', description: 'curl, fetch(), Python requests, HTML', run: () => copyAs(outcome) },
      { label: '$(inspect) Open in Decoder', run: () => openInDecoder(outcome) },
    ];
    const action = await vscode.window.showQuickPick(actions, { title: `${outcome.method} ${s3Uri(outcome)}` });
    await action?.run();
  }
}

async function copyUrl(outcome: PresignOutcome): Promise<void> {
  await vscode.env.clipboard.writeText(outcome.url);
  vscode.window.setStatusBarMessage(`$(copy) Copied the ${outcome.method} URL`, 3000);
}
