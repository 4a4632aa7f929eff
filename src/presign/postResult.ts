// The notification after a POST form is signed: the form is copied as the SDKs return it ({ url, fields }),
// and the message says what was signed (bucket, key rule, expiry, the conditions that matter) with two
// buttons: Copy as… (HTML form, fetch() with FormData, curl with --form-string, JSON) and Open in Decoder.
import * as vscode from 'vscode';
import {
  formatDuration,
  parsePostForm,
  postCurlCommand,
  postFetchCall,
  postHtmlForm,
  type PostConditionSummary,
  type PostForm,
} from '../engine';
import { Command } from '../editor';

const FILENAME = '${filename}';

export interface PostFormOutcome {
  readonly url: string;
  /** Every field to send before the file, the session token included when there is one. */
  readonly fields: Readonly<Record<string, string>>;
  readonly bucket: string;
  readonly key: string;
  readonly signedAt: string;
  /** The policy's expiration. */
  readonly expiresAt: string;
  /** The earlier of the policy's expiration and its credentials' expiration. */
  readonly effectiveExpiresAt: string;
  readonly credentialsExpiration?: string;
  /** The signed policy's conditions, session token redacted. */
  readonly conditions: readonly PostConditionSummary[];
  readonly warnings: readonly string[];
}

/** The form as JSON, as createPresignedPost and generate_presigned_post return it. */
export function postFormJson(outcome: Pick<PostFormOutcome, 'url' | 'fields'>): string {
  return JSON.stringify({ url: outcome.url, fields: outcome.fields }, null, 2);
}

/** "s3://b/uploads/<file name>" for a ${filename} key, else the key's URI. */
function keyRule(outcome: PostFormOutcome): string {
  return outcome.key.endsWith(FILENAME)
    ? `any key under s3://${outcome.bucket}/${outcome.key.slice(0, -FILENAME.length)} (the file's name by default)`
    : `s3://${outcome.bucket}/${outcome.key}`;
}

/** The conditions a reader wants in one line: Content-Type and size. */
function limits(outcome: PostFormOutcome): string {
  const parts: string[] = [];
  for (const c of outcome.conditions) {
    if (c.field?.toLowerCase() === 'content-type') parts.push(c.allows);
    if (c.type === 'content-length-range') parts.push(c.allows);
  }
  return parts.length ? ` ${parts.join('; ')}.` : '';
}

/** What the notification says: the form copied, what it allows, until when. */
export function postFormMessage(outcome: PostFormOutcome, now = new Date()): string {
  const until = new Date(outcome.effectiveExpiresAt);
  return `Upload form copied as JSON — ${keyRule(outcome)}, valid until ${until.toLocaleString()} (${formatDuration(until.getTime() - now.getTime())}).${limits(outcome)}`;
}

interface CopyFormat extends vscode.QuickPickItem {
  readonly write: (form: PostForm, outcome: PostFormOutcome) => string;
}

const FORMATS: readonly CopyFormat[] = [
  {
    label: 'HTML form',
    description: 'a <form> with every field hidden, the file input last',
    write: (form) => postHtmlForm(form),
  },
  {
    label: 'fetch() with FormData',
    description: 'for a browser page or Node 18+',
    write: (form) => postFetchCall(form),
  },
  {
    label: 'curl with --form-string',
    description: 'every field sent as written (-F would read @, < and ;type= in values)',
    write: (form) => postCurlCommand(form),
  },
  {
    label: 'JSON',
    description: '{ url, fields }, as the SDKs return it',
    write: (_form, outcome) => postFormJson(outcome),
  },
];

async function copyAs(outcome: PostFormOutcome): Promise<void> {
  const format = await vscode.window.showQuickPick(FORMATS, { title: 'Copy the upload form as' });
  if (!format) return;
  const parsed = parsePostForm(postFormJson(outcome));
  if (!parsed.ok) throw new Error(parsed.error);
  await vscode.env.clipboard.writeText(format.write(parsed.value, outcome));
  vscode.window.setStatusBarMessage(`$(copy) Upload form copied as ${format.label}`, 3000);
}

export async function showPostFormResult(outcome: PostFormOutcome): Promise<void> {
  await vscode.env.clipboard.writeText(postFormJson(outcome));
  const copy: vscode.MessageItem = { title: 'Copy as…' };
  const open: vscode.MessageItem = { title: 'Open in Decoder' };
  const message = postFormMessage(outcome);
  const action = await (outcome.warnings.length
    ? vscode.window.showWarningMessage(`${message} ${outcome.warnings[0]!}`, copy, open)
    : vscode.window.showInformationMessage(message, copy, open));
  if (action === copy) await copyAs(outcome);
  if (action === open) await vscode.commands.executeCommand(Command.decode, postFormJson(outcome));
}
