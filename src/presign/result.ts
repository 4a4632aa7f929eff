// The notification after a URL is presigned and copied: until when it works, what the client must send,
// and what can be done with it next (open it in the decoder, copy a client command).
import * as vscode from 'vscode';
import { curlCommand, fetchCall, formatDuration, keyFileName, pythonRequests, type ClientRequest } from '../engine';
import { Command } from '../editor';
import type { PresignOutcome } from './contract';

interface ResultAction extends vscode.MessageItem {
  run(request: ClientRequest): Promise<void>;
}

async function copySnippet(what: string, snippet: string): Promise<void> {
  await vscode.env.clipboard.writeText(snippet);
  vscode.window.setStatusBarMessage(`$(copy) ${what} copied`, 3000);
}

const ACTIONS: readonly ResultAction[] = [
  {
    title: 'Open in Decoder',
    run: async (request) => void (await vscode.commands.executeCommand(Command.decode, request.url)),
  },
  { title: 'Copy as curl', run: (request) => copySnippet('curl', curlCommand(request)) },
  { title: 'Copy as fetch()', run: (request) => copySnippet('fetch()', fetchCall(request)) },
  { title: 'Copy as Python requests', run: (request) => copySnippet('Python requests', pythonRequests(request)) },
];

export async function showPresignResult(outcome: PresignOutcome): Promise<void> {
  const must = Object.entries(outcome.headers).map(([k, v]) => `${k}: ${v}`);
  const requirement = must.length
    ? ` The ${outcome.method === 'PUT' ? 'upload' : 'request'} must send ${must.join(', ')}.`
    : '';
  const until = new Date(outcome.effectiveExpiresAt);
  const message = `Presigned ${outcome.method} URL copied — valid until ${until.toLocaleString()} (${formatDuration(until.getTime() - Date.now())}).${requirement}`;
  const action = await vscode.window.showInformationMessage(message, ...ACTIONS);
  await action?.run({
    url: outcome.url,
    method: outcome.method,
    headers: outcome.headers,
    fileName: keyFileName(outcome.key),
  });
}
