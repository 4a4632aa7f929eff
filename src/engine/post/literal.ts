// One small reader for the literals people paste and for the policy S3 reads: strict JSON (the policy,
// where S3 answers "Invalid Policy: Invalid JSON." for anything else), and, leniently, a Python dict as
// boto3 prints it (single quotes, True/None) or a JavaScript object as Node prints it (bare keys).
// Objects keep their entries in order and numbers keep their text, so that a form's field order and a
// policy's `512.0` (which S3 refuses as Invalid JSON) survive. One pass, no backtracking, bounded depth.

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'array'; readonly items: readonly Literal[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Literal])[] };

export type LiteralResult =
  { readonly ok: true; readonly value: Literal } | { readonly ok: false; readonly error: string };

const MAX_DEPTH = 32;

class LiteralError extends Error {}

const WORDS: Readonly<Record<string, Literal>> = {
  true: { kind: 'bool', value: true },
  false: { kind: 'bool', value: false },
  null: { kind: 'null' },
};
const PYTHON_WORDS: Readonly<Record<string, Literal>> = {
  True: { kind: 'bool', value: true },
  False: { kind: 'bool', value: false },
  None: { kind: 'null' },
  undefined: { kind: 'null' },
};
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class Reader {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly lenient: boolean,
  ) {}

  read(): Literal {
    const value = this.value(0);
    this.space();
    if (this.at < this.text.length) this.fail('unexpected text after the end');
    return value;
  }

  private fail(what: string): never {
    throw new LiteralError(`${what} at character ${this.at + 1}`);
  }

  private space(): void {
    const t = this.text;
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.at++;
      else break;
    }
  }

  private value(depth: number): Literal {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.space();
    const c = this.text[this.at];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || (this.lenient && c === "'")) return { kind: 'string', value: this.string() };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    const word = this.word();
    const known = WORDS[word] ?? (this.lenient ? PYTHON_WORDS[word] : undefined);
    if (!known) this.fail(word === '' ? 'expected a value' : `unexpected "${word.slice(0, 20)}"`);
    return known;
  }

  private word(): string {
    const start = this.at;
    const t = this.text;
    while (this.at < t.length && /[A-Za-z0-9_$]/.test(t[this.at]!)) this.at++;
    return t.slice(start, this.at);
  }

  private number(): Literal {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.at;
    const found = m.exec(this.text);
    if (!found) this.fail('malformed number');
    this.at += found[0].length;
    return { kind: 'number', text: found[0] };
  }

  private string(): string {
    const t = this.text;
    const quote = t[this.at]!;
    this.at++;
    let out = '';
    let run = this.at;
    while (this.at < t.length) {
      const c = t[this.at]!;
      if (c === quote) {
        out += t.slice(run, this.at);
        this.at++;
        return out;
      }
      if (c === '\\') {
        out += t.slice(run, this.at);
        out += this.escape();
        run = this.at;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail('control character in a string');
      this.at++;
    }
    return this.fail('unterminated string');
  }

  private escape(): string {
    const t = this.text;
    const e = t[this.at + 1];
    if (e === undefined) this.fail('unterminated string');
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined && (this.lenient || e !== "'")) {
      this.at += 2;
      return simple;
    }
    const hexLength = e === 'u' ? 4 : this.lenient && e === 'x' ? 2 : this.lenient && e === 'U' ? 8 : 0;
    if (hexLength === 0) this.fail(`unknown escape "\\${e}"`);
    const hex = t.slice(this.at + 2, this.at + 2 + hexLength);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) this.fail('malformed escape');
    this.at += 2 + hexLength;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) this.fail('escape beyond Unicode');
    // \uD83D\uDE00 pairs join by concatenation, as JSON intends.
    return e === 'u' ? String.fromCharCode(code) : String.fromCodePoint(code);
  }

  private key(): string {
    const c = this.text[this.at];
    if (c === '"' || (this.lenient && c === "'")) return this.string();
    if (this.lenient) {
      const word = this.word();
      if (word !== '') return word;
    }
    return this.fail('expected a quoted name');
  }

  private object(depth: number): Literal {
    this.at++;
    const entries: [string, Literal][] = [];
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.space();
      if (this.lenient && this.text[this.at] === '}') break;
      const key = this.key();
      this.space();
      if (this.text[this.at] !== ':') this.fail('expected ":"');
      this.at++;
      entries.push([key, this.value(depth + 1)]);
      this.space();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        continue;
      }
      if (next === '}') break;
      this.fail('expected "," or "}"');
    }
    this.at++;
    return { kind: 'object', entries };
  }

  private array(depth: number): Literal {
    this.at++;
    const items: Literal[] = [];
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return { kind: 'array', items };
    }
    for (;;) {
      this.space();
      if (this.lenient && this.text[this.at] === ']') break;
      items.push(this.value(depth + 1));
      this.space();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        continue;
      }
      if (next === ']') break;
      this.fail('expected "," or "]"');
    }
    this.at++;
    return { kind: 'array', items };
  }
}

