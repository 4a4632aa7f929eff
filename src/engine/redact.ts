// Session tokens never leave the engine in clear: every string it returns for display goes through here.

/** What a session token is shown as. */
export const redactedToken = (value: string): string => `REDACTED(${value.length} chars)`;

/** Replaces session-token values in URLs, canonical queries, canonical headers and S3 error echoes. */
export function redactSessionTokens(text: string): string {
  // Every form below has "oken" in its name: most text has none, and is returned as it is.
  if (!/oken/i.test(text)) return text;
  return (
    text
      .replace(
        /(X-Amz-Security-Token=)([^&\s"'<>]+)/gi,
        (_, name: string, value: string) => name + redactedToken(value),
      )
      .replace(
        /(x-amz-security-token:)([^\n]*)/gi,
        (_, name: string, value: string) => name + redactedToken(value.trim()),
      )
      // S3 echoes tokens as <Token-0> in ExpiredToken errors; other services as <SecurityToken>.
      .replace(
        /(<(?:X-Amz-Security-Token|Security-?Token|Token-\d+)>)([^<]*)(<\/)/gi,
        (_, open: string, value: string, close: string) => open + redactedToken(value) + close,
      )
  );
}

/** A field of an S3 error document: token fields whole, others where they embed a token. */
export function redactErrorField(name: string, value: string): string {
  return /^(Token-\d+|X-Amz-Security-Token|Security-?Token)$/i.test(name)
    ? redactedToken(value)
    : redactSessionTokens(value);
}
