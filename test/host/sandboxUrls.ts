// URLs presigned through the extension's own command, with the sandbox profile the host runner sets up.
import * as vscode from 'vscode';
import type { PresignArgs, PresignOutcome } from '../../src/presign';

/** A URL for `presign-lens-demo/README.txt` (GET, 1 h) unless `args` say otherwise. */
export async function presignInSandbox(args: Partial<PresignArgs> = {}): Promise<string> {
  const outcome = await vscode.commands.executeCommand<PresignOutcome>('s3presign.presign', {
    profile: 'sandbox',
    bucket: 'presign-lens-demo',
    key: 'README.txt',
    method: 'GET',
    expiresIn: '1h',
    ...args,
  });
  return outcome.url;
}
