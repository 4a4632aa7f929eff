import * as assert from 'node:assert/strict';
import {
  compileGlob,
  expandBraces,
  keyFilter,
  MAX_FILTER_ALTERNATIVES,
  MAX_GLOB_UNITS,
  MAX_TEXT_UNITS,
  type GlobDialect,
  type StepMeter,
} from '../../../src/scan/glob';

/** The texts among `texts` that `pattern` matches. */
function matched(pattern: string, texts: readonly string[], dialect: GlobDialect = 'git'): string[] {
  const glob = compileGlob(pattern, { dialect });
  assert.ok(glob, `${pattern} compiles`);
  return texts.filter((text) => glob.matches(text));
}

/** The steps one match takes. */
function steps(pattern: string, text: string): number {
  const meter: StepMeter = { steps: 0 };
  compileGlob(pattern, { dialect: 'git' })!.matches(text, meter);
  return meter.steps;
}

describe('compileGlob', () => {
  describe("git's grammar", () => {
    it('"*" and "?" stay within a path segment', () => {
      assert.deepEqual(matched('*.js', ['a.js', '.js', 'a/b.js', 'a.jsx']), ['a.js', '.js']);
      assert.deepEqual(matched('a?c', ['abc', 'a/c', 'ac']), ['abc']);
      assert.deepEqual(matched('*/x', ['a/x', 'a/b/x', '/x']), ['a/x', '/x']);
    });

    it('"**" between slashes or at either end crosses segments, "**/" also matching none', () => {
      assert.deepEqual(matched('**/b', ['b', 'x/b', 'x/y/b', 'xb', 'x/yb']), ['b', 'x/b', 'x/y/b']);
      assert.deepEqual(matched('a/**', ['a', 'a/', 'a/x', 'a/x/y', 'ab/x']), ['a/', 'a/x', 'a/x/y']);
      assert.deepEqual(matched('a/**/b', ['a/b', 'a/x/b', 'a/x/y/b', 'a/xb', 'ab']), ['a/b', 'a/x/b', 'a/x/y/b']);
      assert.deepEqual(matched('**', ['a', 'a/b/c']), ['a', 'a/b/c']);
    });

    it('"**" elsewhere is "*": "a**b" stays within a segment', () => {
      assert.deepEqual(matched('a**b', ['ab', 'axyb', 'a/b', 'ax/yb']), ['ab', 'axyb']);
      assert.deepEqual(matched('x/**b', ['x/b', 'x/yb', 'x/y/b']), ['x/b', 'x/yb']);
    });

    it('"**\\/" (an escaped "/") must match at least one segment', () => {
      assert.deepEqual(matched('a/**\\/b', ['a/b', 'a/x/b', 'a/x/y/b']), ['a/x/b', 'a/x/y/b']);
    });

    it('classes: ranges, "!" and "^" negation, "]" first, "-" at either end, never "/"', () => {
      assert.deepEqual(matched('[a-c]', ['a', 'b', 'c', 'd', 'B']), ['a', 'b', 'c']);
      assert.deepEqual(matched('[!a-c]', ['a', 'd', '/']), ['d']);
      assert.deepEqual(matched('[^a-c]', ['a', 'd']), ['d']);
      assert.deepEqual(matched('[]a]', [']', 'a', 'b']), [']', 'a']);
      assert.deepEqual(matched('[-a]', ['-', 'a']), ['-', 'a']);
      assert.deepEqual(matched('[a-]', ['-', 'a', 'b']), ['-', 'a']);
      assert.deepEqual(matched('[a-c-e]', ['b', '-', 'e', 'd']), ['b', '-', 'e']);
      assert.deepEqual(matched('x[/]y', ['x/y']), []);
    });

    it('POSIX classes are ASCII and "space" has no vertical tab or form feed, as in git', () => {
      assert.deepEqual(matched('[[:digit:]x]', ['1', 'x', 'a']), ['1', 'x']);
      assert.deepEqual(matched('[[:space:]]', [' ', '\t', '\n', '\r', '\v', '\f']), [' ', '\t', '\n', '\r']);
      assert.deepEqual(matched('[[:upper:]]', ['A', 'a', 'É']), ['A']);
      assert.deepEqual(matched('[[:punct:]]', ['!', '~', 'a', ' ']), ['!', '~']);
      assert.deepEqual(matched('[[:a]', ['[', ':', 'a', 'b']), ['[', ':', 'a'], '"[:" without ":]" is a plain "["');
    });

    it('a backwards range stands for its first character', () => {
      assert.deepEqual(matched('[z-a]', ['z', 'a', 'm', '[z-a]']), ['z']);
    });

    it('an unclosed class, an unknown POSIX name or a trailing "\\" make the pattern match nothing', () => {
      assert.deepEqual(matched('a[b', ['a[b', 'ab']), []);
      assert.deepEqual(matched('[[:nope:]]', [':', 'n', '[[:nope:]]']), []);
      assert.deepEqual(matched('a\\', ['a', 'a\\']), []);
    });

    it('"\\" escapes the next unit', () => {
      assert.deepEqual(matched('\\*\\?\\[x]', ['*?[x]', 'ab[x]']), ['*?[x]']);
      assert.deepEqual(matched('[\\]]', [']']), [']']);
    });

    it('units are UTF-8 bytes: "?" does not match "é", "??" does', () => {
      assert.deepEqual(matched('?', ['é', 'e']), ['e']);
      assert.deepEqual(matched('??', ['é']), ['é']);
      assert.deepEqual(matched('[é]', ['é']), [], 'a class of two bytes matches one byte');
    });
  });

  describe('the filter dialect', () => {
    it('reads characters: "?" matches "é" and an emoji', () => {
      assert.deepEqual(matched('?.csv', ['é.csv', '😀.csv', 'ab.csv'], 'filter'), ['é.csv', '😀.csv']);
    });

    it('reads a class that is unclosed, backwards or of an unknown name as a literal "["', () => {
      assert.deepEqual(matched('[z-a]*', ['[z-a].csv', 'z.csv'], 'filter'), ['[z-a].csv']);
      assert.deepEqual(matched('a[b*', ['a[bc', 'ab'], 'filter'), ['a[bc']);
      // Only the failed class's "[" is literal: "[:nope:]" after it is a class of ":", "n", "o", "p" and "e".
      assert.deepEqual(matched('[[:nope:]]', ['[[:nope:]]', '[n]', 'n'], 'filter'), ['[n]']);
      assert.deepEqual(matched('a\\', ['a\\'], 'filter'), ['a\\']);
    });
  });

  describe('caps', () => {
    it(`refuses a pattern over ${MAX_GLOB_UNITS} units, bytes in git's dialect`, () => {
      assert.ok(compileGlob('a'.repeat(MAX_GLOB_UNITS), { dialect: 'git' }));
      assert.equal(compileGlob('a'.repeat(MAX_GLOB_UNITS + 1), { dialect: 'git' }), undefined);
      assert.equal(compileGlob('é'.repeat(MAX_GLOB_UNITS / 2 + 1), { dialect: 'git' }), undefined);
      assert.ok(compileGlob('é'.repeat(MAX_GLOB_UNITS), { dialect: 'filter' }));
    });

    it(`matches no text over ${MAX_TEXT_UNITS} units`, () => {
      const glob = compileGlob('**', { dialect: 'git' })!;
      assert.equal(glob.matches('a'.repeat(MAX_TEXT_UNITS)), true);
      assert.equal(glob.matches('a'.repeat(MAX_TEXT_UNITS + 1)), false);
    });
  });

  describe('in steps linear in the text and in the pattern', () => {
    it('"*a*a*a*a*a*a*a*a*b" against names of "a": twice the name, twice the steps', () => {
      const hostile = '*a*a*a*a*a*a*a*a*b';
      const [once, twice] = [1000, 2000].map((n) => steps(hostile, 'a'.repeat(n)));
      assert.ok(twice! <= 2.05 * once!, `${once} then ${twice} steps`);
      assert.ok(once! <= (hostile.length + 1) * 1000, `${once} steps is within (pattern + 1) × text`);
    });

    it('a pattern of many runs against a long name: twice the pattern, twice the steps', () => {
      const text = `${'ab'.repeat(1000)}c`;
      const [once, twice] = [200, 400].map((n) => steps(`${'*a'.repeat(n)}*b`, text));
      assert.ok(twice! <= 2.1 * once!, `${once} then ${twice} steps`);
    });

    it('stops reading once no position is left', () => {
      assert.equal(steps('x*', 'y'.repeat(MAX_TEXT_UNITS)), 1);
    });
  });
});

