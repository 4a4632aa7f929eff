// .gitignore matching checked against git itself: each case is a real repository with its .gitignore files
// and paths, and `git check-ignore --no-index` says which paths git ignores. Ours must agree on every path
// and on every folder above one. Paths are asked about as a scanning walker meets them: a folder first, and
// nothing inside an ignored folder (git's rule that a file cannot be re-included when a folder above it is
// excluded). A seeded set of random patterns follows the written cases.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IgnoreScope, parseGitignore } from '../../../src/scan/gitignore';

interface Case {
  readonly name: string;
  /** .gitignore files by path ("sub/.gitignore"), their exact text. */
  readonly gitignores: Readonly<Record<string, string>>;
  /** Paths to create and ask about; a trailing "/" makes a folder. Folders above them are asked about too. */
  readonly paths: readonly string[];
}

/** Git with no user or system configuration: no global excludes file can change its answers. */
function git(repo: string, args: readonly string[], input?: string): { status: number | null; stdout: string } {
  const home = join(repo, '..');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const run = spawnSync('git', ['-C', repo, ...args], { input, env, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout };
}

/** Every path of a case and every folder above one, each once, folders marked by a trailing "/". */
function allPaths(c: Case): string[] {
  const named = [...c.paths, ...Object.keys(c.gitignores)];
  const folders = new Set(named.filter((p) => p.endsWith('/')));
  for (const path of named) {
    const parts = path.replace(/\/$/, '').split('/');
    for (let depth = 1; depth < parts.length; depth++) folders.add(`${parts.slice(0, depth).join('/')}/`);
  }
  // A name that is also a folder above another path is that folder.
  return [...new Set([...folders, ...named.filter((p) => !folders.has(`${p}/`))])];
}

/** What git ignores among a case's paths (without their trailing "/"), in a repository made for it under `dir`. */
function gitVerdicts(dir: string, c: Case, paths: readonly string[]): Set<string> {
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  git(repo, ['init', '-q']);
  // Folders must exist for git to see them as folders; a file it cannot find it takes for a file, so only
  // the .gitignore files are written.
  for (const path of paths.filter((p) => p.endsWith('/'))) mkdirSync(join(repo, path), { recursive: true });
  for (const [path, text] of Object.entries(c.gitignores)) writeFileSync(join(repo, path), text);
  const asked = paths.map((p) => p.replace(/\/$/, ''));
  const run = git(repo, ['check-ignore', '--no-index', '-z', '--stdin'], `${asked.join('\0')}\0`);
  // 0: some paths are ignored, 1: none is.
  assert.ok(run.status === 0 || run.status === 1, `git check-ignore exited ${run.status}`);
  return new Set(run.stdout.split('\0').filter((p) => p !== ''));
}

/** Our verdict, as the scan's walker reaches the path: each folder on the way with the scope in force there. */
function ourVerdict(gitignores: Readonly<Record<string, string>>, path: string): boolean {
  const parts = path.replace(/\/$/, '').split('/');
  let scope = new IgnoreScope();
  for (let depth = 1; depth <= parts.length; depth++) {
    const base = depth === 1 ? '' : `${parts.slice(0, depth - 1).join('/')}/`;
    const text = gitignores[`${base}.gitignore`];
    if (text !== undefined) scope = scope.with(base, parseGitignore(text).rules);
    const isDir = depth < parts.length || path.endsWith('/');
    if (scope.ignores(parts.slice(0, depth).join('/'), isDir)) return true;
  }
  return false;
}

/** Disagreements between git and us over one case, as readable lines. */
function disagreements(c: Case): { checked: number; wrong: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 's3pl-gitignore-'));
  try {
    const paths = allPaths(c);
    const ignoredByGit = gitVerdicts(dir, c, paths);
    const wrong = paths
      .filter((path) => ourVerdict(c.gitignores, path) !== ignoredByGit.has(path.replace(/\/$/, '')))
      .map(
        (path) =>
          `${c.name}: ${JSON.stringify(path)} git says ${ignoredByGit.has(path.replace(/\/$/, '')) ? 'ignored' : 'kept'}`,
      );
    return { checked: paths.length, wrong };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const WRITTEN_CASES: readonly Case[] = [
  {
    name: '"**/" at the start, "/**" at the end, "/**/" in the middle',
    gitignores: { '.gitignore': '**/logs\nvendor/**\na/**/b\n**/*.tmp\n' },
    paths: [
      'logs/x',
      'src/logs/y',
      'vendor',
      'vendor/x/y',
      'a/b',
      'a/x/b',
      'a/x/y/b',
      'a/xb',
      'ab',
      'x.tmp',
      'd/e/f.tmp',
    ],
  },
  {
    name: '"**" alone, "/**" anchored, "**/" with a folder-only rule',
    gitignores: { '.gitignore': 'keep/**\n!keep/**/\nkeep/**/*.txt\n!keep/**/ok.txt\n' },
    paths: ['keep/a.txt', 'keep/ok.txt', 'keep/sub/b.txt', 'keep/sub/ok.txt', 'keep/sub/c.md', 'other.txt'],
  },
  {
    name: '"a**b" is "*" within a name, across no "/"',
    gitignores: { '.gitignore': 'a**b\nsrc/x**y\n' },
    paths: ['ab', 'axxb', 'a/b', 'a/c/b', 'src/xy', 'src/x1y', 'src/x/y', 'src/x/1/y'],
  },
  {
    name: 'a literal prefix then "**": "**" counts as at a boundary (git compares the prefix first)',
    gitignores: { '.gitignore': 'x/a**/y\nx/b**\n!x/bc\n' },
    paths: ['x/ay', 'x/abc/y', 'x/a/y', 'x/a/1/y', 'x/bc/d', 'x/bd', 'x/b/e'],
  },
  {
    name: 'backwards ranges stand for their first character; unclosed classes match nothing',
    gitignores: { '.gitignore': '[z-a]\nq[b\nw[[:nope:]]\n' },
    paths: ['z', 'a', 'm', '[z-a]', 'q[b', 'qb', 'w[[:nope:]]', 'wn'],
  },
  {
    name: 'negated classes with "!" and "^", ranges, "]" first, "-" last, POSIX names',
    gitignores: { '.gitignore': 'n[!a]\nc[^b]\nr[a-c]x\ns[]]\nt[a-]\nd[[:digit:]]\nu[[:upper:][:space:]]\n' },
    paths: ['na', 'nb', 'cb', 'cc', 'rax', 'rbx', 'rdx', 's]', 'sa', 'ta', 't-', 'tb', 'd1', 'dx', 'uA', 'u ', 'ua'],
  },
  {
    name: 'escapes: "\\*", "\\?", "\\[", "\\!", "\\#", a trailing "\\" matches nothing',
    gitignores: { '.gitignore': 'star\\*\nq\\?\n\\[x]\n\\!bang\n\\#hash\nend\\\n' },
    paths: ['star*', 'starx', 'q?', 'qx', '[x]', 'x', '!bang', 'bang', '#hash', 'end\\', 'end'],
  },
  {
    name: 'trailing spaces trimmed unless escaped; tabs kept; leading spaces kept',
    gitignores: { '.gitignore': 'trail   \nkeep\\ \nboth\\  \ntab\t\n lead\n' },
    paths: ['trail', 'trail ', 'keep ', 'keep', 'both ', 'both  ', 'tab\t', 'tab', ' lead', 'lead'],
  },
  {
    name: 'comments and blank lines; a "#" after a space is a pattern',
    gitignores: { '.gitignore': '# comment\n\n   \n #spaced\n#x\n' },
    paths: ['# comment', ' #spaced', '#x', 'comment'],
  },
  {
    name: '"!" re-includes; last matching rule wins',
    gitignores: { '.gitignore': '*.log\n!keep.log\n!*.important.log\nagain.important.log\n' },
    paths: ['a.log', 'keep.log', 'd/keep.log', 'x.important.log', 'again.important.log'],
  },
  {
    name: 'a file cannot be re-included when its folder is excluded, but can when only the contents are',
    gitignores: { '.gitignore': 'build/\n!build/keep.txt\ndist/*\n!dist/keep.txt\n' },
    paths: ['build/keep.txt', 'build/other.txt', 'dist/keep.txt', 'dist/other.txt', 'dist/sub/x'],
  },
  {
    name: 'a trailing "/" matches folders only',
    gitignores: { '.gitignore': 'out/\nlib/cache/\n' },
    paths: ['out/a', 'x/out/b', 'y/out', 'lib/cache/z', 'lib/cache2', 'other/lib/cache/z'],
  },
  {
    name: 'a leading or middle "/" anchors to the .gitignore folder; none matches at any depth',
    gitignores: { '.gitignore': '/root.txt\nsub/file\nname.txt\n/dir/\n' },
    paths: ['root.txt', 'a/root.txt', 'sub/file', 'x/sub/file', 'name.txt', 'q/r/name.txt', 'dir/a', 'x/dir/a'],
  },
  {
    name: 'nested .gitignore files apply to their folder and below, deeper ones last',
    gitignores: {
      '.gitignore': '*.gen\nsecret/\n',
      'pkg/.gitignore': '!keep.gen\n/local.txt\ntmp/\n',
      'pkg/inner/.gitignore': 'keep.gen\n!*.gen\n',
    },
    paths: [
      'a.gen',
      'pkg/a.gen',
      'pkg/keep.gen',
      'pkg/inner/keep.gen',
      'pkg/inner/b.gen',
      'local.txt',
      'pkg/local.txt',
      'pkg/inner/local.txt',
      'pkg/tmp/x',
      'tmp/x',
      'pkg/secret/y',
    ],
  },
  {
    name: 'a nested .gitignore anchors to its own folder',
    gitignores: { 'a/.gitignore': '/b\nc/d\n**/e\n' },
    paths: ['a/b', 'b', 'a/x/b', 'a/c/d', 'c/d', 'a/e', 'a/x/e', 'e'],
  },
  {
    name: 'CRLF line ends and a byte-order mark are read as git reads them',
    gitignores: { '.gitignore': '\uFEFFfirst\r\nsecond \r\nthird\\ \r\n' },
    paths: ['first', '\uFEFFfirst', 'second', 'second ', 'third ', 'third'],
  },
  {
    name: 'units are UTF-8 bytes: "?" does not match "é", "??" does',
    gitignores: { '.gitignore': 'one?\ntwo??\nclass[é]\nstarré*\n' },
    paths: ['oneé', 'onex', 'twoé', 'twoxy', 'classé', 'starré', 'starréx'],
  },
  {
    name: '"*" matches dot files and names, "?" never "/"',
    gitignores: { '.gitignore': 'd/*\n!d/.keep\na?b\n' },
    paths: ['d/.hidden', 'd/.keep', 'd/x', 'a/b', 'axb'],
  },
];

/** A small deterministic random source (mulberry32), so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Units a random pattern is made of ("|"-separated, as " " is one of them).
const PATTERN_UNITS = 'a|b|a|b|/|/|*|*|**|**/|/**|?|[|]|!|-|\\| |é|^'.split('|');
// The paths asked about in each random case's folder ("|"-separated, as " " is in one); "ba/b/" is a folder.
const RANDOM_PATHS = 'a|b|ab|ba|bb|a b|a*|[a]|é|a-b|!a|\\a|a/b|a/a|a/ab|b/a/b|ab/ba|a/b/ab|a/b/a/b|b/ab/a|ba/b/'.split(
  '|',
);

/** Seeded random .gitignore files, each in its own folder so one repository holds them all. */
function randomCases(count: number, seed: number): Case[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const cases: Case[] = [];
  for (let k = 0; k < count; k++) {
    const lines = Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
      Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(PATTERN_UNITS)).join(''),
    );
    const folder = `c${k}`;
    cases.push({
      name: `random #${k} (seed ${seed}): ${JSON.stringify(lines)}`,
      gitignores: { [`${folder}/.gitignore`]: `${lines.join('\n')}\n` },
      paths: RANDOM_PATHS.map((p) => `${folder}/${p}`),
    });
  }
  return cases;
}

