// The architecture, checked on every run: which folder of src/ may import which. Read from the sources'
// import statements (our own code, so a simple reading of `import … from '…'` is enough).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from '../../scripts/lib/paths';

interface Import {
  readonly from: string;
  /** Repository-relative path of the imported module, without extension; undefined for packages. */
  readonly to?: string;
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function importsOf(file: string): Import[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const out: Import[] = [];
  for (const m of source.matchAll(/^(import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    const spec = m[3]!;
    const to = spec.startsWith('.') ? relative(ROOT, join(ROOT, dirname(file), spec)).replace(/\.js$/, '') : undefined;
    out.push({ from: file, to, typeOnly: m[2] !== undefined });
  }
  for (const m of source.matchAll(/require\('(\.[^']+)'\)/g)) {
    out.push({
      from: file,
      to: relative(ROOT, join(ROOT, dirname(file), m[1]!)).replace(/\.js$/, ''),
      typeOnly: false,
    });
  }
  return out;
}

const FEATURES = ['explorer', 'presign', 'decoder', 'inline', 'uploads'];
/** The folder of src/ a module belongs to ("engine", "presign", …), or "root" for src/*.ts. */
const roomOf = (path: string): string => {
  const parts = path.replace(/\.ts$/, '').split('/');
  if (parts[0] === 'media') return 'page';
  const topLevelFile = parts.length === 2 && existsSync(join(ROOT, `${parts.join('/')}.ts`));
  return topLevelFile ? 'root' : parts[1]!;
};
/** Which rooms each room may import from (its own always). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  engine: [],
  scan: ['engine'],
  aws: ['engine'],
  cli: ['engine', 'scan', 'aws'],
  editor: ['engine'],
  session: ['engine', 'aws', 'editor'],
  ...Object.fromEntries(FEATURES.map((f) => [f, ['engine', 'scan', 'aws', 'editor', 'session', ...FEATURES]])),
  root: ['engine', 'aws', 'editor', 'session', ...FEATURES],
  page: ['engine', 'decoder'],
};
/** Rooms that others reach only through their index.ts. */
const BEHIND_INDEX = new Set(['engine', 'scan', 'editor', 'session', ...FEATURES]);
/** Modules of src/aws that load no SDK: the only ones the extension bundle may import as values. */
const SDK_FREE = new Set(['src/aws/profileModel', 'src/aws/errors']);

const all = [...sourceFiles('src'), ...sourceFiles('media')].flatMap(importsOf).filter((i) => i.to !== undefined);

describe('layering (engine ← scan, aws ← editor ← session ← features ← extension; cli over engine, scan, aws)', () => {
  it('imports only from the layers below, never upwards', () => {
    const wrong = all
      .filter((i) => {
        const from = roomOf(i.from);
        const to = roomOf(i.to!);
        return from !== to && !ALLOWED[from]?.includes(to);
      })
      .map((i) => `${i.from} → ${i.to}`);
    assert.deepEqual(wrong, []);
  });

  it('reaches the engine, scan, editor, session and every feature only through their index.ts', () => {
    const wrong = all
      .filter((i) => {
        const from = roomOf(i.from);
        const to = roomOf(i.to!);
        if (from === to || from === 'page' || !BEHIND_INDEX.has(to)) return false;
        return i.to !== `src/${to}` && i.to !== `src/${to}/index`;
      })
      .map((i) => `${i.from} → ${i.to}`);
    assert.deepEqual(wrong, []);
  });

  it('keeps presign, the decoder and the inline features from importing the Buckets view', () => {
    const wrong = all.filter(
      (i) => /^src\/(presign|decoder|inline)\//.test(i.from) && i.to!.startsWith('src/explorer'),
    );
    assert.deepEqual(wrong, []);
  });

  it('keeps the AWS SDK out of the extension: only types from src/aws, except its SDK-free modules', () => {
    const extensionSide = new Set(['editor', 'session', 'root', ...FEATURES]);
    const wrong = all
      .filter(
        (i) => extensionSide.has(roomOf(i.from)) && roomOf(i.to!) === 'aws' && !i.typeOnly && !SDK_FREE.has(i.to!),
      )
      .map((i) => `${i.from} → ${i.to}`);
    // The one value import is the lazy loader's require, which the build turns into dist/sdk.js.
    assert.deepEqual(wrong, ['src/session/sdkLoader.ts → src/aws/sdk']);
  });
});
