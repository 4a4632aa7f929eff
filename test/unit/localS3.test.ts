// The harness every S3 test stands on: the local server must check signatures and list like S3.
import * as assert from 'node:assert/strict';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEMO_BUCKET,
  DEMO_OBJECTS,
  LOCAL_S3_CREDENTIALS,
  LOCAL_S3_REGION,
  MANY_PREFIX,
  UPLOAD_BUCKET,
  addLocalS3KeyPair,
  manyKey,
  seedDemoData,
  startLocalS3,
  type LocalS3,
} from '../../scripts/lib/localS3';

const MANY = 25;

describe('local S3 harness', () => {
  let dir: string;
  let s3: LocalS3;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-s3-'));
    s3 = await startLocalS3({ directory: dir });
    await seedDemoData(s3, MANY);
  });
  after(async () => {
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const presign = (key: string, client: S3Client = s3.client): Promise<string> =>
    getSignedUrl(client, new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: key }), { expiresIn: 60 });

  async function listAll(prefix: string, maxKeys: number, delimiter = '/'): Promise<string[]> {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.client.send(
        new ListObjectsV2Command({
          Bucket: DEMO_BUCKET,
          Prefix: prefix,
          Delimiter: delimiter || undefined,
          MaxKeys: maxKeys,
          ContinuationToken: token,
        }),
      );
      assert.ok((page.KeyCount ?? 0) <= maxKeys);
      seen.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
    } while (token);
    return seen;
  }

  it('listens on a random loopback port', () => {
    assert.match(s3.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(s3.port, 4568);
  });

  it('serves every demo object through a presigned GET, odd keys included', async () => {
    for (const object of DEMO_OBJECTS) {
      const response = await fetch(await presign(object.key));
      assert.equal(response.status, 200, object.key);
      assert.equal(await response.text(), object.body, object.key);
    }
  });

  it('rejects a presigned URL whose signature was altered', async () => {
    const url = new URL(await presign('README.txt'));
    const signature = url.searchParams.get('X-Amz-Signature')!;
    url.searchParams.set('X-Amz-Signature', (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1));
    const response = await fetch(url);
    assert.equal(response.status, 403);
    assert.match(await response.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  it('rejects a URL signed with another secret', async () => {
    const wrong = new S3Client({
      endpoint: s3.endpoint,
      region: LOCAL_S3_REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: LOCAL_S3_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    const response = await fetch(await presign('README.txt', wrong));
    assert.equal(response.status, 403);
  });

  it('accepts an extra key pair, with a session token in the signed query', async () => {
    addLocalS3KeyPair('ASIAHARNESSTEMPORARY', 'temporary-secret');
    const temporary = new S3Client({
      endpoint: s3.endpoint,
      region: LOCAL_S3_REGION,
      forcePathStyle: true,
      credentials: {
        accessKeyId: 'ASIAHARNESSTEMPORARY',
        secretAccessKey: 'temporary-secret',
        sessionToken: 'token/with+chars=',
      },
    });
    const url = await presign('README.txt', temporary);
    assert.match(url, /X-Amz-Security-Token=token%2Fwith%2Bchars%3D/);
    assert.equal((await fetch(url)).status, 200);
  });

  it('lists folders whose only children are folders', async () => {
    const root = await listAll('', 1000);
    assert.deepEqual(root, [
      'deep/',
      'images/',
      'logs/',
      'marks/',
      'math/',
      'percent/',
      'reports/',
      'unicode/',
      'README.txt',
      'uploads-go-elsewhere.txt',
    ]);
    assert.deepEqual(await listAll('deep/a/', 1000), ['deep/a/b/']);
  });

  it('lists every demo key as it was written, and each listed key presigns and downloads byte-equal', async () => {
    const listed = (await listAll('', 1000, '')).filter((key) => !key.startsWith(MANY_PREFIX));
    assert.deepEqual([...listed].sort(), DEMO_OBJECTS.map((o) => o.key).sort());
    for (const key of listed) {
      const response = await fetch(await presign(key));
      assert.equal(response.status, 200, key);
      const body = DEMO_OBJECTS.find((o) => o.key === key)!.body;
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), Buffer.from(body), key);
    }
  });

  it('escapes XML’s special characters in a key once, with and without encoding-type=url', async () => {
    const key = `xml/&amp; <b> "q" 'a' &#x27;.txt`;
    await s3.client.send(new PutObjectCommand({ Bucket: UPLOAD_BUCKET, Key: key, Body: 'x' }));
    for (const EncodingType of [undefined, 'url'] as const) {
      const page = await s3.client.send(
        new ListObjectsV2Command({ Bucket: UPLOAD_BUCKET, Prefix: 'xml/', EncodingType }),
      );
      const listed = page.Contents?.map((c) => (EncodingType ? decodeURIComponent(c.Key!) : c.Key));
      assert.deepEqual(listed, [key], EncodingType ?? 'plain');
    }
  });

  it('pages keys and common prefixes together, MaxKeys counting both', async () => {
    const whole = await listAll('', 1000);
    for (const size of [1, 2, 3, 7])
      assert.deepEqual([...(await listAll('', size))].sort(), [...whole].sort(), `MaxKeys ${size}`);
  });

  it('pages through the many keys under one prefix in order', async () => {
    const keys = await listAll(MANY_PREFIX, 10);
    assert.deepEqual(
      keys,
      Array.from({ length: MANY }, (_, i) => manyKey(i + 1)),
    );
  });

  it('accepts uploads into the uploads bucket', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: UPLOAD_BUCKET, Key: 'hello.txt', Body: 'hi' }));
    const body = await (
      await s3.client.send(new GetObjectCommand({ Bucket: UPLOAD_BUCKET, Key: 'hello.txt' }))
    ).Body!.transformToString();
    assert.equal(body, 'hi');
  });
});
