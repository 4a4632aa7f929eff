// The CLI's `scan` over files and folders: skips .git, symbolic links, binary and huge files, and what
// .gitignore files ignore (nested ones included), and reports each presigned URL found as it goes. Only
// regular files are read: a FIFO, socket or device named on the command line is refused, one met in a
// folder passed by, and every file is opened non-blocking and checked again once open (a FIFO put in a
// file's place after the folder was listed cannot block the scan). What cannot be read is counted, and
// the first such path kept, for the caller to fail on.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { IgnoreScope, MAX_GITIGNORE_BYTES, parseGitignore } from './gitignore';
import { MAX_FILE_BYTES, readText, scanText, type PostPolicyDescriber, type ScanHit } from './text';

export interface ScanStats {
  files: number;
  binary: number;
  huge: number;
  ignored: number;
  /** Files and folders that could not be read: the scan is incomplete. */
  unreadable: number;
  /** The first of them, with the reason ("EACCES"). */
  firstUnreadable?: string;
  /** .gitignore rules that could not be used (over the matcher's caps, or in a .gitignore over 1 MiB): skipped, counted. */
  unusableRules: number;
}

/** Read-only, never waiting on a FIFO (0 where the OS has no such flag). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
/** For a file met in a folder, whose links the walk does not follow: nor a link put in its place. */
const OPEN_FLAGS_IN_FOLDER = OPEN_FLAGS | (constants.O_NOFOLLOW ?? 0);

const CHUNK = 64 * 1024;

/** The bytes of the regular file `path`; 'huge' over MAX_FILE_BYTES (read to one byte past it at most). */
function readRegularFile(path: string, flags: number): Buffer | 'huge' | 'not-regular' {
  const fd = openSync(path, flags);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return 'not-regular';
    if (stat.size > MAX_FILE_BYTES) return 'huge';
    // Read to the end, not to the size fstat gave: the file may grow meanwhile (or, in /proc, say 0).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stat.size + 1 - total, CHUNK), MAX_FILE_BYTES + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_FILE_BYTES) return 'huge';
    }
  } finally {
    closeSync(fd);
  }
}

export function scanPaths(
  paths: readonly string[],
  now: Date,
  onHit: (hit: ScanHit) => void,
  describePolicy?: PostPolicyDescriber,
): ScanStats {
  const stats: ScanStats = { files: 0, binary: 0, huge: 0, ignored: 0, unreadable: 0, unusableRules: 0 };
  const unreadable = (path: string, err: unknown): void => {
    stats.unreadable++;
    stats.firstUnreadable ??= `${path} (${(err as { code?: string }).code ?? String(err)})`;
  };

  const scanFile = (path: string, display: string, flags: number): void => {
    let bytes: Buffer | 'huge' | 'not-regular';
    try {
      bytes = readRegularFile(path, flags);
    } catch (err) {
      unreadable(display, err);
      return;
    }
    if (bytes === 'not-regular') {
      // Listed as a regular file, something else once opened: replaced while the scan ran.
      unreadable(display, { code: 'not a regular file' });
      return;
    }
    if (bytes === 'huge') {
      stats.huge++;
      return;
    }
    const text = readText(bytes);
    if (text === undefined) {
      stats.binary++;
      return;
    }
    stats.files++;
    for (const hit of scanText(text, display, now, describePolicy)) onHit(hit);
  };

  const walk = (root: string, dir: string, scope: IgnoreScope): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      unreadable(dir, err);
      return;
    }
    const rel = relative(root, dir).split(sep).join('/');
    const base = rel === '' ? '' : `${rel}/`;
    const gitignore = entries.find((e) => e.isFile() && e.name === '.gitignore');
    if (gitignore) {
      const path = join(dir, '.gitignore');
      try {
        const bytes = readRegularFile(path, OPEN_FLAGS_IN_FOLDER);
        if (bytes === 'not-regular') unreadable(path, { code: 'not a regular file' });
        else if (bytes === 'huge' || bytes.length > MAX_GITIGNORE_BYTES) stats.unusableRules++;
        else {
          const rules = parseGitignore(bytes.toString('utf8'));
          scope = scope.with(base, rules.rules);
          stats.unusableRules += rules.unusable + scope.unusable;
        }
      } catch (err) {
        unreadable(path, err);
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
        else scanFile(path, join(root, relPath.split('/').join(sep)), OPEN_FLAGS_IN_FOLDER);
      }
    }
  };

  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new Error(`cannot read ${path}`);
    }
    if (stat.isDirectory()) walk(path, path, new IgnoreScope());
    else if (stat.isFile()) scanFile(path, path, OPEN_FLAGS);
    else throw new Error(`${path} is not a regular file or a folder`);
  }
  return stats;
}
