// "List and Abort Stale Multipart Uploads…" on a bucket: the uploads started and neither completed nor
// aborted, oldest first with their age, those over a day old picked; the picked ones aborted after a
// confirmation. Their parts cost storage until then
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html).
import * as vscode from 'vscode';
import type { UploadInProgress } from '../aws/multipart';
import { describeFailure } from '../aws/errors';
import { formatDuration, isoUtc } from '../engine';
import type { Ctx } from '../editor';
import { loadSdk, s3PlaceOf, type AwsSession } from '../session';

/** `{ profile, bucket }`, and the uploads to abort without asking which (tests, other extensions). */
export interface StaleUploadsArgs {
  readonly profile: string;
  readonly bucket: string;
  readonly uploadIds?: readonly string[];
}

export interface StaleUploadsOutcome {
  readonly listed: readonly UploadInProgress[];
  readonly aborted: readonly UploadInProgress[];
  readonly failed: readonly { readonly upload: UploadInProgress; readonly error: string }[];
  readonly truncated: boolean;
}

/** The confirmation before aborting (a modal): host tests answer it through this seam, as with consent. */
export interface AbortConfirmation {
  ask(heading: string, detail: string, confirm: string): Promise<boolean>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function ageOf(upload: UploadInProgress, now: Date): string {
  return upload.initiated
    ? `started ${formatDuration(now.getTime() - upload.initiated.getTime())} ago`
    : 'start not stated';
}

async function listUploads(
  session: AwsSession,
  args: StaleUploadsArgs,
): Promise<{ uploads: UploadInProgress[]; truncated: boolean } | undefined> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Listing the multipart uploads of ${args.bucket}`,
      cancellable: true,
    },
    async (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        return await session.withAccess(args.profile, (access) =>
          loadSdk().listMultipartUploads(access, args.bucket, abort.signal),
        );
      } catch (err) {
        if (abort.signal.aborted) return undefined;
        const failure = describeFailure(err, { profile: args.profile, bucket: args.bucket });
        const permission = failure.kind === 'access-denied' ? ' Listing them needs s3:ListBucketMultipartUploads.' : '';
        throw new Error(`Cannot list the multipart uploads of ${args.bucket}: ${failure.message}${permission}`);
      }
    },
  );
}

async function pickUploads(
  bucket: string,
  uploads: readonly UploadInProgress[],
  now: Date,
): Promise<UploadInProgress[] | undefined> {
  const items = uploads.map((u) => ({
    label: u.key,
    description: ageOf(u, now),
    detail: `upload ${u.uploadId}${u.initiated ? `, initiated ${isoUtc(u.initiated)}` : ''}${u.storageClass ? `, ${u.storageClass}` : ''}`,
    picked: u.initiated !== undefined && now.getTime() - u.initiated.getTime() > DAY_MS,
    upload: u,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Multipart uploads in progress in ${bucket} (oldest first)`,
    placeHolder: 'Pick the uploads to abort: their uploaded parts are deleted (those over a day old are picked)',
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  return picked?.map((p) => p.upload);
}

export async function staleUploadsCommand(
  ctx: Ctx,
  session: AwsSession,
  confirmation: AbortConfirmation,
  arg: unknown,
): Promise<StaleUploadsOutcome | undefined> {
  const place = s3PlaceOf(arg);
  const given = arg as StaleUploadsArgs | undefined;
  const args: StaleUploadsArgs | undefined = place
    ? { profile: place.profile, bucket: place.bucket }
    : given?.profile && given.bucket
      ? given
      : undefined;
  const asked = args ?? (await askBucket(session));
  if (!asked) return undefined;
  return listAndAbort(ctx, session, confirmation, asked);
}

/** From the palette: the profile, then the bucket's name. */
async function askBucket(session: AwsSession): Promise<StaleUploadsArgs | undefined> {
  const profiles = await session.profiles();
  const profile = await vscode.window.showQuickPick(
    profiles.map((p) => ({ label: p.name, description: p.region })),
    { title: 'List and Abort Stale Multipart Uploads', placeHolder: 'The profile that lists and aborts' },
  );
  if (!profile) return undefined;
  const bucket = await vscode.window.showInputBox({
    title: `List and Abort Stale Multipart Uploads with profile ${profile.label}`,
    prompt: 'The bucket',
    ignoreFocusOut: true,
    validateInput: (v) => (/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v.trim()) ? undefined : 'A bucket name'),
  });
  return bucket ? { profile: profile.label, bucket: bucket.trim() } : undefined;
}

async function listAndAbort(
  ctx: Ctx,
  session: AwsSession,
  confirmation: AbortConfirmation,
  args: StaleUploadsArgs,
): Promise<StaleUploadsOutcome | undefined> {
  const listing = await listUploads(session, args);
  if (!listing) return undefined;
  const { uploads, truncated } = listing;
  const now = new Date();
  if (uploads.length === 0) {
    void vscode.window.showInformationMessage(`No multipart upload is in progress in ${args.bucket}.`);
    return { listed: [], aborted: [], failed: [], truncated };
  }
  const chosen = args.uploadIds
    ? uploads.filter((u) => args.uploadIds!.includes(u.uploadId))
    : await pickUploads(args.bucket, uploads, now);
  if (!chosen || chosen.length === 0) return { listed: uploads, aborted: [], failed: [], truncated };
  const confirm = `Abort ${chosen.length === 1 ? 'Upload' : `${chosen.length} Uploads`}`;
  const names = chosen.slice(0, 5).map((u) => `${u.key} (${ageOf(u, now)})`);
  const more = chosen.length > names.length ? `\n…and ${chosen.length - names.length} more.` : '';
  const agreed = await confirmation.ask(
    `Abort ${chosen.length} multipart upload${chosen.length === 1 ? '' : 's'} in ${args.bucket}?`,
    `Their uploaded parts are deleted and the uploads can no longer be completed; whoever holds their part URLs gets NoSuchUpload.\n\n${names.join('\n')}${more}`,
    confirm,
  );
  if (!agreed) return { listed: uploads, aborted: [], failed: [], truncated };

  const aborted: UploadInProgress[] = [];
  const failed: { upload: UploadInProgress; error: string }[] = [];
  await session.withAccess(args.profile, async (access) => {
    for (const upload of chosen) {
      try {
        await loadSdk().abortMultipartUpload(access, args.bucket, upload, new AbortController().signal);
        aborted.push(upload);
      } catch (err) {
        failed.push({ upload, error: describeFailure(err, { profile: args.profile, bucket: args.bucket }).message });
      }
    }
  });
  ctx.log.info(`Aborted ${aborted.length} of ${chosen.length} multipart uploads in ${args.bucket}`);
  const message = `Aborted ${aborted.length} multipart upload${aborted.length === 1 ? '' : 's'} in ${args.bucket}.${failed.length ? ` ${failed.length} could not be aborted: ${failed[0]!.error}` : ''}${truncated ? ' The bucket has more uploads than were listed: run it again.' : ''}`;
  void (failed.length ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
  return { listed: uploads, aborted, failed, truncated };
}
