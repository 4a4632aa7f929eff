import * as assert from 'node:assert/strict';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_BUCKET, startLocalS3, UPLOAD_BUCKET, type LocalS3 } from '../../../scripts/lib/localS3';
import {
  clientRequestOf,
  curlCommand,
  dispositionFileName,
  fetchCall,
  htmlSnippet,
  keyFileName,
  parseExpiry,
  parsePresignedUrl,
  pythonRequests,
  shellQuote,
} from '../../../src/engine';
import { IgnoreScope, keyFilter, parseGitignore } from '../../../src/scan';

const NOW = new Date('2026-03-14T15:09:26Z');
/** Asynchronous: the local S3 answering curl runs in this very process. */
const sh = (command: string, cwd: string): Promise<unknown> =>
  promisify(execFile)('/bin/sh', ['-c', command], { cwd, timeout: 20_000 });

describe('parseExpiry', () => {
  it('reads durations in every unit and ISO dates', () => {
    const cases: Record<string, number> = {
      '90s': 90,
      '45m': 2700,
      '6h': 21600,
      '3d': 259200,
      '1w': 604800,
      '600': 600,
      ' 2H ': 7200,
      '2026-03-15T15:09:26Z': 86400,
    };
    for (const [text, seconds] of Object.entries(cases))
      assert.deepEqual(parseExpiry(text, NOW), { ok: true, seconds }, text);
  });

  it('refuses, with the reason, what S3 would refuse', () => {
    const cases: Record<string, RegExp> = {
      '8d': /over the 7-day limit/,
      '604801': /over the 7-day limit/,
      '0s': /at least 1 second/,
      '2026-03-01': /in the past/,
      soon: /Type a duration/,
      '1y': /Type a duration/,
    };
    for (const [text, reason] of Object.entries(cases)) {
      const r = parseExpiry(text, NOW);
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.match(r.error, reason, text);
    }
  });
});

describe('keyFilter', () => {
  it('matches names by glob, paths by a glob with "/", and suffixes', () => {
    const keys = ['p/a.csv', 'p/b.CSV', 'p/2025/c.csv', 'p/2025/d.txt', 'p/e.csv.bak'];
    assert.deepEqual(keys.filter(keyFilter('*.csv', 'p/')), ['p/a.csv', 'p/2025/c.csv']);
    assert.deepEqual(keys.filter(keyFilter('2025/*', 'p/')), ['p/2025/c.csv', 'p/2025/d.txt']);
    assert.deepEqual(keys.filter(keyFilter('**/*.csv', 'p/')), ['p/a.csv', 'p/2025/c.csv']);
    assert.deepEqual(keys.filter(keyFilter('.csv', 'p/')), ['p/a.csv', 'p/2025/c.csv']);
    assert.deepEqual(keys.filter(keyFilter('', 'p/')), keys);
  });

  it('reads a reversed range as a literal "[" in filters, and as git does in .gitignore files', () => {
    assert.deepEqual(['p/[z-a].csv', 'p/z.csv'].filter(keyFilter('[z-a]*', 'p/')), ['p/[z-a].csv']);
    assert.deepEqual(['p/a1.csv', 'p/ab.csv'].filter(keyFilter('a[0-9].csv', 'p/')), ['p/a1.csv']);
    assert.deepEqual(['p/a.csv', 'p/b.json', 'p/c.txt'].filter(keyFilter('*.{csv,json}', 'p/')), [
      'p/a.csv',
      'p/b.json',
    ]);
    const scope = new IgnoreScope().with('', parseGitignore('[z-a]\nnode_modules/\n').rules);
    assert.equal(scope.ignores('node_modules', true), true, 'the rules after the odd one still apply');
    // git check-ignore: "[z-a]" ignores "z", not "[z-a]" (test/unit/scan checks this against git itself).
    assert.equal(scope.ignores('z', false), true);
    assert.equal(scope.ignores('[z-a]', false), false);
  });
});

