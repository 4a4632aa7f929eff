// The Buckets view's commands: view title (refresh, filter, add bucket, open AWS config), node menus (copy
// URI / key / URL, refresh, set default profile, forget bucket), "Load more…", retry, and revealing an
// object for other features (the decoder's "Open in Explorer").
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { profileFiles } from '../aws/profileModel';
import { Command, config, type Ctx } from '../editor';
import type { AwsSession } from '../session';
import type { ExplorerProvider } from './provider';
import type { ExplorerNode, MessageNode } from './nodes';
import { BucketNode, FolderNode, ObjectNode, ProfileNode } from './nodes';

/** S3 bucket naming rules (general purpose buckets), checked before anything is stored. */
function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'A bucket name has 3 to 63 characters.';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    return 'Lower-case letters, digits, "." and "-", starting and ending with a letter or digit.';
  if (/\.\.|^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'No ".." and not an IP address.';
  return undefined;
}

async function pickProfile(provider: ExplorerProvider, title: string): Promise<ProfileNode | undefined> {
  const roots = (await provider.getChildren()).filter((n): n is ProfileNode => n instanceof ProfileNode);
  const picked = await vscode.window.showQuickPick(
    roots.map((n) => ({ label: n.profile.name, description: n.profile.region, node: n })),
    { title, placeHolder: 'AWS profile' },
  );
  return picked?.node;
}

async function copy(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(copy) Copied ${what}`, 3000);
}

function s3Uri(node: BucketNode | FolderNode | ObjectNode): string {
  const key = node instanceof BucketNode ? '' : node instanceof FolderNode ? node.prefix : node.entry.key;
  return `s3://${node.bucket.name}/${key}`;
}

export function registerExplorerCommands(ctx: Ctx, provider: ExplorerProvider, session: AwsSession): void {
  ctx.registerCommand(Command.refresh, (node) => provider.refresh(node as ExplorerNode | undefined));
  ctx.registerCommand(Command.loadMore, (node) =>
    provider.loadMore((node as { parent: BucketNode | FolderNode }).parent),
  );
  ctx.registerCommand(Command.retry, (node) => provider.retry(node as MessageNode));

  ctx.registerCommand(Command.filter, async (text) => {
    const value =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: 'Filter buckets and objects',
            prompt: 'Part of a bucket, folder or object name (empty to clear)',
            value: provider.filter,
          });
    if (value !== undefined) provider.setFilter(value);
  });
  ctx.registerCommand(Command.clearFilter, () => provider.setFilter(''));

  ctx.registerCommand(Command.addBucket, async (arg) => {
    // From a profile's menu (a node), from tests and other extensions ({ profile, bucket }), or the title bar.
    const given = arg as ProfileNode | { profile?: string; bucket?: string } | undefined;
    const profile =
      given instanceof ProfileNode
        ? given
        : given?.profile
          ? await provider.profileNode(given.profile)
          : await pickProfile(provider, 'Add a bucket by name');
    if (!profile) return;
    const bucket =
      given && !(given instanceof ProfileNode) && given.bucket
        ? given.bucket
        : await vscode.window.showInputBox({
            title: `Add a bucket to ${profile.profile.name}`,
            prompt: 'For buckets you can reach without s3:ListAllMyBuckets',
            validateInput: (v) => bucketNameProblem(v.trim()),
          });
    if (!bucket) return;
    const problem = bucketNameProblem(bucket.trim());
    if (problem) throw new Error(`"${bucket}" is not a bucket name: ${problem}`);
    await session.added.set(profile.profile.name, [...session.added.get(profile.profile.name), bucket.trim()]);
    provider.refresh(profile);
  });
  ctx.registerCommand(Command.removeBucket, async (node) => {
    if (!(node instanceof BucketNode)) return;
    const profile = node.parent.profile.name;
    await session.added.set(
      profile,
      session.added.get(profile).filter((b) => b !== node.name),
    );
    provider.refresh(node.parent);
  });

  ctx.registerCommand(Command.setDefaultProfile, async (node) => {
    if (!(node instanceof ProfileNode)) return;
    await config.setDefaultProfile(node.profile.name);
    provider.refresh();
  });

  ctx.registerCommand(Command.openAwsConfig, async () => {
    const { configFile } = profileFiles();
    if (!existsSync(configFile)) {
      const create = await vscode.window.showInformationMessage(`${configFile} does not exist. Create it?`, 'Create');
      if (create !== 'Create') return;
      mkdirSync(dirname(configFile), { recursive: true });
      writeFileSync(
        configFile,
        '# AWS CLI and SDK configuration: https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html\n[default]\nregion = us-east-1\n',
        { mode: 0o600 },
      );
    }
    await vscode.window.showTextDocument(vscode.Uri.file(configFile));
  });

  ctx.registerCommand(Command.copyS3Uri, (node) => {
    if (node instanceof BucketNode || node instanceof FolderNode || node instanceof ObjectNode)
      return copy(s3Uri(node), s3Uri(node));
    return undefined;
  });
  ctx.registerCommand(Command.copyKey, (node) => {
    if (node instanceof ObjectNode) return copy(node.entry.key, 'the key');
    if (node instanceof FolderNode) return copy(node.prefix, 'the prefix');
    return undefined;
  });
  ctx.registerCommand(Command.copyObjectUrl, async (node) => {
    if (!(node instanceof ObjectNode)) return;
    const url = await session.withAccess(node.bucket.parent.profile.name, (access) =>
      access.objectUrl(node.bucket.name, node.entry.key, node.bucket.region ?? access.defaultRegion),
    );
    await copy(url, 'the object URL');
  });

  ctx.registerCommand(Command.revealInExplorer, async (arg) => {
    const place = arg as { profile?: unknown; bucket?: unknown; key?: unknown } | undefined;
    if (typeof place?.profile !== 'string' || typeof place.bucket !== 'string') {
      throw new Error('Reveal in the Buckets view needs a profile and a bucket.');
    }
    await provider.reveal(place.profile, place.bucket, typeof place.key === 'string' ? place.key : '');
  });
}
