// "Find Presigned URLs in Workspace": every presigned URL in the workspace's files, grouped by status in the
// "Presigned URLs" view. Honours files.exclude, search.exclude and .gitignore files, skips binary files and
// files over 20 MiB (as the CLI does), reads through workspace.fs (virtual workspaces too), and can be cancelled.
import * as vscode from 'vscode';
import { inSlices, turnTaker, type Ctx } from '../editor';
import { plural } from '../engine';
import {
  IgnoreScope,
  MAX_FILE_BYTES,
  MAX_GITIGNORE_BYTES,
  parseGitignore,
  readText,
  TextScan,
  type Gitignore,
  type ScanHit,
} from '../scan';
import { postNotes } from './lazyPost';
import { policyStatus, urlStatus } from './status';

/** One step of work: URLs and characters read at most. Steps run in slices (see slices.ts). */
const STEP_URLS = 20;
const STEP_CHARS = 64 * 1024;

type Group = 'expired' | 'live' | 'unreadable';
const GROUP_TITLES: Record<Group, string> = {
  expired: 'Expired',
  live: 'Live: they grant access now',
  unreadable: 'Unreadable',
};

export interface ScanResult {
  readonly uri: vscode.Uri;
  readonly hit: ScanHit;
  readonly group: Group;
  readonly status: string;
}

export interface ScanSummary {
  readonly results: readonly ScanResult[];
  readonly files: number;
  readonly skipped: number;
  /** .gitignore rules over the matcher's caps: skipped and counted, never the whole scan. */
  readonly unusableRules: number;
  readonly cancelled: boolean;
}

/** Results shown per file; a minified file with thousands of URLs gets a last item saying how many more. */
const MAX_ITEMS_PER_FILE = 500;
const GROUPS: readonly Group[] = ['expired', 'live', 'unreadable'];

type ScanNode =
  | { kind: 'group'; group: Group; count: number }
  | { kind: 'file'; uri: vscode.Uri; results: readonly ScanResult[] }
  | { kind: 'result'; result: ScanResult }
  | { kind: 'more'; uri: vscode.Uri; count: number };

/** The "Presigned URLs" view: status groups, then files, then each URL's line. */
export class ScanResults implements vscode.TreeDataProvider<ScanNode> {
  private readonly changed = new vscode.EventEmitter<ScanNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Group, then file (in the order found), then results. */
  private grouped = new Map<Group, Map<string, ScanResult[]>>();

  show(results: readonly ScanResult[]): void {
    this.grouped = new Map();
    for (const result of results) {
      let files = this.grouped.get(result.group);
      if (!files) this.grouped.set(result.group, (files = new Map()));
      const key = result.uri.toString();
      const list = files.get(key);
      if (list) list.push(result);
      else files.set(key, [result]);
    }
    this.changed.fire(undefined);
  }

  getTreeItem(node: ScanNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(GROUP_TITLES[node.group], vscode.TreeItemCollapsibleState.Expanded);
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon(
          node.group === 'expired' ? 'history' : node.group === 'live' ? 'unlock' : 'error',
        );
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(
          node.uri,
          node.results.length > 20
            ? vscode.TreeItemCollapsibleState.Collapsed
            : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.label = vscode.workspace.asRelativePath(node.uri);
        item.description = String(node.results.length);
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(`…and ${node.count} more in this file`, vscode.TreeItemCollapsibleState.None);
        item.command = { command: 'vscode.open', title: 'Open', arguments: [node.uri] };
        return item;
      }
      case 'result': {
        const { result } = node;
        const item = new vscode.TreeItem(`line ${result.hit.line}`, vscode.TreeItemCollapsibleState.None);
        item.description = result.status;
        item.tooltip = `${vscode.workspace.asRelativePath(result.uri)}, line ${result.hit.line}, column ${result.hit.column}: ${result.status}`;
        item.iconPath = new vscode.ThemeIcon('link');
        const at = new vscode.Position(result.hit.line - 1, result.hit.column - 1);
        item.command = {
          command: 'vscode.open',
          title: 'Open',
          arguments: [result.uri, { selection: new vscode.Range(at, at) }],
        };
        return item;
      }
    }
  }

  getChildren(node?: ScanNode): ScanNode[] {
    if (!node) {
      return GROUPS.filter((g) => this.grouped.has(g)).map((group) => ({
        kind: 'group',
        group,
        count: [...this.grouped.get(group)!.values()].reduce((n, list) => n + list.length, 0),
      }));
    }
    if (node.kind === 'group')
      return [...this.grouped.get(node.group)!.values()].map((results) => ({
        kind: 'file',
        uri: results[0]!.uri,
        results,
      }));
    if (node.kind === 'file') {
      const shown: ScanNode[] = node.results.slice(0, MAX_ITEMS_PER_FILE).map((result) => ({ kind: 'result', result }));
      if (node.results.length > MAX_ITEMS_PER_FILE)
        shown.push({ kind: 'more', uri: node.uri, count: node.results.length - MAX_ITEMS_PER_FILE });
      return shown;
    }
    return [];
  }
}

