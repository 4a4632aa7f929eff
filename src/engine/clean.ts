// Turns what people paste into the URL they meant: wrappers, entities, JSON escapes, wrapped lines,
// a missing scheme. Each step that changed something is reported, so the user knows what was assumed.
// Every regular expression here is linear (no nested or overlapping quantifiers).
import { plural } from './plural';

export type CleanupCode =
  | 'WRAPPER'
  | 'MARKDOWN_LINK'
  | 'HTML_ATTRIBUTE'
  | 'HTML_ENTITIES'
  | 'JSON_ESCAPES'
  | 'QUOTED_PRINTABLE'
  | 'WHITESPACE'
  | 'TRAILING_PUNCTUATION'
  | 'ADDED_SCHEME';

export interface Cleanup {
  readonly code: CleanupCode;
  readonly description: string;
}

const WRAPPERS: readonly (readonly [string, string])[] = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['<', '>'],
  ['(', ')'],
  ['[', ']'],
];

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** HTML and XML character references; out-of-range code points are left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g, (whole, name: string) => {
    if (name.startsWith('#x')) return codePoint(parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith('#')) return codePoint(parseInt(name.slice(1), 10)) ?? whole;
    return NAMED_ENTITIES[name] ?? whole;
  });
}

function codePoint(n: number): string | undefined {
  return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

/** Anything any clean-up below could act on; a URL without any of it is returned as it is. */
const MAY_NEED_CLEANING = /[\s\\<>"'`[\]()]|&#?[a-zA-Z0-9]{2,7};|=3D/;
const TRAILING_PUNCTUATION = /[.,;:!?]/;

export function cleanPastedUrl(input: string): { url: string; cleanups: Cleanup[] } {
  if (
    /^https?:\/\//i.test(input) &&
    !TRAILING_PUNCTUATION.test(input.charAt(input.length - 1)) &&
    !MAY_NEED_CLEANING.test(input)
  ) {
    return { url: input, cleanups: [] };
  }
  const cleanups: Cleanup[] = [];
  let s = input.trim();

  // A Markdown link or an HTML attribute: keep the address only.
  const markdown = /^\[[^\]\n]{0,1000}\]\(([^)\s]{1,100000})\)$/.exec(s);
  if (markdown?.[1]) {
    s = markdown[1];
    cleanups.push({ code: 'MARKDOWN_LINK', description: 'took the address out of a Markdown link' });
  }
  const attribute = /^<a\s[^>]{0,200}?href\s*=\s*(["'])([^"']{1,100000})\1/i.exec(s);
  if (attribute?.[2]) {
    s = attribute[2];
    cleanups.push({ code: 'HTML_ATTRIBUTE', description: 'took the address out of an HTML link' });
  }

  for (let changed = true; changed && s.length >= 2;) {
    changed = false;
    for (const [open, close] of WRAPPERS) {
      if (s.startsWith(open) && s.endsWith(close)) {
        s = s.slice(open.length, -close.length).trim();
        cleanups.push({ code: 'WRAPPER', description: `removed surrounding ${open}${close}` });
        changed = true;
      }
    }
  }

  if (/\\u[0-9a-fA-F]{4}|\\\//.test(s)) {
    s = s
      .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/\\\//g, '/');
    cleanups.push({ code: 'JSON_ESCAPES', description: 'decoded JSON escapes (\\u0026, \\/)' });
  }

  const decoded = decodeEntities(s);
  if (decoded !== s) {
    s = decoded;
    cleanups.push({ code: 'HTML_ENTITIES', description: 'decoded HTML entities (&amp; → &)' });
  }

  // Raw e-mail source: quoted-printable soft line breaks ("=" at a line end) and "=3D" for "=". Only when
  // every parameter's "=" is written "=3D": a line merely wrapped after an "=", or a signature that
  // happens to start with "3D", is not quoted-printable.
  const softJoined = s.replace(/=\r?\n/g, '');
  if (/[?&][^=&\s]+=3D/.test(softJoined) && !/[?&][^=&\s]+=(?!3D)/.test(softJoined)) {
    s = softJoined.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    cleanups.push({
      code: 'QUOTED_PRINTABLE',
      description: 'decoded quoted-printable e-mail text (=3D, soft line breaks)',
    });
  }

  // Lines wrapped by e-mail clients, terminals or logs, with any quoting ("> ") at the start of a line.
  if (/\s/.test(s)) {
    const before = s.length;
    s = s.replace(/\r?\n[ \t>]*/g, '').replace(/\s+/g, '');
    cleanups.push({
      code: 'WHITESPACE',
      description: `removed ${plural(before - s.length, 'line break and space character')}`,
    });
  }

  const trailing = /[.,;:!?]+$/.exec(s);
  if (trailing && /[?&](X-Amz-Signature|Signature)=[^&]*$/i.test(s.slice(0, trailing.index))) {
    s = s.slice(0, trailing.index);
    cleanups.push({ code: 'TRAILING_PUNCTUATION', description: `removed trailing "${trailing[0]}"` });
  }

  if (s.startsWith('//')) {
    s = `https:${s}`;
    cleanups.push({ code: 'ADDED_SCHEME', description: 'added https: (the address started with //)' });
  } else if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(s)) {
    s = `https://${s}`;
    cleanups.push({ code: 'ADDED_SCHEME', description: 'added https:// (no scheme was given)' });
  }
  return { url: s, cleanups };
}
