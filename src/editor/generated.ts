// Documents the extension writes itself (bulk presign's lists of URLs). Problems, hovers and badges leave
// them alone: a list of 1,000 fresh URLs the user just asked for is not 1,000 problems to look at. Once such
// a document is saved it is a file like any other (a new URI), and is read as one.
import * as vscode from 'vscode';

export class GeneratedDocuments implements vscode.Disposable {
  private readonly uris = new Set<string>();
  private readonly closing = vscode.workspace.onDidCloseTextDocument((d) => this.uris.delete(d.uri.toString()));

  add(uri: vscode.Uri): void {
    this.uris.add(uri.toString());
  }

  has(document: vscode.TextDocument): boolean {
    return this.uris.has(document.uri.toString());
  }

  dispose(): void {
    this.closing.dispose();
    this.uris.clear();
  }
}