describe('.gitignore matching agrees with git check-ignore', function () {
  this.timeout(120_000);
  const gitVersion = git(tmpdir(), ['--version']).stdout.trim();

  it(`on the written cases (${gitVersion})`, () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const c of WRITTEN_CASES) {
      const result = disagreements(c);
      checked += result.checked;
      wrong.push(...result.wrong);
    }
    console.log(
      `      git check-ignore agrees on ${checked - wrong.length} of ${checked} paths (${WRITTEN_CASES.length} cases)`,
    );
    assert.deepEqual(wrong, []);
  });

  it('on 400 random .gitignore files of 1 to 3 lines, over 21 paths each', () => {
    const cases = randomCases(400, 20260314);
    // One repository for all: each case's .gitignore applies to its own folder only.
    const merged: Case = {
      name: 'random',
      gitignores: Object.assign({}, ...cases.map((c) => c.gitignores)) as Record<string, string>,
      paths: cases.flatMap((c) => c.paths),
    };
    const { checked, wrong } = disagreements(merged);
    console.log(
      `      git check-ignore agrees on ${checked - wrong.length} of ${checked} paths (${cases.length} random files)`,
    );
    const byCase = wrong.map((w) => {
      const folder = /"c(\d+)\//.exec(w)?.[1];
      return folder === undefined ? w : `${cases[Number(folder)]!.name} → ${w}`;
    });
    assert.deepEqual(byCase, []);
  });
});
