// "Find Presigned URLs in Workspace": every presigned URL (and presigned POST form policy) in the workspace's
// files, shown in the "Workspace Scan" view (scanView.ts). Honours files.exclude, search.exclude and
// .gitignore files, skips binary files and files over 20 MiB (as the CLI does), reads through workspace.fs
// (virtual workspaces too), and can be cancelled.
import * as vscode from 'vscode';
import { inSlices, turnTaker, type Ctx } from '../editor';
import { plural } from '../engine';
import { IgnoreScope, MAX_GITIGNORE_BYTES, parseGitignore, TextScan, type Gitignore } from '../scan';
import { postNotes } from './lazyPost';
import { factsOf, policyFacts, readFileText, type ScanResult, type ScanResults } from './scanView';

/** One step of work: URLs and characters read at most. Steps run in slices (see slices.ts). */
const STEP_URLS = 20;
const STEP_CHARS = 64 * 1024;

export interface ScanSummary {
  readonly results: readonly ScanResult[];
  readonly files: number;
  readonly skipped: number;
  /** .gitignore rules over the matcher's caps: skipped and counted, never the whole scan. */
  readonly unusableRules: number;
  readonly cancelled: boolean;
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
          const text = await readFileText(uri);
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
                const place = { uri, line: hit.line, column: hit.column };
                results.push(
                  url
                    ? { ...place, facts: factsOf(url) }
                    : policy
                      ? { ...place, facts: policyFacts(policy) }
                      : { ...place, problem: `cannot be read: ${hit.findings[0]?.message ?? 'unknown reason'}` },
                );
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
  await view.show(results);
  ctx.log.info(
    `Workspace scan: ${plural(results.length, 'presigned URL')} in ${plural(files, 'file')} (${skipped} skipped)${unusableRules ? `; ${plural(unusableRules, '.gitignore rule')} could not be used (too long or too many) and ${unusableRules === 1 ? 'was' : 'were'} skipped` : ''}${cancelled ? ', cancelled' : ''}`,
  );
  return { results, files, skipped, unusableRules, cancelled };
}
