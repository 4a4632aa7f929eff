// A real multipart/form-data POST of a form, built from the engine's snippet fields, against the local
// in-process S3. That server ignores POST policies and signatures (its source marks `policy`
// "unimplemented"): it proves the request's shape, never S3's verdict, which the unit tests own.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCAL_S3_CREDENTIALS,
  LOCAL_S3_REGION,
  UPLOAD_BUCKET,
  startLocalS3,
  type LocalS3,
} from '../../../scripts/lib/localS3';
import { checkPostUpload, parsePostForm, postSnippetFields } from '../../../src/engine/post';

describe('a POST form against the local S3 (which ignores the policy: shape only, not S3’s verdict)', () => {
  let dir: string;
  let s3: LocalS3;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-post-'));
    s3 = await startLocalS3({ directory: dir, buckets: [UPLOAD_BUCKET] });
  });
  after(async () => {
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the file sent with the snippet’s fields, which the engine also accepts', async () => {
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: LOCAL_S3_REGION,
      forcePathStyle: true,
      credentials: LOCAL_S3_CREDENTIALS,
    });
    const post = await createPresignedPost(client, {
      Bucket: UPLOAD_BUCKET,
      Key: 'post/hello.txt',
      Conditions: [
        ['content-length-range', 1, 1000],
        ['starts-with', '$Content-Type', 'text/'],
      ],
      Expires: 60,
    });
    client.destroy();
    const parsed = parsePostForm(JSON.stringify(post));
    assert.ok(parsed.ok);
    const form = parsed.value;
    const fields = postSnippetFields(form).map((f) => (f.setBy ? { name: f.name, value: 'text/plain' } : f));
    const body = 'Hello from a POST form.\n';

    const verdict = checkPostUpload(form, {
      secretAccessKey: LOCAL_S3_CREDENTIALS.secretAccessKey,
      fields,
      fileName: 'hello.txt',
      fileSize: Buffer.byteLength(body),
      now: new Date(),
    });
    assert.deepEqual(verdict.explanations, []);

    const data = new FormData();
    for (const f of fields) data.append(f.name, f.value);
    data.append('file', new Blob([body], { type: 'text/plain' }), 'hello.txt');
    const response = await fetch(form.url!, { method: 'POST', body: data });
    assert.equal(response.status, 204, await response.text());

    const stored = await s3.client.send(new GetObjectCommand({ Bucket: UPLOAD_BUCKET, Key: 'post/hello.txt' }));
    assert.equal(await stored.Body!.transformToString(), body);
  });
});