/** Strict JSON (RFC 8259), numbers kept as written. */
export function readJson(text: string): LiteralResult {
  return readWith(text, false);
}

/** JSON, a Python literal (boto3's printed dict) or a JavaScript object literal (Node's console output). */
export function readLenient(text: string): LiteralResult {
  return readWith(text, true);
}

function readWith(text: string, lenient: boolean): LiteralResult {
  try {
    return { ok: true, value: new Reader(text, lenient).read() };
  } catch (e) {
    if (e instanceof LiteralError) return { ok: false, error: e.message };
    throw e;
  }
}

/** The text of a literal the way S3 prints a policy condition: `["eq", "$acl", "private"]`. */
export function literalText(value: Literal): string {
  switch (value.kind) {
    case 'string':
      return JSON.stringify(value.value);
    case 'number':
      return value.text;
    case 'bool':
      return String(value.value);
    case 'null':
      return 'null';
    case 'array':
      return `[${value.items.map(literalText).join(', ')}]`;
    case 'object':
      return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}: ${literalText(v)}`).join(', ')}}`;
  }
}

/** How a JSON writer lays a document out: what the SDKs and common tools produce. */
export interface JsonStyle {
  /** Between items of a list or an object (',' for JavaScript, ', ' for Python's json.dumps). */
  readonly itemSeparator: string;
  /** Between a name and its value (':' or ': '). */
  readonly keySeparator: string;
  /** Indentation per level; undefined for one line. */
  readonly indent?: string;
  /** Escape every character beyond ASCII as \uXXXX (Python's default). */
  readonly asciiOnly?: boolean;
}

function jsonString(value: string, asciiOnly: boolean | undefined): string {
  const text = JSON.stringify(value);
  return asciiOnly
    ? text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : text;
}

/** The document written again in `style`, numbers as they were written. */
export function writeJson(value: Literal, style: JsonStyle, depth = 0): string {
  const newline = style.indent === undefined ? '' : `\n${style.indent.repeat(depth + 1)}`;
  const close = style.indent === undefined ? '' : `\n${style.indent.repeat(depth)}`;
  const join = (parts: string[]): string => parts.join(style.itemSeparator + newline);
  switch (value.kind) {
    case 'string':
      return jsonString(value.value, style.asciiOnly);
    case 'array':
      return value.items.length === 0
        ? '[]'
        : `[${newline}${join(value.items.map((v) => writeJson(v, style, depth + 1)))}${close}]`;
    case 'object':
      return value.entries.length === 0
        ? '{}'
        : `{${newline}${join(value.entries.map(([k, v]) => `${jsonString(k, style.asciiOnly)}${style.keySeparator}${writeJson(v, style, depth + 1)}`))}${close}}`;
    default:
      return literalText(value);
  }
}
