import type { Ctx } from '../context';
import { BucketNode, FolderNode, ObjectNode } from '../explorer/nodes';
import type { ExplorerProvider } from '../explorer/provider';
import { askBulkArgs, presignPrefix, type BulkArgs } from './bulk';
import { PresignFlow, type PresignArgs } from './flow';

/**
 * "Presign S3 Object" (palette, explorer objects, or other extensions with arguments) and "Presign All
 * Objects Under Prefix…" (explorer buckets and folders, or with arguments).
 */
export function registerPresign(ctx: Ctx, explorer: ExplorerProvider): void {
  const flow = new PresignFlow(ctx, explorer);
  ctx.registerCommand('s3presign.presign', (arg) => {
    if (arg instanceof ObjectNode)
      return flow.run({ profile: arg.bucket.parent.profile.name, bucket: arg.bucket.name, key: arg.entry.key });
    return flow.run(arg as PresignArgs | undefined);
  });
  ctx.registerCommand('s3presign.presignPrefix', async (arg) => {
    const args: BulkArgs | undefined =
      arg instanceof BucketNode || arg instanceof FolderNode
        ? await askBulkArgs(arg.bucket.parent.profile.name, arg.bucket.name, arg.prefix)
        : (arg as BulkArgs | undefined);
    if (!args) return undefined;
    return presignPrefix(ctx, explorer, args);
  });
}
