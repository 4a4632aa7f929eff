// findPostPolicies: presigned POST policies in any text (code, JSON, HTML forms, logs), with offsets, in time
// linear in the text, no regular expression. A policy is base64 of a JSON document, and every one the SDKs
// write starts with {"expiration" or {"conditions" (base64 "eyJleHBpcmF0aW9uIj", "eyJjb25kaXRpb25zIj"):
// `indexOf` finds those starts, one pass reads the base64 run, and a signature field must stand near it
// (X-Amz-Signature, or SigV2's signature), which tells a form from any other base64 JSON.

export interface FoundPostPolicy {
  /** Offset of the policy's first character, in UTF-16 code units. */
  readonly start: number;
  /** Offset after its last character. */
  readonly end: number;
  /** The policy field's value: base64. */
  readonly text: string;
}

/** How every SDK's policy starts, base64-encoded: {"expiration" and {"conditions". */
const POLICY_STARTS = ['eyJleHBpcmF0aW9uIj', 'eyJjb25kaXRpb25zIj'];
/** The signature field a form carries beside its policy, as written in code, JSON and HTML. */
const SIGNATURE_NAMES = ['X-Amz-Signature', 'x-amz-signature', 'X-AMZ-SIGNATURE', 'signature', 'Signature'];
/** How far from the policy its signature field may stand (fields are listed together). */
const NEAR = 2048;
/** Shorter than no policy; longer than any (S3 takes 20 KB of fields before the file). */
const MIN_POLICY_LENGTH = 40;
const MAX_POLICY_LENGTH = 32 * 1024;

/** Base64's alphabet without "=", which only pads the end (so "Policy=eyJ…" starts a policy after it). */
const BASE64_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_CHAR[c.charCodeAt(0)] = 1;
const isBase64Char = (code: number): boolean => code < 128 && BASE64_CHAR[code] === 1;
const EQUALS = 0x3d;

/**
 * The next occurrence of any of a few names at or after a position, for positions that only grow: each
 * name's next occurrence is kept until passed, so the whole text is searched once per name.
 */
class Occurrences {
  private readonly next: number[];
  private readonly last: number[];

  constructor(
    private readonly text: string,
    private readonly names: readonly string[],
  ) {
    this.next = names.map(() => -2);
    this.last = names.map(() => -1);
  }

  /** Whether one of the names occurs within [from, to); `from` never decreases between calls. */
  within(from: number, to: number): boolean {
    for (let i = 0; i < this.names.length; i++) {
      if (this.last[i]! >= from && this.last[i]! < to) return true;
      if (this.next[i] === -1) continue;
      if (this.next[i]! < from) this.next[i] = this.text.indexOf(this.names[i]!, from);
      const at = this.next[i]!;
      if (at !== -1 && at < to) {
        this.last[i] = at;
        return true;
      }
    }
    return false;
  }
}

/** Reads the POST policies of a text in order, as many at a time as the caller wants (see PresignedUrlScanner). */
export class PostPolicyScanner {
  private pos: number;
  private readonly signatures: Occurrences;

  constructor(
    private readonly text: string,
    from = 0,
  ) {
    this.pos = from;
    this.signatures = new Occurrences(text, SIGNATURE_NAMES);
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** The offset reading has reached. */
  get position(): number {
    return this.pos;
  }

  /** Where each policy start next occurs (kept until passed: the text is searched once per start). */
  private readonly starts = POLICY_STARTS.map(() => -2);

  /** The next start of a policy at or after `from`, or -1. */
  private nextStart(from: number): number {
    let best = -1;
    for (let k = 0; k < POLICY_STARTS.length; k++) {
      if (this.starts[k] !== -1 && this.starts[k]! < from) this.starts[k] = this.text.indexOf(POLICY_STARTS[k]!, from);
      const at = this.starts[k]!;
      if (at !== -1 && (best === -1 || at < best)) best = at;
    }
    return best;
  }

  /** Up to `limit` more policies, reading about `budget` characters at most (one policy may run past it). */
  read(limit = Infinity, budget = Infinity): FoundPostPolicy[] {
    const { text } = this;
    const found: FoundPostPolicy[] = [];
    const stop = this.pos + budget;
    while (found.length < limit && this.pos < stop) {
      const i = this.nextStart(this.pos);
      if (i === -1 || i >= stop) {
        this.pos = i === -1 ? text.length : i;
        break;
      }
      // Inside a longer base64 run (another document's bytes), it is no policy's start.
      if (i > 0 && isBase64Char(text.charCodeAt(i - 1))) {
        this.pos = i + 1;
        continue;
      }
      let end = i;
      const last = Math.min(text.length, i + MAX_POLICY_LENGTH + 1);
      while (end < last && isBase64Char(text.charCodeAt(end))) end++;
      for (let pad = 0; pad < 2 && end < last && text.charCodeAt(end) === EQUALS; pad++) end++;
      this.pos = end;
      if (end < text.length && isBase64Char(text.charCodeAt(end))) continue;
      const length = end - i;
      if (length > MAX_POLICY_LENGTH || length < MIN_POLICY_LENGTH || length % 4 !== 0) continue;
      if (!this.signatures.within(Math.max(0, i - NEAR), end + NEAR)) continue;
      found.push({ start: i, end, text: text.slice(i, end) });
    }
    return found;
  }
}

/** The POST policies of `text` that start at or after `from`, at most `limit` of them. */
export function findPostPolicies(text: string, limit = Infinity, from = 0): FoundPostPolicy[] {
  return new PostPolicyScanner(text, from).read(limit);
}

/** How far around an offset postPolicyAt reads: a policy's length and its signature field's distance. */
export const POLICY_REACH = MAX_POLICY_LENGTH + NEAR;

/**
 * The POST policy that contains `offset`, if any, reading only the text within reach of it (a policy and its
 * signature field's distance): a hover on a 10 MB line costs what it costs on a short one.
 */
export function postPolicyAt(text: string, offset: number): FoundPostPolicy | undefined {
  const reach = POLICY_REACH;
  const from = Math.max(0, offset - reach);
  const window = text.slice(from, Math.min(text.length, offset + reach));
  const at = offset - from;
  // The policy under the offset starts after the last character before it that no base64 has.
  let start = Math.min(at, window.length) - 1;
  while (start >= 0 && window.charCodeAt(start) === EQUALS) start--;
  while (start >= 0 && isBase64Char(window.charCodeAt(start))) start--;
  const found = new PostPolicyScanner(window, start + 1).read(1, 1)[0];
  return found && found.start <= at && found.end >= at
    ? { start: from + found.start, end: from + found.end, text: found.text }
    : undefined;
}