describe('client snippets', () => {
  let dir: string;
  let s3: LocalS3;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-snippets-'));
    s3 = await startLocalS3({ directory: join(dir, 's3') });
  });
  after(async () => {
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the request a URL makes from the URL alone, signed header values left to fill in', async () => {
    const url = await getSignedUrl(
      s3.client,
      new PutObjectCommand({ Bucket: UPLOAD_BUCKET, Key: 'in/2025/report.csv', ContentType: 'text/csv' }),
      { expiresIn: 300, signableHeaders: new Set(['content-type']) },
    );
    const parsed = parsePresignedUrl(url);
    assert.ok(parsed.ok);
    assert.deepEqual(clientRequestOf(parsed.value), {
      url,
      method: 'PUT',
      headers: { 'content-type': '<the value it was signed with>' },
      fileName: 'report.csv',
    });
    assert.equal(keyFileName('folder/'), 'file');
    assert.equal(keyFileName(undefined), 'file');
  });

  it('quotes any text for a POSIX shell', () => {
    for (const text of ["it's", 'a "b" $HOME `x` \\ !', "''", '']) {
      assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(text)}`], { encoding: 'utf8' }), text);
    }
  });

  it('gives a curl command that uploads with the signed header, as a shell runs it', async () => {
    const key = "o'brien/report (1).csv";
    const url = await getSignedUrl(
      s3.client,
      new PutObjectCommand({ Bucket: UPLOAD_BUCKET, Key: key, ContentType: 'text/csv' }),
      { expiresIn: 300, signableHeaders: new Set(['content-type']) },
    );
    writeFileSync(join(dir, "it's.csv"), 'a,b\n1,2\n');
    const command = curlCommand({ url, method: 'PUT', headers: { 'Content-Type': 'text/csv' }, fileName: "it's.csv" });
    await sh(`${command} --silent --show-error`, dir);
    const back = await getSignedUrl(s3.client, new GetObjectCommand({ Bucket: UPLOAD_BUCKET, Key: key }), {
      expiresIn: 60,
    });
    const download = await fetch(back);
    assert.equal(await download.text(), 'a,b\n1,2\n');
    assert.equal(download.headers.get('content-type'), 'text/csv');
  });

  it('gives a curl command that downloads to the file name', async () => {
    const url = await getSignedUrl(s3.client, new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: 'README.txt' }), {
      expiresIn: 60,
    });
    await s3.client.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: 'README.txt', Body: 'hello\n' }));
    await sh(`${curlCommand({ url, method: 'GET', headers: {}, fileName: 'README.txt' })} --silent`, dir);
    assert.equal(readFileSync(join(dir, 'README.txt'), 'utf8'), 'hello\n');
  });

  it('saves a download under the name the URL asks for (response-content-disposition), as curl runs it', async () => {
    const url = await getSignedUrl(
      s3.client,
      new GetObjectCommand({
        Bucket: DEMO_BUCKET,
        Key: 'README.txt',
        ResponseContentDisposition: 'attachment; filename="read me; first.txt"',
      }),
      { expiresIn: 60 },
    );
    const parsed = parsePresignedUrl(url);
    assert.ok(parsed.ok);
    const request = clientRequestOf(parsed.value);
    assert.equal(request.fileName, 'read me; first.txt');
    await s3.client.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: 'README.txt', Body: 'named\n' }));
    await sh(`${curlCommand(request)} --silent`, dir);
    assert.equal(readFileSync(join(dir, 'read me; first.txt'), 'utf8'), 'named\n');
  });

  it('reads the file name of a Content-Disposition: quoted, RFC 8187 (which wins), or a token', () => {
    assert.equal(dispositionFileName('attachment; filename="Q3 \\"final\\".csv"'), 'Q3 "final".csv');
    assert.equal(
      dispositionFileName('attachment; filename="a.txt"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.pdf'),
      'résumé.pdf',
    );
    assert.equal(dispositionFileName('attachment;filename=plain.txt;size=3'), 'plain.txt');
    assert.equal(dispositionFileName('attachment; x; FILENAME = spaced.txt '), 'spaced.txt');
    assert.equal(dispositionFileName('inline'), undefined);
    assert.equal(dispositionFileName('attachment; filename=""'), undefined);
    assert.equal(dispositionFileName("attachment; filename*=UTF-8''%E0%A4%A"), undefined, 'a broken escape');
    // A path in the name never reaches the file system: the snippet keeps its last part only.
    const parsed = parsePresignedUrl(
      'https://b.s3.amazonaws.com/k.txt?response-content-disposition=attachment%3B%20filename%3D%22..%2F..%2F.bashrc%22&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260314%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=' +
        '0'.repeat(64),
    );
    assert.ok(parsed.ok);
    assert.equal(clientRequestOf(parsed.value).fileName, 'bashrc');
  });

  it('reads the first 4,096 characters of a Content-Disposition only, hostile runs included', () => {
    assert.equal(dispositionFileName(`attachment; x=${'y'.repeat(5000)}; filename=late.txt`), undefined);
    for (const filler of [';'.repeat(5000), '='.repeat(5000), '"'.repeat(5000), `x=${'\\'.repeat(5000)}`])
      assert.equal(dispositionFileName(`attachment; ${filler}`), undefined, filler.slice(0, 3));
  });

  it('gives HTML for download URLs only: an image, or a link named after the file, escaped', () => {
    const url = 'https://b.s3.amazonaws.com/k?X-Amz-Signature=ab&x=<y>';
    assert.equal(
      htmlSnippet({ url, method: 'GET', headers: {}, fileName: 'cat & dog.png' }),
      '<img src="https://b.s3.amazonaws.com/k?X-Amz-Signature=ab&amp;x=&lt;y&gt;" alt="cat &amp; dog.png">',
    );
    assert.equal(
      htmlSnippet({ url, method: 'GET', headers: {}, fileName: '"q".csv' }),
      '<a href="https://b.s3.amazonaws.com/k?X-Amz-Signature=ab&amp;x=&lt;y&gt;">&quot;q&quot;.csv</a>',
    );
    assert.equal(htmlSnippet({ url, method: 'PUT', headers: {}, fileName: 'a.png' }), undefined);
  });

  it('gives fetch() and Python calls carrying the method, the headers and the URL as literals', () => {
    const req = {
      url: "https://b.s3.amazonaws.com/k?X-Amz-Signature=ab&x='y'",
      method: 'PUT',
      headers: { 'Content-Type': 'image/png' },
      fileName: 'a.png',
    };
    const js = fetchCall(req);
    assert.match(
      js,
      /await fetch\("https:\/\/b\.s3\.amazonaws\.com\/k\?X-Amz-Signature=ab&x='y'", \{\n  method: "PUT",\n  headers: \{\n    "Content-Type": "image\/png"\n  \},\n  body: file/,
    );
    const py = pythonRequests(req);
    assert.match(py, /url = 'https:\/\/b\.s3\.amazonaws\.com\/k\?X-Amz-Signature=ab&x=\\'y\\''/);
    assert.match(py, /headers = \{'Content-Type': 'image\/png'\}/);
    assert.match(
      py,
      /with open\('a\.png', 'rb'\) as body:\n    response = requests\.put\(url, headers=headers, data=body\)/,
    );
  });
});
