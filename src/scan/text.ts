// Presigned URLs in the text of a file, with their findings and places: what the CLI's `scan` and the
// editor's workspace scan report. Plain text in, hits out; reading files is the caller's.
import {
  diagnose,
  parsePresignedUrl,
  PresignedUrlScanner,
  redactSessionTokens,
  type Finding,
  type PresignedUrl,
} from '../engine';

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

/**
 * The offsets of 1-based places (line, column) in `text`, in one pass over it however many places there are;
 * undefined for a place past the end of its line or of the text. Lines end at "\n", as the scan counts them.
 */
export function offsetsOf(text: string, places: readonly { line: number; column: number }[]): (number | undefined)[] {
  const order = places.map((_, i) => i).sort((a, b) => places[a]!.line - places[b]!.line);
  const offsets: (number | undefined)[] = places.map(() => undefined);
  let line = 1;
  let start = 0;
  for (const i of order) {
    const place = places[i]!;
    while (line < place.line && start !== -1) {
      const nl = text.indexOf('\n', start);
      start = nl === -1 ? -1 : nl + 1;
      line++;
    }
    if (start === -1) break;
    const end = text.indexOf('\n', start);
    const offset = start + place.column - 1;
    if (offset <= (end === -1 ? text.length : end)) offsets[i] = offset;
  }
  return offsets;
}
