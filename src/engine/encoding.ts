// Byte-exact percent-encoding, as SigV4 canonicalisation needs it. Every function here is total: malformed
// escapes and invalid UTF-8 never throw (encodeURIComponent and decodeURIComponent both can). Hand-written
// because SigV4 needs exact bytes: RFC 3986 unreserved set, upper-case hex, `/` kept or not, `+` read either way.

const HEX = '0123456789ABCDEF';
const utf8 = new TextEncoder();
const utf8Lenient = new TextDecoder('utf-8', { fatal: false });
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** RFC 3986 unreserved characters, which SigV4 leaves as they are. */
function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** Percent-encodes bytes as SigV4 wants: unreserved bytes kept, everything else `%XX` upper-case. */
function encodeBytes(bytes: Uint8Array, keepSlash: boolean): string {
  let out = '';
  for (const b of bytes) {
    if (isUnreserved(b) || (keepSlash && b === 0x2f)) out += String.fromCharCode(b);
    else out += '%' + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

/** SigV4's UriEncode of a decoded string (UTF-8). `/` is kept when `keepSlash`. */
export function uriEncode(value: string, keepSlash = false): string {
  return encodeBytes(utf8.encode(value), keepSlash);
}

export interface DecodedBytes {
  readonly bytes: Uint8Array;
  /** A `%` not followed by two hex digits was kept as a literal `%`. */
  readonly malformedEscape: boolean;
}

/**
 * Decodes `%XX` escapes to bytes; other characters become their UTF-8 bytes. With `plusIsSpace`, `+`
 * is a space, as in query strings (application/x-www-form-urlencoded).
 */
function percentDecodeBytes(raw: string, plusIsSpace: boolean): DecodedBytes {
  const out: number[] = [];
  let malformedEscape = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25) {
      const hi = i + 2 < raw.length ? hexValue(raw.charCodeAt(i + 1)) : -1;
      const lo = hi >= 0 ? hexValue(raw.charCodeAt(i + 2)) : -1;
      if (hi >= 0 && lo >= 0) {
        out.push((hi << 4) | lo);
        i += 2;
        continue;
      }
      malformedEscape = true;
      out.push(0x25);
    } else if (plusIsSpace && c === 0x2b) {
      out.push(0x20);
    } else if (c < 0x80) {
      out.push(c);
    } else {
      // A run of non-ASCII characters (surrogate pairs included) encoded in one go.
      let j = i + 1;
      while (j < raw.length && raw.charCodeAt(j) >= 0x80) j++;
      for (const b of utf8.encode(raw.slice(i, j))) out.push(b);
      i = j - 1;
    }
  }
  return { bytes: Uint8Array.from(out), malformedEscape };
}

/**
 * Decodes percent-escapes with the native decoder, for the well-formed input that is nearly all input;
 * undefined on a malformed escape or invalid UTF-8 (then `percentDecode` says which).
 */
export function percentDecodeFast(raw: string, plusIsSpace = false): string | undefined {
  const spaced = plusIsSpace && raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}

/** Decodes percent-escapes to a string; invalid UTF-8 becomes U+FFFD (flagged by `validUtf8`). */
export function percentDecode(
  raw: string,
  plusIsSpace = false,
): { value: string; validUtf8: boolean; malformedEscape: boolean } {
  const fast = percentDecodeFast(raw, plusIsSpace);
  if (fast !== undefined) return { value: fast, validUtf8: true, malformedEscape: false };
  const { bytes, malformedEscape } = percentDecodeBytes(raw, plusIsSpace);
  try {
    return { value: utf8Strict.decode(bytes), validUtf8: true, malformedEscape };
  } catch {
    return { value: utf8Lenient.decode(bytes), validUtf8: false, malformedEscape };
  }
}

/**
 * The canonical form S3 computes for a component as received: escapes decoded to bytes, then encoded
 * again (so `%7e` becomes `~`, `%2f` becomes `%2F`, a raw space becomes `%20`).
 */
export function canonicalizeEncoded(raw: string, keepSlash: boolean, plusIsSpace: boolean): string {
  return encodeBytes(percentDecodeBytes(raw, plusIsSpace).bytes, keepSlash);
}
