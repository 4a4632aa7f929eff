// The "Workspace Scan" view: the presigned URLs the workspace scan found, grouped by status (expired, live,
// unreadable), then by file; each row says what the URL names (key, method, bucket) and how long it has
// left, reworded while the view is shown. Rows are the places of URLs, so Decode, Re-presign and Replace and
// Copy as curl (the row's context menu) read the URL from the file as it is now. Only those places — file,
// line, column, never a URL or its token — are kept across a window reload; the view reads the URLs again.
import * as vscode from 'vscode';
import {
  expiryWords,
  parsePresignedUrl,
  postPolicyAt,
  presignedUrlAt,
  type PostPolicyNote,
  type PresignedUrl,
} from '../engine';
import { turnTaker } from '../editor';
import { MAX_FILE_BYTES, offsetsOf, readText } from '../scan';
import { postNotes } from './lazyPost';

/** What a URL names, as its row shows it: nothing secret, and derived from the file again after a reload. */
export interface UrlFacts {
  /** A presigned URL, or a presigned POST form's policy (its row has no URL actions). */
  readonly kind: 'url' | 'post';
  readonly bucket?: string;
  readonly key?: string;
  /** The method the URL hints at (x-id, response overrides), when it does. */
  readonly method?: string;
  readonly expiresAt?: Date;
}

export interface ScanResult {
  readonly uri: vscode.Uri;
  /** Where the URL starts, 1-based as the editor shows it. */
  readonly line: number;
  readonly column: number;
  /** Undefined when the URL cannot be read. */
  readonly facts?: UrlFacts;
  /** Why it cannot be read. */
  readonly problem?: string;
}

export type Group = 'expired' | 'live' | 'unreadable';
const GROUPS: readonly Group[] = ['expired', 'live', 'unreadable'];
const GROUP_TITLES: Record<Group, string> = {
  expired: 'Expired',
  live: 'Live: they grant access now',
  unreadable: 'Unreadable',
};
const GROUP_ICONS: Record<Group, string> = { expired: 'history', live: 'unlock', unreadable: 'error' };

/** Results shown per file; a minified file with thousands of URLs gets a last row saying how many more. */
const MAX_ITEMS_PER_FILE = 500;
/** Places kept across a reload at most (a few tens of bytes each, in the workspace's state). */
const MAX_KEPT = 5000;
/** How often the shown rows are reworded ("expires in 3 min" → "expires in 2 min"). */
const REFRESH_MS = 10_000;
const STATE_KEY = 's3presign.workspaceScan.places';
/** A changed file's rows are read again once typing pauses this long. */
const REREAD_DELAY_MS = 500;

export function factsOf(url: PresignedUrl): UrlFacts {
  return { kind: 'url', bucket: url.bucket, key: url.key, method: url.methodHint?.method, expiresAt: url.expiresAt };
}

export function policyFacts(policy: PostPolicyNote): UrlFacts {
  return { kind: 'post', bucket: policy.bucket, key: policy.key, method: 'POST', expiresAt: policy.expiration };
}

export function groupOf(result: ScanResult, now: Date): Group {
  if (!result.facts) return 'unreadable';
  const expiresAt = result.facts.expiresAt;
  return expiresAt && expiresAt.getTime() <= now.getTime() ? 'expired' : 'live';
}

/** "expires in 59 min", "expired 2 days ago", or why the URL cannot be read. */
export function statusWords(result: ScanResult, now: Date): string {
  if (!result.facts) return result.problem ?? 'cannot be read';
  const words = result.facts.expiresAt ? expiryWords(result.facts.expiresAt, now) : 'expiry unknown';
  return result.facts.kind === 'post' ? `form policy ${words}` : words;
}

/** `s3://bucket/key` as far as the URL names them. */
export function s3Uri(facts: UrlFacts): string {
  return facts.bucket ? `s3://${facts.bucket}/${facts.key ?? ''}` : (facts.key ?? '(no bucket or key)');
}

/** A place kept across a reload: where a URL starts, nothing of the URL itself. */
export interface KeptPlace {
  readonly uri: string;
  readonly line: number;
  readonly column: number;
}

