// A small XML reader for the one document S3 exchanges here, <CORSConfiguration>: elements, text,
// entities, CDATA, comments and the prolog; no DTD (S3 takes none, and entity definitions are a way to
// make a short input expand). One pass with indexOf, so linear in the input; depth and element counts are
// capped.

export interface XmlElement {
  /** Local name: a `prefix:` is dropped. */
  readonly name: string;
  readonly children: XmlElement[];
  /** The element's own text, entities decoded. */
  text: string;
}

export type XmlResult =
  { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly error: string };

const MAX_DEPTH = 16;
const MAX_ELEMENTS = 100_000;
const NAMED_ENTITIES: Readonly<Record<string, string | undefined>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};
const NAME = /^[A-Za-z_][\w.:-]*$/;

/** `raw` with its entities decoded, or undefined for a `&` that starts no known entity. One pass. */
function decodeEntities(raw: string): string | undefined {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  const parts: string[] = [];
  let from = 0;
  while (amp !== -1) {
    const semi = raw.indexOf(';', amp + 1);
    // Entities are short: a `;` further away than the longest (&#x10FFFF;) means none.
    if (semi === -1 || semi - amp > 9) return undefined;
    const decoded = decodeEntity(raw.slice(amp + 1, semi));
    if (decoded === undefined) return undefined;
    parts.push(raw.slice(from, amp), decoded);
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  parts.push(raw.slice(from));
  return parts.join('');
}

function decodeEntity(body: string): string | undefined {
  const named = NAMED_ENTITIES[body];
  if (named !== undefined) return named;
  const code = /^#x[0-9a-fA-F]{1,6}$/.test(body)
    ? parseInt(body.slice(2), 16)
    : /^#[0-9]{1,7}$/.test(body)
      ? parseInt(body.slice(1), 10)
      : NaN;
  if (Number.isNaN(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return String.fromCodePoint(code);
}

/** The index just past the `>` that closes a tag opened at `from`, skipping quoted attribute values. */
function tagEnd(text: string, from: number): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return -1;
}

export function readXml(text: string): XmlResult {
  const fail = (error: string): XmlResult => ({ ok: false, error });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let i = 0;
  const addText = (raw: string): string | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return raw.trim() === '' ? undefined : 'text outside the root element';
    const decoded = decodeEntities(raw);
    if (decoded === undefined) return `an unknown or malformed entity in "${raw.slice(0, 40)}"`;
    top.text += decoded;
    return undefined;
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const error = addText(lt === -1 ? text.slice(i) : text.slice(i, lt));
    if (error) return fail(`Not valid XML: ${error}.`);
    if (lt === -1) break;
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) return fail('Not valid XML: an unclosed <? … ?>.');
      i = end + 2;
    } else if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end === -1) return fail('Not valid XML: an unclosed comment.');
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      const top = stack[stack.length - 1];
      if (end === -1 || !top) return fail('Not valid XML: a CDATA section outside an element or unclosed.');
      top.text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<!', lt)) {
      return fail('Not valid XML for S3: a DOCTYPE or declaration (S3 accepts none).');
    } else {
      const end = tagEnd(text, lt + 1);
      if (end === -1) return fail('Not valid XML: an unclosed tag.');
      const inner = text.slice(lt + 1, end - 1);
      i = end;
      if (inner.startsWith('/')) {
        const name = inner.slice(1).trim();
        const open = stack.pop();
        if (!open || localName(name) !== open.name) return fail(`Not valid XML: </${name}> closes nothing open.`);
        continue;
      }
      const selfClosing = inner.endsWith('/');
      const name = (selfClosing ? inner.slice(0, -1) : inner).trim().split(/\s/, 1)[0] ?? '';
      if (!NAME.test(name)) return fail(`Not valid XML: "<${inner.slice(0, 40)}>" is not a tag.`);
      if (++elements > MAX_ELEMENTS) return fail(`Too many XML elements (over ${MAX_ELEMENTS}).`);
      const element: XmlElement = { name: localName(name), children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) return fail('Not valid XML: more than one root element.');
      else root = element;
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) return fail(`XML nested deeper than ${MAX_DEPTH} levels.`);
        stack.push(element);
      }
    }
  }
  const open = stack[stack.length - 1];
  if (open) return fail(`Not valid XML: <${open.name}> is never closed.`);
  if (!root) return fail('Not valid XML: no root element.');
  return { ok: true, root };
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
