// .gitignore matching for `scan`: patterns of each .gitignore apply to its folder and below, the last
// matching pattern wins, `!` re-includes, a trailing `/` matches folders only.

import { globToRegex } from './glob';

interface Rule {
  readonly regex: RegExp;
  readonly negate: boolean;
  readonly dirOnly: boolean;
}

export function parseGitignore(content: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of content.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const body = globToRegex(line);
    rules.push({ regex: new RegExp(anchored ? `^${body}(?:/.*)?$` : `(?:^|/)${body}(?:/.*)?$`), negate, dirOnly });
  }
  return rules;
}

/** The .gitignore rules in force at one folder: its own on top of its parents'. */
export class IgnoreScope {
  constructor(private readonly rules: readonly { readonly base: string; readonly rule: Rule }[] = []) {}

  /** A scope for a child folder at `base` (relative to the scan root, with a trailing "/") with its own rules. */
  with(base: string, rules: readonly Rule[]): IgnoreScope {
    return rules.length === 0 ? this : new IgnoreScope([...this.rules, ...rules.map((rule) => ({ base, rule }))]);
  }

  /** `path` is relative to the scan root, without a leading or trailing "/". */
  ignores(path: string, isDir: boolean): boolean {
    let ignored = false;
    for (const { base, rule } of this.rules) {
      if (!path.startsWith(base)) continue;
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(path.slice(base.length))) ignored = !rule.negate;
    }
    return ignored;
  }
}
