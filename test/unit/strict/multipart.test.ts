// Acceptance: `s3-presign presign … --multipart --file F`, the built CLI run as a process, against the
// strict S3 (Swift's s3api) and the local s3rver. The printed URLs upload F's parts with curl, the completion
// URL assembles them, and the object equals F byte for byte; the --format sh script does the same alone.
// Swift also shows the limit the CLI enforces: a part under 5 MiB but the last is refused (EntityTooSmall);
// and lists and aborts uploads in progress, which s3rver cannot (List and Abort Stale Multipart Uploads).
import * as assert from 'node:assert/strict';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeAwsFiles } from '../../../scripts/lib/awsFiles';
import { LOCAL_S3_CREDENTIALS, LOCAL_S3_REGION, startLocalS3, type LocalS3 } from '../../../scripts/lib/localS3';
import { ROOT } from '../../../scripts/lib/paths';
import { startSwiftS3, type SwiftS3 } from '../../../scripts/lib/swiftS3';
import { abortMultipartUpload, listMultipartUploads } from '../../../src/aws/multipart';
import { S3Access } from '../../../src/aws/s3';
import { MIB } from '../../../src/engine/multipart';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist', 'cli.js');
const BUCKET = 'presign-lens-multipart';

interface UrlSet {
  bucket: string;
  key: string;
  uploadId: string;
  partSize: number | null;
  parts: { partNumber: number; url: string; size: number | null }[];
  complete: { url: string };
  abort: { url: string };
}

/** One server the acceptance runs against, with a profile in throwaway AWS files. */
interface Target {
  readonly name: string;
  readonly env: NodeJS.ProcessEnv;
  readonly client: S3Client;
  close(): Promise<void>;
}

function cliEnv(awsEnv: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('AWS_')) delete env[k];
  return { ...env, ...awsEnv, AWS_PROFILE: 'target' };
}

async function presignSet(target: Target, key: string, args: readonly string[]): Promise<UrlSet> {
  const { stdout } = await run(
    process.execPath,
    [CLI, 'presign', `s3://${BUCKET}/${key}`, '--multipart', ...args, '--json'],
    { env: target.env, maxBuffer: 64 * MIB },
  );
  return JSON.parse(stdout) as UrlSet;
}

/** PUT a part's bytes with curl; its ETag header. */
async function curlPart(dir: string, url: string, bytes: Buffer): Promise<string> {
  const body = join(dir, 'part');
  writeFileSync(body, bytes);
  const { stdout } = await run('curl', ['-sS', '--fail', '-T', body, '-D', '-', '-o', '/dev/null', url]);
  const etag = /^etag:\s*(.+?)\r?$/im.exec(stdout)?.[1];
  assert.ok(etag, `an ETag in ${stdout}`);
  return etag;
}

async function curlComplete(url: string, parts: readonly { partNumber: number; etag: string }[]): Promise<string> {
  const xml = `<CompleteMultipartUpload>${parts.map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${p.etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
  const { stdout } = await run('curl', ['-sS', '-X', 'POST', '--data-binary', xml, url]);
  return stdout;
}

async function objectBytes(target: Target, key: string): Promise<Buffer> {
  const answer = await target.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await answer.Body!.transformToByteArray());
}

/**
 * The acceptance, for one server. `abortMissing`: why the server cannot abort an upload, when it cannot
 * (a deviation from S3, named, not hidden).
 */
function acceptance(start: () => Promise<Target>, abortMissing?: string): void {
  let target: Target;
  let dir: string;
  let file: string;
  /** 11 MiB and 3 bytes: two 5 MiB parts and a last one of 1 MiB + 3 bytes. */
  const content = randomBytes(11 * MIB + 3);

  before(async function () {
    this.timeout(180_000);
    target = await start();
    dir = mkdtempSync(join(tmpdir(), 's3pl-multipart-'));
    file = join(dir, 'upload.bin');
    writeFileSync(file, content);
  });
  after(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the URLs upload the file’s parts with curl, the completion assembles them, byte for byte', async () => {
    const started = Date.now();
    const set = await presignSet(target, 'acceptance/upload.bin', ['--file', file, '--part-size', '5MiB']);
    const signedMs = Date.now() - started;
    assert.equal(set.partSize, 5 * MIB);
    assert.deepEqual(
      set.parts.map((p) => p.size),
      [5 * MIB, 5 * MIB, MIB + 3],
    );
    const etags: { partNumber: number; etag: string }[] = [];
    for (const p of set.parts) {
      const from = (p.partNumber - 1) * set.partSize;
      etags.push({
        partNumber: p.partNumber,
        etag: await curlPart(dir, p.url, content.subarray(from, from + p.size!)),
      });
    }
    const answer = await curlComplete(set.complete.url, etags);
    assert.match(answer, /<CompleteMultipartUploadResult/, answer);
    const stored = await objectBytes(target, 'acceptance/upload.bin');
    assert.ok(stored.equals(content), `${stored.length} bytes stored, ${content.length} sent`);
    console.log(
      `      ${target.name}: ${content.length} bytes in ${set.parts.length} parts; CLI ${signedMs} ms, upload and completion ${Date.now() - started - signedMs} ms`,
    );
  });

  it('the --format sh script uploads the file alone, and the object equals it', async () => {
    const { stdout } = await run(
      process.execPath,
      [CLI, 'presign', `s3://${BUCKET}/script/upload.bin`, '--multipart', '--file', file, '--format', 'sh'],
      { env: target.env, maxBuffer: 64 * MIB },
    );
    const script = join(dir, 'upload.sh');
    writeFileSync(script, stdout);
    // Not execFileSync: the local S3 answers from this very process.
    const output = await run('sh', [script]);
    assert.equal(output.stdout, '');
    assert.match(output.stderr, /part 2 of 2: ETag .*\nuploaded s3:\/\/presign-lens-multipart\/script\/upload\.bin\n$/);
    assert.ok((await objectBytes(target, 'script/upload.bin')).equals(content));
  });

  it(
    abortMissing
      ? `the abort URL: ${abortMissing}`
      : 'the abort URL ends an upload: its parts can no longer be completed',
    async () => {
      const set = await presignSet(target, 'aborted.bin', ['--parts', '1']);
      const etag = await curlPart(dir, set.parts[0]!.url, Buffer.from('never completed'));
      const aborted = await run('curl', [
        '-sS',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '-X',
        'DELETE',
        set.abort.url,
      ]);
      if (abortMissing) {
        assert.equal(aborted.stdout, '405');
        return;
      }
      assert.equal(aborted.stdout, '204');
      const answer = await curlComplete(set.complete.url, [{ partNumber: 1, etag }]);
      assert.match(answer, /<Code>NoSuchUpload<\/Code>/, answer);
    },
  );
}

