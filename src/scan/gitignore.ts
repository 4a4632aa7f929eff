// .gitignore files read and matched as git reads and matches them (https://git-scm.com/docs/gitignore),
// for the CLI's and the editor's scans. They come with the repository being scanned, so from anyone: every
// size is capped, a rule over a cap is skipped and counted (never the whole scan), and a rule costs time
// linear in the path it is matched against (see glob.ts).
//
// `ignores` answers for a path on its own. Git never re-includes a file when a folder above it is
// excluded, because it does not look inside such a folder; the callers hold to that the same way: a walker
// does not descend into an ignored folder, and a caller with a flat list of paths must first ask about each
// folder above a path (with the scope in force at that folder) and treat the path as ignored when one is.

import { compileGlob, MAX_GLOB_UNITS, MAX_TEXT_UNITS, type Glob, type StepMeter } from './glob';

/** The most rules in force at one folder (its .gitignore's and its parents'); later ones are unusable. */
export const MAX_RULES_IN_SCOPE = 10_000;
/** A .gitignore larger than this is not read (real ones are a few KiB; the largest templates under 100 KiB). */
export const MAX_GITIGNORE_BYTES = 1024 * 1024;
/** The most pattern bytes in force at one folder; the rules past it are unusable. */
export const MAX_RULE_BYTES_IN_SCOPE = 256 * 1024;
/**
 * The most width (see Glob.width) of rules with "*" in force at one folder; the rules past it are unusable.
 * A rule with "*" costs its width for each byte of the path it reads, any other rule at most one step a
 * byte: so one `ignores` call takes at most about (MAX_WIDTH_IN_SCOPE + rules) × the path's length steps.
 * The largest template of github.com/github/gitignore (Flutter) has a width of 1,534.
 */
export const MAX_WIDTH_IN_SCOPE = 4096;

export interface IgnoreRule {
  /** "!": the rule re-includes what it matches. */
  readonly negate: boolean;
  /** A trailing "/": the rule matches folders only. */
  readonly dirOnly: boolean;
  /** No other "/": the rule matches the name at any depth; else the path below the .gitignore's folder. */
  readonly anyDepth: boolean;
  /**
   * For a path rule, its leading bytes before any "*", "?", "[" or "\", compared as they are before the glob
   * reads the rest, as git does: so a "**" right after them counts as at a boundary ("x/a**\/y" matches "x/ay").
   */
  readonly prefix: Uint8Array;
  readonly glob: Glob;
  /** Its pattern's size in UTF-8 bytes, counted against MAX_RULE_BYTES_IN_SCOPE. */
  readonly bytes: number;
}

export interface Gitignore {
  readonly rules: readonly IgnoreRule[];
  /** Rules skipped: a pattern over MAX_GLOB_UNITS bytes, or past a cap of a scope (…_IN_SCOPE). */
  readonly unusable: number;
}

/** What a scope holds, to keep within its caps. */
interface Load {
  readonly rules: number;
  readonly bytes: number;
  readonly width: number;
}

const EMPTY: Load = { rules: 0, bytes: 0, width: 0 };

/** `load` with `rule` added, or undefined when that is over a cap. */
function loadWith(load: Load, rule: IgnoreRule): Load | undefined {
  const width = rule.glob.width > 1 ? rule.glob.width : 0;
  const added = { rules: load.rules + 1, bytes: load.bytes + rule.bytes, width: load.width + width };
  const fits =
    added.rules <= MAX_RULES_IN_SCOPE && added.bytes <= MAX_RULE_BYTES_IN_SCOPE && added.width <= MAX_WIDTH_IN_SCOPE;
  return fits ? added : undefined;
}

const SLASH = 0x2f;
const utf8 = new TextEncoder();

/** Git drops trailing spaces (not tabs) unless the last is escaped ("\ "); a line ending in "\" keeps its spaces. */
function trimTrailingSpaces(line: string): string {
  let firstTrailingSpace = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ') {
      if (firstTrailingSpace === -1) firstTrailingSpace = i;
    } else if (c === '\\' && ++i === line.length) {
      return line;
    } else {
      firstTrailingSpace = -1;
    }
  }
  return firstTrailingSpace === -1 ? line : line.slice(0, firstTrailingSpace);
}

/** The length of the leading run without a wildcard or escape (git's simple_length). */
function literalLength(pattern: string): number {
  let i = 0;
  while (i < pattern.length && !'*?[\\'.includes(pattern[i]!)) i++;
  return i;
}

interface Pattern {
  readonly body: string;
  readonly negate: boolean;
  readonly dirOnly: boolean;
  readonly anyDepth: boolean;
}

/** A trimmed line's pattern; undefined when it can match nothing (it is empty once "!" and "/" are read). */
function readPattern(line: string): Pattern | undefined {
  let body = line;
  const negate = body.startsWith('!');
  if (negate) body = body.slice(1);
  const dirOnly = body.endsWith('/');
  if (dirOnly) body = body.slice(0, -1);
  const anyDepth = !body.includes('/');
  if (!anyDepth && body.startsWith('/')) body = body.slice(1);
  return body === '' ? undefined : { body, negate, dirOnly, anyDepth };
}

