// Where docs/findings.md explains a problem code: the anchor of its section as VS Code's Markdown preview
// names headings (GitHub's way: lower case, punctuation dropped, each space a hyphen), so that a problem's
// code link opens the rendered section, not the source at its top. Pure: no vscode import.

/** Punctuation the Markdown preview drops from a heading's anchor (`_` and `-` stay). */
const DROPPED = /[!-,./:-@[-^`{-~]/g;

/** The anchor VS Code's Markdown preview gives a heading. */
export function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(DROPPED, '').replace(/\s/g, '-');
}

/**
 * The anchor and 0-based line of the `##` heading that names `code` (a heading may name several: "SIGV2 /
 * SIGV4A"), or undefined when none does.
 */
export function findingSection(markdown: string, code: string): { anchor: string; line: number } | undefined {
  const lines = markdown.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line]!;
    if (!text.startsWith('## ')) continue;
    const heading = text.slice(3);
    if (heading.split(/[\s/]+/).includes(code)) return { anchor: headingAnchor(heading), line };
  }
  return undefined;
}
