// "Presign S3 Object" (palette, Buckets view objects, other extensions with arguments), "Presign All
// Objects Under Prefix…" (palette, Buckets view buckets and folders, or with arguments), "Presign Upload
// Form (POST)…" (palette, Buckets view buckets and folders, or with arguments) and "Recent Presigned URLs…"
// (this window's results).
import { Command, type Ctx } from '../editor';
import { s3PlaceOf, type AwsSession } from '../session';
import { askBulkArgs, presignPrefix, type BulkArgs } from './bulk';
import type { PresignArgs } from './contract';
import { PresignFlow } from './objectFlow';
import type * as PostFlowCode from './postFlow';
import type { PresignPostArgs } from './postFlow';
import { PresignResults } from './result';

export type { BulkArgs, BulkOutcome } from './bulk';
export { askExpiry } from './expiry';
export { BACK, input, pick, type Answer, type PickItem } from './quickInput';
export { DONE, runSteps, type Step } from './steps';
export { consentDialog, represignWithConsent, type RepresignTarget } from './consent';
export type { PresignResults } from './result';
export type { PresignArgs, PresignOutcome } from './contract';
export type { PresignPostArgs } from './postFlow';
export type { PostFormOutcome } from './postResult';

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

export interface PresignFeatures {
  readonly flow: PresignFlow;
  /** This window's results: the notification after each, and "Recent Presigned URLs…". */
  readonly results: PresignResults;
}

const isPlainObject = (arg: unknown): boolean =>
  typeof arg === 'object' && arg !== null && Object.getPrototypeOf(arg) === Object.prototype;

/** Arguments that name a whole bulk run (tests, other extensions): nothing is asked. */
const isBulkArgs = (arg: unknown): arg is BulkArgs =>
  typeof arg === 'object' &&
  arg !== null &&
  typeof (arg as BulkArgs).profile === 'string' &&
  typeof (arg as BulkArgs).bucket === 'string' &&
  (arg as BulkArgs).expiresIn !== undefined;

export function registerPresign(ctx: Ctx, session: AwsSession): PresignFeatures {
  const results = new PresignResults();
  const flow = new PresignFlow(ctx, session, results);
  ctx.registerCommand(Command.presign, (arg) => {
    // A node of the Buckets view (an object, or a bucket or folder: then the key is asked), arguments as
    // plain data (other extensions, tests), or anything else, which is no argument.
    const place = s3PlaceOf(arg);
    if (place) return flow.run({ profile: place.profile, bucket: place.bucket, key: place.key });
    return flow.run(isPlainObject(arg) ? (arg as PresignArgs) : undefined);
  });
  ctx.registerCommand(Command.presignPrefix, async (arg) => {
    // A node of the Buckets view, whole arguments, or nothing (the palette): then everything is asked.
    const args = isBulkArgs(arg) ? arg : await askBulkArgs(session, s3PlaceOf(arg));
    if (!args) return undefined;
    return presignPrefix(ctx, session, args);
  });
  ctx.registerCommand(Command.presignPost, (arg) => {
    const place = s3PlaceOf(arg);
    const args: PresignPostArgs | undefined =
      place !== undefined
        ? { profile: place.profile, bucket: place.bucket, prefix: place.prefix }
        : isPlainObject(arg)
          ? (arg as PresignPostArgs)
          : undefined;
    return new (loadPostFlowCode().PostFormFlow)(ctx, session).run(args ?? {});
  });
  ctx.registerCommand(Command.recentUrls, () => results.pickRecent());
  return { flow, results };
}
