// A presigned URL where it stands in a document. Commands get a reference (document and offset), never
// the URL itself: a session token must not travel in command links or arguments shown in the UI.
import * as vscode from 'vscode';
import { parsePresignedUrl, presignedUrlAt, type FoundUrl, type ParseOptions, type ParseResult } from '../engine';

export interface UrlRef {
  readonly uri: string;
  /** Offset of any character of the URL in the document. */
  readonly offset: number;
}

export interface LocatedUrl {
  readonly document: vscode.TextDocument;
  readonly range: vscode.Range;
  readonly found: FoundUrl;
  readonly parsed: ParseResult;
}

export function isUrlRef(value: unknown): value is UrlRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UrlRef).uri === 'string' &&
    typeof (value as UrlRef).offset === 'number'
  );
}

/** The URL at a position, looking only at the line around it (a hover on a 10 MB line stays cheap). */
export function urlAtPosition(
  document: vscode.TextDocument,
  position: vscode.Position,
  options: ParseOptions = {},
): LocatedUrl | undefined {
  const line = document.lineAt(position.line).text;
  const found = presignedUrlAt(line, position.character);
  if (!found) return undefined;
  const range = new vscode.Range(position.line, found.start, position.line, found.end);
  return { document, range, found, parsed: parsePresignedUrl(found.text, options) };
}

export async function resolveRef(ref: UrlRef, options: ParseOptions = {}): Promise<LocatedUrl> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
  const located = urlAtPosition(document, document.positionAt(ref.offset), options);
  if (!located) throw new Error('There is no presigned URL there any more.');
  return located;
}

export function refOf(document: vscode.TextDocument, range: vscode.Range): UrlRef {
  return { uri: document.uri.toString(), offset: document.offsetAt(range.start) };
}