/** The glob of what files.exclude and search.exclude leave out, plus .git. */
function excludeGlob(folder: vscode.WorkspaceFolder): string {
  const patterns = new Set<string>(['**/.git']);
  for (const setting of ['files.exclude', 'search.exclude']) {
    const [section, key] = setting.split('.') as [string, string];
    const map = vscode.workspace.getConfiguration(section, folder.uri).get<Record<string, boolean | object>>(key, {});
    for (const [pattern, on] of Object.entries(map)) if (on === true) patterns.add(pattern);
  }
  return `{${[...patterns].join(',')}}`;
}

/** The .gitignore rules of a workspace folder, each file's rules applying to its folder and below. */
async function ignoreRules(folder: vscode.WorkspaceFolder, exclude: string): Promise<Map<string, Gitignore>> {
  const rules = new Map<string, Gitignore>();
  for (const file of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), exclude)) {
    const rel = vscode.workspace.asRelativePath(file, false);
    const base = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/') + 1) : '';
    try {
      if ((await vscode.workspace.fs.stat(file)).size > MAX_GITIGNORE_BYTES) continue;
      rules.set(base, parseGitignore(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))));
    } catch {
      // Gone since listed, or not readable: its rules cannot apply.
    }
  }
  return rules;
}

/**
 * What the .gitignore files of a workspace folder ignore, for paths relative to it. Each folder's scope
 * (its rules on top of its parents') and verdict are worked out once, however many files it holds.
 */
class Ignored {
  private readonly dirs = new Map<string, { readonly scope: IgnoreScope; readonly ignored: boolean }>();

  /** Rules that could not be used (over the matcher's caps): skipped, counted. */
  unusable = 0;

  constructor(private readonly rules: ReadonlyMap<string, Gitignore>) {
    for (const g of rules.values()) this.unusable += g.unusable;
  }

  file(rel: string): boolean {
    const slash = rel.lastIndexOf('/');
    const dir = this.dir(slash === -1 ? '' : rel.slice(0, slash));
    return dir.ignored || dir.scope.ignores(rel, false);
  }

  private dir(rel: string): { readonly scope: IgnoreScope; readonly ignored: boolean } {
    let known = this.dirs.get(rel);
    if (known) return known;
    const own = this.rules.get(rel === '' ? '' : `${rel}/`)?.rules ?? [];
    if (rel === '') known = { scope: new IgnoreScope().with('', own), ignored: false };
    else {
      const slash = rel.lastIndexOf('/');
      const parent = this.dir(slash === -1 ? '' : rel.slice(0, slash));
      known = { scope: parent.scope.with(`${rel}/`, own), ignored: parent.ignored || parent.scope.ignores(rel, true) };
    }
    this.unusable += known.scope.unusable;
    this.dirs.set(rel, known);
    return known;
  }
}

/** The text of a workspace file, or undefined when it is binary, too big, or cannot be read (gone since listed, no permission). */
async function readWorkspaceText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > MAX_FILE_BYTES) return undefined;
    return readText(Buffer.from(await vscode.workspace.fs.readFile(uri)));
  } catch {
    return undefined;
  }
}

export async function scanWorkspace(ctx: Ctx, view: ScanResults): Promise<ScanSummary> {
  const now = new Date();
  const results: ScanResult[] = [];
  let files = 0;
  let skipped = 0;
  let unusableRules = 0;
  let cancelled = false;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Finding presigned URLs', cancellable: true },
    async (progress, token) => {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const exclude = excludeGlob(folder);
        const ignored = new Ignored(await ignoreRules(folder, exclude));
        const uris = await vscode.workspace.findFiles(
          new vscode.RelativePattern(folder, '**/*'),
          exclude,
          undefined,
          token,
        );
        // Matching .gitignore rules is bounded per path, but a folder can hold many paths.
        const turn = turnTaker();
        for (const uri of uris) {
          if (token.isCancellationRequested) break;
          await turn();
          if (ignored.file(vscode.workspace.asRelativePath(uri, false))) {
            skipped++;
            continue;
          }
          const text = await readWorkspaceText(uri);
          if (text === undefined) {
            skipped++;
            continue;
          }
          files++;
          // A big file is read in slices, the extension host turning between them.
          const scan = new TextScan(text, uri.toString(), now, (policy, at) =>
            postNotes().describePostPolicy(policy, at),
          );
          await inSlices(
            () => {
              for (const { hit, url, policy } of scan.nextDecoded(STEP_URLS, STEP_CHARS)) {
                const status = url ? urlStatus(url, now) : policy ? policyStatus(policy, now) : undefined;
                results.push({
                  uri,
                  hit,
                  group: !status ? 'unreadable' : status.expired ? 'expired' : 'live',
                  status: status ? status.words : (hit.findings[0]?.message ?? 'cannot be read'),
                });
              }
              return !scan.done;
            },
            () => token.isCancellationRequested,
          );
          if (files % 50 === 0)
            progress.report({ message: `${plural(files, 'file')} read, ${plural(results.length, 'URL')} found` });
        }
        unusableRules += ignored.unusable;
      }
      cancelled = token.isCancellationRequested;
    },
  );
  view.show(results);
  ctx.log.info(
    `Workspace scan: ${plural(results.length, 'presigned URL')} in ${plural(files, 'file')} (${skipped} skipped)${unusableRules ? `; ${plural(unusableRules, '.gitignore rule')} could not be used (too long or too many) and ${unusableRules === 1 ? 'was' : 'were'} skipped` : ''}${cancelled ? ', cancelled' : ''}`,
  );
  return { results, files, skipped, unusableRules, cancelled };
}
