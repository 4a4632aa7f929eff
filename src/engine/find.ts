// findPresignedUrls: presigned URLs in any text (code, JSON, HTML, Markdown, logs), with offsets, in time
// linear in the text. No regular expression: `indexOf` finds each "http", one pass reads the URL's
// characters, and each anchor ("X-Amz-Signature"…) is searched with a pointer that only moves forward.

export interface FoundUrl {
  /** Offset of the first character, in UTF-16 code units. */
  readonly start: number;
  /** Offset after the last character. */
  readonly end: number;
  readonly text: string;
}

/** ASCII characters that can appear in a URL as written in text (RFC 3986 plus `%`, `\` for JSON escapes). */
const URL_CHAR = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&()*+,;=%\\") URL_CHAR[c.charCodeAt(0)] = 1;

/** Non-ASCII characters that end a URL in prose: spaces and typographic quotes. */
const NON_ASCII_STOPS = new Set([0x00a0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff, 0x201c, 0x201d, 0x2018, 0x2019, 0x00ab, 0x00bb]);

/** Parameters that only presigned URLs carry; a URL with one of them is reported. */
const ANCHORS = ['X-Amz-Signature', 'X-Amz-Credential', 'x-amz-signature', 'x-amz-credential', 'AWSAccessKeyId'];

function isUrlChar(code: number): boolean {
  if (code < 128) return URL_CHAR[code] === 1;
  return !NON_ASCII_STOPS.has(code) && !(code >= 0x2000 && code <= 0x200b);
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

/** End of the URL that starts at `start`: the first character that cannot be part of it. */
function scanEnd(text: string, from: number): number {
  let j = from;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) {
      // A backslash belongs to the URL only as a JSON escape: \/ or \uXXXX.
      if (text.charCodeAt(j + 1) === 0x2f) {
        j += 2;
        continue;
      }
      if (text.charCodeAt(j + 1) === 0x75 && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
        j += 6;
        continue;
      }
      break;
    }
    if (!isUrlChar(c)) break;
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

export function findPresignedUrls(text: string, limit = Infinity): FoundUrl[] {
  const found: FoundUrl[] = [];
  const next = ANCHORS.map(() => -1);
  let pos = 0;
  while (found.length < limit) {
    const i = text.indexOf('http', pos);
    if (i === -1) break;
    const scheme = schemeLength(text, i);
    const before = i > 0 ? text.charCodeAt(i - 1) : 0x20;
    const glued = (before >= 0x41 && before <= 0x5a) || (before >= 0x61 && before <= 0x7a) || (before >= 0x30 && before <= 0x39);
    if (scheme === 0 || glued) {
      pos = i + 4;
      continue;
    }
    const end = trimEnd(text, i, scanEnd(text, i + scheme));
    let presigned = false;
    for (let a = 0; a < ANCHORS.length; a++) {
      if (next[a]! < i && next[a] !== Infinity) {
        const at = text.indexOf(ANCHORS[a]!, i);
        next[a] = at === -1 ? Infinity : at;
      }
      if (next[a]! < end) presigned = true;
    }
    if (presigned) found.push({ start: i, end, text: text.slice(i, end) });
    pos = Math.max(end, i + 4);
  }
  return found;
}
