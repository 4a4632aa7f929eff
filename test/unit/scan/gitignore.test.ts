import * as assert from 'node:assert/strict';
import type { StepMeter } from '../../../src/scan/glob';
import {
  IgnoreScope,
  MAX_RULE_BYTES_IN_SCOPE,
  MAX_RULES_IN_SCOPE,
  MAX_WIDTH_IN_SCOPE,
  parseGitignore,
} from '../../../src/scan/gitignore';

/** A scope at the scan root with `text` as its .gitignore. */
const rootScope = (text: string): IgnoreScope => new IgnoreScope().with('', parseGitignore(text).rules);

/** The files among `paths` that `text` ignores at the root. */
const ignoredFiles = (text: string, paths: readonly string[]): string[] =>
  paths.filter((path) => rootScope(text).ignores(path, false));

/** The steps of one `ignores` call. */
function steps(scope: IgnoreScope, path: string, isDir = false): number {
  const meter: StepMeter = { steps: 0 };
  scope.ignores(path, isDir, meter);
  return meter.steps;
}

/** The fastest of five runs in milliseconds: the one least disturbed by other work on the machine. */
function fastest(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Asserts that parsing twice the input takes about twice the time (linear: 2, quadratic: 4). */
function assertLinearParse(make: (size: number) => string, size: number): void {
  const [once, twice] = [size, 2 * size].map((n) => {
    const text = make(n);
    return fastest(() => parseGitignore(text));
  });
  assert.ok(twice! < 3 * once!, `${once!.toFixed(1)} ms then ${twice!.toFixed(1)} ms`);
}

describe('parseGitignore', () => {
  it('skips comments and blank lines; a "#" after a space starts a pattern', () => {
    const { rules, unusable } = parseGitignore('# comment\n\n   \n #spaced\n');
    assert.equal(rules.length, 1);
    assert.equal(unusable, 0);
    assert.deepEqual(ignoredFiles('# comment\n #spaced\n', ['# comment', ' #spaced']), [' #spaced']);
  });

  it('trims trailing spaces but not an escaped one, nor tabs', () => {
    assert.deepEqual(ignoredFiles('a   \n', ['a', 'a ']), ['a']);
    assert.deepEqual(ignoredFiles('b\\ \n', ['b', 'b ']), ['b ']);
    assert.deepEqual(ignoredFiles('c\\  \n', ['c ', 'c  ']), ['c ']);
    assert.deepEqual(ignoredFiles('d\t\n', ['d', 'd\t']), ['d\t']);
  });

  it('"!" re-includes; "\\!" and "\\#" start literal patterns', () => {
    assert.deepEqual(ignoredFiles('*.log\n!keep.log\n', ['a.log', 'keep.log']), ['a.log']);
    assert.deepEqual(ignoredFiles('\\!bang\n\\#hash\n', ['!bang', 'bang', '#hash']), ['!bang', '#hash']);
  });

  it('reads CRLF line ends and a byte-order mark as git does', () => {
    assert.deepEqual(ignoredFiles('\uFEFFfirst\r\nsecond \r\n', ['first', 'second', 'second ']), ['first', 'second']);
  });

  it('skips and counts a 300 KB pattern, keeping the rules around it', () => {
    const { rules, unusable } = parseGitignore(`node_modules/\n${'a*'.repeat(150_000)}\n*.log\n`);
    assert.equal(rules.length, 2);
    assert.equal(unusable, 1);
    assert.deepEqual(ignoredFiles(`${'a*'.repeat(150_000)}\n*.log\n`, ['x.log', 'ab']), ['x.log']);
  });

  it('reads a line of 200,000 spaces as a blank line', () => {
    assert.deepEqual(parseGitignore(`${' '.repeat(200_000)}\n`), { rules: [], unusable: 0 });
  });

  it(`considers the first ${MAX_RULES_IN_SCOPE} rules of a file and counts the rest`, () => {
    const { rules, unusable } = parseGitignore('*.log\n'.repeat(1_000_000));
    assert.equal(rules.length, MAX_RULES_IN_SCOPE);
    assert.equal(unusable, 1_000_000 - MAX_RULES_IN_SCOPE);
  });

  it('counts the rules with "*" past the width cap and keeps later plain ones', () => {
    const wide = `${'*a'.repeat(1000)}*b`;
    const [rule] = parseGitignore(wide).rules;
    assert.ok(2 * rule!.glob.width <= MAX_WIDTH_IN_SCOPE && 3 * rule!.glob.width > MAX_WIDTH_IN_SCOPE, 'room for two');
    const { rules, unusable } = parseGitignore(`${wide}\n${wide}\n${wide}\nplain\n`);
    assert.equal(rules.length, 3);
    assert.equal(unusable, 1);
  });

  it(`counts the rules past ${MAX_RULE_BYTES_IN_SCOPE / 1024} KiB of patterns`, () => {
    const line = `${'x'.repeat(4000)}\n`;
    const { rules, unusable } = parseGitignore(line.repeat(100));
    assert.equal(rules.length, Math.floor(MAX_RULE_BYTES_IN_SCOPE / 4000));
    assert.equal(unusable, 100 - rules.length);
  });
});

describe('IgnoreScope', () => {
  it('lets the last matching rule win', () => {
    assert.deepEqual(ignoredFiles('*.txt\n!a*.txt\nab.txt\n', ['x.txt', 'a.txt', 'ab.txt']), ['x.txt', 'ab.txt']);
  });

  it('matches folders only with a trailing "/"', () => {
    const scope = rootScope('out/\n');
    assert.equal(scope.ignores('out', true), true);
    assert.equal(scope.ignores('src/out', true), true);
    assert.equal(scope.ignores('out', false), false);
  });

  it('anchors a pattern with a "/" at the start or in the middle to its folder; else it matches at any depth', () => {
    const paths = ['root.txt', 'a/root.txt', 'sub/f', 'x/sub/f', 'any.txt', 'x/y/any.txt'];
    assert.deepEqual(ignoredFiles('/root.txt\nsub/f\nany.txt\n', paths), [
      'root.txt',
      'sub/f',
      'any.txt',
      'x/y/any.txt',
    ]);
  });

  it("applies a nested file's rules to its folder and below, after its parents'", () => {
    const scope = rootScope('*.gen\n').with('pkg/', parseGitignore('!keep.gen\n/local\n').rules);
    assert.equal(scope.ignores('pkg/keep.gen', false), false);
    assert.equal(scope.ignores('keep.gen', false), true, 'not above its folder');
    assert.equal(scope.ignores('pkg/local', false), true);
    assert.equal(scope.ignores('pkg/x/local', false), false, 'anchored to pkg/');
    assert.equal(scope.ignores('pkg', true), false, 'not its own folder');
  });

  it('answers for the path alone: what lies in an ignored folder is the caller’s to skip', () => {
    const scope = rootScope('build/\n!build/keep.txt\n');
    assert.equal(scope.ignores('build', true), true);
    assert.equal(scope.ignores('build/keep.txt', false), false, 'git ignores it: its folder is');
  });

  it('reads "**" after a literal prefix as git does: "x/a**/y" matches "x/ay"', () => {
    assert.deepEqual(ignoredFiles('x/a**/y\n', ['x/ay', 'x/abc/y', 'x/a/b/y', 'x/b/y']), [
      'x/ay',
      'x/abc/y',
      'x/a/b/y',
    ]);
  });

  it('holds rules up to its caps with its parents’ and counts, once, those that do not fit', () => {
    const full = new IgnoreScope().with('', parseGitignore('*.log\n'.repeat(MAX_RULES_IN_SCOPE)).rules);
    assert.equal(full.unusable, 0);
    const nested = full.with('sub/', parseGitignore('a\nb\n').rules);
    assert.equal(nested.unusable, 2);
    assert.equal(nested.ignores('sub/a', false), false, 'the nested rules are not in force');
    assert.equal(nested.with('sub/deeper/', []).unusable, 0);
  });

  it('matches no rule against a path over 4096 bytes', () => {
    const scope = rootScope('**\n');
    assert.equal(scope.ignores('a'.repeat(4096), false), true);
    assert.equal(scope.ignores('a'.repeat(4097), false), false);
    assert.equal(scope.ignores('é'.repeat(2049), false), false, 'bytes, not characters');
  });
});

describe('.gitignore matching on hostile input, in bounded work', () => {
  it('"*a*a*a*a*a*a*a*a*b" against names of "a": twice the name, twice the steps', () => {
    const scope = rootScope('*a*a*a*a*a*a*a*a*b\n');
    const [once, twice] = [100, 200].map((n) => steps(scope, 'a'.repeat(n)));
    assert.ok(twice! <= 2.1 * once!, `${once} then ${twice} steps`);
  });

  it('a scope full of hostile rules: twice the path, at most twice the steps', () => {
    const hostile = Array.from({ length: 2 * MAX_RULES_IN_SCOPE }, (_, i) => `**/${'*a'.repeat(1 + (i % 40))}*b`);
    const scope = rootScope(hostile.join('\n'));
    const [once, twice] = [1000, 2000].map((n) => steps(scope, `d/${'a'.repeat(n)}`));
    assert.ok(twice! <= 2.1 * once!, `${once} then ${twice} steps`);
    const rules = MAX_RULES_IN_SCOPE;
    assert.ok(twice! <= (MAX_WIDTH_IN_SCOPE + rules) * 2002, `${twice} steps within (width cap + rules) × path`);
  });

  it('a million-line file costs each path what its first rules do', () => {
    const lines = (n: number): string => Array.from({ length: n }, (_, i) => `*${i}*.tmp`).join('\n');
    const [million, twoMillion] = [1_000_000, 2_000_000].map((n) => steps(rootScope(lines(n)), 'src/a1b2c3.ts'));
    assert.equal(twoMillion, million);
  });

  it('parses twice the line of spaces in twice the time', () => {
    assertLinearParse((n) => ' '.repeat(n), 2_000_000);
  });

  it('parses twice the overlong line in twice the time', () => {
    assertLinearParse((n) => `${'a*'.repeat(n / 2)}\n`, 2_000_000);
  });

  it('parses twice the lines in twice the time', () => {
    assertLinearParse((n) => '*.log\n'.repeat(n), 200_000);
  });
});
