// A presigned URL where it stands in a document. Commands get a reference (document and offset), never
// the URL itself: a session token must not travel in command links or arguments shown in the UI.
import * as vscode from 'vscode';
import { parsePresignedUrl, presignedUrlAt, type FoundUrl, type ParseOptions, type ParseResult } from '../engine';

/**
 * Where a URL stands: an offset of any of its characters (hover links, quick fixes), or the line and column
 * where it starts, 1-based as the editor shows them (the workspace scan's rows, which are passed as they are).
 */
export type UrlRef =
  | { readonly uri: string; readonly offset: number }
  | { readonly uri: string; readonly line: number; readonly column: number };

export interface LocatedUrl {
  readonly document: vscode.TextDocument;
  readonly range: vscode.Range;
  readonly found: FoundUrl;
  readonly parsed: ParseResult;
}

export function isUrlRef(value: unknown): value is UrlRef {
  if (typeof value !== 'object' || value === null) return false;
  const ref = value as { uri?: unknown; offset?: unknown; line?: unknown; column?: unknown };
  const whole = (n: unknown, min: number): boolean => Number.isSafeInteger(n) && (n as number) >= min;
  return typeof ref.uri === 'string' && (whole(ref.offset, 0) || (whole(ref.line, 1) && whole(ref.column, 1)));
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
  const position =
    'offset' in ref
      ? document.positionAt(ref.offset)
      : document.validatePosition(new vscode.Position(ref.line - 1, ref.column - 1));
  const located = urlAtPosition(document, position, options);
  if (!located) throw new Error('There is no presigned URL there any more.');
  return located;
}

export function refOf(document: vscode.TextDocument, range: vscode.Range): UrlRef & { readonly offset: number } {
  return { uri: document.uri.toString(), offset: document.offsetAt(range.start) };
}
