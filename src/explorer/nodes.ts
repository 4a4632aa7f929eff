// The explorer's nodes: profiles → buckets → folders and objects, plus "Load 200 more" / "Load all" and
// message nodes.
import * as vscode from 'vscode';
import type { Failure } from '../aws/errors';
import { KIND_LABELS, type AwsProfile } from '../aws/profileModel';
import type { BucketEntry, ObjectEntry } from '../aws/s3';
import { ageWords, plural } from '../engine';
import { Command } from '../editor';
import type { HasS3Place, S3Place } from '../session';

/** Pages of a bucket or folder loaded so far, and the request under way. */
export interface Listing {
  folders: string[];
  objects: ObjectEntry[];
  nextToken?: string;
  /** A first page has arrived. */
  loaded: boolean;
  /** The first page under way, shared by every caller that needs it (the view, a reveal). */
  first?: Promise<void>;
  abort?: AbortController;
}

/** What asking a profile for its buckets gave: the buckets, or why not. */
export interface BucketListing {
  readonly listed: readonly BucketEntry[];
  /** ListBuckets failed (buckets added by name are still shown). */
  readonly failure?: Failure;
  /** The credentials could not even be had. */
  readonly credentialsError?: unknown;
}

export class ProfileNode {
  readonly kind = 'profile';
  /** The bucket listing under way. */
  abort?: AbortController;
  /** The bucket listing under way, shared by every caller that needs it (the view, a reveal). */
  listing?: Promise<BucketListing>;
  constructor(readonly profile: AwsProfile) {}
  get id(): string {
    return `profile:${this.profile.name}`;
  }
}

export class BucketNode implements HasS3Place {
  readonly kind = 'bucket';
  listing: Listing = { folders: [], objects: [], loaded: false };
  constructor(
    readonly parent: ProfileNode,
    readonly name: string,
    public region: string | undefined,
    /** Added by name, not listed by ListBuckets. */
    readonly added: boolean,
  ) {}
  get id(): string {
    return `${this.parent.id}/bucket:${this.name}`;
  }
  get bucket(): BucketNode {
    return this;
  }
  get prefix(): string {
    return '';
  }
  get s3Place(): S3Place {
    return { profile: this.parent.profile.name, bucket: this.name, prefix: '' };
  }
}

export class FolderNode implements HasS3Place {
  readonly kind = 'folder';
  listing: Listing = { folders: [], objects: [], loaded: false };
  constructor(
    readonly parent: BucketNode | FolderNode,
    readonly prefix: string,
  ) {}
  get id(): string {
    return `${this.bucket.id}/folder:${this.prefix}`;
  }
  get bucket(): BucketNode {
    return this.parent.bucket;
  }
  get s3Place(): S3Place {
    return { profile: this.bucket.parent.profile.name, bucket: this.bucket.name, prefix: this.prefix };
  }
}

export class ObjectNode implements HasS3Place {
  readonly kind = 'object';
  constructor(
    readonly parent: BucketNode | FolderNode,
    readonly entry: ObjectEntry,
  ) {}
  get id(): string {
    return `${this.bucket.id}/object:${this.entry.key}`;
  }
  get bucket(): BucketNode {
    return this.parent.bucket;
  }
  get s3Place(): S3Place {
    return { profile: this.bucket.parent.profile.name, bucket: this.bucket.name, key: this.entry.key };
  }
}

/** The next page of a listing ("Load 200 more"), or every page up to a bound ("Load all"). */
export class LoadMoreNode {
  readonly kind = 'loadMore';
  constructor(
    readonly parent: BucketNode | FolderNode,
    readonly all: boolean,
  ) {}
  get id(): string {
    return `${this.parent.id}/${this.all ? 'all' : 'more'}`;
  }
}

export class MessageNode {
  readonly kind = 'message';
  constructor(
    readonly parent: ProfileNode | BucketNode | FolderNode | undefined,
    readonly message: string,
    /** A failure offers a retry; information does not. */
    readonly failure?: Failure,
  ) {}
  get id(): string {
    return `${this.parent?.id ?? 'root'}/message:${this.message}`;
  }
}

export type ContainerNode = BucketNode | FolderNode;
export type ExplorerNode = ProfileNode | BucketNode | FolderNode | ObjectNode | LoadMoreNode | MessageNode;

/** The last segment of a key, or of a prefix with its trailing slash. */
export const basename = (keyOrPrefix: string): string => {
  const trimmed = keyOrPrefix.endsWith('/') ? keyOrPrefix.slice(0, -1) : keyOrPrefix;
  const name = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return keyOrPrefix.endsWith('/') ? `${name}/` : name;
};

export function displayName(node: FolderNode | ObjectNode): string {
  return basename(node.kind === 'folder' ? node.prefix : node.entry.key);
}

