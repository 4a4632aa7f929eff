// Multipart uploads in the engine: S3's limits on parts, what each URL of an upload is (URLs as the SDK's
// presigner makes them, and as boto3 makes them: without x-id), and the script and function that use a set.
import * as assert from 'node:assert/strict';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { diagnose, parseByteSize, parsePresignedUrl } from '../../../src/engine';
import {
  completionXml,
  MIB,
  multipartCsv,
  multipartFetchSnippet,
  multipartRole,
  multipartShellScript,
  planParts,
  type MultipartUrlSet,
} from '../../../src/engine/multipart';
import { LONG_TERM, SIGNING_DATE } from './fixtures';

const QFACTS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html';
const GIB = 1024 * MIB;

describe(`the plan of parts, within S3's limits (${QFACTS})`, () => {
  const sizes = (plan: ReturnType<typeof planParts>): (number | null)[] =>
    plan.ok ? plan.value.parts.map((p) => p.size) : [];

  it('cuts a size into parts of the part size, the last one smaller', () => {
    assert.deepEqual(sizes(planParts({ size: 11 * MIB + 3, partSize: 5 * MIB })), [5 * MIB, 5 * MIB, MIB + 3]);
  });

  it('makes one part of an object smaller than a part, an empty one included', () => {
    assert.deepEqual(sizes(planParts({ size: 100 })), [100]);
    assert.deepEqual(sizes(planParts({ size: 0 })), [0]);
  });

  it('takes 8 MiB parts by default, and the least whole MiB that fits 10,000 parts when the object needs it', () => {
    const small = planParts({ size: 100 * MIB });
    assert.ok(small.ok && small.value.partSize === 8 * MIB && small.value.parts.length === 13);
    const big = planParts({ size: 200 * GIB });
    assert.ok(big.ok);
    assert.equal(big.value.partSize, 21 * MIB);
    assert.ok(big.value.parts.length <= 10_000);
  });

  it('refuses a part size under 5 MiB or over 5 GiB', () => {
    for (const partSize of [5 * MIB - 1, 1, 5 * GIB + 1]) {
      const plan = planParts({ size: 100 * MIB, partSize });
      assert.equal(plan.ok, false, String(partSize));
    }
    assert.ok(planParts({ size: 100 * MIB, partSize: 5 * MIB }).ok);
    assert.ok(planParts({ size: 100 * MIB, partSize: 5 * GIB }).ok);
  });

  it('refuses more than 10,000 parts, and names the part size that fits', () => {
    const plan = planParts({ size: 10_000 * 5 * MIB + 1, partSize: 5 * MIB });
    assert.equal(plan.ok, false);
    assert.match(plan.ok ? '' : plan.error, /10,001 parts; S3 takes at most 10,000: use a part size of at least 6 MiB/);
    assert.ok(planParts({ size: 10_000 * 5 * MIB, partSize: 5 * MIB }).ok);
  });

  it('refuses an object that 10,000 parts of 5 GiB cannot hold', () => {
    const plan = planParts({ size: 10_000 * 5 * GIB + 1 });
    assert.equal(plan.ok, false);
  });

  it('takes a number of parts of unknown size, 1 to 10,000', () => {
    const plan = planParts({ parts: 3 });
    assert.ok(plan.ok);
    assert.deepEqual(plan.value, {
      partSize: null,
      size: null,
      parts: [1, 2, 3].map((partNumber) => ({ partNumber, size: null })),
    });
    for (const parts of [0, 10_001, 1.5]) assert.equal(planParts({ parts }).ok, false, String(parts));
  });

  it('wants a size or a number of parts, not both', () => {
    assert.equal(planParts({}).ok, false);
    assert.equal(planParts({ size: 10, parts: 1 }).ok, false);
  });
});

describe('sizes as people write them', () => {
  it('reads bytes and binary units', () => {
    for (const [text, bytes] of [
      ['5242880', 5 * MIB],
      ['5MiB', 5 * MIB],
      ['5 mib', 5 * MIB],
      ['2GiB', 2 * GIB],
      ['1KiB', 1024],
      ['7B', 7],
    ] as const)
      assert.deepEqual(parseByteSize(text), { ok: true, value: bytes }, text);
  });

  it('refuses decimal units, whose meaning people disagree on, and what is not a size', () => {
    for (const text of ['5MB', '5M', '-1', '1.5GiB', '', 'lots']) assert.equal(parseByteSize(text).ok, false, text);
  });
});

