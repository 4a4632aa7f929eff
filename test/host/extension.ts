// The extension under test, as every host suite reaches it: its public API, and its internals through the
// test-only path (src/internals.ts) the runners enable with S3PL_TEST_INTERNALS=1.
import * as vscode from 'vscode';
import type { S3PresignLensApi } from '../../src/extension';
import { INTERNALS_KEY, type Internals } from '../../src/internals';

export const EXTENSION_ID = 's3presign.s3-presign-lens';

/** Activates the extension (once; later calls return the same API). */
export async function activateApi(): Promise<S3PresignLensApi> {
  const extension = vscode.extensions.getExtension<S3PresignLensApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  return extension.activate();
}

/** Activates the extension and returns its parts (session, explorer, decoder panels, inline features). */
export async function activateInternals(): Promise<Internals> {
  await activateApi();
  const parts = (globalThis as Record<symbol, unknown>)[INTERNALS_KEY] as Internals | undefined;
  if (!parts) throw new Error('The extension did not expose its internals: is S3PL_TEST_INTERNALS=1 set?');
  return parts;
}

export interface ConsentAsked {
  readonly heading: string;
  readonly detail: string;
  readonly sign: string;
  /** The second way to sign offered, if any (HEAD beside GET). */
  readonly other?: string;
}

/**
 * Answers the consent modal (VS Code refuses modal dialogs under extension tests; the UI suite clicks the real
 * one): `true` clicks the sign button, `'other'` the second one, `false` cancels; each question is recorded;
 * `restore()` puts the real dialog back.
 */
export function answerConsent(parts: Internals, answer: boolean | 'other'): { asked: ConsentAsked[]; restore(): void } {
  const asked: ConsentAsked[] = [];
  const real = parts.consent.ask;
  parts.consent.ask = async (heading, detail, sign, other) => {
    asked.push({ heading, detail, sign, other });
    return answer === 'other' ? other : answer ? sign : undefined;
  };
  return { asked, restore: () => void (parts.consent.ask = real) };
}