const isKeptPlace = (p: unknown): p is KeptPlace =>
  typeof p === 'object' &&
  p !== null &&
  typeof (p as KeptPlace).uri === 'string' &&
  Number.isSafeInteger((p as KeptPlace).line) &&
  Number.isSafeInteger((p as KeptPlace).column) &&
  (p as KeptPlace).line >= 1 &&
  (p as KeptPlace).column >= 1;

/**
 * The result for the URL (or POST form policy) that starts at `offset` of `text`, or undefined when none starts
 * there.
 */
function resultAt(
  text: string,
  offset: number | undefined,
  place: Omit<ScanResult, 'facts' | 'problem'>,
  now: Date,
): ScanResult | undefined {
  if (offset === undefined) return undefined;
  const found = presignedUrlAt(text, offset);
  if (found?.start === offset) {
    const parsed = parsePresignedUrl(found.text);
    return parsed.ok
      ? { ...place, facts: factsOf(parsed.value) }
      : { ...place, problem: `cannot be read: ${parsed.error}` };
  }
  const policy = postPolicyAt(text, offset);
  return policy?.start === offset
    ? { ...place, facts: policyFacts(postNotes().describePostPolicy(policy.text, now)) }
    : undefined;
}

/**
 * The URLs at `places` of a file's text, read again (after a reload, or when the file changed): undefined
 * where no URL starts any more. Turns the event loop between URLs, so a file with thousands never holds it.
 */
export async function readAgain(
  text: string,
  uri: vscode.Uri,
  places: readonly { line: number; column: number }[],
): Promise<(ScanResult | undefined)[]> {
  const offsets = offsetsOf(text, places);
  const turn = turnTaker();
  const now = new Date();
  const out: (ScanResult | undefined)[] = [];
  for (let i = 0; i < places.length; i++) {
    await turn();
    out.push(resultAt(text, offsets[i], { uri, line: places[i]!.line, column: places[i]!.column }, now));
  }
  return out;
}

/** A row: the place of one URL, which the row's commands get as their argument (a UrlRef). */
class ResultNode {
  readonly kind = 'result';
  readonly uri: string;
  readonly line: number;
  readonly column: number;
  constructor(
    readonly result: ScanResult,
    readonly group: Group,
  ) {
    this.uri = result.uri.toString();
    this.line = result.line;
    this.column = result.column;
  }

  get id(): string {
    return `${this.group}/${this.uri}:${this.line}:${this.column}`;
  }
}

export type ScanNode =
  | { kind: 'group'; group: Group; count: number }
  | { kind: 'file'; group: Group; uri: vscode.Uri; count: number }
  | ResultNode
  | { kind: 'more'; group: Group; uri: vscode.Uri; count: number };

/** Results grouped by status (as of `now`), then by file in the order found. */
function grouped(results: readonly ScanResult[], now: Date): Map<Group, Map<string, ScanResult[]>> {
  const groups = new Map<Group, Map<string, ScanResult[]>>();
  for (const result of results) {
    const group = groupOf(result, now);
    let files = groups.get(group);
    if (!files) groups.set(group, (files = new Map()));
    const key = result.uri.toString();
    const list = files.get(key);
    if (list) list.push(result);
    else files.set(key, [result]);
  }
  return groups;
}