function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Text from S3 goes into tooltips as text, never as Markdown or HTML. */
function tooltip(lines: readonly (readonly [string, string])[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  lines.forEach(([label, value], i) => {
    md.appendMarkdown(`**${label}**: `);
    md.appendText(value);
    if (i < lines.length - 1) md.appendMarkdown('  \n');
  });
  return md;
}

/** What a tree item shows beside its node: which profile is the default, the page size, the time now. */
export interface ItemContext {
  readonly isDefaultProfile: (name: string) => boolean;
  readonly pageSize: number;
  /** Keys one "Load all" lists at most. */
  readonly loadAllLimit: number;
  readonly now: Date;
}

export function treeItem(node: ExplorerNode, context: ItemContext): vscode.TreeItem {
  switch (node.kind) {
    case 'profile': {
      const p = node.profile;
      const item = new vscode.TreeItem(p.name, vscode.TreeItemCollapsibleState.Collapsed);
      const parts = [
        KIND_LABELS[p.kind],
        p.region,
        p.endpointUrl ? new URL(p.endpointUrl).host : undefined,
        context.isDefaultProfile(p.name) ? 'default' : undefined,
      ];
      item.description = parts.filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon(p.kind === 'environment' ? 'terminal' : 'account');
      // The default profile's menu has no "Set as Default Profile".
      item.contextValue = context.isDefaultProfile(p.name) ? 's3presign.profile.default' : 's3presign.profile';
      item.tooltip = tooltip([
        ['Profile', p.name],
        ['Credentials', KIND_LABELS[p.kind]],
        ['Region', p.region ?? '(none: us-east-1 is used)'],
        ...(p.endpointUrl ? [['Endpoint', p.endpointUrl] as const] : []),
        ['Addressing', p.pathStyle ? 'path style' : 'virtual-hosted (SDK default)'],
        ...(p.accessKeyId ? [['Access key ID', p.accessKeyId] as const] : []),
      ]);
      return item;
    }
    case 'bucket': {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = [node.region, node.added ? 'added by name' : undefined].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon('database');
      item.contextValue = node.added ? 's3presign.bucket.added' : 's3presign.bucket';
      item.tooltip = tooltip([
        ['Bucket', node.name],
        ['Region', node.region ?? '(found when opened)'],
        ['URI', `s3://${node.name}/`],
      ]);
      return item;
    }
    case 'folder': {
      const item = new vscode.TreeItem(displayName(node), vscode.TreeItemCollapsibleState.Collapsed);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 's3presign.folder';
      item.tooltip = tooltip([
        ['Prefix', node.prefix],
        ['URI', `s3://${node.bucket.name}/${node.prefix}`],
      ]);
      return item;
    }
    case 'object': {
      const o = node.entry;
      const item = new vscode.TreeItem(displayName(node), vscode.TreeItemCollapsibleState.None);
      const age = o.lastModified ? ageWords(o.lastModified, context.now) : undefined;
      item.description = [formatSize(o.size), age].filter(Boolean).join(' · ');
      item.iconPath = vscode.ThemeIcon.File;
      // A file-like URI lets the icon theme pick an icon from the extension.
      item.resourceUri = vscode.Uri.from({ scheme: 's3presign-object', path: `/${o.key}` });
      item.contextValue = 's3presign.object';
      // A click (or Enter) runs the object's main action, as a click on a file in the Explorer opens it: the
      // presign questions, from the method on; Escape leaves them having signed nothing.
      item.command = { command: Command.presign, title: 'Presign S3 Object', arguments: [node] };
      item.tooltip = tooltip([
        ['Key', o.key],
        ['Size', `${formatSize(o.size)} (${plural(o.size, 'byte')})`],
        ['Last modified', o.lastModified?.toISOString() ?? '(unknown)'],
        ['Storage class', o.storageClass ?? 'STANDARD'],
        ['ETag', o.etag ?? '(none)'],
      ]);
      return item;
    }
    case 'loadMore': {
      if (node.all) {
        const item = new vscode.TreeItem('Load all', vscode.TreeItemCollapsibleState.None);
        item.description = `up to ${plural(context.loadAllLimit, 'more key')}, cancellable`;
        item.iconPath = new vscode.ThemeIcon('fold-down');
        item.contextValue = 's3presign.more';
        item.command = { command: Command.loadAll, title: 'Load all', arguments: [node] };
        return item;
      }
      const item = new vscode.TreeItem(`Load ${context.pageSize.toLocaleString('en-US')} more`);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = 's3presign.more';
      item.tooltip = 'Lists the next page (setting s3presign.explorer.pageSize)';
      item.command = { command: Command.loadMore, title: 'Load more', arguments: [node] };
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.tooltip = node.message;
      if (node.failure) {
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
        item.contextValue = 's3presign.error';
        item.command = { command: Command.retry, title: 'Retry', arguments: [node] };
        item.description = 'click to retry';
      } else {
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = 's3presign.message';
      }
      return item;
    }
  }
}
