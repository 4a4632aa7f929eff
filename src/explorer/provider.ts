// The Buckets view: one view of the AWS session's profiles → buckets → folders and objects, listed lazily
// one page at a time ("Load all" pages on up to a bound, cancellable). Nothing here throws into VS Code: a
// failure becomes an error node with a retry, and is logged. The filter matches names among what has been
// listed (S3 has no search by part of a name), says so, and reveals what it finds. Hiding a profile
// (s3presign.explorer.hiddenProfiles) only hides it here.
import * as vscode from 'vscode';
import { describeFailure, type Failure } from '../aws/errors';
import { plural } from '../engine';
import { config, ContextKey, type Ctx } from '../editor';
import type { AwsSession } from '../session';
import {
  BucketNode,
  FolderNode,
  LoadMoreNode,
  MessageNode,
  ObjectNode,
  ProfileNode,
  basename,
  type BucketListing,
  displayName,
  treeItem,
  type ContainerNode,
  type ExplorerNode,
} from './nodes';

/** Keys one "Load all" lists at most: the tree stays usable, and the user asks again for more. */
export const LOAD_ALL_LIMIT = 10_000;
/** Keys per request while loading all: S3's most. */
const LOAD_ALL_PAGE_SIZE = 1000;
/** Matches of a filter revealed (their folders opened) at most. */
const MAX_REVEALED = 20;

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots?: Promise<ExplorerNode[]>;
  private profileNodes = new Map<string, ProfileNode>();
  private readonly bucketNodes = new WeakMap<ProfileNode, Map<string, BucketNode>>();
  private readonly folderNodes = new WeakMap<ContainerNode, Map<string, FolderNode>>();
  private filterText = '';
  private view?: vscode.TreeView<ExplorerNode>;

  constructor(
    private readonly ctx: Ctx,
    private readonly session: AwsSession,
  ) {}

  /** The tree view showing this provider, for reveal(). */
  attachView(view: vscode.TreeView<ExplorerNode>): void {
    this.view = view;
  }

  /**
   * Shows an object in the tree: the profile, the bucket, each folder opened in turn, then the object if it
   * is on the pages listed (else its folder).
   */
  async reveal(profile: string, bucket: string, key: string): Promise<void> {
    const profileNode = await this.profileNode(profile);
    if (!profileNode) throw new Error(`No AWS profile named "${profile}".`);
    const findBucket = (nodes: ExplorerNode[]): ExplorerNode | undefined =>
      nodes.find((n) => n.kind === 'bucket' && n.name === bucket);
    const listed = await this.getChildren(profileNode);
    // The user may fold the profile meanwhile, which cancels its listing: the reveal asks once more.
    const cancelled = listed.some((n) => n.kind === 'message' && n.failure?.kind === 'cancelled');
    let container = findBucket(listed) ?? (cancelled ? findBucket(await this.getChildren(profileNode)) : undefined);
    if (!container) throw new Error(`${profile} does not list the bucket ${bucket}: add it by name first.`);
    const folders = key.split('/').slice(0, -1);
    for (let i = 0; i < folders.length; i++) {
      const prefix = `${folders.slice(0, i + 1).join('/')}/`;
      const folder: ExplorerNode | undefined = (await this.getChildren(container)).find(
        (n) => n.kind === 'folder' && n.prefix === prefix,
      );
      if (!folder) break;
      container = folder;
    }
    const target =
      (await this.getChildren(container)).find((n) => n.kind === 'object' && n.entry.key === key) ?? container;
    await vscode.commands.executeCommand('workbench.view.extension.s3presign');
    await this.view?.reveal(target, { select: true, focus: true, expand: target === container });
  }

  get filter(): string {
    return this.filterText;
  }

  /**
   * Shows only names containing `text` among what has been listed, says so at the top of the view with the
   * number of matches, and reveals the first matches (their folders opened, the first one selected).
   */
  async setFilter(text: string): Promise<void> {
    this.filterText = text.trim();
    void vscode.commands.executeCommand('setContext', ContextKey.filterActive, this.filterText !== '');
    const matches = this.filterText ? this.listedMatches() : [];
    if (this.view) this.view.message = this.filterText ? this.filterMessage(matches.length) : undefined;
    this.changed.fire(undefined);
    for (const [i, match] of matches.slice(0, MAX_REVEALED).entries()) {
      // A node the view cannot place (its profile refreshed meanwhile) is simply not revealed.
      await this.view?.reveal(match, { select: i === 0, focus: false, expand: false }).then(undefined, () => undefined);
    }
  }

  /** What the filter searched, in words: the names listed so far, not S3. */
  private filterMessage(matches: number): string {
    return matches === 0
      ? `No match for "${this.filterText}" in the names listed so far. S3 is not searched: open the folder that holds it.`
      : `${plural(matches, 'match', 'matches')} for "${this.filterText}" in the names listed so far (S3 is not searched).`;
  }

  /** The buckets, folders and objects listed so far whose names match the filter, in tree order. */
  private listedMatches(): ExplorerNode[] {
    const out: ExplorerNode[] = [];
    const walk = (container: ContainerNode): void => {
      if (container.kind === 'bucket' ? this.matches(container.name) : this.matches(displayName(container)))
        out.push(container);
      if (!container.listing.loaded) return;
      const folders = this.folderNodes.get(container);
      for (const prefix of container.listing.folders) {
        const folder = folders?.get(prefix);
        if (folder) walk(folder);
        else if (this.matches(basename(prefix))) out.push(new FolderNode(container, prefix));
      }
      for (const entry of container.listing.objects)
        if (this.matches(basename(entry.key))) out.push(new ObjectNode(container, entry));
    };
    for (const profile of this.profileNodes.values())
      for (const bucket of this.bucketNodes.get(profile)?.values() ?? []) walk(bucket);
    return out;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = treeItem(node, {
      isDefaultProfile: (name) => name === config.defaultProfile(),
      pageSize: config.pageSize(),
      loadAllLimit: LOAD_ALL_LIMIT,
      now: new Date(),
    });
    item.id = node.id;
    return item;
  }

  /**
   * Redraws the listings that show objects, so that their ages ("2 min ago") move on. Cheap: no request,
   * only the nodes already listed.
   */
  refreshAges(): void {
    const visit = (container: ContainerNode): void => {
      if (!container.listing.loaded) return;
      if (container.listing.objects.length > 0) this.changed.fire(container);
      for (const folder of this.folderNodes.get(container)?.values() ?? []) visit(folder);
    };
    for (const profile of this.profileNodes.values())
      for (const bucket of this.bucketNodes.get(profile)?.values() ?? []) visit(bucket);
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.kind === 'profile' ? undefined : node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    try {
      if (!node) return await (this.roots ??= this.loadProfiles());
      switch (node.kind) {
        case 'profile':
          return await this.profileChildren(node);
        case 'bucket':
        case 'folder':
          if (!node.listing.loaded) await this.firstPage(node);
          return this.render(node);
        default:
          return [];
      }
    } catch (err) {
      const parent = node?.kind === 'profile' || node?.kind === 'bucket' || node?.kind === 'folder' ? node : undefined;
      return [this.failureNode(parent, err)];
    }
  }

  /** Stops the requests of a node that was collapsed; it lists again when opened. */
  collapsed(node: ExplorerNode): void {
    const abort =
      node.kind === 'profile'
        ? node.abort
        : node.kind === 'bucket' || node.kind === 'folder'
          ? node.listing.abort
          : undefined;
    if (abort && !abort.signal.aborted) {
      abort.abort();
      this.changed.fire(node);
    }
  }

  /**
   * Forgets what a node (or the whole tree) listed, cancelling what is under way, and lists again. The
   * session reads the profiles (whole tree) or a profile's credentials again; work in flight elsewhere (a
   * bulk presign) keeps the access it holds.
   */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      this.session.refresh();
      for (const p of this.profileNodes.values()) this.resetProfile(p);
      this.profileNodes.clear();
      this.roots = undefined;
      this.changed.fire(undefined);
      return;
    }
    if (node.kind === 'profile') this.resetProfile(node);
    else if (node.kind === 'bucket' || node.kind === 'folder') this.resetListing(node);
    else return this.refresh(node.parent);
    this.changed.fire(node);
  }

  /** Lists the next page of a bucket or folder and shows it. */
  async loadMore(node: ContainerNode): Promise<void> {
    try {
      await this.loadPage(node, config.pageSize());
    } catch (err) {
      const failure = this.describe(node.bucket.parent, err, node.bucket.name);
      if (failure.kind !== 'cancelled')
        void vscode.window.showWarningMessage(
          `S3 Presign Lens: could not load more of ${node.bucket.name}: ${failure.message}`,
        );
    }
    this.changed.fire(node);
  }

  /**
   * Lists the pages that follow, up to LOAD_ALL_LIMIT keys and folders, with a progress that counts and a
   * Cancel; then shows what was listed. Says so when more remain.
   */
  async loadAll(node: ContainerNode): Promise<void> {
    const where = `s3://${node.bucket.name}/${node.prefix}`;
    const before = node.listing.folders.length + node.listing.objects.length;
    const listed = (): number => node.listing.folders.length + node.listing.objects.length - before;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Listing ${where}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => node.listing.abort?.abort());
        try {
          while (node.listing.nextToken && listed() < LOAD_ALL_LIMIT && !token.isCancellationRequested) {
            await this.loadPage(node, Math.min(LOAD_ALL_PAGE_SIZE, LOAD_ALL_LIMIT - listed()));
            progress.report({ message: `${plural(listed(), 'more key')} listed` });
          }
        } catch (err) {
          const failure = this.describe(node.bucket.parent, err, node.bucket.name);
          if (failure.kind !== 'cancelled')
            void vscode.window.showWarningMessage(
              `S3 Presign Lens: listing ${where} stopped after ${plural(listed(), 'more key')}: ${failure.message}`,
            );
        }
      },
    );
    this.changed.fire(node);
    if (node.listing.nextToken && listed() >= LOAD_ALL_LIMIT)
      void vscode.window.showInformationMessage(
        `Listed ${plural(listed(), 'more key')} of ${where}, and there are more: "Load all" lists the next ${LOAD_ALL_LIMIT.toLocaleString('en-US')}.`,
      );
  }

  /** What a retry on an error node does: the next page if some were listed, else the whole listing. */
  retry(message: MessageNode): Promise<void> | void {
    const owner = message.parent;
    if (owner && (owner.kind === 'bucket' || owner.kind === 'folder') && owner.listing.loaded)
      return this.loadMore(owner);
    this.refresh(owner);
  }

  dispose(): void {
    for (const p of this.profileNodes.values()) this.resetProfile(p);
    this.changed.dispose();
  }

  private async loadProfiles(): Promise<ExplorerNode[]> {
    const hidden = new Set(config.hiddenProfiles());
    return (await this.session.profiles())
      .filter((p) => !hidden.has(p.name))
      .map((p) => {
        const node = new ProfileNode(p);
        this.profileNodes.set(p.name, node);
        return node;
      });
  }

  /** The profile node with this name, once the profiles are listed. */
  async profileNode(name: string): Promise<ProfileNode | undefined> {
    await (this.roots ??= this.loadProfiles());
    return this.profileNodes.get(name);
  }

  /**
   * The profile's buckets, asked once for every caller at the same time: the view and a reveal asking
   * together share one request, rather than the second cancelling the first.
   */
  private bucketListing(node: ProfileNode): Promise<BucketListing> {
    if (node.listing) return node.listing;
    const listing = this.listBuckets(node);
    node.listing = listing;
    const settled = (): void => void (node.listing === listing && (node.listing = undefined));
    listing.then(settled, settled);
    return listing;
  }

  private async listBuckets(node: ProfileNode): Promise<BucketListing> {
    const abort = (node.abort = new AbortController());
    const name = node.profile.name;
    try {
      await this.session.credentials(name);
    } catch (err) {
      return { listed: [], credentialsError: err };
    }
    try {
      return { listed: await this.session.withAccess(name, (access) => access.listBuckets(abort.signal)) };
    } catch (err) {
      return { listed: [], failure: this.describe(node, err) };
    }
  }

  private async profileChildren(node: ProfileNode): Promise<ExplorerNode[]> {
    const name = node.profile.name;
    const { listed, failure, credentialsError } = await this.bucketListing(node);
    if (credentialsError !== undefined) return [this.failureNode(node, credentialsError)];
    if (failure?.kind === 'cancelled')
      return [new MessageNode(node, 'Listing was cancelled: click to list again.', failure)];
    const byName = this.bucketNodes.get(node) ?? new Map<string, BucketNode>();
    this.bucketNodes.set(node, byName);
    const entries = listed.map((b) => ({ name: b.name, region: b.region, added: false }));
    for (const bucket of this.session.added.get(name)) {
      if (!entries.some((e) => e.name === bucket)) entries.push({ name: bucket, region: undefined, added: true });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    const buckets = entries.map((e) => {
      let bucket = byName.get(e.name);
      if (!bucket || bucket.added !== e.added) {
        bucket = new BucketNode(node, e.name, e.region, e.added);
        byName.set(e.name, bucket);
      }
      return bucket;
    });
    const shown = buckets.filter((b) => this.visible(b));
    const out: ExplorerNode[] = [...shown];
    if (shown.length < buckets.length)
      out.push(
        new MessageNode(
          node,
          `${plural(buckets.length - shown.length, 'bucket')} hidden by the filter "${this.filterText}"`,
        ),
      );
    if (failure) {
      const hint =
        buckets.length > 0
          ? ' Buckets added by name are shown.'
          : ' Use "Add Bucket by Name…" for buckets you can reach.';
      out.push(
        new MessageNode(
          node,
          `Cannot list buckets: ${failure.message}${failure.kind === 'access-denied' ? hint : ''}`,
          failure,
        ),
      );
    } else if (buckets.length === 0) {
      out.push(new MessageNode(node, 'No buckets. Add one by name from the view’s title bar.'));
    }
    return out;
  }

  /** The first page of a listing, asked once for every caller at the same time (see bucketListing). */
  private firstPage(node: ContainerNode): Promise<void> {
    const listing = node.listing;
    if (listing.first) return listing.first;
    const first = this.loadPage(node);
    listing.first = first;
    const settled = (): void => void (listing.first === first && (listing.first = undefined));
    first.then(settled, settled);
    return first;
  }

  private async loadPage(node: ContainerNode, pageSize = config.pageSize()): Promise<void> {
    const bucket = node.bucket;
    node.listing.abort?.abort();
    const abort = (node.listing.abort = new AbortController());
    const { page, region } = await this.session.withAccess(bucket.parent.profile.name, async (access) => ({
      page: await access.listPage(bucket.name, node.prefix, pageSize, node.listing.nextToken, abort.signal),
      region: bucket.region ?? (await access.bucketRegion(bucket.name, abort.signal)),
    }));
    if (bucket.region !== region) {
      bucket.region = region;
      this.changed.fire(bucket);
    }
    node.listing.folders.push(...page.folders);
    node.listing.objects.push(...page.objects);
    node.listing.nextToken = page.nextToken;
    node.listing.loaded = true;
  }

  private render(node: ContainerNode): ExplorerNode[] {
    const folders = this.folderNodes.get(node) ?? new Map<string, FolderNode>();
    this.folderNodes.set(node, folders);
    const out: ExplorerNode[] = [];
    let hidden = 0;
    for (const prefix of node.listing.folders) {
      let folder = folders.get(prefix);
      if (!folder) {
        folder = new FolderNode(node, prefix);
        folders.set(prefix, folder);
      }
      if (this.visible(folder)) out.push(folder);
      else hidden++;
    }
    for (const entry of node.listing.objects) {
      const object = new ObjectNode(node, entry);
      if (this.matches(displayName(object))) out.push(object);
      else hidden++;
    }
    if (hidden > 0)
      out.push(
        new MessageNode(
          node,
          `${plural(hidden, 'item')} of the pages listed hidden by the filter "${this.filterText}"`,
        ),
      );
    if (node.listing.nextToken) out.push(new LoadMoreNode(node, false), new LoadMoreNode(node, true));
    else if (node.listing.folders.length + node.listing.objects.length === 0)
      out.push(new MessageNode(node, node.kind === 'bucket' ? 'Empty bucket' : 'Empty folder'));
    return out;
  }

  private matches(name: string): boolean {
    return this.filterText === '' || name.toLowerCase().includes(this.filterText.toLowerCase());
  }

  /**
   * Under a filter, a bucket or folder stays when its name matches or when what it has listed holds a
   * match, so the path to every match found so far stays open.
   */
  private visible(node: ContainerNode): boolean {
    if (this.matches(node.kind === 'bucket' ? node.name : displayName(node))) return true;
    if (!node.listing.loaded) return false;
    if (node.listing.objects.some((o) => this.matches(basename(o.key)))) return true;
    const folders = this.folderNodes.get(node);
    return node.listing.folders.some((prefix) => {
      const folder = folders?.get(prefix);
      return folder ? this.visible(folder) : this.matches(basename(prefix));
    });
  }

  private resetProfile(node: ProfileNode): void {
    node.abort?.abort();
    this.session.refreshProfile(node.profile.name);
    this.bucketNodes.delete(node);
  }

  private resetListing(node: ContainerNode): void {
    node.listing.abort?.abort();
    node.listing = { folders: [], objects: [], loaded: false };
    this.folderNodes.delete(node);
  }

  private describe(profile: ProfileNode, err: unknown, bucket?: string): Failure {
    const p = profile.profile;
    const failure = describeFailure(err, {
      profile: p.name,
      kind: p.kind,
      endpoint: p.endpointUrl ?? `https://s3.${p.region ?? 'us-east-1'}.amazonaws.com`,
      bucket,
    });
    if (failure.kind !== 'cancelled')
      this.ctx.log.warn(`${profile.profile.name}${bucket ? `/${bucket}` : ''}: ${failure.message}`);
    return failure;
  }

  private failureNode(node: ProfileNode | ContainerNode | undefined, err: unknown): MessageNode {
    if (!node) {
      const message = `Cannot read the AWS profiles: ${err instanceof Error ? err.message : String(err)}`;
      this.ctx.log.error(message);
      return new MessageNode(undefined, message, { kind: 'other', message });
    }
    const profile = node.kind === 'profile' ? node : node.bucket.parent;
    const failure = this.describe(profile, err, node.kind === 'profile' ? undefined : node.bucket.name);
    const text = failure.kind === 'cancelled' ? 'Listing was cancelled: click to list again.' : failure.message;
    return new MessageNode(node, text, failure);
  }
}
