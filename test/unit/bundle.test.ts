import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/paths';
import { ensureSystemPackages } from '../../scripts/lib/provision';

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { bytes: number; inputs?: Record<string, { bytesInOutput: number }> }>;
}

const meta = (name: string): Metafile =>
  JSON.parse(readFileSync(join(ROOT, 'out', 'meta', `${name}.json`), 'utf8')) as Metafile;
/** The sources that put code into a bundle (the metafile's inputs also list modules tree-shaken to nothing). */
const shipped = (name: string): string[] =>
  Object.values(meta(name).outputs).flatMap((o) =>
    Object.entries(o.inputs ?? {})
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([path]) => path),
  );
const SDK_INPUT = /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//;

describe('production bundles (npm run build)', () => {
  it('keeps every AWS SDK module out of the activation bundle', () => {
    const inputs = Object.keys(meta('extension').inputs);
    assert.ok(inputs.includes('src/extension.ts'));
    assert.deepEqual(
      inputs.filter((i) => SDK_INPUT.test(i)),
      [],
    );
  });

  it('keeps the CLI out of the activation bundle, and the bundle within 150 KiB', () => {
    const extension = meta('extension');
    assert.deepEqual(
      Object.keys(extension.inputs).filter((i) => i.startsWith('src/cli/')),
      [],
    );
    const bytes = extension.outputs['dist/extension.js']!.bytes;
    assert.ok(bytes <= 150 * 1024, `dist/extension.js is ${(bytes / 1024).toFixed(1)} KiB`);
  });

  it('keeps the decoder’s host side (verification, mismatch search, error reading) in its own lazy bundle', () => {
    const activation = shipped('extension');
    for (const lazy of ['src/decoder/panel.ts', 'src/engine/verify.ts', 'src/engine/s3error.ts'])
      assert.ok(!activation.includes(lazy), lazy);
    const panel = shipped('decoder-panel');
    assert.ok(panel.includes('src/decoder/panel.ts') && panel.includes('src/engine/mismatch.ts'));
    assert.deepEqual(
      panel.filter((i) => SDK_INPUT.test(i) || i.startsWith('src/presign/')),
      [],
    );
    // The activation bundle requires it at run time, by the name the build gives it.
    assert.match(readFileSync(join(ROOT, 'dist', 'extension.js'), 'utf8'), /require\("\.\/decoder-panel\.js"\)/);
  });

  it('keeps the POST form command (its steps, the form snippets) in its own lazy bundle', () => {
    const activation = shipped('extension');
    for (const lazy of ['src/presign/postFlow.ts', 'src/presign/postResult.ts', 'src/engine/post/snippets.ts'])
      assert.ok(!activation.includes(lazy), lazy);
    const flow = shipped('post-flow');
    assert.ok(flow.includes('src/presign/postFlow.ts'));
    assert.deepEqual(
      flow.filter((i) => SDK_INPUT.test(i)),
      [],
    );
    assert.match(readFileSync(join(ROOT, 'dist', 'extension.js'), 'utf8'), /require\("\.\/post-flow\.js"\)/);
  });

  it('keeps the POST policy language (read for policies in files) in its own lazy bundle', () => {
    const activation = shipped('extension');
    for (const lazy of ['src/engine/post/policy.ts', 'src/engine/post/diagnose.ts', 'src/engine/post/notes.ts'])
      assert.ok(!activation.includes(lazy), lazy);
    assert.ok(activation.includes('src/engine/post/find.ts'), 'finding policies stays in activation: it is small');
    assert.ok(shipped('post-notes').includes('src/engine/post/notes.ts'));
    assert.match(readFileSync(join(ROOT, 'dist', 'extension.js'), 'utf8'), /require\("\.\/post-notes\.js"\)/);
  });

  it('puts the AWS SDK in the lazily required sdk bundle', () => {
    const inputs = Object.keys(meta('sdk').inputs);
    assert.ok(inputs.some((i) => i.includes('node_modules/@aws-sdk/client-s3/')));
    assert.ok(inputs.some((i) => i.includes('node_modules/@aws-sdk/s3-request-presigner/')));
    assert.ok(inputs.some((i) => i.includes('node_modules/@aws-sdk/s3-presigned-post/')));
    assert.ok(inputs.some((i) => i.includes('node_modules/@aws-sdk/credential-providers/')));
  });

  it('ships an sdk bundle that loads on its own and exports what features need', () => {
    const sdk = require(join(ROOT, 'dist', 'sdk.js')) as Record<string, unknown>;
    for (const name of [
      'S3Access',
      'listProfiles',
      'credentialProvider',
      'presign',
      'presignPost',
      'createBulkSigner',
    ]) {
      assert.equal(typeof sdk[name], 'function', name);
    }
  });
});

