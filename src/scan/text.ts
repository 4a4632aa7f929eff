// Presigned URLs and POST form policies in the text of a file, with their findings and places: what the
// CLI's `scan` and the editor's workspace scan report. Plain text in, hits out; reading files is the caller's.
import {
  diagnose,
  parsePresignedUrl,
  PostPolicyScanner,
  PresignedUrlScanner,
  redactSessionTokens,
  type Finding,
  type FoundPostPolicy,
  type PostFinding,
  type PostPolicyNote,
  type PresignedUrl,
} from '../engine';

/** Files larger than this are skipped (logs and dumps; a presigned URL lives in source and config). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface ScanHit {
  /** A presigned URL, or the policy of a presigned POST form. */
  readonly kind: 'url' | 'post';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The URL, session token redacted; for a POST policy, its first characters and length. */
  readonly url: string;
  readonly findings: readonly HitFinding[];
}

/** A finding of a URL or of a POST policy, as a hit lists it. */
export interface HitFinding extends Pick<Finding, 'severity' | 'message'> {
  readonly code: Finding['code'] | PostFinding['code'];
}

/**
 * What is said of a POST policy found alone (engine: describePostPolicy). Passed in: the editor loads it
 * lazily (it reads the whole policy language), the CLI has it at hand.
 */
export type PostPolicyDescriber = (policy: string, now: Date) => PostPolicyNote;

/** A hit, with its decoded URL or what its POST policy says, for callers that need more than the hit. */
export interface DecodedHit {
  readonly hit: ScanHit;
  readonly url?: PresignedUrl;
  readonly policy?: PostPolicyNote;
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
  private readonly policies: PostPolicyScanner | undefined;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly now: Date,
    /** Without it, POST policies are not looked for. */
    private readonly describePolicy?: PostPolicyDescriber,
  ) {
    this.urls = new PresignedUrlScanner(text);
    this.policies = describePolicy ? new PostPolicyScanner(text) : undefined;
  }

  get done(): boolean {
    return this.urls.done && (this.policies?.done ?? true);
  }

  /** Up to `limit` more hits, reading about `budget` characters at most. */
  next(limit = Infinity, budget = Infinity): ScanHit[] {
    return this.nextDecoded(limit, budget).map((d) => d.hit);
  }

  /** Line and column of an offset at or after the last one asked (offsets only grow). */
  private place(offset: number): { line: number; column: number } {
    const { text } = this;
    for (
      let nl = text.indexOf('\n', this.lineStart);
      nl !== -1 && nl < offset;
      nl = text.indexOf('\n', this.lineStart)
    ) {
      this.line++;
      this.lineStart = nl + 1;
    }
    return { line: this.line, column: offset - this.lineStart + 1 };
  }

  private urlHit(found: { start: number; text: string }): DecodedHit {
    const parsed = parsePresignedUrl(found.text);
    const findings: HitFinding[] = parsed.ok
      ? diagnose(parsed.value, { now: this.now }).map(({ code, severity, message }) => ({ code, severity, message }))
      : [{ code: 'MALFORMED_PARAMETER', severity: 'error', message: parsed.error }];
    const hit: ScanHit = {
      kind: 'url',
      file: this.file,
      ...this.place(found.start),
      url: redactSessionTokens(found.text),
      findings,
    };
    return { hit, url: parsed.ok ? parsed.value : undefined };
  }

  private policyHit(found: FoundPostPolicy): DecodedHit {
    const policy = this.describePolicy!(found.text, this.now);
    const hit: ScanHit = {
      kind: 'post',
      file: this.file,
      ...this.place(found.start),
      url: `POST policy ${found.text.slice(0, 24)}… (${found.text.length} characters)`,
      findings: policy.findings.map(({ code, severity, message }) => ({ code, severity, message })),
    };
    return { hit, policy };
  }

  /**
   * As next(), each hit decoded. URLs are read first, then the policies up to where the URLs stopped (to
   * the end once they are done), so that hits come in the order of the text.
   */
  nextDecoded(limit = Infinity, budget = Infinity): DecodedHit[] {
    const urls = this.urls.read(limit, budget);
    const until = this.urls.done ? Infinity : this.urls.position;
    const policies = this.policies ? this.policies.read(Infinity, until - this.policies.position) : [];
    const found = [
      ...urls.map((u) => ({ start: u.start, hit: () => this.urlHit(u) })),
      ...policies.map((p) => ({ start: p.start, hit: () => this.policyHit(p) })),
    ].sort((a, b) => a.start - b.start);
    return found.map((f) => f.hit());
  }
}

export function scanText(text: string, file: string, now: Date, describePolicy?: PostPolicyDescriber): ScanHit[] {
  return new TextScan(text, file, now, describePolicy).next();
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
