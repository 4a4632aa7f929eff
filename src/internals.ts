// For this repository's host tests only: the extension's parts, reachable through a global symbol when the
// extension host runs with S3PL_TEST_INTERNALS=1 (the test runners set it; nothing else does). Not part of
// the public API (src/api.ts), and inert in a user's editor.
import type { DecoderPanels } from './decoder';
import type { ExplorerProvider } from './explorer';
import type { InlineFeatures } from './inline';
import type { consentDialog, PresignResults } from './presign';
import type { AwsSession } from './session';
import type { abortConfirmation } from './uploads';

export interface Internals {
  readonly session: AwsSession;
  readonly explorer: ExplorerProvider;
  readonly decoder: DecoderPanels;
  readonly inline: InlineFeatures;
  /** This window's presigned URLs (Recent Presigned URLs…). */
  readonly presigned: PresignResults;
  /** The consent modal's seam: host tests answer it (they cannot show modals). */
  readonly consent: typeof consentDialog;
  /** The confirmation before aborting multipart uploads: its seam, for the same reason. */
  readonly abortConfirmation: typeof abortConfirmation;
}

export const INTERNALS_KEY = Symbol.for('s3presign.internals');

export function exposeInternalsToTests(parts: Internals): void {
  if (process.env['S3PL_TEST_INTERNALS'] === '1') (globalThis as Record<symbol, unknown>)[INTERNALS_KEY] = parts;
}
