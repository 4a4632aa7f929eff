// `s3-presign presign --multipart` refuses what S3 would refuse, or what cannot be done, before it creates
// an upload: exit 2 and one line. (The uploads themselves run against Swift and s3rver: ../strict/multipart.test.ts.)
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';

async function cli(args: readonly string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const io = { out: () => undefined, readStdin: () => '' };
  const code = await runCli(args, io, (l) => void (err += `${l}\n`));
  return { code, err };
}

describe('s3-presign presign --multipart: usage', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-cli-multipart-'));
    writeFileSync(join(dir, 'f.bin'), 'x');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [args, message] of [
    [['--multipart'], /one of --parts N, --file PATH or --size N/],
    [['--multipart', '--parts', '2', '--size', '10MiB'], /one of --parts N, --file PATH or --size N/],
    [['--multipart', '--parts', '10001'], /number of parts must be 1 to 10,000/],
    [['--multipart', '--parts', 'two'], /--parts takes a whole number/],
    [['--multipart', '--size', '100MB'], /--size: "100MB" is not a size/],
    [['--multipart', '--size', '1GiB', '--part-size', '4MiB'], /at least 5 MiB/],
    [['--multipart', '--size', '1TiB', '--part-size', '6GiB'], /at most 5 GiB/],
    [
      ['--multipart', '--size', '100GiB', '--part-size', '5MiB'],
      /20,480 parts; S3 takes at most 10,000: use a part size of at least 11 MiB/,
    ],
    [['--multipart', '--file', '/nonexistent/file'], /cannot read \/nonexistent\/file/],
    [['--multipart', '--parts', '2', '--method', 'GET'], /--multipart does not take --method/],
    [['--multipart', '--parts', '2', '--format', 'xml'], /--format takes text, json, csv, sh, fetch/],
    [['--multipart', '--parts', '2', '--format', 'csv', '--json'], /ask for two outputs/],
    [['--parts', '2'], /--parts goes with --multipart/],
  ] as const) {
    it(`${args.join(' ')}: ${message.source}`, async () => {
      const run = await cli(['presign', 's3://bkt/key', ...args]);
      assert.equal(run.code, 2, run.err);
      assert.equal(run.err.trimEnd().split('\n').length, 1, run.err);
      assert.match(run.err, message);
    });
  }

  it('refuses a folder as --file', async () => {
    const run = await cli(['presign', 's3://bkt/key', '--multipart', '--file', dir]);
    assert.equal(run.code, 2);
    assert.match(run.err, /is not a regular file/);
  });
});
