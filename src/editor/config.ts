// Typed access to the extension's settings (package.json `contributes.configuration`).
import * as vscode from 'vscode';

const section = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('s3presign');

export type DiagnosticsMode = 'off' | 'expired' | 'all';

export const config = {
  /** Keys and folders listed per request; "Load more…" fetches the next page. */
  pageSize(): number {
    const n = section().get<number>('explorer.pageSize', 200);
    return Math.min(1000, Math.max(1, Math.floor(Number.isFinite(n) ? n : 200)));
  },
  diagnostics(): DiagnosticsMode {
    const mode = section().get<string>('diagnostics', 'all');
    return mode === 'off' || mode === 'expired' ? mode : 'all';
  },
  decorations(): boolean {
    return section().get<boolean>('decorations', true) !== false;
  },
  /** Milliseconds a request to S3 may go without an answer. */
  requestTimeoutMs(): number {
    const seconds = section().get<number>('requestTimeout', 30);
    return Math.min(600, Math.max(1, Number.isFinite(seconds) ? seconds : 30)) * 1000;
  },
  /** Keep SDK v3's default checksums on presigned uploads (the empty-body CRC32 that R2 and others refuse). */
  sdkDefaultChecksums(): boolean {
    return section().get<boolean>('presign.sdkDefaultChecksums', false) === true;
  },
  hiddenProfiles(): string[] {
    return section()
      .get<string[]>('explorer.hiddenProfiles', [])
      .filter((p) => typeof p === 'string');
  },
  /** The setting, else AWS_PROFILE, else "default". */
  defaultProfile(): string {
    return section().get<string>('defaultProfile', '') || process.env['AWS_PROFILE'] || 'default';
  },
  setDefaultProfile(name: string): Thenable<void> {
    return section().update('defaultProfile', name, vscode.ConfigurationTarget.Global);
  },
};
