// findPresignedUrls: presigned URLs in any text (code, JSON, HTML, Markdown, logs), with offsets, in time
// linear in the text. No regular expression: `indexOf` finds each "http", one pass reads the URL's
// characters (at most MAX_URL_LENGTH of them), and the anchors ("X-Amz-Signature"…) are looked for in
// the URL alone.

export interface FoundUrl {
  /** Offset of the first character, in UTF-16 code units. */
  readonly start: number;
  /** Offset after the last character. */
  readonly end: number;
  readonly text: string;
}

/**
 * Longer than any presigned URL: real ones are 1 to 3 KB, a session token adds 1 to 2 KB. Longer runs of
 * URL characters (a data URI, a minified blob) are not read as URLs, which bounds the work per "http", and
 * a hover looks only this far around its position.
 */
const MAX_URL_LENGTH = 16 * 1024;

/** ASCII characters that can appear in a URL as written in text (RFC 3986 plus `%`, `\` for JSON escapes). */
const URL_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&()*+,;=%\\')
  URL_CHAR[c.charCodeAt(0)] = 1;

/** Non-ASCII characters that end a URL in prose: spaces and typographic quotes. */
const NON_ASCII_STOPS = new Set([
  0x00a0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff, 0x201c, 0x201d, 0x2018, 0x2019, 0x00ab, 0x00bb,
]);

/** Parameters that only presigned URLs carry; a URL with one of them is reported. */
const ANCHORS = ['X-Amz-Signature', 'X-Amz-Credential', 'x-amz-signature', 'x-amz-credential', 'AWSAccessKeyId'];

function isUrlChar(code: number): boolean {
  if (code < 128) return URL_CHAR[code] === 1;
  return !NON_ASCII_STOPS.has(code) && !(code >= 0x2000 && code <= 0x200b);
}

function isHex(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Length of "http://", "https://", or their JSON-escaped forms ("https:\/\/") at `i`; 0 if none. */
function schemeLength(text: string, i: number): number {
  let j = i + 4;
  if (text.charCodeAt(j) === 0x73) j++; // s
  if (text.charCodeAt(j) !== 0x3a) return 0; // :
  j++;
  if (text.startsWith('//', j)) return j + 2 - i;
  if (text.startsWith('\\/\\/', j)) return j + 4 - i;
  return 0;
}

/** End of the URL that starts at `start`: the first character that cannot be part of it, or `limit`. */
function scanEnd(text: string, from: number, limit: number): number {
  let j = from;
  const last = Math.min(text.length, limit);
  while (j < last) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) {
      // A backslash belongs to the URL only as a JSON escape: \/ or \uXXXX.
      if (text.charCodeAt(j + 1) === 0x2f) {
        j += 2;
        continue;
      }
      if (
        text.charCodeAt(j + 1) === 0x75 &&
        isHex(text, j + 2) &&
        isHex(text, j + 3) &&
        isHex(text, j + 4) &&
        isHex(text, j + 5)
      ) {
        j += 6;
        continue;
      }
      break;
    }
    if (!isUrlChar(c)) break;
    // A second "http://" starts the next URL: in a real one it would be percent-encoded.
    if (c === 0x68 && j > from && text.startsWith('http', j) && schemeLength(text, j) > 0) break;
    j++;
  }
  return j;
}

/** Drops punctuation that ends a sentence, and closing brackets with no opening one inside the URL. */
function trimEnd(text: string, start: number, end: number): number {
  let parens = 0;
  let brackets = 0;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x28) parens++;
    else if (c === 0x29) parens--;
    else if (c === 0x5b) brackets++;
    else if (c === 0x5d) brackets--;
  }
  let e = end;
  while (e > start) {
    const c = text[e - 1];
    if (c === ')' && parens < 0) parens++;
    else if (c === ']' && brackets < 0) brackets++;
    else if (c !== '.' && c !== ',' && c !== ';' && c !== ':' && c !== '!' && c !== '?' && c !== "'") break;
    e--;
  }
  return e;
}

/**
 * Reads the presigned URLs of a text in order, as many at a time as the caller wants, so that a caller
 * that must not hold the thread for long (the editor's problems) reads a big text in slices.
 */
export class PresignedUrlScanner {
  private pos: number;

  constructor(
    private readonly text: string,
    from = 0,
  ) {
    this.pos = from;
  }

  /** True once the whole text has been read. */
  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** The offset reading has reached. */
  get position(): number {
    return this.pos;
  }

  /** Up to `limit` more URLs, reading about `budget` characters at most (one URL may run past it). */
  read(limit = Infinity, budget = Infinity): FoundUrl[] {
    const { text } = this;
    const found: FoundUrl[] = [];
    const stop = this.pos + budget;
    while (found.length < limit && this.pos < stop) {
      const i = text.indexOf('http', this.pos);
      if (i === -1 || i >= stop) {
        this.pos = i === -1 ? text.length : i;
        break;
      }
      const scheme = schemeLength(text, i);
      const before = i > 0 ? text.charCodeAt(i - 1) : 0x20;
      const glued =
        (before >= 0x41 && before <= 0x5a) || (before >= 0x61 && before <= 0x7a) || (before >= 0x30 && before <= 0x39);
      if (scheme === 0 || glued) {
        this.pos = i + 4;
        continue;
      }
      const runEnd = scanEnd(text, i + scheme, i + MAX_URL_LENGTH + 1);
      if (runEnd - i > MAX_URL_LENGTH) {
        // No presigned URL is that long: a run of URL characters, a data URI, a minified blob.
        this.pos = i + MAX_URL_LENGTH;
        continue;
      }
      const end = trimEnd(text, i, runEnd);
      // Anchors are looked for inside the URL only: each character is looked at a bounded number of
      // times, and no search runs ahead through the rest of a big text.
      const candidate = text.slice(i, end);
      if (ANCHORS.some((anchor) => candidate.includes(anchor))) found.push({ start: i, end, text: candidate });
      this.pos = Math.max(end, i + 4);
    }
    return found;
  }
}

/** The presigned URLs of `text` that start at or after `from`, at most `limit` of them. */
export function findPresignedUrls(text: string, limit = Infinity, from = 0): FoundUrl[] {
  return new PresignedUrlScanner(text, from).read(limit);
}

/**
 * The presigned URL that contains `offset`, if any. Reads only the text within MAX_URL_LENGTH of the
 * offset, forward and once (each character a bounded number of times, whatever the line holds: a line of
 * "http" repeated costs what a line of spaces does), so a hover on a 10 MB line costs what it costs on a
 * short one.
 */
export function presignedUrlAt(text: string, offset: number): FoundUrl | undefined {
  const from = Math.max(0, offset - MAX_URL_LENGTH);
  const window = text.slice(from, Math.min(text.length, offset + MAX_URL_LENGTH + 1));
  const at = offset - from;
  // No URL holds a character that cannot be in one: the URL under the offset starts after the last such
  // character before it (in minified JSON, the quote just before it), so only that much is read forward.
  let start = Math.min(at, window.length) - 1;
  while (start >= 0 && (isUrlChar(window.charCodeAt(start)) || window.charCodeAt(start) === 0x5c)) start--;
  const scanner = new PresignedUrlScanner(window, start + 1);
  // Every URL that starts at or before the offset, in order; the one that reaches it, if any.
  for (const found of scanner.read(Infinity, at - start)) {
    if (found.start <= at && found.end >= at) {
      return { start: from + found.start, end: from + found.end, text: found.text };
    }
  }
  return undefined;
}
