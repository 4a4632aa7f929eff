import * as assert from 'node:assert/strict';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAwsFiles } from '../../../scripts/lib/awsFiles';
import { ROOT } from '../../../scripts/lib/paths';
import { fixtures, LONG_TERM, SIGNING_DATE, TEMPORARY, type Fixture } from '../engine/fixtures';
import { runCli } from '../../../src/cli/main';
import { cli, NOW, withoutAwsEnv, type Run } from './run';

describe('s3-presign CLI', () => {
  withoutAwsEnv();
  let dir: string;
  let put: Fixture;
  let get: Fixture;

  before(async () => {
    const all = await fixtures();
    put = all.find((f) => f.method === 'PUT' && f.headers['content-type'] && !f.temporary)!;
    get = all.find((f) => f.method === 'GET' && !f.temporary && f.style.isAws)!;
    dir = mkdtempSync(join(tmpdir(), 's3pl-cli-'));
    const aws = writeAwsFiles(join(dir, 'aws'), {
      signer: { region: 'us-east-1', accessKeyId: LONG_TERM.accessKeyId, secretAccessKey: LONG_TERM.secretAccessKey },
      other: { region: 'us-east-1', accessKeyId: 'AKIAOTHEROTHEROTHER1', secretAccessKey: 'other' },
    });
    Object.assign(process.env, aws.env);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('decode', () => {
    it('prints the documented JSON shape', async () => {
      const run = await cli(['decode', put.url, '--json', '--now', NOW]);
      assert.equal(run.code, 0, run.err);
      const report = JSON.parse(run.out) as Record<string, unknown>;
      for (const field of [
        'signatureVersion',
        'host',
        'addressingStyle',
        'bucket',
        'key',
        'region',
        'accessKeyId',
        'credentialType',
        'signedAt',
        'expiresIn',
        'expiresAt',
        'expired',
        'methodHint',
        'signedHeaders',
        'findings',
      ]) {
        assert.ok(field in report, field);
      }
      assert.equal(report['signatureVersion'], 'v4');
      assert.equal(report['key'], put.key);
      assert.equal(report['credentialType'], 'long-term');
      assert.equal(report['signedAt'], '2026-03-14T15:09:26Z');
      assert.equal(
        report['expiresAt'],
        new Date(SIGNING_DATE.getTime() + put.expiresIn * 1000).toISOString().replace('.000', ''),
      );
      assert.equal(report['expired'], put.expiresIn < 634);
      assert.equal(report['methodHint'], 'PUT');
      assert.deepEqual(report['signedHeaders'], ['content-type', 'host']);
      const findings = report['findings'] as { code: string; severity: string; message: string }[];
      assert.ok(findings.some((f) => f.code === 'SIGNED_HEADERS' && f.severity === 'warning' && f.message.length > 0));
    });

    it('prints the fields for a person, the verdict first', async () => {
      const run = await cli(['decode', get.url, '--now', NOW]);
      assert.equal(run.code, 0);
      assert.match(run.out.split('\n')[0]!, /^(Valid for|Expired)/);
      assert.match(run.out, new RegExp(`Key +${JSON.stringify(get.key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    });

    it('never prints a session token', async () => {
      const temporary = (await fixtures()).find((f) => f.temporary)!;
      for (const args of [
        ['decode', temporary.url],
        ['decode', temporary.url, '--json'],
      ]) {
        const run = await cli(args);
        assert.ok(
          !run.out.includes(TEMPORARY.sessionToken) && !run.out.includes(encodeURIComponent(TEMPORARY.sessionToken)),
        );
        assert.match(run.out, /REDACTED/);
      }
    });

    it('exits 2 with a one-line reason on bad input', async () => {
      for (const args of [
        ['decode', 'not a url at all'],
        ['decode'],
        ['decode', get.url, '--now', 'yesterday'],
        ['decode', get.url, '--bogus'],
      ]) {
        const run = await cli(args);
        assert.equal(run.code, 2, args.join(' '));
        assert.equal(run.err.trim().split('\n').length, 1);
        assert.match(run.err, /^s3-presign decode: /);
      }
    });

    it('shows control characters of a key escaped for a person, and as they are in JSON', async () => {
      const u = new URL(get.url);
      u.pathname = '/a%1B%5B2J%0Db%C2%9B%7F';
      const text = await cli(['decode', u.href, '--now', NOW]);
      assert.equal(text.code, 0, text.err);
      // oxlint-disable-next-line no-control-regex -- control characters are what must not be there
      assert.doesNotMatch(text.out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      assert.match(text.out, /Key +"a\\u001b\[2J\\rb\\x9b\\x7f"/);
      const data = JSON.parse((await cli(['decode', u.href, '--json', '--now', NOW])).out) as { key: string };
      assert.equal(data.key, 'a\u001b[2J\rb\u009b\u007f');
    });

    it('exits 2 with one line for standard input over 1 MiB', async () => {
      const run = await cli(['decode', '-'], `${get.url}${' '.repeat(1024 * 1024)}`);
      assert.equal(run.code, 2);
      assert.equal(run.err, 's3-presign decode: standard input is over 1 MiB, the most read for a URL or a form\n');
    });
  });

  describe('verify', () => {
    it('finds the profile whose key signed the URL, and exits 0 when valid', async () => {
      const run = await cli(['verify', put.url, '--header', 'Content-Type: text/csv', '--json']);
      assert.equal(run.code, 0, run.out + run.err);
      const result = JSON.parse(run.out) as Record<string, unknown>;
      assert.equal(result['valid'], true);
      assert.equal(result['secretFrom'], 'profile signer');
      for (const field of ['canonicalRequest', 'stringToSign', 'computedSignature', 'explanations', 'findings'])
        assert.ok(field in result, field);
    });

    it('says invalid, exit 1, for an x-amz-* header sent but not signed: HEADERS_NOT_SIGNED', async () => {
      const run = await cli(['verify', get.url, '--header', 'x-amz-meta-note: hi', '--json']);
      assert.equal(run.code, 1, run.err);
      const result = JSON.parse(run.out) as {
        valid: boolean;
        signatureMatches: boolean;
        explanations: { code: string }[];
      };
      assert.equal(result.valid, false);
      assert.equal(result.signatureMatches, true);
      assert.deepEqual(
        result.explanations.map((e) => e.code),
        ['HEADERS_NOT_SIGNED'],
      );
      const text = await cli(['verify', get.url, '--header', 'x-amz-meta-note: hi']);
      assert.match(text.out, /^INVALID: signature matches, but S3 refuses the request for GET/);
    });

    it('reads where a "\\@" URL really goes, and never calls it valid: HOST_CONFUSION', async () => {
      const confused = get.url.replace('https://', 'https://attacker.example\\@');
      const decoded = JSON.parse((await cli(['decode', confused, '--json', '--now', NOW])).out) as {
        host: string;
        findings: { code: string }[];
      };
      assert.equal(decoded.host, 'attacker.example');
      assert.ok(decoded.findings.some((f) => f.code === 'HOST_CONFUSION'));
      const run = await cli(['verify', confused, '--json']);
      assert.equal(run.code, 1);
      const result = JSON.parse(run.out) as { valid: boolean; explanations: { code: string }[] };
      assert.equal(result.valid, false);
      assert.equal(result.explanations[0]!.code, 'HOST_CONFUSION');
    });

    it('exits 1 and explains when the request differs from what was signed', async () => {
      const run = await cli([
        'verify',
        put.url,
        '--method',
        'GET',
        '--header',
        'Content-Type: text/csv',
        '--profile',
        'signer',
        '--json',
      ]);
      assert.equal(run.code, 1);
      const result = JSON.parse(run.out) as { valid: boolean; explanations: { code: string; message: string }[] };
      assert.equal(result.valid, false);
      assert.deepEqual(result.explanations, [
        { code: 'METHOD_MISMATCH', message: 'Signed for PUT; the request uses GET.' },
      ]);
    });

    it('takes the secret from AWS_SECRET_ACCESS_KEY', async () => {
      process.env['AWS_ACCESS_KEY_ID'] = LONG_TERM.accessKeyId;
      process.env['AWS_SECRET_ACCESS_KEY'] = LONG_TERM.secretAccessKey;
      try {
        const run = await cli(['verify', get.url]);
        assert.equal(run.code, 0, run.out + run.err);
        assert.match(run.out, /^VALID: signature matches for GET \(secret from environment/);
      } finally {
        delete process.env['AWS_ACCESS_KEY_ID'];
        delete process.env['AWS_SECRET_ACCESS_KEY'];
      }
    });

    it('says whose secret it used when it is another key’s', async () => {
      const run = await cli(['verify', get.url, '--profile', 'other', '--json']);
      assert.equal(run.code, 1);
      assert.match(
        run.out,
        /belongs to access key AKIAOTHEROTHEROTHER1, but the URL was signed by AKIAIOSFODNN7EXAMPLE/,
      );
    });

    it('exits 2 for an unknown profile, a malformed header, and no credentials at all', async () => {
      assert.equal((await cli(['verify', get.url, '--profile', 'nope'])).code, 2);
      assert.equal((await cli(['verify', get.url, '--header', 'no colon'])).code, 2);
      const unknownKey = get.url.replace(LONG_TERM.accessKeyId, 'AKIAUNKNOWNUNKNOWN12');
      const none = await cli(['verify', unknownKey]);
      assert.equal(none.code, 2);
      assert.match(none.err, /no credentials to verify with/);
    });

    it('refuses a --header that could not be sent: CR, LF or another control character, a name that is no token', async () => {
      for (const header of ['Content-Type: text/csv\r\nX-Injected: 1', 'x-amz-meta-a: b\u0000', 'Bad Name: v']) {
        const run = await cli(['verify', get.url, '--header', header, '--profile', 'signer']);
        assert.equal(run.code, 2, JSON.stringify(header));
        assert.match(run.err, /^s3-presign verify: --header: the (value of|header name)/);
        assert.equal(run.err.split('\n').length, 2, 'one line, its control characters escaped');
      }
    });

    it('takes --credentials-timeout in seconds, above 0 and at most an hour', async () => {
      assert.equal((await cli(['verify', get.url, '--profile', 'signer', '--credentials-timeout', '2.5'])).code, 0);
      for (const value of ['0', '-1', 'soon', '3601', '1e3', '']) {
        const run = await cli(['verify', get.url, '--profile', 'signer', `--credentials-timeout=${value}`]);
        assert.equal(run.code, 2, value);
        assert.match(run.err, /--credentials-timeout takes seconds, above 0 and at most 3600/);
      }
    });
  });

  describe('explain', () => {
    const expired =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>900</X-Amz-Expires><Expires>2026-03-14T15:24:26Z</Expires><ServerTime>2026-03-14T16:00:00Z</ServerTime></Error>';

    it('reads a file and prints errorCode, message and explanations as JSON', async () => {
      const file = join(dir, 'error.xml');
      writeFileSync(file, expired);
      const run = await cli(['explain', file, '--json']);
      assert.equal(run.code, 0, run.err);
      const result = JSON.parse(run.out) as Record<string, unknown>;
      assert.equal(result['errorCode'], 'AccessDenied');
      assert.equal(result['message'], 'Request has expired');
      assert.deepEqual(
        (result['explanations'] as { code: string }[]).map((e) => e.code),
        ['EXPIRED'],
      );
      assert.ok(!('diff' in result));
    });

    it('adds the diff when the URL is given, from standard input', async () => {
      const xml =
        '<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message><StringToSign>AWS4-HMAC-SHA256\n20260314T150926Z\n20260314/us-east-1/s3/aws4_request\n00</StringToSign></Error>';
      const run = await cli(['explain', '-', '--url', get.url, '--json'], xml);
      assert.equal(run.code, 0, run.err);
      assert.ok('diff' in (JSON.parse(run.out) as object));
    });

    it('exits 2 when there is no S3 error in the input', async () => {
      const run = await cli(['explain', '-'], 'Forbidden');
      assert.equal(run.code, 2);
      assert.match(run.err, /no S3 <Error> document/);
    });

    it('exits 2 with one line for an error document over 1 MiB', async () => {
      const file = join(dir, 'huge-error.xml');
      writeFileSync(file, `<Error><Code>AccessDenied</Code><Message>${'m'.repeat(1024 * 1024)}</Message></Error>`);
      for (const run of [await cli(['explain', file]), await cli(['explain', '-'], readFileSync(file, 'utf8'))]) {
        assert.equal(run.code, 2);
        assert.match(run.err, /^s3-presign explain: .* is over 1 MiB, the most read for an S3 error document\n$/);
      }
    });
  });

  describe('scan', () => {
    let tree: string;
    const expiredUrl = (): string => get.url;

    before(() => {
      tree = join(dir, 'repo');
      mkdirSync(join(tree, 'src', 'nested'), { recursive: true });
      mkdirSync(join(tree, 'dist'));
      mkdirSync(join(tree, '.git'));
      writeFileSync(join(tree, '.gitignore'), 'dist/\n*.log\n!keep.log\n');
      writeFileSync(join(tree, 'src', 'a.ts'), `// fixture\nconst url =\n  '${expiredUrl()}';\n`);
      writeFileSync(join(tree, 'src', 'nested', 'keep.log'), `x ${expiredUrl()}\n`);
      writeFileSync(join(tree, 'src', 'nested', 'drop.log'), `x ${expiredUrl()}\n`);
      writeFileSync(join(tree, 'dist', 'bundle.js'), expiredUrl());
      writeFileSync(join(tree, '.git', 'config'), expiredUrl());
      writeFileSync(join(tree, 'image.bin'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(expiredUrl())]));
      writeFileSync(
        join(tree, 'notes-utf16.txt'),
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`see ${expiredUrl()}`, 'utf16le')]),
      );
      writeFileSync(join(tree, 'huge.txt'), Buffer.alloc(21 * 1024 * 1024, 0x61));
    });

    it('finds the URLs with file, line and column, honouring .gitignore, skipping .git, binary and huge files', async () => {
      const run = await cli(['scan', tree, '--json', '--now', NOW]);
      assert.equal(run.code, 0, run.err);
      const hits = JSON.parse(run.out) as {
        file: string;
        line: number;
        column: number;
        url: string;
        findings: { code: string }[];
      }[];
      const where = hits.map((h) => `${h.file.slice(tree.length + 1)}:${h.line}:${h.column}`).sort();
      assert.deepEqual(where, ['notes-utf16.txt:1:5', 'src/a.ts:3:4', 'src/nested/keep.log:1:3']);
      assert.equal(hits[0]!.url, expiredUrl());
    });

    it('exits 1 with --fail-on when a finding reaches that severity', async () => {
      const late = new Date(SIGNING_DATE.getTime() + 8 * 86400_000).toISOString();
      assert.equal(
        (await cli(['scan', tree, '--json', '--now', late, '--fail-on', 'warning'])).code,
        1,
        'expired URLs are warnings',
      );
      assert.equal(
        (await cli(['scan', join(tree, 'src', 'a.ts'), '--now', late, '--fail-on', 'error'])).code,
        0,
        'an expired URL is no error',
      );
      assert.equal(
        (await cli(['scan', join(tree, 'src', 'a.ts'), '--now', NOW, '--fail-on', 'warning'])).code,
        get.expiresIn < 634 ? 1 : 0,
      );
      assert.equal((await cli(['scan', tree, '--fail-on', 'fatal'])).code, 2);
    });

    it('summarises what it skipped', async () => {
      const run = await cli(['scan', tree, '--now', NOW]);
      assert.match(
        run.out,
        /3 presigned URLs in 3 files; scanned 4 files, skipped 1 binary, 1 over 20 MiB, 3 ignored, 0 unreadable/,
      );
    });

    it('follows a link named on the command line, as it passes by links in folders', async () => {
      const link = join(dir, 'link-to-a.ts');
      symlinkSync(join(tree, 'src', 'a.ts'), link);
      const run = await cli(['scan', link, '--json', '--now', NOW]);
      assert.equal(run.code, 0, run.err);
      assert.equal((JSON.parse(run.out) as unknown[]).length, 1);
    });

    it('shows a file name with a newline or an escape sequence on one line, escaped; JSON has it as it is', async () => {
      const odd = join(dir, 'odd-names');
      mkdirSync(odd);
      const name = 'a\u001b]0;pwned\u0007\nb.txt';
      writeFileSync(join(odd, name), `see ${expiredUrl()}\n`);
      const text = await cli(['scan', odd, '--now', NOW]);
      assert.equal(text.code, 0, text.err);
      assert.equal(text.out.split('\n')[0], `${join(odd, 'a\\x1b]0;pwned\\x07\\nb.txt')}:1:5  warning`);
      const hits = JSON.parse((await cli(['scan', odd, '--json', '--now', NOW])).out) as { file: string }[];
      assert.equal(hits[0]!.file, join(odd, name));
    });

    /**
     * Scans a folder of a.txt, b.txt and c/d.txt (each with a URL, read in that order), and does `meanwhile`
     * when the first hit is printed: between the listing and the reading of the others.
     */
    async function scanWhile(meanwhile: (folder: string) => void): Promise<Run> {
      const folder = mkdtempSync(join(dir, 'changing-'));
      mkdirSync(join(folder, 'c'));
      for (const file of ['a.txt', 'b.txt', join('c', 'd.txt')])
        writeFileSync(join(folder, file), `see ${expiredUrl()}\n`);
      let out = '';
      let err = '';
      let first = true;
      const code = await runCli(
        ['scan', folder, '--now', NOW],
        {
          out: (t) => {
            if (first) meanwhile(folder);
            first = false;
            out += `${t}\n`;
          },
          readStdin: () => '',
        },
        (l) => void (err += `${l}\n`),
      );
      return { code, out, err };
    }

    it('fails closed, as root too, on a file and a folder that vanish while it runs', async () => {
      const run = await scanWhile((folder) => {
        rmSync(join(folder, 'b.txt'));
        rmSync(join(folder, 'c'), { recursive: true });
      });
      assert.equal(run.code, 2);
      assert.match(run.out, /scanned 1 file, .*, 2 unreadable \(the scan is incomplete: exit code 2\)\.\n$/);
      assert.match(run.err, /^s3-presign scan: 2 files or folders could not be read, first .*b\.txt \(ENOENT\)\n$/);
    });

    it('never blocks on a FIFO put in a listed file’s place, and counts it unreadable', async () => {
      const run = await scanWhile((folder) => {
        rmSync(join(folder, 'b.txt'));
        execFileSync('mkfifo', [join(folder, 'b.txt')]);
      });
      assert.equal(run.code, 2);
      assert.match(run.err, /b\.txt \(not a regular file\)\n$/);
      assert.match(run.out, /2 presigned URLs in 2 files/);
    });
  });

  describe('the built dist/cli.js', () => {
    const bin = join(ROOT, 'dist', 'cli.js');

    it('runs as a program, reads "-" from standard input, exits 0', () => {
      const r = spawnSync(bin, ['decode', '-', '--json'], { input: get.url, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { bucket: string }).bucket, 'presign-lens-fixtures');
    });

    it('exits 2 with one line on stderr for an unknown command, and prints help', () => {
      const r = spawnSync(bin, ['frobnicate'], { encoding: 'utf8' });
      assert.equal(r.status, 2);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      const help = spawnSync(bin, ['--help'], { encoding: 'utf8' });
      assert.equal(help.status, 0);
      assert.match(help.stdout, /s3-presign scan <path>/);
    });
  });
});

