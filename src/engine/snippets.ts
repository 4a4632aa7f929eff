// The exact client call for a presigned URL: curl, fetch(), Python requests and an HTML link, with every
// signed header. Hand-written: a few lines of quoting per language, kept exact for the characters keys and
// URLs carry.
import { isControl } from './controls';
import type { PresignedUrl } from './model';
import { guessContentType } from './vocabulary';

export interface ClientRequest {
  readonly url: string;
  readonly method: string;
  /** Headers the client must send with these exact values (the signed ones, e.g. Content-Type). */
  readonly headers: Readonly<Record<string, string>>;
  /** File name for downloads (-o) and uploads (--upload-file). */
  readonly fileName?: string;
}

/** What most file systems take as one name (ext4, APFS and NTFS: 255 bytes or UTF-16 units). */
const MAX_FILE_NAME_BYTES = 255;

const utf8Length = (codePoint: number): number =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/** `name` cut to `max` bytes of UTF-8 at a character boundary, its extension (up to 16 characters) kept. */
function fitName(name: string, max: number): string {
  const bytes = (text: string): number =>
    Array.from(text, (c) => utf8Length(c.codePointAt(0)!)).reduce((a, b) => a + b, 0);
  if (bytes(name) <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let budget = max - bytes(extension);
  let stem = '';
  for (const c of name.slice(0, name.length - extension.length)) {
    budget -= utf8Length(c.codePointAt(0)!);
    if (budget < 0) break;
    stem += c;
  }
  return stem + extension;
}

/**
 * The file name a client saves a key to or uploads it from: the key's last part ("report.csv" of
 * "2025/q3/report.csv"), made safe to put in a command the user runs. A key is chosen by whoever wrote
 * the object, so the name has no path separator ("/" or "\\"), no control character, no leading dot (no
 * `-o .bashrc`, no upload of `.env`), dash or space, and fits a file system; "file" when nothing is left.
 */
export function keyFileName(key: string | undefined): string {
  const last = key === undefined ? '' : key.slice(Math.max(key.lastIndexOf('/'), key.lastIndexOf('\\')) + 1);
  const printable = Array.from(last)
    .filter((c) => !isControl(c.codePointAt(0)!))
    .join('');
  return fitName(printable.replace(/^[.\s-]+/, '').trimEnd(), MAX_FILE_NAME_BYTES) || 'file';
}

/** The longest Content-Disposition read for a file name: S3 keeps header values far shorter in practice. */
const MAX_DISPOSITION_CHARS = 4096;

/** A `filename*` value (RFC 8187: charset'language'percent-encoded), decoded; undefined when unreadable. */
function extendedValue(value: string): string | undefined {
  const quote = value.indexOf("'");
  const second = quote < 0 ? -1 : value.indexOf("'", quote + 1);
  if (second < 0) return undefined;
  const charset = value.slice(0, quote).toLowerCase();
  if (charset !== 'utf-8' && charset !== 'iso-8859-1') return undefined;
  try {
    const encoded = value.slice(second + 1);
    return charset === 'utf-8'
      ? decodeURIComponent(encoded)
      : encoded.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  } catch {
    return undefined;
  }
}

/**
 * The file name a Content-Disposition gives (`attachment; filename="Q3 report.csv"`, or RFC 8187's
 * `filename*=UTF-8''Q3%20report.csv`, which wins when both are there), undefined when it names none. Read
 * in one pass, quotes and backslash escapes honoured: a ";" inside quotes does not end the value.
 *   https://www.rfc-editor.org/rfc/rfc6266#section-4.3
 */
export function dispositionFileName(disposition: string): string | undefined {
  const text = disposition.slice(0, MAX_DISPOSITION_CHARS);
  const params = new Map<string, string>();
  // The parameters follow the disposition type, each after a ";".
  let i = text.indexOf(';');
  while (i >= 0 && i < text.length) {
    i++;
    let name = '';
    while (i < text.length && text[i] !== '=' && text[i] !== ';') name += text[i++];
    if (text[i] !== '=') continue;
    i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
    let value = '';
    if (text[i] === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) value += text[i] === '\\' ? (text[++i] ?? '') : text[i];
      while (i < text.length && text[i] !== ';') i++;
    } else {
      while (i < text.length && text[i] !== ';') value += text[i++];
      value = value.trim();
    }
    const key = name.trim().toLowerCase();
    if (!params.has(key)) params.set(key, value);
  }
  const extended = params.get('filename*');
  const name = (extended !== undefined ? extendedValue(extended) : undefined) ?? params.get('filename');
  return name === undefined || name.trim() === '' ? undefined : name;
}

