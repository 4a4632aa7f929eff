// Browser uploads: "Check Browser Access (CORS)…" (palette, decoder, hover, quick fix, Buckets view
// buckets), "Presign Multipart Upload…" (palette, Buckets view) and "List and Abort Stale Multipart
// Uploads…" (Buckets view buckets). Their code is a lazy bundle (dist/uploads.js, see ./flows.ts): only the
// registration is loaded at activation.
import * as vscode from 'vscode';
import { Command, type Ctx } from '../editor';
import type { AwsSession } from '../session';
import type * as FlowsCode from './flows';
import type { AbortConfirmation } from './flows';

export type {
  CorsCheckArgs,
  CorsCheckOutcome,
  MultipartArgs,
  MultipartOutcome,
  StaleUploadsArgs,
  StaleUploadsOutcome,
} from './flows';

let flowsCode: typeof FlowsCode | undefined;

/**
 * The commands' code. The build turns this require into a runtime require of dist/uploads.js
 * (scripts/build.mjs); compiled by tsc it loads ./flows.js.
 */
function flows(): typeof FlowsCode {
  flowsCode ??= require('./flows.js') as typeof FlowsCode;
  return flowsCode;
}

/**
 * How aborting uploads is confirmed: a modal warning. Host tests cannot show modals (VS Code refuses dialogs
 * under extension tests), so they answer through this seam (src/internals.ts).
 */
export const abortConfirmation: AbortConfirmation = {
  ask: async (heading, detail, confirm) =>
    (await vscode.window.showWarningMessage(heading, { modal: true, detail }, confirm)) === confirm,
};

export function registerUploads(ctx: Ctx, session: AwsSession): void {
  ctx.registerCommand(Command.checkCors, (arg) => flows().checkCors(ctx, session, arg));
  ctx.registerCommand(Command.presignMultipart, (arg) => flows().presignMultipartCommand(ctx, session, arg));
  ctx.registerCommand(Command.staleUploads, (arg) => flows().staleUploadsCommand(ctx, session, abortConfirmation, arg));
}
