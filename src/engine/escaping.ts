// Escaping in both directions: a URL written back into a file the way the one it replaces was written
// (JSON-escaped, HTML-escaped or plain, so that a quick fix leaves the file valid), and URL-derived text
// put into hover Markdown so that it renders as the text it is.

export function escapeLike(url: string, original: string): string {
  let out = url;
  if (original.includes('&amp;')) out = out.replace(/&/g, '&amp;');
  if (/\\u0026/i.test(original)) out = out.replace(/&/g, '\\u0026');
  if (original.includes('\\/')) out = out.replace(/\//g, '\\/');
  return out;
}

/**
 * Text for trusted Markdown that renders as itself: every ASCII punctuation mark is backslash-escaped
 * (CommonMark allows it for all of them), so no emphasis, link, autolink, HTML tag or entity can form;
 * `$(icon)` is escaped the way VS Code escapes icons (a backslash the icon renderer honours after
 * Markdown has been parsed); runs of spaces keep their width and control characters show as their
 * Unicode control pictures, so a key with a stray newline or tab is visible as such.
 */
export function markdownText(text: string): string {
  return (
    text
      .replace(/[!-/:-@[-`{-~]/g, (c, at: number, all: string) =>
        c === '$' && all[at + 1] === '(' ? '\\\\$' : `\\${c}`,
      )
      .replace(/ {2,}/g, (run) => '&nbsp;'.repeat(run.length))
      // oxlint-disable-next-line no-control-regex -- control characters are exactly what this replaces
      .replace(/[\u0000-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
  );
}
