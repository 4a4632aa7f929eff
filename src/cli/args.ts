// A small argument parser: `--name value`, `--name=value`, boolean flags, repeatable options, positionals.

export class UsageError extends Error {}

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
