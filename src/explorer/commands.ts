// The Buckets view's commands: view title (refresh, filter, add bucket, open AWS config), node menus (copy
// URI / key / URL, refresh, set default profile, forget bucket), "Load 200 more" / "Load all", retry, and
// revealing an object for other features (the decoder's "Open in Explorer"). VS Code hands a title-bar
// command the node focused in the view (or null): every command here reads its argument for what it is.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { describeFailure } from '../aws/errors';
import type { BucketCheck } from '../aws/s3';
import { profileFiles } from '../aws/profileModel';
import { Command, config, type Ctx } from '../editor';
import type { AwsSession } from '../session';
import type { ExplorerProvider } from './provider';
import type { ExplorerNode } from './nodes';
import { BucketNode, FolderNode, LoadMoreNode, MessageNode, ObjectNode, ProfileNode } from './nodes';

/** S3 bucket naming rules (general purpose buckets), checked before anything is stored. */
function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'A bucket name has 3 to 63 characters.';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    return 'Lower-case letters, digits, "." and "-", starting and ending with a letter or digit.';
  if (/\.\.|^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'No ".." and not an IP address.';
  return undefined;
}

function isExplorerNode(arg: unknown): arg is ExplorerNode {
  return [ProfileNode, BucketNode, FolderNode, ObjectNode, LoadMoreNode, MessageNode].some(
    (kind) => arg instanceof kind,
  );
}

/** The profile a node belongs to, if any. */
function profileOf(node: ExplorerNode): ProfileNode | undefined {
  if (node.kind === 'profile') return node;
  if (node.kind === 'message') return node.parent && profileOf(node.parent);
  return node.kind === 'loadMore' ? node.parent.bucket.parent : node.bucket.parent;
}

/**
 * What "Add Bucket by Name…" was given: a node (a profile's menu; the title bar hands over the focused node
 * of any kind, or null), or `{ profile, bucket, check }` from tests and other extensions, which are not
 * asked anything (`check: false` stores the name without asking S3).
 */
interface AddBucketRequest {
  readonly profile?: string;
  readonly bucket?: string;
  readonly check: boolean;
}

function addBucketRequest(arg: unknown): AddBucketRequest {
  if (isExplorerNode(arg)) return { profile: profileOf(arg)?.profile.name, check: true };
  if (typeof arg !== 'object' || arg === null) return { check: true };
  const { profile, bucket, check } = arg as Record<string, unknown>;
  return {
    profile: typeof profile === 'string' ? profile : undefined,
    bucket: typeof bucket === 'string' ? bucket : undefined,
    check: check !== false,
  };
}

/** Why a bucket name may not be worth storing, in words; undefined when S3 says the profile may list it. */
function doubtAbout(check: BucketCheck, bucket: string, profile: ProfileNode): string | undefined {
  const p = profile.profile;
  const endpoint = p.endpointUrl ?? `https://s3.${p.region ?? 'us-east-1'}.amazonaws.com`;
  switch (check.state) {
    case 'exists':
      return undefined;
    case 'denied':
      return `Bucket ${bucket} exists, but profile ${p.name} may not list it (HeadBucket answered 403 Access Denied). Presigning its objects by key still works if the profile may read or write them.`;
    case 'missing':
      return `There is no bucket ${bucket} at ${endpoint} for profile ${p.name} (HeadBucket answered 404 Not Found).`;
    case 'unknown':
      return `Could not check bucket ${bucket} with profile ${p.name}: ${
        describeFailure(check.error, { profile: p.name, kind: p.kind, endpoint, bucket }).message
      }`;
  }
}

/** HeadBucket with the profile; a failure to even ask (credentials) is an answer that does not tell. */
function checkBucket(session: AwsSession, profile: string, bucket: string, signal: AbortSignal): Promise<BucketCheck> {
  return session
    .withAccess(profile, (access) => access.checkBucket(bucket, signal))
    .catch((error: unknown) => ({ state: 'unknown', error }) as const);
}

/**
 * Asks for a bucket name and checks it before it is stored, all in one input box: Enter checks (busy,
 * Escape cancels); a bucket the profile may list is the answer at once; otherwise the box says why it may
 * not be worth adding (no such bucket, access denied, no answer that tells) and Enter again adds it anyway.
 */