/** The size of a pattern in UTF-8 bytes, or Infinity past MAX_GLOB_UNITS; counted, as encoding costs more. */
function patternBytes(body: string): number {
  let bytes = 0;
  for (let i = 0; i < body.length && bytes <= MAX_GLOB_UNITS; i++) {
    const c = body.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && (body.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair
      i++;
    } else bytes += 3; // the rest of the first plane, and a lone surrogate (encoded as U+FFFD)
  }
  return bytes > MAX_GLOB_UNITS ? Infinity : bytes;
}

function compileRule({ body, negate, dirOnly, anyDepth }: Pattern, bytes: number): IgnoreRule {
  const split = anyDepth ? 0 : literalLength(body);
  // Within MAX_GLOB_UNITS, so never refused.
  const glob = compileGlob(body.slice(split), { dialect: 'git' })!;
  return { negate, dirOnly, anyDepth, prefix: utf8.encode(body.slice(0, split)), glob, bytes };
}

/**
 * The rules of a .gitignore file's text: "#" comments and blank lines skipped, trailing spaces trimmed unless
 * escaped, "!" re-includes ("\!" and "\#" are literal), a trailing "/" for folders only. A UTF-8 byte-order
 * mark and CRLF line ends are read as git reads them. Linear in the text: a rule past the caps is counted,
 * not compiled.
 */
export function parseGitignore(content: string): Gitignore {
  const rules: IgnoreRule[] = [];
  let load = EMPTY;
  let considered = 0;
  let unusable = 0;
  for (const raw of (content.startsWith('\uFEFF') ? content.slice(1) : content).split('\n')) {
    if (raw === '' || raw.startsWith('#')) continue;
    const pattern = readPattern(trimTrailingSpaces(raw.endsWith('\r') ? raw.slice(0, -1) : raw));
    if (!pattern) continue;
    // Only the first MAX_RULES_IN_SCOPE rules are considered (compiled), used when they fit: past that,
    // a rule is counted without working out its size.
    const size = considered++ < MAX_RULES_IN_SCOPE ? patternBytes(pattern.body) : Infinity;
    const rule =
      size === Infinity || load.bytes + size > MAX_RULE_BYTES_IN_SCOPE ? undefined : compileRule(pattern, size);
    const loaded = rule && loadWith(load, rule);
    if (!rule || !loaded) {
      unusable++;
      continue;
    }
    rules.push(rule);
    load = loaded;
  }
  return { rules, unusable };
}

interface ScopedRule {
  /** The folder of the rule's .gitignore, relative to the scan root, with a trailing "/" ('' for the root). */
  readonly base: string;
  readonly baseBytes: number;
  readonly rule: IgnoreRule;
}

function ruleMatches(
  rule: IgnoreRule,
  path: Uint8Array,
  baseBytes: number,
  nameStart: number,
  meter: StepMeter | undefined,
): boolean {
  if (rule.anyDepth) return rule.glob.matchUnits(path, nameStart, path.length, meter);
  const { prefix } = rule;
  if (path.length - baseBytes < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[baseBytes + i] !== prefix[i]) return false;
  if (meter) meter.steps += prefix.length;
  return rule.glob.matchUnits(path, baseBytes + prefix.length, path.length, meter);
}

/** The .gitignore rules in force at one folder: its own on top of its parents'. */
export class IgnoreScope {
  constructor(
    private readonly rules: readonly ScopedRule[] = [],
    private readonly load: Load = EMPTY,
    /** How many of the rules given to the `with` that made this scope did not fit its caps. */
    readonly unusable = 0,
  ) {}

  /**
   * A scope for a child folder at `base` (relative to the scan root, with a trailing "/") with its own
   * rules, as many as fit the caps (…_IN_SCOPE) with its parents'.
   */
  with(base: string, rules: readonly IgnoreRule[]): IgnoreScope {
    if (rules.length === 0 && this.unusable === 0) return this;
    const baseBytes = utf8.encode(base).length;
    const added: ScopedRule[] = [];
    let load = this.load;
    for (const rule of rules) {
      const loaded = loadWith(load, rule);
      if (!loaded) continue;
      added.push({ base, baseBytes, rule });
      load = loaded;
    }
    return new IgnoreScope([...this.rules, ...added], load, rules.length - added.length);
  }

  /**
   * Whether the last rule that matches `path` (relative to the scan root, no leading or trailing "/")
   * ignores it; deeper .gitignore files come last. A path over MAX_TEXT_UNITS bytes is matched by no rule.
   */
  ignores(path: string, isDir: boolean, meter?: StepMeter): boolean {
    if (path.length > MAX_TEXT_UNITS) return false;
    const units = utf8.encode(path);
    if (units.length > MAX_TEXT_UNITS) return false;
    const nameStart = units.lastIndexOf(SLASH) + 1;
    for (let k = this.rules.length - 1; k >= 0; k--) {
      const { base, baseBytes, rule } = this.rules[k]!;
      if (meter) meter.steps++;
      if ((rule.dirOnly && !isDir) || !path.startsWith(base)) continue;
      if (ruleMatches(rule, units, baseBytes, nameStart, meter)) return !rule.negate;
    }
    return false;
  }
}
