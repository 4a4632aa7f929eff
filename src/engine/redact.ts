// Session tokens never leave the engine in clear: every string it returns for display goes through here,
// whatever form the token takes in it — a URL's query (also percent-encoded inside another URL, or
// JSON-escaped), a canonical request's header line, an XML element, or the space-separated hex of S3's
// *Bytes fields. Every regular expression here is linear (no nested or overlapping quantifiers).

/** What a session token is shown as. */
export const redactedToken = (value: string): string => `REDACTED(${value.length} chars)`;

/** "6f 6b 65 6e" is "oken": a byte list that may spell a token's name. */
const HEX_OKEN = /6f 6b 65 6e/i;
/** A run of space-separated hex bytes, as S3's StringToSignBytes and CanonicalRequestBytes write them. */
const BYTE_LIST = /[0-9a-fA-F]{2}(?: [0-9a-fA-F]{2})+/g;

function redactText(text: string): string {
  return (
    text
      // A value ends at the first character no token holds; "\/" (a JSON-escaped "/") is part of it.
      .replace(
        /(X-Amz-Security-Token=)((?:[^&\s"'<>\\]|\\\/)+)/gi,
        (_, name: string, value: string) => name + redactedToken(value),
      )
      // A presigned URL inside another URL's query (a redirect target): "=" and "&" percent-encoded.
      .replace(
        /(X-Amz-Security-Token%3D)((?:(?!%26)[^&\s"'<>\\])+)/gi,
        (_, name: string, value: string) => name + redactedToken(value),
      )
      .replace(
        /(x-amz-security-token:)([^\n]*)/gi,
        (_, name: string, value: string) => name + redactedToken(value.trim()),
      )
      // A POST form's fields as the SDKs print them (JSON, also JSON-escaped in a string, a Python dict).
      .replace(
        /(\\?["']X-Amz-Security-Token\\?["']\s*:\s*\\?["'])((?:[^"'\\]|\\\/|\\u[0-9A-Fa-f]{4})*)/gi,
        (_, name: string, value: string) => name + redactedToken(value),
      )
      // A policy's condition on it, as the policy holds it and as S3 echoes it in "Policy Condition failed".
      .replace(
        /(\\?["']\$X-Amz-Security-Token\\?["']\s*,\s*\\?["'])((?:[^"'\\]|\\\/|\\u[0-9A-Fa-f]{4})*)/gi,
        (_, name: string, value: string) => name + redactedToken(value),
      )
      // An HTML input, its attributes in any order, a quoted value read whole (it may hold ">"). The tag runs
      // to ">" or the end of the text, an open quote to its close or the end: no attempt fails, so each
      // character is read once.
      .replace(/<input\b(?:[^>"']|"[^"]*(?:"|$)|'[^']*(?:'|$))*(?:>|$)/gi, (tag) =>
        /\sname\s*=\s*["']?X-Amz-Security-Token(?=["'\s/>]|$)/i.test(tag)
          ? tag.replace(
              /(\svalue\s*=\s*["']?)([^"'\s>]*)/i,
              (_, name: string, value: string) => name + redactedToken(value),
            )
          : tag,
      )
      // S3 echoes tokens as <Token-0> in ExpiredToken errors; other services as <SecurityToken>.
      .replace(
        /(<(?:X-Amz-Security-Token|Security-?Token|Token-\d+)>)([^<]*)(<\/)/gi,
        (_, open: string, value: string, close: string) => open + redactedToken(value) + close,
      )
  );
}

// TextEncoder and TextDecoder, not Buffer: the decoder's page (a browser) uses this module too.
const toHex = (text: string): string =>
  Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0')).join(' ');
const fromHex = (run: string): string =>
  new TextDecoder().decode(Uint8Array.from(run.split(' '), (pair) => parseInt(pair, 16)));

/** Byte lists that spell a token, decoded, redacted and written back as byte lists. */
function redactByteLists(text: string): string {
  return text.replace(BYTE_LIST, (run) => {
    if (!HEX_OKEN.test(run)) return run;
    const decoded = fromHex(run);
    const redacted = redactText(decoded);
    return redacted === decoded ? run : toHex(redacted);
  });
}

/** Replaces session-token values in URLs, canonical queries, canonical headers and S3 error echoes. */
export function redactSessionTokens(text: string): string {
  // Every form has "oken" in its name, in text or in hex: most text has neither, and is returned as it is.
  const named = /oken/i.test(text);
  const hex = HEX_OKEN.test(text);
  if (!named && !hex) return text;
  const redacted = named ? redactText(text) : text;
  return hex ? redactByteLists(redacted) : redacted;
}

/** A field of an S3 error document: token fields whole, others where they embed a token. */
export function redactErrorField(name: string, value: string): string {
  return /^(Token-\d+|X-Amz-Security-Token|Security-?Token)$/i.test(name)
    ? redactedToken(value)
    : redactSessionTokens(value);
}

/**
 * A computed signature fit to show: whole when it is the one provided (nothing new), else its first 8
 * characters — enough to see where it differs, not enough to make a request the user did not compose.
 */
export function shownSignature(computed: string, provided: string | undefined): string {
  return computed === provided ? computed : `${computed.slice(0, 8)}…`;
}
