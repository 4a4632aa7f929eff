// "Presign S3 Object" (palette, Buckets view objects, other extensions with arguments), "Presign All
// Objects Under Prefix…" (Buckets view buckets and folders, or with arguments) and "Presign Upload Form
// (POST)…" (palette, Buckets view buckets and folders, or with arguments).
import { Command, type Ctx } from '../editor';
import { s3PlaceOf, type AwsSession } from '../session';
import { askBulkArgs, presignPrefix, type BulkArgs } from './bulk';
import type { PresignArgs } from './contract';
import { PresignFlow } from './objectFlow';
import type * as PostFlowCode from './postFlow';
import type { PresignPostArgs } from './postFlow';

export type { BulkArgs, BulkOutcome } from './bulk';
export { askExpiry } from './expiry';
export { BACK, input, pick, type Answer, type PickItem } from './quickInput';
export { DONE, runSteps, type Step } from './steps';
export { consentDialog, represignWithConsent, type RepresignTarget } from './consent';
export { showPresignResult } from './result';
export type { PresignArgs, PresignOutcome } from './contract';
export type { PostFormOutcome, PresignPostArgs } from './postFlow';

let postFlowCode: typeof PostFlowCode | undefined;

/**
 * The POST form flow, with the engine's form reading and client snippets, is a bundle of its own
 * (dist/post-flow.js): the build turns this require into a runtime require of it (scripts/build.mjs), so it
 * is parsed when the command first runs, not at activation. Compiled by tsc it loads ./postFlow.js.
 */
function loadPostFlowCode(): typeof PostFlowCode {
  postFlowCode ??= require('./postFlow.js') as typeof PostFlowCode;
  return postFlowCode;
}

export function registerPresign(ctx: Ctx, session: AwsSession): PresignFlow {
  const flow = new PresignFlow(ctx, session);
  ctx.registerCommand(Command.presign, (arg) => {
    const place = s3PlaceOf(arg);
    if (place?.key !== undefined) return flow.run({ profile: place.profile, bucket: place.bucket, key: place.key });
    return flow.run(arg as PresignArgs | undefined);
  });
  ctx.registerCommand(Command.presignPrefix, async (arg) => {
    const place = s3PlaceOf(arg);
    const args: BulkArgs | undefined =
      place?.prefix !== undefined
        ? await askBulkArgs(place.profile, place.bucket, place.prefix)
        : (arg as BulkArgs | undefined);
    if (!args) return undefined;
    return presignPrefix(ctx, session, args);
  });
  ctx.registerCommand(Command.presignPost, (arg) => {
    const place = s3PlaceOf(arg);
    const args: PresignPostArgs | undefined =
      place !== undefined
        ? { profile: place.profile, bucket: place.bucket, prefix: place.prefix }
        : (arg as PresignPostArgs);
    return new (loadPostFlowCode().PostFormFlow)(ctx, session).run(args ?? {});
  });
  return flow;
}