describe('s3-presign presign', () => {
  withoutAwsEnv();
  const DATE = '2026-03-14T15:09:26Z';
  let dir: string;
  const client = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): S3Client =>
    new S3Client({
      region: 'eu-west-1',
      credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-presign-'));
    const soon = new Date(Date.now() + 10 * 60_000).toISOString();
    const processJson = JSON.stringify({
      Version: 1,
      AccessKeyId: TEMPORARY.accessKeyId,
      SecretAccessKey: TEMPORARY.secretAccessKey,
      SessionToken: TEMPORARY.sessionToken,
      Expiration: soon,
    });
    writeFileSync(join(dir, 'creds.json'), processJson);
    const aws = writeAwsFiles(join(dir, 'aws'), {
      signer: { region: 'eu-west-1', accessKeyId: LONG_TERM.accessKeyId, secretAccessKey: LONG_TERM.secretAccessKey },
      session: { region: 'eu-west-1', config: { credential_process: `cat ${join(dir, 'creds.json')}` } },
    });
    Object.assign(process.env, aws.env);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a key ending in "/" on a custom endpoint in virtual-hosted style', async () => {
    const run = await cli([
      'presign',
      's3://bkt/folder/',
      '--endpoint-url',
      'http://localhost:9000',
      '--region',
      'us-east-1',
      '--profile',
      'signer',
    ]);
    assert.equal(run.code, 0, run.err);
    const url = new URL(run.out.trim());
    assert.equal(url.host, 'bkt.localhost:9000');
    assert.equal(url.pathname, '/folder/');
  });

  it('prints the URL getSignedUrl makes for the same inputs and --date, and the headers to send on stderr', async () => {
    const run = await cli([
      'presign',
      's3://acme/in box/a+b.png',
      '--profile',
      'signer',
      '--region',
      'eu-west-1',
      '--method',
      'PUT',
      '--content-type',
      'image/png',
      '--expires',
      '2h',
      '--date',
      DATE,
    ]);
    assert.equal(run.code, 0, run.err);
    const expected = await getSignedUrl(
      client(LONG_TERM),
      new PutObjectCommand({ Bucket: 'acme', Key: 'in box/a+b.png', ContentType: 'image/png' }),
      {
        expiresIn: 7200,
        signingDate: new Date(DATE),
        signableHeaders: new Set(['content-type']),
      },
    );
    assert.equal(run.out, `${expected}\n`);
    assert.equal(run.err, 's3-presign presign: the client must send Content-Type: image/png\n');
  });

  it('prints one URL per key in input order with --keys-from, each as getSignedUrl makes it', async () => {
    const keys = ['b.txt', 'a b.txt', '', 'dir/ü+é.txt\r', 'z'];
    const run = await cli(
      [
        'presign',
        's3://acme/pre/',
        '--keys-from',
        '-',
        '--profile',
        'signer',
        '--region',
        'eu-west-1',
        '--expires',
        '7d',
        '--date',
        DATE,
      ],
      keys.join('\n'),
    );
    assert.equal(run.code, 0, run.err);
    const lines = run.out.trimEnd().split('\n');
    const wanted = ['b.txt', 'a b.txt', 'dir/ü+é.txt', 'z'];
    assert.equal(lines.length, wanted.length);
    for (let i = 0; i < wanted.length; i++) {
      const expected = await getSignedUrl(
        client(LONG_TERM),
        new GetObjectCommand({ Bucket: 'acme', Key: `pre/${wanted[i]}` }),
        { expiresIn: 604800, signingDate: new Date(DATE) },
      );
      assert.equal(lines[i], expected, wanted[i]);
    }
  });

  it('prints the JSON shape, and warns when temporary credentials end before the URL', async () => {
    const run = await cli([
      'presign',
      's3://acme/k',
      '--profile',
      'session',
      '--region',
      'eu-west-1',
      '--expires',
      '1d',
      '--json',
    ]);
    assert.equal(run.code, 0, run.err);
    const result = JSON.parse(run.out) as {
      url: string;
      method: string;
      expiresAt: string;
      credentialsExpiration: string;
      warnings: string[];
      headers: object;
    };
    assert.equal(result.method, 'GET');
    assert.match(result.url, /X-Amz-Security-Token=/);
    assert.deepEqual(result.headers, {});
    assert.equal(result.warnings.length, 1);
    assert.match(
      result.warnings[0]!,
      /stops working at .*when the temporary credentials that signed it expire, not at /,
    );
  });

  it('takes the credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY', async () => {
    process.env['AWS_ACCESS_KEY_ID'] = LONG_TERM.accessKeyId;
    process.env['AWS_SECRET_ACCESS_KEY'] = LONG_TERM.secretAccessKey;
    try {
      const run = await cli(['presign', 's3://acme/k', '--region', 'eu-west-1', '--date', DATE]);
      assert.equal(run.code, 0, run.err);
      assert.equal(
        run.out.trim(),
        await getSignedUrl(client(LONG_TERM), new GetObjectCommand({ Bucket: 'acme', Key: 'k' }), {
          expiresIn: 900,
          signingDate: new Date(DATE),
        }),
      );
    } finally {
      delete process.env['AWS_ACCESS_KEY_ID'];
      delete process.env['AWS_SECRET_ACCESS_KEY'];
    }
  });

  it('refuses, with exit 2 and a reason, what S3 would refuse or cannot be done', async () => {
    const cases: readonly [string[], RegExp][] = [
      [['presign', 's3://acme/k', '--profile', 'signer', '--expires', '8d'], /over the 7-day limit/],
      [['presign', 's3://acme/k', '--profile', 'signer', '--expires', 'soon'], /Type a duration/],
      [['presign', 'https://acme/k', '--profile', 'signer'], /not an s3:\/\/bucket\/key URI/],
      [['presign', 's3://acme/', '--profile', 'signer', '--region', 'eu-west-1'], /names no key/],
      [['presign', 's3://acme/k', '--profile', 'nope'], /no profile "nope"/],
      [
        [
          'presign',
          's3://acme/',
          '--keys-from',
          '-',
          '--method',
          'PUT',
          '--profile',
          'signer',
          '--region',
          'eu-west-1',
        ],
        /GET URLs only/,
      ],
      [['presign', 's3://acme/k', '--method', 'POST', '--profile', 'signer'], /--method takes GET, PUT, HEAD, DELETE/],
      [
        [
          'presign',
          's3://acme/k',
          '--method',
          'PUT',
          '--content-type',
          'text/plain\r\nX-Injected: 1',
          '--profile',
          'signer',
        ],
        /--content-type: the value of Content-Type holds the control character \\r/,
      ],
      [
        ['presign', 's3://acme/k', '--profile', 'signer', '--credentials-timeout', '0'],
        /--credentials-timeout takes seconds/,
      ],
    ];
    for (const [args, reason] of cases) {
      const run = await cli(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.err, reason);
    }
  });
});
