// Control characters in untrusted text (file names, keys, URLs, S3 error documents, a header typed by the
// user): shown escaped in a terminal, so that no escape sequence, carriage return or backspace reaches it
// raw, and refused where they would change an HTTP request. One pass over the text, no regular expression.

/** C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F): what a terminal may act on. */
export const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f);

const SHORT_ESCAPES: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

const escapeOne = (code: number): string => SHORT_ESCAPES[code] ?? `\\x${code.toString(16).padStart(2, '0')}`;

function escapeWhere(text: string, escaped: (code: number) => boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!escaped(code)) continue;
    out += text.slice(from, i) + escapeOne(code);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** `text` on one line: every control character, newline and tab included, as `\n`, `\t`, `\x1b`… */
export function escapeControlCharacters(text: string): string {
  return escapeWhere(text, isControl);
}

/**
 * Text for a terminal: lines and tabs kept, every other control character escaped (ESC, CR, backspace,
 * DEL, the C1 range whose U+009B is a CSI to some terminals).
 */
export function terminalText(text: string): string {
  return escapeWhere(text, (code) => isControl(code) && code !== 0x0a && code !== 0x09);
}

/** RFC 9110 token characters: what a header name is made of. */
const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Why `name: value` cannot be an HTTP header, or undefined when it can: a name that is not a token, or a
 * value with a control character other than a tab (RFC 9110 §5.5), a CR or LF above all, which would end
 * the header and start another.
 */
export function headerProblem(name: string, value: string): string | undefined {
  if (!TCHAR.test(name)) return `the header name "${escapeControlCharacters(name)}" is not an HTTP token`;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isControl(code) && code !== 0x09)
      return `the value of ${name} holds the control character ${escapeOne(code)}, which no HTTP header may`;
  }
  return undefined;
}