export class ScanResults implements vscode.TreeDataProvider<ScanNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ScanNode | ScanNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private results: readonly ScanResult[] = [];
  /** The files that hold results, by URI string. */
  private files = new Set<string>();
  /** Grouped as of the last refresh: a URL moves from Live to Expired when its time comes. */
  private groups = new Map<Group, Map<string, ScanResult[]>>();
  private now = new Date();
  /**
   * The rows handed to the view since the last refresh, by id, with the status they show. A tick rewords
   * only the rows whose words changed, the same objects: a row whose context menu is open stays valid.
   */
  private readonly rows = new Map<string, { readonly node: ResultNode; status?: string }>();
  /** A scan ran in this window: its results win over those restored from the last one. */
  private scanned = false;
  private restoring?: Promise<void>;
  private readonly rereads = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  private ticker?: NodeJS.Timeout;

  /** `state`: where the places are kept (the workspace's state). */
  constructor(private readonly state: vscode.Memento) {
    this.disposables.push(
      // A row reads its file again when the file changes (a URL re-presigned in place gets its new expiry).
      vscode.workspace.onDidChangeTextDocument((e) => this.scheduleReread(e.document)),
    );
  }

  /** Rewords the rows every few seconds while `view` is shown. */
  watch(view: vscode.TreeView<ScanNode>): void {
    const update = (): void => {
      clearInterval(this.ticker);
      this.ticker = undefined;
      if (!view.visible) return;
      this.refresh();
      this.ticker = setInterval(() => this.tick(), REFRESH_MS);
    };
    this.disposables.push(view.onDidChangeVisibility(update));
    update();
  }

  /** Shows the results of a scan, and keeps their places for the next window. */
  async show(results: readonly ScanResult[]): Promise<void> {
    this.scanned = true;
    this.set(results);
    const kept: KeptPlace[] = results
      .slice(0, MAX_KEPT)
      .map(({ uri, line, column }) => ({ uri: uri.toString(), line, column }));
    await this.state.update(STATE_KEY, kept);
  }

  /** What is kept for the next window: places only. */
  keptPlaces(): readonly KeptPlace[] {
    const kept = this.state.get<unknown>(STATE_KEY);
    return Array.isArray(kept) ? kept.filter(isKeptPlace) : [];
  }

  get all(): readonly ScanResult[] {
    return this.results;
  }

  /**
   * The results of the last scan of an earlier window, read again from the files at their places. A place
   * where no URL starts any more (the file changed meanwhile) is dropped. Runs once, when the view first
   * shows.
   */
  restore(): Promise<void> {
    this.restoring ??= (async () => {
      const byFile = new Map<string, KeptPlace[]>();
      for (const place of this.keptPlaces()) {
        const list = byFile.get(place.uri);
        if (list) list.push(place);
        else byFile.set(place.uri, [place]);
      }
      const restored: ScanResult[] = [];
      for (const [file, places] of byFile) {
        const uri = vscode.Uri.parse(file);
        const text = await readFileText(uri);
        if (text === undefined) continue;
        for (const result of await readAgain(text, uri, places)) if (result) restored.push(result);
      }
      if (!this.scanned) this.set(restored);
    })();
    return this.restoring;
  }

  private set(results: readonly ScanResult[]): void {
    this.results = results;
    this.files = new Set(results.map((r) => r.uri.toString()));
    this.refresh();
  }

  private refresh(): void {
    this.now = new Date();
    this.groups = grouped(this.results, this.now);
    this.rows.clear();
    this.changed.fire(undefined);
  }

  /** Time passed: regroup when a URL expired meanwhile, else reword the rows whose words changed. */
  private tick(): void {
    const now = new Date();
    if (this.results.some((r) => groupOf(r, now) !== groupOf(r, this.now))) {
      this.refresh();
      return;
    }
    this.now = now;
    const reworded = [...this.rows.values()]
      .filter((row) => row.status !== undefined && statusWords(row.node.result, now) !== row.status)
      .map((row) => row.node);
    if (reworded.length > 0) this.changed.fire(reworded);
  }

  private scheduleReread(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.files.has(key)) return;
    clearTimeout(this.rereads.get(key));
    this.rereads.set(
      key,
      setTimeout(() => {
        this.rereads.delete(key);
        void this.reread(document);
      }, REREAD_DELAY_MS),
    );
  }

  /** Reads the rows of a changed document again; a place without a URL now keeps its row until the next scan. */
  private async reread(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const before = this.results;
    const rows = before.filter((r) => r.uri.toString() === key);
    const now = await readAgain(document.getText(), document.uri, rows);
    if (this.results !== before) return; // a scan or another reread came meanwhile
    const updated = new Map(rows.map((row, i) => [row, now[i]]));
    let changed = false;
    this.results = before.map((r) => {
      const fresh = updated.get(r);
      if (!fresh || sameFacts(fresh, r)) return r;
      changed = true;
      return fresh;
    });
    if (changed) this.refresh();
  }

  getTreeItem(node: ScanNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(GROUP_TITLES[node.group], vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.group;
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[node.group]);
        item.accessibilityInformation = { label: `${GROUP_TITLES[node.group]}: ${node.count} presigned URLs` };
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(
          node.uri,
          node.count > 20 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = `${node.group}/${node.uri.toString()}`;
        item.label = vscode.workspace.asRelativePath(node.uri);
        item.description = String(node.count);
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(`…and ${node.count} more in this file`, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.group}/${node.uri.toString()}/more`;
        item.command = { command: 'vscode.open', title: 'Open', arguments: [node.uri] };
        return item;
      }
      case 'result':
        return this.resultItem(node);
    }
  }

  private resultItem(node: ResultNode): vscode.TreeItem {
    const { result } = node;
    const status = statusWords(result, this.now);
    const row = this.rows.get(node.id);
    if (row) row.status = status;
    const facts = result.facts;
    // The key says most in a narrow side bar; the bucket follows the status, the whole S3 URI is in the tooltip.
    const label = facts ? (facts.key ?? facts.bucket ?? '(no key)') : 'Presigned URL that cannot be read';
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = [facts?.method, status, facts?.bucket].filter(Boolean).join(' · ');
    const when = facts?.expiresAt ? ` (${facts.expiresAt.toISOString()})` : '';
    item.tooltip = [
      facts ? s3Uri(facts) : label,
      facts ? `${facts.method ?? 'Method not stated'}, ${status}${when}` : status,
      `${vscode.workspace.asRelativePath(result.uri)}, line ${result.line}, column ${result.column}`,
    ].join('\n');
    item.accessibilityInformation = { label: `${label}, ${item.description}, line ${result.line}` };
    item.iconPath = new vscode.ThemeIcon(!facts ? 'warning' : facts.kind === 'post' ? 'cloud-upload' : 'link');
    // A POST form policy is not a URL: its row opens the file, and has no URL actions.
    item.contextValue = !facts
      ? 's3presign.scanResult.unreadable'
      : facts.kind === 'post'
        ? 's3presign.scanResult.post'
        : 's3presign.scanResult';
    const at = new vscode.Position(result.line - 1, result.column - 1);
    item.command = {
      command: 'vscode.open',
      title: 'Open',
      arguments: [result.uri, { selection: new vscode.Range(at, at) }],
    };
    return item;
  }

  async getChildren(node?: ScanNode): Promise<ScanNode[]> {
    if (!node) {
      await this.restore();
      return GROUPS.filter((g) => this.groups.has(g)).map((group) => ({
        kind: 'group',
        group,
        count: [...this.groups.get(group)!.values()].reduce((n, list) => n + list.length, 0),
      }));
    }
    if (node.kind === 'group')
      return [...(this.groups.get(node.group)?.values() ?? [])].map((results) => ({
        kind: 'file',
        group: node.group,
        uri: results[0]!.uri,
        count: results.length,
      }));
    if (node.kind === 'file') {
      const results = this.groups.get(node.group)?.get(node.uri.toString()) ?? [];
      const shown: ScanNode[] = results.slice(0, MAX_ITEMS_PER_FILE).map((r) => this.rowOf(r, node.group));
      if (results.length > MAX_ITEMS_PER_FILE)
        shown.push({ kind: 'more', group: node.group, uri: node.uri, count: results.length - MAX_ITEMS_PER_FILE });
      return shown;
    }
    return [];
  }

  /** The row of a result: the same object as long as the view has not been refreshed. */
  private rowOf(result: ScanResult, group: Group): ResultNode {
    const fresh = new ResultNode(result, group);
    const known = this.rows.get(fresh.id);
    if (known?.node.result === result) return known.node;
    this.rows.set(fresh.id, { node: fresh });
    return fresh;
  }

  dispose(): void {
    clearInterval(this.ticker);
    for (const t of this.rereads.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}

function sameFacts(a: ScanResult, b: ScanResult): boolean {
  return (
    a.problem === b.problem &&
    a.facts?.kind === b.facts?.kind &&
    a.facts?.bucket === b.facts?.bucket &&
    a.facts?.key === b.facts?.key &&
    a.facts?.method === b.facts?.method &&
    a.facts?.expiresAt?.getTime() === b.facts?.expiresAt?.getTime()
  );
}

/**
 * The text of a workspace file, or undefined when it is binary, too big, or cannot be read (gone since
 * listed, no permission).
 */
export async function readFileText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > MAX_FILE_BYTES) return undefined;
    return readText(Buffer.from(await vscode.workspace.fs.readFile(uri)));
  } catch {
    return undefined;
  }
}
