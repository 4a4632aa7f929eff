// Globs for .gitignore rules and key filters, matched without building a regular expression from the
// pattern. A pattern compiles to a list of tokens; a text is run through them as the set of token positions
// reached so far (a Thompson NFA simulation). A match costs at most (tokens + 1) × (text length) steps
// whatever the pattern, where the backtracking regular expressions this replaces took exponential time on
// patterns such as "*a*a*a*a*a*a*a*a*b".
//
// The grammar is git's wildmatch with WM_PATHNAME (https://git-scm.com/docs/gitignore#_pattern_format,
// wildmatch.c in git): "?" is one unit but "/", "*" any run without "/", "**" between slashes (or at either
// end) any run with "/" ("**/" may also match nothing), "**" elsewhere is "*", "[...]" a class (ranges,
// "!" or "^" negation, "[:alpha:]" and the other POSIX names, never "/"), "\" escapes the next unit.
// A position set rather than segment-wise matching because git's "**" need not start at a segment
// boundary: .gitignore matching compares a literal prefix first and matches the rest on its own, so
// "x/a**/y" matches "x/ay" (see gitignore.ts).

/** The most units a pattern may have: longer ones are refused (`compileGlob` returns undefined). */
export const MAX_GLOB_UNITS = 4096;
/** The most units a text may have: a longer one matches no glob. */
export const MAX_TEXT_UNITS = 4096;

/**
 * How a pattern reads:
 * - 'git' as git does: a unit is a UTF-8 byte (so "?" does not match "é", "??" does); a range written
 *   backwards ("[z-a]") stands for its first character; an unclosed class, an unknown "[:name:]" or a
 *   trailing "\" make the pattern match nothing.
 * - 'filter' as key filters always have: a unit is a character (code point); a class that is unclosed,
 *   has a backwards range or an unknown "[:name:]" is no class, its "[" a literal; a trailing "\" a literal.
 */
export type GlobDialect = 'git' | 'filter';

export interface GlobOptions {
  readonly dialect: GlobDialect;
}

/** Counts matching work, to bound it in tests: one step per active position per unit read. */
export interface StepMeter {
  steps: number;
}

export interface Glob {
  /**
   * The most positions a match keeps at once: it reads each text unit at most this many times. 1 for a
   * pattern without "*" (or a plain one such as "*.log"), else its token count + 1.
   */
  readonly width: number;
  /** Whether the whole of `text` matches. */
  matches(text: string, meter?: StepMeter): boolean;
  /** Whether `units[from..to)`, units of the glob's dialect (see `textUnits`), match as a whole. */
  matchUnits(units: ArrayLike<number>, from: number, to: number, meter?: StepMeter): boolean;
}

/** `text` as the units a glob of `dialect` reads: UTF-8 bytes for 'git', code points for 'filter'. */
export function textUnits(text: string, dialect: GlobDialect): ArrayLike<number> {
  return dialect === 'git' ? new TextEncoder().encode(text) : Uint32Array.from(text, (c) => c.codePointAt(0)!);
}

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const COLON = 0x3a;
const DASH = 0x2d;
const BANG = 0x21;
const CARET = 0x5e;

// Token kinds. A position i of the NFA means "tokens before i matched"; position `length` accepts.
const UNIT = 0; // one given unit
const ANY = 1; // "?": any unit but "/"
const CLASS = 2; // "[...]": a unit of the class, never "/"
const RUN = 3; // "*": any run of units without "/"
const RUN_ALL = 4; // "**" at a boundary: any run of units
const OPTIONAL = 5; // before the RUN_ALL of "**/": reads nothing, goes on into it or past it and its "/"
const END = 6;

/** A class as 256 bits for units below 256 plus ranges above (code points in the 'filter' dialect). */
interface CharClass {
  readonly negated: boolean;
  readonly low: Uint32Array;
  readonly high: readonly (readonly [number, number])[];
}

interface Program {
  readonly kinds: Uint8Array;
  /** The unit of a UNIT token, the class index of a CLASS token. */
  readonly values: Int32Array;
  readonly classes: readonly CharClass[];
}

const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