describe('what each URL of a multipart upload is for', () => {
  const client = new S3Client({
    region: 'eu-west-1',
    credentials: LONG_TERM,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  after(() => client.destroy());
  const target = {
    Bucket: 'presign-lens-uploads',
    Key: 'videos/big file.mp4',
    UploadId: 'VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA',
  };
  const parse = (url: string) => {
    const parsed = parsePresignedUrl(url);
    assert.ok(parsed.ok);
    return parsed.value;
  };
  /** Any of the multipart commands (their types differ from getSignedUrl's generic parameter in variance only). */
  const sign = async (command: object) =>
    parse(
      await getSignedUrl(client, command as Parameters<typeof getSignedUrl>[1], {
        expiresIn: 3600,
        signingDate: SIGNING_DATE,
      }),
    );

  it('an UploadPart URL: PUT, its part number, and the ETag to keep', async () => {
    const url = await sign(new UploadPartCommand({ ...target, PartNumber: 7 }));
    assert.deepEqual(multipartRole(url), {
      operation: 'UploadPart',
      method: 'PUT',
      uploadId: target.UploadId,
      partNumber: 7,
    });
    const finding = diagnose(url, { now: SIGNING_DATE }).find((f) => f.code === 'MULTIPART');
    assert.match(
      finding!.message,
      /^Part 7 of multipart upload VXBsb2FkIElE…: PUT the part's bytes .* ETag header: keep it/,
    );
    assert.match(finding!.fix, /ExposeHeaders/);
  });

  it('a CompleteMultipartUpload URL as SDK v3 signs it (no x-id): said to be one of three, completion explained', async () => {
    const url = await sign(new CompleteMultipartUploadCommand(target));
    assert.equal(multipartRole(url)?.operation, 'unknown');
    assert.equal(url.methodHint, undefined);
    const finding = diagnose(url, { now: SIGNING_DATE }).find((f) => f.code === 'MULTIPART');
    assert.match(finding!.message, /POST completes the upload, DELETE aborts it, GET lists its parts/);
    assert.match(finding!.message, /JavaScript v3 signs CompleteMultipartUpload this way/);
    assert.match(finding!.fix, /POST the XML <CompleteMultipartUpload>/);
  });

  it('a CompleteMultipartUpload URL that names its operation: POST the XML of every part’s ETag', async () => {
    const url = parse(
      (await sign(new AbortMultipartUploadCommand(target))).url.replace(
        'x-id=AbortMultipartUpload',
        'x-id=CompleteMultipartUpload',
      ),
    );
    assert.equal(multipartRole(url)?.operation, 'CompleteMultipartUpload');
    assert.equal(url.methodHint?.method, 'POST');
    const finding = diagnose(url, { now: SIGNING_DATE }).find((f) => f.code === 'MULTIPART');
    assert.match(finding!.message, /POST the XML <CompleteMultipartUpload>.*200 with an <Error>/);
  });

  it('an AbortMultipartUpload URL: DELETE, and the parts stop costing storage', async () => {
    const url = await sign(new AbortMultipartUploadCommand(target));
    assert.equal(multipartRole(url)?.operation, 'AbortMultipartUpload');
    assert.equal(url.methodHint?.method, 'DELETE');
  });

  it('ListParts and CreateMultipartUpload URLs', async () => {
    assert.equal(multipartRole(await sign(new ListPartsCommand(target)))?.operation, 'ListParts');
    const create = await sign(new CreateMultipartUploadCommand({ Bucket: target.Bucket, Key: target.Key }));
    assert.deepEqual(multipartRole(create), { operation: 'CreateMultipartUpload', method: 'POST' });
  });

  it('an uploadId alone (boto3 signs no x-id) says which operations it can be, not which it is', async () => {
    const url = await sign(new AbortMultipartUploadCommand(target));
    const withoutId = parse(url.url.replace(/&x-id=[A-Za-z]+/, ''));
    assert.equal(multipartRole(withoutId)?.operation, 'unknown');
    assert.equal(withoutId.methodHint, undefined);
  });

  it('a part number S3 does not take is an error', async () => {
    const url = await sign(new UploadPartCommand({ ...target, PartNumber: 7 }));
    for (const bad of ['0', '10001', '07', 'x']) {
      const changed = parse(url.url.replace('partNumber=7', `partNumber=${bad}`));
      const finding = diagnose(changed, { now: SIGNING_DATE }).find((f) => f.param === 'partNumber');
      assert.equal(finding?.code, 'MALFORMED_PARAMETER', bad);
      assert.equal(finding.severity, 'error');
    }
  });

  it('a plain object URL is no part of a multipart upload', async () => {
    const url = parse(`https://b.s3.eu-west-1.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256`);
    assert.equal(multipartRole(url), undefined);
  });
});

const SET: MultipartUrlSet = {
  bucket: 'bkt',
  key: "odd key's\n$(touch pwned)`x`.bin",
  uploadId: 'upload-1',
  partSize: 5 * MIB,
  size: 5 * MIB + 1,
  parts: [
    {
      partNumber: 1,
      url: 'https://bkt.s3.eu-west-1.amazonaws.com/k?partNumber=1&uploadId=upload-1&X-Amz-Signature=a',
      size: 5 * MIB,
    },
    {
      partNumber: 2,
      url: 'https://bkt.s3.eu-west-1.amazonaws.com/k?partNumber=2&uploadId=upload-1&X-Amz-Signature=b',
      size: 1,
    },
  ],
  complete: { url: 'https://bkt.s3.eu-west-1.amazonaws.com/k?uploadId=upload-1&X-Amz-Signature=c' },
  abort: { url: 'https://bkt.s3.eu-west-1.amazonaws.com/k?uploadId=upload-1&X-Amz-Signature=d' },
  expiresAt: '2026-03-14T16:09:26Z',
};

describe('using a set of URLs', () => {
  it('the completion body lists every part in ascending order, its ETag escaped', () => {
    assert.equal(
      completionXml([
        { partNumber: 2, etag: '"b"' },
        { partNumber: 1, etag: '"a&<"' },
      ]),
      '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"a&amp;&lt;"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>"b"</ETag></Part></CompleteMultipartUpload>',
    );
  });

  it('CSV: one row per URL, the completion and the abort last', () => {
    const rows = multipartCsv(SET).trimEnd().split('\n');
    assert.equal(rows[0], 'operation,partNumber,size,url,expiresAt');
    assert.equal(rows[1], `UploadPart,1,${5 * MIB},${SET.parts[0]!.url},${SET.expiresAt}`);
    assert.match(rows[3]!, /^CompleteMultipartUpload,,,https/);
    assert.match(rows[4]!, /^AbortMultipartUpload,,,https/);
  });

  describe('the shell script', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 's3pl-script-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('is valid POSIX sh, and a hostile key stays in a comment and a quoted string', () => {
      const script = multipartShellScript(SET, join(dir, 'file.bin'));
      writeFileSync(join(dir, 'upload.sh'), script);
      execFileSync('sh', ['-n', join(dir, 'upload.sh')]);
      assert.ok(script.includes("# Uploads a file to s3://bkt/odd key's\\n$(touch pwned)`x`.bin as multipart"));
      assert.ok(script.includes(`echo 'uploaded s3://bkt/odd key'\\''s`));
    });

    it('checks the file before sending anything: its size, and the parts it needs', () => {
      writeFileSync(join(dir, 'wrong.bin'), 'too short');
      writeFileSync(join(dir, 'upload.sh'), multipartShellScript(SET));
      let failed: { status: number; stderr: string } | undefined;
      try {
        execFileSync('sh', [join(dir, 'upload.sh'), join(dir, 'wrong.bin')], { stdio: 'pipe' });
      } catch (e) {
        failed = { status: (e as { status: number }).status, stderr: String((e as { stderr: Buffer }).stderr) };
      }
      assert.equal(failed?.status, 1);
      assert.match(failed.stderr, /is 9 bytes; these URLs are for 5242881/);
    });

    it('with only a number of parts, cuts the file into that many, or says it cannot', () => {
      const set = { ...SET, partSize: null, size: null, parts: SET.parts.map((p) => ({ ...p, size: null })) };
      writeFileSync(join(dir, 'upload.sh'), multipartShellScript(set));
      writeFileSync(join(dir, 'small.bin'), Buffer.alloc(2 * MIB));
      try {
        execFileSync('sh', [join(dir, 'upload.sh'), join(dir, 'small.bin')], { stdio: 'pipe' });
        assert.fail('parts of 1 MiB were sent');
      } catch (e) {
        assert.match(String((e as { stderr: Buffer }).stderr), /parts of 1048576 bytes: S3 takes at least 5242880/);
      }
    });
  });

  it('the browser function parses, reads each ETag and says what to fix when CORS hides it', () => {
    const snippet = multipartFetchSnippet(SET);
    assert.doesNotThrow(() => new Script(snippet), 'it compiles');
    assert.match(snippet, /response\.headers\.get\("ETag"\)/);
    assert.match(snippet, /add ETag to ExposeHeaders/);
    assert.ok(snippet.includes("// Uploads a File or Blob to s3://bkt/odd key's\\n$(touch pwned)"));
  });
});
