// The CLI's `scan` over files and folders: skips .git, symbolic links, binary and huge files, and what
// .gitignore files ignore (nested ones included), and reports each presigned URL found as it goes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { IgnoreScope, MAX_GITIGNORE_BYTES, parseGitignore } from './gitignore';
import { MAX_FILE_BYTES, readText, scanText, type ScanHit } from './text';

export interface ScanStats {
  files: number;
  binary: number;
  huge: number;
  ignored: number;
  unreadable: number;
  /** .gitignore rules that could not be used (over the matcher's caps): skipped, counted. */
  unusableRules: number;
}

export function scanPaths(paths: readonly string[], now: Date, onHit: (hit: ScanHit) => void): ScanStats {
  const stats: ScanStats = { files: 0, binary: 0, huge: 0, ignored: 0, unreadable: 0, unusableRules: 0 };

  const scanFile = (path: string, display: string): void => {
    let bytes: Buffer;
    try {
      if (statSync(path).size > MAX_FILE_BYTES) {
        stats.huge++;
        return;
      }
      bytes = readFileSync(path);
    } catch {
      stats.unreadable++;
      return;
    }
    const text = readText(bytes);
    if (text === undefined) {
      stats.binary++;
      return;
    }
    stats.files++;
    for (const hit of scanText(text, display, now)) onHit(hit);
  };

  const walk = (root: string, dir: string, scope: IgnoreScope): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      stats.unreadable++;
      return;
    }
    const rel = relative(root, dir).split(sep).join('/');
    const base = rel === '' ? '' : `${rel}/`;
    const gitignore = entries.find((e) => e.isFile() && e.name === '.gitignore');
    if (gitignore) {
      try {
        const path = join(dir, '.gitignore');
        if (statSync(path).size > MAX_GITIGNORE_BYTES) throw new Error('too big');
        const rules = parseGitignore(readFileSync(path, 'utf8'));
        scope = scope.with(base, rules.rules);
        stats.unusableRules += rules.unusable + scope.unusable;
      } catch {
        stats.unreadable++;
      }
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isSymbolicLink()) continue;
      const path = join(dir, entry.name);
      const relPath = `${base}${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name === '.git' || scope.ignores(relPath, true)) stats.ignored++;
        else walk(root, path, scope);
      } else if (entry.isFile()) {
        if (scope.ignores(relPath, false)) stats.ignored++;
        else scanFile(path, join(root, relPath.split('/').join(sep)));
      }
    }
  };

  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new Error(`cannot read ${path}`);
    }
    if (isDir) walk(path, path, new IgnoreScope());
    else scanFile(path, path);
  }
  return stats;
}