// git's own ASCII-only character types (its sane_ctype table: "space" has no \v or \f).
const POSIX_CLASSES: Readonly<Record<string, (c: number) => boolean>> = {
  alnum: (c) => isAlpha(c) || isDigit(c),
  alpha: isAlpha,
  blank: (c) => c === 0x20 || c === 0x09,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  digit: isDigit,
  graph: (c) => c > 0x20 && c < 0x7f,
  lower: (c) => c >= 0x61 && c <= 0x7a,
  print: (c) => c >= 0x20 && c < 0x7f,
  punct: (c) => c > 0x20 && c < 0x7f && !isAlpha(c) && !isDigit(c),
  space: (c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d,
  upper: (c) => c >= 0x41 && c <= 0x5a,
  xdigit: (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
};
const LONGEST_POSIX_NAME = 6;

/** The test of the POSIX class named by `p[from..to)`, if it is one. */
function posixClass(p: ArrayLike<number>, from: number, to: number): ((c: number) => boolean) | undefined {
  if (to - from > LONGEST_POSIX_NAME) return undefined;
  let name = '';
  for (let k = from; k < to; k++) name += String.fromCharCode(p[k]!);
  return Object.hasOwn(POSIX_CLASSES, name) ? POSIX_CLASSES[name] : undefined;
}

class ClassBuilder {
  readonly low = new Uint32Array(8);
  readonly high: [number, number][] = [];

  add(from: number, to: number): void {
    for (let c = from; c <= Math.min(to, 255); c++) this.low[c >>> 5]! |= 1 << (c & 31);
    if (to > 255) this.high.push([Math.max(from, 256), to]);
  }

  addPosix(test: (c: number) => boolean): void {
    for (let c = 0; c < 128; c++) if (test(c)) this.add(c, c);
  }
}

function classHas(cls: CharClass, unit: number): boolean {
  const inside =
    unit < 256 ? ((cls.low[unit >>> 5]! >>> (unit & 31)) & 1) === 1 : cls.high.some(([f, t]) => unit >= f && unit <= t);
  return inside !== cls.negated;
}

/** For each index, the index of the first "]" at or after it (or the length): finds "[:name:]" ends in O(1). */
function closingBrackets(p: ArrayLike<number>): Int32Array {
  const next = new Int32Array(p.length + 1);
  next[p.length] = p.length;
  for (let i = p.length - 1; i >= 0; i--) next[i] = p[i] === CLOSE ? i : next[i + 1]!;
  return next;
}

/**
 * Reads the class opening at `p[open]` as git's wildmatch does: the first member may be "]", "\" escapes,
 * "a-z" is a range (a backwards one adds its first character only), "[:name:]" a POSIX class, and "[:"
 * without a matching ":]" a plain "[". Returns where it ends, or why it is no class.
 */
function readClass(
  p: ArrayLike<number>,
  open: number,
  closers: Int32Array,
): { readonly cls: CharClass; readonly end: number; readonly backwards: boolean } | 'unclosed' | 'unknown-name' {
  const builder = new ClassBuilder();
  let backwards = false;
  let j = open + 1;
  let c: number | undefined = p[j];
  const negated = c === BANG || c === CARET;
  if (negated) c = p[++j];
  let prev = -1;
  for (;;) {
    if (c === undefined) return 'unclosed';
    if (c === BACKSLASH) {
      c = p[++j];
      if (c === undefined) return 'unclosed';
      builder.add(c, c);
    } else if (c === DASH && prev !== -1 && p[j + 1] !== undefined && p[j + 1] !== CLOSE) {
      c = p[++j]!;
      if (c === BACKSLASH) {
        c = p[++j];
        if (c === undefined) return 'unclosed';
      }
      if (prev <= c) builder.add(prev, c);
      else backwards = true;
      c = -1; // a range is never the start of another
    } else if (c === OPEN && p[j + 1] === COLON) {
      const close = closers[j + 2]!;
      if (close === p.length) return 'unclosed';
      if (close === j + 2 || p[close - 1] !== COLON) {
        builder.add(OPEN, OPEN); // "[:" without ":]": a plain "[", the ":" read next as a member
      } else {
        const test = posixClass(p, j + 2, close - 1);
        if (!test) return 'unknown-name';
        builder.addPosix(test);
        j = close;
        c = -1;
      }
    } else {
      builder.add(c, c);
    }
    prev = c;
    c = p[++j];
    if (c === CLOSE) break;
  }
  return { cls: { negated, low: builder.low, high: builder.high }, end: j + 1, backwards };
}

/** The tokens of a pattern, or undefined when (in the 'git' dialect) it can match nothing. */
function compile(p: ArrayLike<number>, dialect: GlobDialect): Program | undefined {
  const kinds: number[] = [];
  const values: number[] = [];
  const classes: CharClass[] = [];
  const closers = closingBrackets(p);
  const push = (kind: number, value = 0): void => {
    kinds.push(kind);
    values.push(value);
  };
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (c === BACKSLASH) {
      if (i + 1 === p.length) {
        if (dialect === 'git') return undefined;
        push(UNIT, BACKSLASH);
      } else push(UNIT, p[i + 1]);
      i += 2;
    } else if (c === QUESTION) {
      push(ANY);
      i++;
    } else if (c === OPEN) {
      // A class can only close at a "]" still ahead: none ahead, and it is unclosed without reading it.
      // In the filter dialect a failed class's "[" is a literal and what followed it is read again: at worst
      // quadratic in the pattern, which MAX_FILTER_CHARS bounds (a filter is typed, not read from a repository).
      const read = closers[i + 1] === p.length ? 'unclosed' : readClass(p, i, closers);
      if (typeof read === 'object' && !(dialect === 'filter' && read.backwards)) {
        push(CLASS, classes.length);
        classes.push(read.cls);
        i = read.end;
      } else {
        if (dialect === 'git' && typeof read === 'string') return undefined;
        push(UNIT, OPEN);
        i++;
      }
    } else if (c === STAR) {
      let j = i;
      while (p[j] === STAR) j++;
      const boundaryBefore = i === 0 || p[i - 1] === SLASH;
      const slashAfter = p[j] === SLASH;
      const boundaryAfter = j === p.length || slashAfter || (p[j] === BACKSLASH && p[j + 1] === SLASH);
      if (j - i >= 2 && boundaryBefore && boundaryAfter) {
        // git lets "**/" match nothing only when the "/" is written plainly, not as "\/".
        if (slashAfter) push(OPTIONAL);
        push(RUN_ALL);
      } else push(RUN);
      i = j;
    } else {
      push(UNIT, c);
      i++;
    }
  }
  push(END);
  return { kinds: Uint8Array.from(kinds), values: Int32Array.from(values), classes };
}

/** What every glob does with a text: refuse one over the cap, convert it to units. */
abstract class UnitGlob implements Glob {
  abstract readonly width: number;

  constructor(private readonly dialect: GlobDialect) {}

  matches(text: string, meter?: StepMeter): boolean {
    // Every UTF-16 unit is at least one byte and at least half a code point: no need to convert a long text.
    if (text.length > MAX_TEXT_UNITS * 2) return false;
    const units = textUnits(text, this.dialect);
    return this.matchUnits(units, 0, units.length, meter);
  }

  matchUnits(units: ArrayLike<number>, from: number, to: number, meter?: StepMeter): boolean {
    return to - from <= MAX_TEXT_UNITS && this.run(units, from, to, meter);
  }

  protected abstract run(units: ArrayLike<number>, from: number, to: number, meter: StepMeter | undefined): boolean;
}

/** A pattern of plain units, or "*" and plain units ("*.log"): compared directly, as git does with these. */
class PlainGlob extends UnitGlob {
  readonly width = 1;

  constructor(
    dialect: GlobDialect,
    private readonly tail: Int32Array,
    private readonly runFirst: boolean,
  ) {
    super(dialect);
  }

  protected run(units: ArrayLike<number>, from: number, to: number, meter: StepMeter | undefined): boolean {
    const start = to - this.tail.length;
    if (start < from || (!this.runFirst && start !== from)) return false;
    if (meter) meter.steps += to - from;
    for (let k = 0; k < this.tail.length; k++) if (units[start + k] !== this.tail[k]) return false;
    for (let k = from; k < start; k++) if (units[k] === SLASH) return false;
    return true;
  }
}

/** A matcher over one program; its position lists are reused from call to call (matching is synchronous). */
class NfaGlob extends UnitGlob {
  readonly width: number;
  /** The generation that last reached each position: membership in the list being built, without clearing. */
  private readonly seen: Uint32Array;
  private current: Int32Array;
  private next: Int32Array;
  private generation = 0;

  constructor(
    dialect: GlobDialect,
    private readonly program: Program,
  ) {
    super(dialect);
    const size = program.kinds.length;
    this.width = program.kinds.some((kind) => kind === RUN || kind === RUN_ALL) ? size : 1;
    this.seen = new Uint32Array(size);
    this.current = new Int32Array(size);
    this.next = new Int32Array(size);
  }

  protected run(units: ArrayLike<number>, from: number, to: number, meter: StepMeter | undefined): boolean {
    const { kinds, values, classes } = this.program;
    const seen = this.seen;
    let stamp = this.nextGeneration();
    seen[0] = stamp;
    this.next[0] = 0;
    let count = this.close(1, stamp);
    let steps = 0;
    for (let t = from; t < to && count > 0; t++) {
      [this.current, this.next] = [this.next, this.current];
      const current = this.current;
      const next = this.next;
      const unit = units[t]!;
      stamp = this.nextGeneration();
      let reached = 0;
      for (let k = 0; k < count; k++) {
        const at = current[k]!;
        const kind = kinds[at];
        let target = -1;
        if (kind === UNIT) target = unit === values[at] ? at + 1 : -1;
        else if (kind === ANY) target = unit !== SLASH ? at + 1 : -1;
        else if (kind === CLASS) target = unit !== SLASH && classHas(classes[values[at]!]!, unit) ? at + 1 : -1;
        else if (kind === RUN) target = unit !== SLASH ? at : -1;
        else if (kind === RUN_ALL) target = at;
        if (target !== -1 && seen[target] !== stamp) {
          seen[target] = stamp;
          next[reached++] = target;
        }
      }
      steps += count;
      count = this.close(reached, stamp);
    }
    if (meter) meter.steps += steps;
    return count > 0 && seen[kinds.length - 1] === stamp;
  }

  /** Adds to the `count` positions in `next` what they reach without reading a unit: past a run, past "**\/". */
  private close(count: number, stamp: number): number {
    const kinds = this.program.kinds;
    const seen = this.seen;
    const next = this.next;
    let reached = count;
    for (let k = 0; k < reached; k++) {
      const at = next[k]!;
      const kind = kinds[at];
      if (kind !== RUN && kind !== RUN_ALL && kind !== OPTIONAL) continue;
      if (seen[at + 1] !== stamp) {
        seen[at + 1] = stamp;
        next[reached++] = at + 1;
      }
      if (kind === OPTIONAL && seen[at + 3] !== stamp) {
        seen[at + 3] = stamp;
        next[reached++] = at + 3;
      }
    }
    return reached;
  }

  private nextGeneration(): number {
    if (this.generation === 0xffffffff) {
      this.seen.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }
}

const NOTHING: Glob = { width: 0, matches: () => false, matchUnits: () => false };

/** The glob for a program: direct comparison for plain units, with or without a leading "*"; else the NFA. */
function globOf(program: Program, dialect: GlobDialect): Glob {
  const { kinds, values } = program;
  const runFirst = kinds[0] === RUN;
  const plainFrom = runFirst ? 1 : 0;
  for (let k = plainFrom; k < kinds.length - 1; k++) if (kinds[k] !== UNIT) return new NfaGlob(dialect, program);
  return new PlainGlob(dialect, values.slice(plainFrom, kinds.length - 1), runFirst);
}

/**
 * Compiles a glob (grammar in the header). Undefined when the pattern is over MAX_GLOB_UNITS units: it is
 * refused, not cut. In the 'git' dialect a pattern that can match nothing (an unclosed class) compiles to a
 * glob that matches nothing, as git's does.
 */
export function compileGlob(pattern: string, options: GlobOptions): Glob | undefined {
  // Every UTF-16 unit is at least one byte and at least half a code point: no need to convert a long pattern.
  if (pattern.length > MAX_GLOB_UNITS * 2) return undefined;
  const units = textUnits(pattern, options.dialect);
  if (units.length > MAX_GLOB_UNITS) return undefined;
  const program = compile(units, options.dialect);
  return program ? globOf(program, options.dialect) : NOTHING;
}

/** The most alternatives a key filter's braces may expand to, and the most characters they may add up to. */
export const MAX_FILTER_ALTERNATIVES = 64;
export const MAX_FILTER_CHARS = 4096;

const isGlob = (text: string): boolean => text.includes('*') || text.includes('?') || text.includes('[');

/**
 * The brace groups of `text`: each "{" whose "}" encloses a "," at its own level, with those commas. "{a}",
 * an unclosed "{" and escaped ones are no group and stay literal, as in a shell. One pass with a stack.
 */
function braceGroups(
  text: string,
): ReadonlyMap<number, { readonly commas: readonly number[]; readonly close: number }> {
  const groups = new Map<number, { commas: number[]; close: number }>();
  const open: { readonly at: number; readonly commas: number[] }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') open.push({ at: i, commas: [] });
    else if (c === ',' && open.length > 0) open[open.length - 1]!.commas.push(i);
    else if (c === '}' && open.length > 0) {
      const group = open.pop()!;
      if (group.commas.length > 0) groups.set(group.at, { commas: group.commas, close: i });
    }
  }
  return groups;
}

const totalLength = (texts: readonly string[]): number => texts.reduce((n, text) => n + text.length, 0);

/**
 * The alternatives a filter's braces stand for: "*.{csv,json}" is "*.csv" and "*.json"; groups nest. Each
 * alternative keeps its escapes for the glob to read. Throws a RangeError rather than build more than
 * MAX_FILTER_ALTERNATIVES alternatives or MAX_FILTER_CHARS characters in all.
 */
export function expandBraces(filter: string): string[] {
  const groups = braceGroups(filter);
  const check = (count: number, chars: number): void => {
    if (count > MAX_FILTER_ALTERNATIVES)
      throw new RangeError(`The filter's braces stand for more than ${MAX_FILTER_ALTERNATIVES} alternatives.`);
    if (chars > MAX_FILTER_CHARS)
      throw new RangeError(`The filter's braces stand for more than ${MAX_FILTER_CHARS} characters of patterns.`);
  };
  // Every head followed by every part. Alternatives only grow as braces expand, so a product over the caps
  // means the whole is over them: checked before it is built.
  const product = (heads: readonly string[], parts: readonly string[]): string[] => {
    check(heads.length * parts.length, totalLength(heads) * parts.length + totalLength(parts) * heads.length);
    return heads.flatMap((head) => parts.map((part) => head + part));
  };
  const expand = (from: number, to: number): string[] => {
    let out = [''];
    let literal = from;
    for (let i = from; i < to; i++) {
      const group = groups.get(i);
      if (filter[i] === '\\') i++;
      else if (group) {
        out = product(out, [filter.slice(literal, i)]);
        const bounds = [i, ...group.commas, group.close];
        const parts: string[] = [];
        for (let k = 0; k + 1 < bounds.length; k++) {
          parts.push(...expand(bounds[k]! + 1, bounds[k + 1]!));
          check(parts.length, totalLength(parts));
        }
        out = product(out, parts);
        i = group.close;
        literal = i + 1;
      }
    }
    return product(out, [filter.slice(literal, to)]);
  };
  return expand(0, filter.length);
}

/** One alternative of a key filter: a glob on the name or on the key below the prefix, else a suffix. */
function keyTest(alternative: string, prefix: string): (key: string) => boolean {
  if (!isGlob(alternative)) return (key) => key.endsWith(alternative);
  // Within MAX_FILTER_CHARS, so within MAX_GLOB_UNITS: never refused.
  const glob = compileGlob(alternative, { dialect: 'filter' })!;
  return alternative.includes('/')
    ? (key) => glob.matches(key.slice(prefix.length))
    : (key) => glob.matches(key.slice(key.lastIndexOf('/') + 1));
}

/**
 * A filter over keys, as typed for a bulk presign: a glob (matched against the name when it has no "/",
 * else against the key below the prefix; "?" is one character), or else a suffix compared as typed, such
 * as ".csv"; braces give alternatives, each read so ("*.{csv,json}", "{2025/**,*.pdf}"). Throws a
 * RangeError for a filter over MAX_FILTER_CHARS characters or braces that stand for too much.
 */
export function keyFilter(filter: string, prefix: string): (key: string) => boolean {
  const f = filter.trim();
  if (f === '') return () => true;
  if (f.length > MAX_FILTER_CHARS) throw new RangeError(`The filter is over ${MAX_FILTER_CHARS} characters.`);
  const tests = expandBraces(f).map((alternative) => keyTest(alternative, prefix));
  return (key) => tests.some((test) => test(key));
}