function askBucketName(session: AwsSession, profile: ProfileNode): Promise<string | undefined> {
  const name = profile.profile.name;
  const box = vscode.window.createInputBox();
  box.title = `Add a bucket to ${name}`;
  box.prompt = 'A bucket this profile can reach without s3:ListAllMyBuckets; checked with HeadBucket first.';
  box.ignoreFocusOut = true;
  let doubted: string | undefined;
  let checking: AbortController | undefined;
  return new Promise((resolve) => {
    const finish = (bucket: string | undefined): void => {
      checking?.abort();
      resolve(bucket);
      box.dispose();
    };
    box.onDidChangeValue((value) => {
      doubted = undefined;
      box.validationMessage = value.trim() ? bucketNameProblem(value.trim()) : undefined;
    });
    box.onDidAccept(async () => {
      const bucket = box.value.trim();
      const problem = bucketNameProblem(bucket);
      if (problem) return void (box.validationMessage = problem);
      if (doubted === bucket) return finish(bucket);
      checking = new AbortController();
      const signal = checking.signal;
      box.busy = true;
      box.enabled = false;
      const doubt = doubtAbout(await checkBucket(session, name, bucket, signal), bucket, profile);
      if (signal.aborted) return;
      box.busy = false;
      box.enabled = true;
      if (!doubt) return finish(bucket);
      doubted = bucket;
      box.validationMessage = {
        message: `${doubt} Press Enter to add it anyway, or Escape.`,
        severity: vscode.InputBoxValidationSeverity.Warning,
      };
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}

/**
 * A name given by a test or another extension, checked unless `check: false`. Nobody is there to ask, so
 * only a bucket that exists is stored (one the profile may not list included); otherwise this throws why.
 */
async function givenBucketName(session: AwsSession, profile: ProfileNode, request: AddBucketRequest): Promise<string> {
  const bucket = (request.bucket ?? '').trim();
  const problem = bucketNameProblem(bucket);
  if (problem) throw new Error(`"${bucket}" is not a bucket name: ${problem}`);
  if (!request.check) return bucket;
  const check = await checkBucket(session, profile.profile.name, bucket, new AbortController().signal);
  const doubt = check.state === 'denied' ? undefined : doubtAbout(check, bucket, profile);
  if (doubt) throw new Error(`${doubt} Not added.`);
  return bucket;
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
  ctx.registerCommand(Command.refresh, (node) => provider.refresh(isExplorerNode(node) ? node : undefined));
  ctx.registerCommand(Command.refreshAll, () => provider.refresh());
  ctx.registerCommand(Command.loadMore, (node) => node instanceof LoadMoreNode && provider.loadMore(node.parent));
  ctx.registerCommand(Command.loadAll, (node) => {
    const container = node instanceof LoadMoreNode ? node.parent : node;
    return (container instanceof BucketNode || container instanceof FolderNode) && provider.loadAll(container);
  });
  ctx.registerCommand(Command.retry, (node) => node instanceof MessageNode && provider.retry(node));

  ctx.registerCommand(Command.filter, async (text) => {
    const value =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: 'Filter buckets and objects',
            prompt:
              'Names containing this text, among the buckets, folders and objects listed so far (S3 is not searched). Empty to clear.',
            value: provider.filter,
          });
    if (value !== undefined) await provider.setFilter(value);
  });
  ctx.registerCommand(Command.clearFilter, () => provider.setFilter(''));

  ctx.registerCommand(Command.addBucket, async (arg) => {
    const request = addBucketRequest(arg);
    const profile = request.profile
      ? await provider.profileNode(request.profile)
      : await pickProfile(provider, 'Add a bucket by name');
    if (!profile) {
      if (request.profile) throw new Error(`No AWS profile named "${request.profile}".`);
      return;
    }
    const name = profile.profile.name;
    const asking = request.bucket === undefined;
    const bucket = asking ? await askBucketName(session, profile) : await givenBucketName(session, profile, request);
    if (!bucket) return;
    await session.added.set(name, [...session.added.get(name), bucket]);
    ctx.log.info(`Added bucket ${bucket} to profile ${name}`);
    provider.refresh(profile);
    if (asking) {
      vscode.window.setStatusBarMessage(`$(check) Added ${bucket} to ${name}`, 5000);
      await provider.reveal(name, bucket, '').catch(() => undefined);
    }
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
