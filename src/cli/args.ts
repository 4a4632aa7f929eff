// The CLI's arguments, parsed by node:util's parseArgs (`--name value`, `--name=value`, flags, repeatable
// options, positionals, `--`), with its errors worded as one line for the user; and how a command reads
// its input (an argument, a file, or standard input for "-"), never more of it than its cap.
import { parseArgs as parseNodeArgs } from 'node:util';
import { InputTooLarge, mebibytes, readFileUpTo } from './stdio';

export class UsageError extends Error {}

/** What a command reads and writes. */
export interface Io {
  out(text: string): void;
  /** Diagnostics that are not the command's output (stderr). */
  err(text: string): void;
  /** Standard input as text, up to `limit` bytes; InputTooLarge beyond. */
  readStdin(limit: number): string;
}

/**
 * The most read of a URL or an S3 error document. A presigned URL is a few kilobytes, an error document
 * with its *Bytes fields some tens: 1 MiB leaves room for a browser's wrapper page or a pasted e-mail
 * around either.
 */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

/**
 * The most read of a --keys-from list: a million keys of 64 bytes, or 65,536 of the longest S3 takes
 * (1,024 bytes), which is more URLs than anyone signs in one go, far below what Node holds as one string.
 */
export const MAX_KEY_LIST_BYTES = 64 * 1024 * 1024;

/** An ISO-8601 date option (`--now`, `--date`), or undefined when not given. */
export function dateOption(args: ParsedArgs, name: string): Date | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw new UsageError(`--${name} "${raw}" is not an ISO-8601 date`);
  return new Date(t);
}

/**
 * A file named on the command line, or standard input for "-", as text: `limit` bytes at most, else a
 * usage error naming the cap and what it is for.
 */
export function readFileArg(path: string, io: Io, limit: number, what: string): string {
  const source = path === '-' ? 'standard input' : path;
  try {
    return path === '-' ? io.readStdin(limit) : readFileUpTo(path, limit).toString('utf8');
  } catch (err) {
    if (err instanceof InputTooLarge)
      throw new UsageError(`${source} is over ${mebibytes(limit)}, the most read for ${what}`);
    throw new UsageError(`cannot read ${source}`);
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

type NodeOptions = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** node:util's parse errors, in the CLI's words ("unknown option --x", "--x needs a value"). */
function usageMessage(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = (e.message ?? String(err)).split('\n')[0]!;
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return `${option} takes no value`;
      if (/argument missing/.test(message)) return `${option} needs a value`;
      if (/ambiguous/.test(message)) return `${option} needs a value (write ${option}=-… for one that starts with "-")`;
      return message;
    default:
      return message;
  }
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const options: NodeOptions = {};
  for (const name of spec.values) options[name] = { type: 'string' };
  for (const name of spec.repeated ?? []) options[name] = { type: 'string', multiple: true };
  for (const name of spec.flags) options[name] = { type: 'boolean' };
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(usageMessage(err));
  }
  const out: ParsedArgs = { positionals: parsed.positionals, values: new Map(), repeated: new Map(), flags: new Set() };
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'boolean') out.flags.add(name);
    else if (Array.isArray(value))
      out.repeated.set(
        name,
        value.filter((v): v is string => typeof v === 'string'),
      );
    else if (typeof value === 'string') out.values.set(name, value);
  }
  return out;
}