describe('the .vsix (npm run package)', function () {
  this.timeout(60_000);
  const vsce = (...args: string[]): string =>
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), ...args, '--no-dependencies'],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );

  it('holds the manifest, the bundles, the media and the findings, and nothing else', () => {
    const files = vsce('ls').trim().split('\n').sort();
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'CONTRIBUTING.md',
      'LICENSE',
      'README.md',
      'dist/decoder-panel.js',
      'dist/extension.js',
      'dist/media/codicons/codicon.css',
      'dist/media/codicons/codicon.ttf',
      'dist/media/decoder.css',
      'dist/media/decoder.js',
      'dist/media/post-decoder.js',
      'dist/post-flow.js',
      'dist/post-notes.js',
      'dist/sdk.js',
      'dist/uploads.js',
      'docs/benchmarks.md',
      'docs/findings.md',
      'docs/images/buckets.png',
      'docs/images/decoder-headline.png',
      'docs/images/presign-flow.png',
      'docs/images/workspace-scan.png',
      'media/activitybar.svg',
      'media/icon.png',
      'media/icon.svg',
      'package.json',
    ]);
  });

  it('packages the walkthrough’s pictures, and the README’s as links that a base URL makes absolute', () => {
    ensureSystemPackages('package');
    const dir = mkdtempSync(join(tmpdir(), 's3pl-vsix-'));
    const unzip = (...args: string[]): string => execFileSync('unzip', args, { encoding: 'utf8' });
    // vsce names the packaged README readme.md.
    const pictures = (vsix: string): string[] =>
      [...unzip('-p', vsix, 'extension/readme.md').matchAll(/!\[[^\]]+\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    try {
      const vsix = join(dir, 'x.vsix');
      vsce('package', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix);
      assert.ok(statSync(vsix).size > 100_000);
      const packaged = new Set(
        unzip('-Z1', vsix)
          .trim()
          .split('\n')
          .map((f) => f.replace(/^extension\//, '')),
      );
      const manifest = JSON.parse(unzip('-p', vsix, 'extension/package.json')) as {
        contributes: { walkthroughs: { steps: { media: { image: string } }[] }[] };
      };
      for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps))
        assert.ok(packaged.has(step.media.image), `walkthrough picture ${step.media.image} is in the .vsix`);
      const relative = pictures(vsix);
      assert.ok(relative.length >= 6, `${relative.length} pictures in the README`);
      for (const picture of relative) assert.ok(statSync(join(ROOT, picture)).isFile(), `${picture} exists`);
      // For a page online (the Marketplace, or the extension page, which shows http(s) pictures only).
      const online = join(dir, 'online.vsix');
      const base = 'https://example.com/s3-presign-lens/';
      vsce('package', '--allow-missing-repository', '--baseImagesUrl', base, '--baseContentUrl', base, '--out', online);
      assert.deepEqual(
        pictures(online),
        relative.map((p) => base + p),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('layering', () => {
  it('keeps vscode out of the engine, the scan, the AWS layer and the CLI, which run in plain Node', () => {
    for (const dir of ['src/engine', 'src/scan', 'src/aws', 'src/cli']) {
      for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts'))) {
        const source = readFileSync(join(ROOT, dir, file), 'utf8');
        assert.doesNotMatch(source, /from ['"]vscode['"]|require\(['"]vscode['"]\)/, `${dir}/${file}`);
      }
    }
  });

  it('ships a CLI bundle without vscode or the extension in it', () => {
    const inputs = Object.keys(meta('cli').inputs);
    assert.ok(inputs.includes('src/cli/main.ts'));
    assert.deepEqual(
      inputs.filter((i) => i.startsWith('src/') && !/^src\/(cli|engine|scan|aws)\//.test(i)),
      [],
    );
  });
});
