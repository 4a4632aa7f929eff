// Reads a curl command that posts a form: the URL, `--form-string name=value` (sent as written) and
// `-F name=value` read the way curl reads it. curl's -F is not literal: a leading @ attaches a file, a
// leading < reads the value from a file, and `;` starts part options (type=, filename=, headers=), so
// `-F 'Content-Disposition=attachment; filename="a.svg"'` sends only `attachment` (observed with curl
// 7.88; outline/outline#13595 is the same trap). The words are split as a POSIX shell does ('…', "…",
// $'…', backslashes, line continuations), in one pass.
import { MAX_FORM_ENTRIES, type RawEntry, type RawForm } from './rawForm';

/** curl options that take an argument, so that their argument is not read as the URL. */
const WITH_ARGUMENT = new Set([
  '-A',
  '--user-agent',
  '-b',
  '--cookie',
  '-c',
  '--cookie-jar',
  '-d',
  '--data',
  '--data-ascii',
  '--data-binary',
  '--data-raw',
  '--data-urlencode',
  '-e',
  '--referer',
  '-H',
  '--header',
  '-K',
  '--config',
  '-m',
  '--max-time',
  '--connect-timeout',
  '-o',
  '--output',
  '-u',
  '--user',
  '-w',
  '--write-out',
  '-x',
  '--proxy',
  '-X',
  '--request',
  '--resolve',
  '--cacert',
  '--cert',
  '--key',
  '-T',
  '--upload-file',
  '--retry',
  '--limit-rate',
  '--trace',
  '--trace-ascii',
  '--interface',
  '--connect-to',
  '-r',
  '--range',
  '-E',
  '-z',
  '--time-cond',
  '-U',
  '--proxy-user',
]);

const ANSI_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  v: '\v',
};

/** The words of a shell command line. */
function shellWords(text: string): string[] | string {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = text.length;
  const end = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '\\') {
      if (text[i + 1] === '\n') i += 2;
      else if (text.startsWith('\r\n', i + 1)) i += 3;
      else {
        word += text[i + 1] ?? '';
        inWord = true;
        i += 2;
      }
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) return 'A single quote is not closed.';
      word += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      i += 2;
      for (;;) {
        if (i >= n) return "A $'…' quote is not closed.";
        const d = text[i]!;
        if (d === "'") break;
        if (d !== '\\') {
          word += d;
          i++;
          continue;
        }
        const e = text[i + 1] ?? '';
        const hex =
          e === 'x'
            ? /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4))
            : e === 'u'
              ? /^[0-9a-fA-F]{1,4}/.exec(text.slice(i + 2, i + 6))
              : null;
        if (hex) {
          word += String.fromCharCode(parseInt(hex[0], 16));
          i += 2 + hex[0].length;
        } else {
          word += ANSI_ESCAPES[e] ?? `\\${e}`;
          i += 2;
        }
      }
      inWord = true;
      i++;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= n) return 'A double quote is not closed.';
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\\' && '"\\$`\n'.includes(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      end();
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  end();
  return words;
}

/** curl's reading of a -F text value: a quoted word, or everything up to the first ";". */
function curlTextValue(content: string): { value: string; options: string } {
  if (content.startsWith('"')) {
    let value = '';
    let i = 1;
    while (i < content.length && content[i] !== '"') {
      if (content[i] === '\\' && (content[i + 1] === '"' || content[i + 1] === '\\')) i++;
      value += content[i];
      i++;
    }
    if (i < content.length) {
      const rest = content.slice(i + 1).trimStart();
      if (rest === '' || rest.startsWith(';')) return { value, options: rest.slice(1) };
    }
  }
  const semicolon = content.indexOf(';');
  return semicolon === -1
    ? { value: content, options: '' }
    : { value: content.slice(0, semicolon), options: content.slice(semicolon + 1) };
}

function formEntry(spec: string, literal: boolean, notes: string[]): RawEntry | undefined {
  const eq = spec.indexOf('=');
  if (eq <= 0) {
    notes.push(`curl refuses the form field "${spec}" (no name=value).`);
    return undefined;
  }
  const name = spec.slice(0, eq);
  const content = spec.slice(eq + 1);
  if (literal) return { name, value: content };
  if (content.startsWith('@')) {
    if (name === 'file') return { name, value: '', isFile: true };
    notes.push(`-F ${name}=@… attaches a file as the field "${name}": S3 reads its contents as that field's value.`);
    return { name, value: `<contents of ${content.slice(1)}>` };
  }
  if (content.startsWith('<')) {
    notes.push(`-F ${name}=<… reads the value of "${name}" from a file, which is not here.`);
    return { name, value: `<contents of ${content.slice(1)}>` };
  }
  const { value, options } = curlTextValue(content);
  if (options.trim() !== '')
    notes.push(
      `curl -F reads "${name}" as ${JSON.stringify(value)}, with ";${options}" as part options, not as the value: send it with --form-string.`,
    );
  return { name, value };
}

export function readCurlForm(text: string): RawForm | string {
  const words = shellWords(text);
  if (typeof words === 'string') return words;
  if (words[0] !== 'curl' && !words[0]?.endsWith('/curl')) return 'This is not a curl command.';
  const entries: RawEntry[] = [];
  const notes: string[] = [];
  let url: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const attached = (short: string, long: string): string | undefined => {
      if (w === short || w === long) return words[++i];
      if (w.startsWith(`${long}=`)) return w.slice(long.length + 1);
      if (short !== '' && w.startsWith(short) && w.length > short.length && !w.startsWith('--'))
        return w.slice(short.length);
      return undefined;
    };
    if (entries.length > MAX_FORM_ENTRIES) break;
    const form = attached('-F', '--form');
    if (form !== undefined) {
      const entry = formEntry(form, false, notes);
      if (entry) entries.push(entry);
      continue;
    }
    const literal = attached('', '--form-string');
    if (literal !== undefined) {
      const entry = formEntry(literal, true, notes);
      if (entry) entries.push(entry);
      continue;
    }
    const explicitUrl = attached('', '--url');
    if (explicitUrl !== undefined) {
      url = explicitUrl;
      continue;
    }
    if (WITH_ARGUMENT.has(w)) i++;
    else if (!w.startsWith('-') && url === undefined) url = w;
  }
  if (entries.length > MAX_FORM_ENTRIES) return `The command has more than ${MAX_FORM_ENTRIES} form fields.`;
  if (entries.length === 0) return 'The curl command has no -F or --form-string fields.';
  return { kind: 'curl', url, entries, notes };
}
