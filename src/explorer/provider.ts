// The Buckets view: one view of the AWS session's profiles → buckets → folders and objects, listed lazily
// one page at a time. Nothing here throws into VS Code: a failure becomes an error node with a retry, and
// is logged. Hiding a profile (s3presign.explorer.hiddenProfiles) only hides it here.
import * as vscode from 'vscode';
import { describeFailure, type Failure } from '../aws/errors';
import type { BucketEntry } from '../aws/s3';
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
  displayName,
  treeItem,
  type ContainerNode,
  type ExplorerNode,
} from './nodes';

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
    let container: ExplorerNode | undefined = (await this.getChildren(profileNode)).find(
      (n) => n.kind === 'bucket' && n.name === bucket,
    );
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

  setFilter(text: string): void {
    this.filterText = text.trim();
    void vscode.commands.executeCommand('setContext', ContextKey.filterActive, this.filterText !== '');
    this.changed.fire(undefined);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = treeItem(node, (name) => name === config.defaultProfile());
    item.id = node.id;
    return item;
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
          if (!node.listing.loaded) await this.loadPage(node);
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
      await this.loadPage(node);
    } catch (err) {
      const failure = this.describe(node.bucket.parent, err, node.bucket.name);
      if (failure.kind !== 'cancelled')
        void vscode.window.showWarningMessage(
          `S3 Presign Lens: could not load more of ${node.bucket.name}: ${failure.message}`,
        );
    }
    this.changed.fire(node);
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

  private async profileChildren(node: ProfileNode): Promise<ExplorerNode[]> {
    node.abort?.abort();
    const abort = (node.abort = new AbortController());
    const name = node.profile.name;
    try {
      await this.session.credentials(name);
    } catch (err) {
      return [this.failureNode(node, err)];
    }
    let listed: BucketEntry[] = [];
    let failure: Failure | undefined;
    try {
      listed = await this.session.withAccess(name, (access) => access.listBuckets(abort.signal));
    } catch (err) {
      failure = this.describe(node, err);
      if (failure.kind === 'cancelled')
        return [new MessageNode(node, 'Listing was cancelled: click to list again.', failure)];
    }
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
        new MessageNode(node, `${buckets.length - shown.length} bucket(s) hidden by the filter "${this.filterText}"`),
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

  private async loadPage(node: ContainerNode): Promise<void> {
    const bucket = node.bucket;
    node.listing.abort?.abort();
    const abort = (node.listing.abort = new AbortController());
    const { page, region } = await this.session.withAccess(bucket.parent.profile.name, async (access) => ({
      page: await access.listPage(bucket.name, node.prefix, config.pageSize(), node.listing.nextToken, abort.signal),
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
        new MessageNode(node, `${hidden} item(s) of the pages listed hidden by the filter "${this.filterText}"`),
      );
    if (node.listing.nextToken) out.push(new LoadMoreNode(node));
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
