// The HTML both decoder pages load in (a URL's, a POST form's): a strict Content-Security-Policy, the codicons
// and the decoder's stylesheet, and the page's script run by nonce. Everything else the script builds.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function decoderPageHtml(webview: vscode.Webview, media: vscode.Uri, title: string, script: string): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (path: string): string => webview.asWebviewUri(vscode.Uri.joinPath(media, path)).toString();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; font-src ${webview.cspSource}; img-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('codicons/codicon.css')}">
<link rel="stylesheet" href="${asset('decoder.css')}">
<title>${title}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Decoding…</p></main>
<script nonce="${nonce}" src="${asset(script)}"></script>
</body>
</html>`;
}
