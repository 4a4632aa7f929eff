// The extension under test, as every host suite reaches it.
import * as vscode from 'vscode';
import type { S3PresignLensApi } from '../../src/extension';

export const EXTENSION_ID = 's3presign.s3-presign-lens';

/** Activates the extension (once; later calls return the same API). */
export async function activateApi(): Promise<S3PresignLensApi> {
  const extension = vscode.extensions.getExtension<S3PresignLensApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  return extension.activate();
}