/**
 * The name a download of `url` is saved under: the file name its response-content-disposition asks for
 * (the one the user chose when presigning), else the key's last part; made safe as keyFileName says.
 */
export function downloadFileName(url: PresignedUrl): string {
  const disposition = url.params.find((p) => p.lowerName === 'response-content-disposition')?.value;
  const chosen = disposition === undefined ? undefined : dispositionFileName(disposition);
  return keyFileName(chosen ?? url.key);
}

/**
 * The request a presigned URL makes, as far as the URL tells: the values of signed headers other than host
 * are not in it, so they show as a placeholder the user fills in.
 */
export function clientRequestOf(url: PresignedUrl): ClientRequest {
  return {
    url: url.url,
    method: url.methodHint?.method ?? 'GET',
    headers: Object.fromEntries(
      url.signedHeaders.filter((h) => h !== 'host').map((h) => [h, '<the value it was signed with>']),
    ),
    fileName: downloadFileName(url),
  };
}

/** A POSIX shell word: single-quoted, with embedded quotes closed and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const jsString = (text: string): string => JSON.stringify(text);
const pyString = (text: string): string =>
  `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

export function curlCommand(req: ClientRequest): string {
  const parts = ['curl'];
  const file = req.fileName ?? 'file';
  if (req.method === 'HEAD') parts.push('--head');
  else if (req.method !== 'GET' && req.method !== 'PUT') parts.push('-X', req.method);
  for (const [name, value] of Object.entries(req.headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (req.method === 'PUT') parts.push('--upload-file', shellQuote(file));
  if (req.method === 'GET') parts.push('-o', shellQuote(file));
  parts.push('--fail-with-body', shellQuote(req.url));
  return parts.join(' ');
}

export function fetchCall(req: ClientRequest): string {
  const headers = Object.keys(req.headers).length
    ? `,\n  headers: ${JSON.stringify(req.headers, null, 2).replace(/\n/g, '\n  ')}`
    : '';
  const body = req.method === 'PUT' ? ',\n  body: file, // a Blob, File, Buffer or stream of the upload' : '';
  return `const response = await fetch(${jsString(req.url)}, {\n  method: ${jsString(req.method)}${headers}${body},\n});\nif (!response.ok) throw new Error(\`\${response.status}: \${await response.text()}\`);`;
}

export function pythonRequests(req: ClientRequest): string {
  const lines = ['import requests', '', `url = ${pyString(req.url)}`];
  const headers = Object.entries(req.headers);
  if (headers.length) lines.push(`headers = {${headers.map(([k, v]) => `${pyString(k)}: ${pyString(v)}`).join(', ')}}`);
  const args = ['url', ...(headers.length ? ['headers=headers'] : [])];
  if (req.method === 'PUT') {
    lines.push(
      `with open(${pyString(req.fileName ?? 'file')}, 'rb') as body:`,
      `    response = requests.put(${[...args, 'data=body'].join(', ')})`,
    );
  } else {
    lines.push(`response = requests.${req.method.toLowerCase()}(${args.join(', ')})`);
  }
  lines.push('response.raise_for_status()');
  return lines.join('\n');
}

const htmlEscape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * HTML that uses a download URL: an `<img>` for an image, else a link named after the file. Only a GET URL
 * fits in a page: undefined for the other methods. (A cross-origin link's `download` attribute is ignored by
 * browsers, so none is written: the URL's response-content-disposition names the saved file.)
 */
export function htmlSnippet(req: ClientRequest): string | undefined {
  if (req.method !== 'GET') return undefined;
  const name = req.fileName ?? 'file';
  const src = htmlEscape(req.url);
  return guessContentType(name).startsWith('image/')
    ? `<img src="${src}" alt="${htmlEscape(name)}">`
    : `<a href="${src}">${htmlEscape(name)}</a>`;
}
