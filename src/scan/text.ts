// `scan`: presigned URLs in files and folders, with their findings. Skips .git, binary and huge files,
// and what .gitignore files ignore.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  diagnose,
  parsePresignedUrl,
  PresignedUrlScanner,
  redactSessionTokens,
  type Finding,
  type PresignedUrl,
} from '../engine';
import { IgnoreScope, parseGitignore } from './gitignore';

/** Files larger than this are skipped (logs and dumps; a presigned URL lives in source and config). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface ScanHit {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Session token redacted. */
  readonly url: string;
  readonly findings: readonly Pick<Finding, 'code' | 'severity' | 'message'>[];
}

export interface ScanStats {
  files: number;
  binary: number;
  huge: number;
  ignored: number;
  unreadable: number;
}

/** Text of a file, or undefined for a binary one. UTF-16 files (with a BOM) are read as such. */
export function readText(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (bytes.subarray(0, 8000).includes(0)) return undefined;
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * The hits of one text, read a slice at a time when asked (see PresignedUrlScanner), so that the editor's
 * workspace scan gives the extension host back between slices of a big file.
 */
export class TextScan {
  private readonly urls: PresignedUrlScanner;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly now: Date,
  ) {
    this.urls = new PresignedUrlScanner(text);
  }

  get done(): boolean {
    return this.urls.done;
  }

  /** Up to `limit` more hits, reading about `budget` characters at most. */
  next(limit = Infinity, budget = Infinity): ScanHit[] {
    return this.nextDecoded(limit, budget).map((d) => d.hit);
  }

  /** As next(), each hit with its decoded URL (undefined when it cannot be read), for callers that need more. */
  nextDecoded(limit = Infinity, budget = Infinity): { readonly hit: ScanHit; readonly url?: PresignedUrl }[] {
    const { text } = this;
    const out: { hit: ScanHit; url?: PresignedUrl }[] = [];
    for (const found of this.urls.read(limit, budget)) {
      for (
        let nl = text.indexOf('\n', this.lineStart);
        nl !== -1 && nl < found.start;
        nl = text.indexOf('\n', this.lineStart)
      ) {
        this.line++;
        this.lineStart = nl + 1;
      }
      const parsed = parsePresignedUrl(found.text);
      const findings: Pick<Finding, 'code' | 'severity' | 'message'>[] = parsed.ok
        ? diagnose(parsed.value, { now: this.now }).map(({ code, severity, message }) => ({ code, severity, message }))
        : [{ code: 'MALFORMED_PARAMETER', severity: 'error', message: parsed.error }];
      const hit = {
        file: this.file,
        line: this.line,
        column: found.start - this.lineStart + 1,
        url: redactSessionTokens(found.text),
        findings,
      };
      out.push({ hit, url: parsed.ok ? parsed.value : undefined });
    }
    return out;
  }
}

export function scanText(text: string, file: string, now: Date): ScanHit[] {
  return new TextScan(text, file, now).next();
}

export function scanPaths(paths: readonly string[], now: Date, onHit: (hit: ScanHit) => void): ScanStats {
  const stats: ScanStats = { files: 0, binary: 0, huge: 0, ignored: 0, unreadable: 0 };

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
        scope = scope.with(base, parseGitignore(readFileSync(join(dir, '.gitignore'), 'utf8')));
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
