// The webview's page: a strict Content-Security-Policy (no remote anything, one nonce'd script,
// styles only from the extension), the bundled script and the stylesheet.
import * as vscode from 'vscode';

export function formHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  // Web Crypto: node:crypto would be loaded with the extension (milliseconds of every start-up).
  const nonce = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'formEditor.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'formEditor', 'form.css'));
  // l10n: not user-facing (the Content Security Policy)
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  // l10n: not user-facing (the page's HTML markup; its texts come from strings.ts)
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