function profileFiles(
  dir: string,
  endpoint: string,
  keys: { accessKeyId: string; secretAccessKey: string },
  region: string,
) {
  return writeAwsFiles(dir, { target: { ...keys, region, endpointUrl: endpoint, pathStyle: true } }).env;
}

describe('multipart upload through the CLI’s presigned URLs: the strict S3 (Swift s3api)', function () {
  this.timeout(300_000);
  let env: NodeJS.ProcessEnv;
  let swift: SwiftS3;
  acceptance(async () => {
    swift = await startSwiftS3();
    await swift.createBucket(BUCKET);
    const dir = mkdtempSync(join(tmpdir(), 's3pl-multipart-aws-'));
    env = cliEnv(profileFiles(dir, swift.endpoint, swift, swift.region));
    const client = new S3Client({
      endpoint: swift.endpoint,
      region: swift.region,
      forcePathStyle: true,
      credentials: { accessKeyId: swift.accessKeyId, secretAccessKey: swift.secretAccessKey },
    });
    return {
      name: 'Swift s3api',
      env,
      client,
      close: async () => {
        client.destroy();
        await swift.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  it('refuses a part under 5 MiB that is not the last (EntityTooSmall): the limit the CLI enforces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3pl-multipart-small-'));
    try {
      const { stdout } = await run(
        process.execPath,
        [CLI, 'presign', `s3://${BUCKET}/small.bin`, '--multipart', '--parts', '2', '--json'],
        { env },
      );
      const set = JSON.parse(stdout) as UrlSet;
      const etags = [];
      for (const p of set.parts)
        etags.push({ partNumber: p.partNumber, etag: await curlPart(dir, p.url, randomBytes(MIB)) });
      assert.match(await curlComplete(set.complete.url, etags), /<Code>EntityTooSmall<\/Code>/);
      const refused = await run(
        process.execPath,
        [CLI, 'presign', `s3://${BUCKET}/x`, '--multipart', '--size', '2MiB', '--part-size', '1MiB'],
        { env },
      ).then(
        () => assert.fail('a part size under 5 MiB was accepted'),
        (e: { code: number; stderr: string }) => e,
      );
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /at least 5 MiB/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the uploads in progress oldest first, and aborts the one picked (the stale uploads command’s calls)', async () => {
    const profile = {
      name: 'swift',
      kind: 'static' as const,
      region: swift.region,
      endpointUrl: swift.endpoint,
      pathStyle: true,
    };
    const access = new S3Access(profile, async () => ({
      accessKeyId: swift.accessKeyId,
      secretAccessKey: swift.secretAccessKey,
    }));
    const signal = new AbortController().signal;
    try {
      const before = await listMultipartUploads(access, BUCKET, signal);
      const first = JSON.parse(
        (
          await run(
            process.execPath,
            [CLI, 'presign', `s3://${BUCKET}/stale/a.bin`, '--multipart', '--parts', '1', '--json'],
            { env },
          )
        ).stdout,
      ) as UrlSet;
      await new Promise((r) => setTimeout(r, 1100));
      const second = JSON.parse(
        (
          await run(
            process.execPath,
            [CLI, 'presign', `s3://${BUCKET}/stale/b.bin`, '--multipart', '--parts', '1', '--json'],
            { env },
          )
        ).stdout,
      ) as UrlSet;
      const listed = await listMultipartUploads(access, BUCKET, signal);
      assert.equal(listed.truncated, false);
      const ids = listed.uploads.map((u) => u.uploadId);
      assert.deepEqual(ids.slice(-2), [first.uploadId, second.uploadId], 'oldest first');
      assert.equal(listed.uploads.length, before.uploads.length + 2);
      await abortMultipartUpload(access, BUCKET, { key: 'stale/a.bin', uploadId: first.uploadId }, signal);
      const after = await listMultipartUploads(access, BUCKET, signal);
      assert.ok(!after.uploads.some((u) => u.uploadId === first.uploadId));
      assert.ok(after.uploads.some((u) => u.uploadId === second.uploadId));
    } finally {
      access.dispose();
    }
  });
});

describe('multipart upload through the CLI’s presigned URLs: the local S3 (s3rver)', function () {
  this.timeout(120_000);
  acceptance(async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3pl-multipart-local-'));
    const s3: LocalS3 = await startLocalS3({ directory: join(dir, 's3'), buckets: [BUCKET] });
    return {
      name: 's3rver',
      env: cliEnv(profileFiles(join(dir, 'aws'), s3.endpoint, LOCAL_S3_CREDENTIALS, LOCAL_S3_REGION)),
      client: s3.client,
      close: async () => {
        await s3.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }, 's3rver does not implement AbortMultipartUpload (405 MethodNotAllowed); S3 answers 204');
});
