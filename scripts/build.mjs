// Bundles the extension with esbuild.
//   node scripts/build.mjs --production   minified bundles in dist/, sizes printed, metafiles in out/meta/
//   node scripts/build.mjs --watch        unminified bundles with source maps, rebuilt on change
//
// dist/extension.js is what VS Code loads at activation. The AWS SDK goes into dist/sdk.js, which the
// extension requires only when a feature first needs S3 (see src/session/sdkLoader.ts), and the decoder's host
// side into dist/decoder-panel.js, required when the first decoder opens: activation stays cheap (LAZY below).
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * Code required only when a feature first needs it, bundled on its own: the build turns these requires into
 * runtime requires of sibling bundles instead of inlining them into the activation bundle.
 *   src/session/sdkLoader.ts  require('../aws/sdk.js')  ->  dist/sdk.js            (the AWS SDK)
 *   src/decoder/index.ts      require('./panel.js')     ->  dist/decoder-panel.js  (the decoder's host side)
 *   src/presign/index.ts      require('./postFlow.js')  ->  dist/post-flow.js      (the POST form command)
 *   src/inline/lazyPost.ts    require('./postNotes.js') ->  dist/post-notes.js     (POST policies in files)
 *   src/uploads/index.ts      require('./flows.js')     ->  dist/uploads.js        (CORS check, multipart sets)
 */
const LAZY = [
  { importer: 'src/session/sdkLoader.ts', specifier: '../aws/sdk.js', bundle: './sdk.js' },
  { importer: 'src/decoder/index.ts', specifier: './panel.js', bundle: './decoder-panel.js' },
  { importer: 'src/presign/index.ts', specifier: './postFlow.js', bundle: './post-flow.js' },
  { importer: 'src/inline/lazyPost.ts', specifier: './postNotes.js', bundle: './post-notes.js' },
  { importer: 'src/uploads/index.ts', specifier: './flows.js', bundle: './uploads.js' },
];
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /\.js$/ }, (args) => {
      const from = relative('.', args.importer).split('\\').join('/');
      const lazy = LAZY.find((l) => l.importer === from && l.specifier === args.path);
      return lazy && args.kind === 'require-call' ? { path: lazy.bundle, external: true } : undefined;
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
};

const bundles = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [lazyBundles] },
  { entryPoints: ['src/aws/sdk.ts'], outfile: 'dist/sdk.js', external: ['vscode'] },
  {
    entryPoints: ['src/decoder/panel.ts'],
    outfile: 'dist/decoder-panel.js',
    external: ['vscode'],
    plugins: [lazyBundles],
  },
  {
    entryPoints: ['src/presign/postFlow.ts'],
    outfile: 'dist/post-flow.js',
    external: ['vscode'],
    plugins: [lazyBundles],
  },
  { entryPoints: ['src/inline/postNotes.ts'], outfile: 'dist/post-notes.js', external: ['vscode'] },
  {
    entryPoints: ['src/uploads/flows.ts'],
    outfile: 'dist/uploads.js',
    external: ['vscode'],
    plugins: [lazyBundles],
  },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The decoder webview's pages (a URL's, a POST form's): browser bundles.
  {
    entryPoints: ['media/decoder/main.ts'],
    outfile: 'dist/media/decoder.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    entryPoints: ['media/decoder/post.ts'],
    outfile: 'dist/media/post-decoder.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

/** Files the webviews load as they are: the page's CSS and the codicon font (no remote resources). */
function copyAssets() {
  mkdirSync('dist/media/codicons', { recursive: true });
  cpSync('media/decoder/decoder.css', 'dist/media/decoder.css');
  for (const f of ['codicon.css', 'codicon.ttf'])
    cpSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/media/codicons/${f}`);
}

function report(name, result) {
  mkdirSync('out/meta', { recursive: true });
  writeFileSync(`out/meta/${name}.json`, JSON.stringify(result.metafile));
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    console.log(`  ${relative('.', file).padEnd(22)} ${(info.bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
}

const nameOf = (b) =>
  b.outfile
    .replace(/^dist\//, '')
    .replace(/\.js$/, '')
    .replace('/', '-');

if (watch) {
  for (const b of bundles) {
    const ctx = await esbuild.context({
      ...common,
      ...b,
      plugins: [
        ...(b.plugins ?? []),
        {
          name: 'watch-log',
          setup(build) {
            build.onEnd((r) => console.log(`[watch] ${b.outfile}: ${r.errors.length} error(s)`));
          },
        },
      ],
    });
    await ctx.watch();
  }
  copyAssets();
  console.log('[watch] watching src/ and media/ for changes');
} else {
  console.log(`esbuild (${production ? 'production' : 'development'}):`);
  // A build starts from an empty dist/: source maps or bundles left by an earlier build must not be packaged.
  rmSync('dist', { recursive: true, force: true });
  for (const b of bundles) report(nameOf(b), await esbuild.build({ ...common, ...b }));
  chmodSync('dist/cli.js', 0o755);
  copyAssets();
}
