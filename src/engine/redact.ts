// Session tokens never leave the engine in clear: every string it returns for display goes through here.

/** What a session token is shown as. */
export const redactedToken = (value: string): string => `REDACTED(${value.length} chars)`;

/** Replaces session-token values in URLs, canonical queries, canonical headers and S3 error echoes. */
export function redactSessionTokens(text: string): string {
  return text
    .replace(/(X-Amz-Security-Token=)([^&\s"'<>]+)/gi, (_, name: string, value: string) => name + redactedToken(value))
    .replace(/(x-amz-security-token:)([^\n]*)/gi, (_, name: string, value: string) => name + redactedToken(value.trim()))
    .replace(/(<(?:X-Amz-)?Security-?Token>)([^<]*)(<\/)/gi, (_, open: string, value: string, close: string) => open + redactedToken(value) + close);
}
