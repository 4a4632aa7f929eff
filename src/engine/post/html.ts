// Reads an HTML upload form as a browser would submit it: the <form>'s action, then every successful
// control in document order (named inputs; checkboxes and radios only when checked; textareas), with
// the file input marking where the file goes. Pasted HTML is untrusted: one left-to-right scan with
// indexOf and character tests (no regular expression over the document), and caps on size and count.
import { decodeEntities } from '../clean';
import { MAX_FORM_ENTRIES, type RawEntry, type RawForm } from './rawForm';

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isNameChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9:_-]/.test(c);

/**
 * indexOf whose answers are remembered: the scan only moves forward, so a needle once found at (or
 * missing after) a position is not searched again. This keeps hostile input (thousands of unclosed
 * quotes or textareas) linear.
 */
function forwardSearch(text: string): (needle: string, from: number) => number {
  const memo = new Map<string, { from: number; at: number }>();
  return (needle, from) => {
    let m = memo.get(needle);
    if (m && m.from <= from && (m.at === -1 || m.at >= from)) return m.at;
    if (!m) memo.set(needle, (m = { from, at: -1 }));
    m.from = from;
    m.at = text.indexOf(needle, from);
    return m.at;
  };
}

type Find = (needle: string, from: number) => number;

interface Tag {
  /** Lower-case name; `/form` for an end tag. */
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** Index just after the tag's `>`. */
  readonly end: number;
}

/** The tag starting at `<` (index `at`), or undefined when the text there is not a tag. */
function readTag(text: string, at: number, find: Find): Tag | undefined {
  let i = at + 1;
  const closing = text[i] === '/';
  if (closing) i++;
  const nameStart = i;
  while (isNameChar(text[i])) i++;
  if (i === nameStart) return undefined;
  const name = (closing ? '/' : '') + text.slice(nameStart, i).toLowerCase();
  const attributes = new Map<string, string>();
  while (i < text.length) {
    while (isSpace(text[i]) || text[i] === '/') i++;
    if (text[i] === '>') return { name, attributes, end: i + 1 };
    // A "<" outside quotes ends the attempt, so a run of unclosed tags is scanned once, not once per tag.
    const attrStart = i;
    while (i < text.length && !isSpace(text[i]) && !'=>/<'.includes(text[i]!)) i++;
    if (i === attrStart) return undefined;
    const attr = text.slice(attrStart, i).toLowerCase();
    while (isSpace(text[i])) i++;
    let value = '';
    if (text[i] === '=') {
      i++;
      while (isSpace(text[i])) i++;
      const quote = text[i];
      if (quote === '"' || quote === "'") {
        const close = find(quote, i + 1);
        if (close === -1) return undefined;
        value = text.slice(i + 1, close);
        i = close + 1;
      } else {
        const valueStart = i;
        while (i < text.length && !isSpace(text[i]) && text[i] !== '>' && text[i] !== '<') i++;
        value = text.slice(valueStart, i);
      }
    }
    if (!attributes.has(attr)) attributes.set(attr, decodeEntities(value));
  }
  return undefined;
}

/** Whether `text` has the lower-case ASCII `name` at `at`, in any case (compared without copying). */
function hasNameAt(text: string, at: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) if ((text.charCodeAt(at + k) | 0x20) !== name.charCodeAt(k)) return false;
  return !isNameChar(text[at + name.length]);
}

/** Index of the `</name` end tag at or after `from` (any case), or -1. */
function endTagIndex(text: string, name: string, from: number, find: Find): number {
  let i = find('</', from);
  while (i !== -1) {
    if (hasNameAt(text, i + 2, name)) return i;
    i = find('</', i + 2);
  }
  return -1;
}

export function readHtmlForm(text: string): RawForm | string {
  const entries: RawEntry[] = [];
  const notes: string[] = [];
  let url: string | undefined;
  let formSeen = false;
  const find = forwardSearch(text);
  let i = text.indexOf('<');
  while (i !== -1 && i < text.length) {
    if (text.startsWith('<!--', i)) {
      const close = find('-->', i + 4);
      if (close === -1) break;
      i = text.indexOf('<', close + 3);
      continue;
    }
    const tag = readTag(text, i, find);
    if (!tag) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    let next = tag.end;
    const a = tag.attributes;
    if (tag.name === 'form') {
      if (formSeen) {
        notes.push('The text has more than one <form>: only the first is read.');
        break;
      }
      formSeen = true;
      url = a.get('action');
      const method = a.get('method')?.toLowerCase();
      if (method !== 'post') notes.push(`The form's method is ${method ?? 'missing (GET)'}: S3 takes uploads as POST.`);
      if (a.get('enctype')?.toLowerCase() !== 'multipart/form-data')
        notes.push(
          'The form has no enctype="multipart/form-data": S3 answers 412 "Bucket POST must be of the enclosure-type multipart/form-data".',
        );
    } else if (tag.name === '/form' && formSeen) {
      break;
    } else if (tag.name === 'input') {
      const name = a.get('name');
      const type = (a.get('type') ?? 'text').toLowerCase();
      const sent =
        name !== undefined &&
        name !== '' &&
        !a.has('disabled') &&
        !['button', 'reset', 'image'].includes(type) &&
        ((type !== 'checkbox' && type !== 'radio') || a.has('checked'));
      if (sent) entries.push({ name, value: type === 'file' ? '' : (a.get('value') ?? ''), isFile: type === 'file' });
      if (type === 'submit' && name) notes.push(`The submit button "${name}" is sent only when it is the one clicked.`);
    } else if (tag.name === 'textarea') {
      const close = endTagIndex(text, 'textarea', tag.end, find);
      const name = a.get('name');
      if (name && !a.has('disabled'))
        entries.push({ name, value: decodeEntities(text.slice(tag.end, close === -1 ? text.length : close)) });
      // Without an end tag a textarea holds the rest of the document, as browsers read it.
      if (close === -1) break;
      next = close;
    } else if (tag.name === 'select' || tag.name === 'button') {
      if (a.get('name')) notes.push(`The <${tag.name}> "${a.get('name')}" is not read.`);
    }
    if (entries.length > MAX_FORM_ENTRIES) return `The form has more than ${MAX_FORM_ENTRIES} fields.`;
    i = text.indexOf('<', next);
  }
  if (!formSeen && entries.length === 0) return 'No <form> and no named <input> found in the HTML.';
  return { kind: 'html', url, entries, notes };
}
