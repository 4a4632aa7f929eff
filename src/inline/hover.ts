// The hover on a presigned URL in any file: what and where, its status in words, the main findings, and
// command links that only the extension's own commands may run. URL-derived text goes through
// `markdownText`, not `appendText`: appendText leaves `<` alone, and with HTML off the renderer strips a
// tag instead of showing it, so a key holding `<img …>` would be shown wrong.
import * as vscode from 'vscode';
import { bySeverity, diagnose, isoUtc, markdownText, POLICY_REACH, postPolicyAt } from '../engine';
import { Command, refOf, urlAtPosition, type GeneratedDocuments } from '../editor';
import { postNotes } from './lazyPost';
import { urlStatus } from './status';

/** The only commands the hover's links may run. */
const HOVER_COMMANDS = [Command.decode, Command.represignUrl, Command.copyCurl, Command.checkCors];

const commandLink = (title: string, command: string, arg: unknown): string =>
  `[${title}](command:${command}?${encodeURIComponent(JSON.stringify([arg]))})`;

export class PresignedUrlHover implements vscode.HoverProvider {
  /**
   * `endpoints`: the S3 endpoints of the user's profiles, for URLs virtual-hosted on them; `generated`: the
   * extension's own lists of URLs, which get no hover.
   */
  constructor(
    private readonly endpoints: () => readonly string[] = () => [],
    private readonly generated?: GeneratedDocuments,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (this.generated?.has(document)) return undefined;
    const located = urlAtPosition(document, position, { endpoints: this.endpoints() });
    if (!located) return policyHover(document, position);
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
    md.supportHtml = false;
    if (!located.parsed.ok) {
      md.appendMarkdown('$(error) **Presigned URL that cannot be read**: ');
      md.appendMarkdown(markdownText(located.parsed.error));
      return new vscode.Hover(md, located.range);
    }
    const url = located.parsed.value;
    const now = new Date();
    const status = urlStatus(url, now);
    const findings = bySeverity(diagnose(url, { now })).filter((f) => f.code !== 'EXPIRED');
    md.appendMarkdown(`${status.expired ? '$(error)' : '$(clock)'} **Presigned S3 URL** — `);
    md.appendMarkdown(
      markdownText(`${status.words}${url.credentialType === 'temporary' ? ', signed with temporary credentials' : ''}`),
    );
    md.appendMarkdown('\n\n');
    const rows: [string, string][] = [
      ['Bucket', url.bucket ?? '(none)'],
      ['Key', url.key ?? '(none)'],
      ['Region', url.region ?? '(not stated)'],
      ['Method', url.methodHint ? `${url.methodHint.method} (${url.methodHint.source})` : 'not stated'],
      ['Signature', `${url.signatureVersion.toUpperCase()}, ${url.host.description}`],
    ];
    for (const [label, value] of rows) {
      md.appendMarkdown(`**${label}**: `);
      md.appendMarkdown(markdownText(value));
      md.appendMarkdown('  \n');
    }
    for (const f of findings.slice(0, 3)) {
      md.appendMarkdown(
        `\n${f.severity === 'error' ? '$(error)' : f.severity === 'warning' ? '$(warning)' : '$(info)'} `,
      );
      md.appendMarkdown(markdownText(f.message));
      md.appendMarkdown('\n');
    }
    if (findings.length > 3) md.appendMarkdown(`\n…and ${findings.length - 3} more in the decoder.\n`);
    const ref = refOf(document, located.range);
    md.appendMarkdown(
      `\n${commandLink('$(inspect) Decode', Command.decode, ref)} · ${commandLink('$(refresh) Re-presign', Command.represignUrl, ref)} · ${commandLink('$(terminal) Copy as curl', Command.copyCurl, ref)} · ${commandLink('$(globe) Check CORS', Command.checkCors, ref)}`,
    );
    return new vscode.Hover(md, located.range);
  }
}

const SEVERITY_ICONS = { error: '$(error)', warning: '$(warning)', info: '$(info)' } as const;

/** The hover on a POST form's policy: its status and lifetime, what it is for, the findings it decides. */
function policyHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  // The policy's signature field is often on another line: the text within reach, not the line, is read.
  const offset = document.offsetAt(position);
  const from = document.positionAt(Math.max(0, offset - POLICY_REACH));
  const window = document.getText(new vscode.Range(from, document.positionAt(offset + POLICY_REACH)));
  const base = document.offsetAt(from);
  const found = postPolicyAt(window, offset - base);
  if (!found) return undefined;
  const now = new Date();
  const notes = postNotes();
  const note = notes.describePostPolicy(found.text, now);
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  const expired = note.expiration !== undefined && note.expiration.getTime() <= now.getTime();
  md.appendMarkdown(`${expired ? '$(error)' : '$(clock)'} **Presigned POST form policy** — `);
  md.appendMarkdown(markdownText(notes.policyLifetime(note, now)));
  md.appendMarkdown('\n\n');
  const rows: [string, string][] = [
    ['Bucket', note.bucket ?? '(not named)'],
    ['Key', note.key ?? '(any: no key condition)'],
    ['Expires', note.expiration ? isoUtc(note.expiration) : '(no expiration)'],
  ];
  for (const [label, value] of rows) {
    md.appendMarkdown(`**${label}**: `);
    md.appendMarkdown(markdownText(value));
    md.appendMarkdown('  \n');
  }
  const findings = bySeverity(note.findings).filter((f) => f.code !== 'POLICY_EXPIRED');
  for (const f of findings.slice(0, 3)) {
    md.appendMarkdown(`\n${SEVERITY_ICONS[f.severity]} `);
    md.appendMarkdown(markdownText(f.message));
    md.appendMarkdown('\n');
  }
  md.appendMarkdown(
    '\nSelect the whole form (`{ url, fields }`, the HTML form or the curl command) and run **Decode Presigned URL** to see every field and check an upload against it.',
  );
  const range = new vscode.Range(document.positionAt(base + found.start), document.positionAt(base + found.end));
  return new vscode.Hover(md, range);
}