describe('keyFilter', () => {
  const keys = ['p/a.csv', 'p/b.CSV', 'p/2025/c.csv', 'p/2025/d.txt', 'p/e.csv.bak', 'p/f.json'];

  it('matches names by glob, paths by a glob with "/", and suffixes', () => {
    assert.deepEqual(keys.filter(keyFilter('*.csv', 'p/')), ['p/a.csv', 'p/2025/c.csv']);
    assert.deepEqual(keys.filter(keyFilter('2025/*', 'p/')), ['p/2025/c.csv', 'p/2025/d.txt']);
    assert.deepEqual(keys.filter(keyFilter('**/*.csv', 'p/')), ['p/a.csv', 'p/2025/c.csv']);
    assert.deepEqual(keys.filter(keyFilter('.csv', 'p/')), ['p/a.csv', 'p/2025/c.csv']);
    assert.deepEqual(keys.filter(keyFilter('  ', 'p/')), keys);
  });

  it('reads a class it cannot read as a literal "["', () => {
    assert.deepEqual(['p/[z-a].csv', 'p/z.csv'].filter(keyFilter('[z-a]*', 'p/')), ['p/[z-a].csv']);
    assert.deepEqual(['p/a1.csv', 'p/ab.csv'].filter(keyFilter('a[0-9].csv', 'p/')), ['p/a1.csv']);
  });

  it('gives alternatives in braces, each read as a glob, a path glob or a suffix', () => {
    assert.deepEqual(keys.filter(keyFilter('*.{csv,json}', 'p/')), ['p/a.csv', 'p/2025/c.csv', 'p/f.json']);
    assert.deepEqual(keys.filter(keyFilter('.{txt,bak}', 'p/')), ['p/2025/d.txt', 'p/e.csv.bak']);
    assert.deepEqual(keys.filter(keyFilter('{2025/*.txt,*.json}', 'p/')), ['p/2025/d.txt', 'p/f.json']);
  });

  it('expands nested braces; "{a}", an unclosed "{" and an escaped one are literal', () => {
    assert.deepEqual(expandBraces('{a,{b,c}}x{1,2}'), ['ax1', 'ax2', 'bx1', 'bx2', 'cx1', 'cx2']);
    assert.deepEqual(expandBraces('{,x}y'), ['y', 'xy']);
    assert.deepEqual(expandBraces('{a}'), ['{a}']);
    assert.deepEqual(expandBraces('{a,b'), ['{a,b']);
    assert.deepEqual(expandBraces('\\{a,b}'), ['\\{a,b}']);
    assert.deepEqual(['p/x{a,b}.csv', 'p/xa.csv'].filter(keyFilter('*\\{a,b}.csv', 'p/')), ['p/x{a,b}.csv']);
  });

  it(`refuses braces that stand for more than ${MAX_FILTER_ALTERNATIVES} alternatives, before building them`, () => {
    assert.equal(expandBraces('{a,b}'.repeat(6)).length, 64);
    assert.throws(() => keyFilter('{a,b}'.repeat(7), ''), RangeError);
    // 2^800 alternatives: only refusing before building them ends.
    assert.throws(() => keyFilter('{a,b}'.repeat(800), ''), RangeError);
  });

  it('refuses a filter over 4096 characters', () => {
    assert.throws(() => keyFilter(`*${'a'.repeat(4096)}`, ''), RangeError);
  });
});
