// Composition root: creates the log and the AWS session, hands them to each feature, and returns the public
// API. It holds no logic of its own. Nothing imported here may load the AWS SDK (src/session/sdkLoader.ts).
import type * as vscode from 'vscode';
import { createApi, type S3PresignLensApi } from './api';
import { registerDecoder } from './decoder';
import { createLog, Ctx, registerShowLog } from './editor';
import { registerExplorer } from './explorer';
import { registerInline } from './inline';
import { exposeInternalsToTests } from './internals';
import { consentDialog, registerPresign } from './presign';
import { AwsSession } from './session';
import { abortConfirmation, registerUploads } from './uploads';

export type { S3PresignLensApi } from './api';

export function activate(context: vscode.ExtensionContext): S3PresignLensApi {
  const log = createLog();
  context.subscriptions.push(log);
  const ctx = new Ctx(context, log);
  const session = ctx.dispose(new AwsSession(ctx));

  registerShowLog(ctx);
  const explorer = registerExplorer(ctx, session);
  const presign = registerPresign(ctx, session);
  const decoder = registerDecoder(ctx, session, presign.results);
  const inline = registerInline(ctx, session);
  registerUploads(ctx, session);
  exposeInternalsToTests({
    session,
    explorer,
    decoder,
    inline,
    presigned: presign.results,
    consent: consentDialog,
    abortConfirmation,
  });

  log.info(`S3 Presign Lens ${String(context.extension.packageJSON.version)} activated`);
  return createApi((args) => presign.flow.run(args));
}

export function deactivate(): void {}
