// A small argument parser: `--name value`, `--name=value`, boolean flags, repeatable options, positionals.

import { readFileSync } from 'node:fs';

export class UsageError extends Error {}

/** What a command reads and writes. */
export interface Io {
  out(text: string): void;
  /** Diagnostics that are not the command's output (stderr). */
  err(text: string): void;
  readStdin(): string;
}

/** An ISO-8601 date option (`--now`, `--date`), or undefined when not given. */
export function dateOption(args: ParsedArgs, name: string): Date | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw new UsageError(`--${name} "${raw}" is not an ISO-8601 date`);
  return new Date(t);
}

/** A file named on the command line, or standard input for "-". */
export function readFileArg(path: string, io: Io): string {
  if (path === '-') return io.readStdin();
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
}

export interface ArgSpec {
  /** Options that take a value. */
  readonly values: readonly string[];
  /** Options that take a value and may repeat. */
  readonly repeated?: readonly string[];
  readonly flags: readonly string[];
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly values: Map<string, string>;
  readonly repeated: Map<string, string[]>;
  readonly flags: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const out: ParsedArgs = { positionals: [], values: new Map(), repeated: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-' || !arg.startsWith('--')) {
      out.positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (spec.flags.includes(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    const takesValue = spec.values.includes(name) || spec.repeated?.includes(name);
    if (!takesValue) throw new UsageError(`unknown option --${name}`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (spec.repeated?.includes(name)) out.repeated.set(name, [...(out.repeated.get(name) ?? []), value]);
    else out.values.set(name, value);
  }
  return out;
}
