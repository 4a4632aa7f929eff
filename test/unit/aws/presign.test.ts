import * as assert from 'node:assert/strict';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import fc from 'fast-check';
import { createBulkSigner, encodeKeyForPath } from '../../../src/aws/bulkSigner';
import { presign } from '../../../src/aws/presign';
import type { AwsProfile } from '../../../src/aws/profileModel';
import { S3Access } from '../../../src/aws/s3';
import { parsePresignedUrl, verifyPresignedUrl } from '../../../src/engine';
import { KEYS, LONG_TERM, SIGNING_DATE, TEMPORARY } from '../engine/fixtures';

interface Setup {
  readonly name: string;
  readonly profile: AwsProfile;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

const SETUPS: readonly Setup[] = [
  {
    name: 'AWS virtual-hosted',
    profile: { name: 'a', kind: 'static', region: 'eu-central-1', pathStyle: false },
    credentials: LONG_TERM,
  },
  {
    name: 'AWS path style with a session token',
    profile: { name: 'b', kind: 'static', region: 'us-east-1', pathStyle: true },
    credentials: TEMPORARY,
  },
  {
    name: 'custom endpoint with port',
    profile: { name: 'c', kind: 'static', region: 'us-east-1', endpointUrl: 'http://127.0.0.1:9000', pathStyle: true },
    credentials: LONG_TERM,
  },
];
const BUCKET = 'presign-lens-bulk';

function accessFor(setup: Setup): S3Access {
  const access = new S3Access(setup.profile, async () => setup.credentials);
  access.setBucketRegion(BUCKET, setup.profile.region!);
  return access;
}

/** What getSignedUrl returns for a GET of `key` with one client, as the bulk signer must. */
function reference(setup: Setup): (key: string, expiresIn: number) => Promise<string> {
  const client = new S3Client({
    region: setup.profile.region,
    endpoint: setup.profile.endpointUrl,
    forcePathStyle: setup.profile.pathStyle,
    credentials: setup.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return (key, expiresIn) =>
    getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: key }), { expiresIn, signingDate: SIGNING_DATE });
}

describe('bulk signer', () => {
  for (const setup of SETUPS) {
    it(`is byte-identical to getSignedUrl: ${setup.name}`, async () => {
      const signer = await createBulkSigner(accessFor(setup), BUCKET, 3600, SIGNING_DATE);
      const expected = reference(setup);
      for (const key of [...KEYS, 'a/', '/leading', 'x'.repeat(1024), 'emoji 😀/ünï', 'tab\there', 'q?#&=%25']) {
        assert.equal(signer.sign(key), await expected(key, 3600), key);
      }
    });
  }

  it('is byte-identical to getSignedUrl on generated keys', async () => {
    const setup = SETUPS[1]!;
    const signer = await createBulkSigner(accessFor(setup), BUCKET, 900, SIGNING_DATE);
    const expected = reference(setup);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), async (key) => {
        assert.equal(signer.sign(key), await expected(key, 900));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('signs URLs the engine verifies, for the expiry and date asked', async () => {
    const signer = await createBulkSigner(accessFor(SETUPS[0]!), BUCKET, 604800, SIGNING_DATE);
    const parsed = parsePresignedUrl(signer.sign('reports/2025/Q3 summary.csv'));
    assert.ok(parsed.ok);
    assert.equal(parsed.value.key, 'reports/2025/Q3 summary.csv');
    assert.equal(
      verifyPresignedUrl(parsed.value, { secretAccessKey: LONG_TERM.secretAccessKey, method: 'GET' }).valid,
      true,
    );
    assert.equal(signer.expiresAt.toISOString(), new Date(SIGNING_DATE.getTime() + 604800_000).toISOString());
  });

  it('encodes keys into paths as the SDK does', () => {
    assert.equal(encodeKeyForPath("a b/c+d/~*()'!.txt"), 'a%20b/c%2Bd/~%2A%28%29%27%21.txt');
  });
});

describe('presign', () => {
  const access = accessFor(SETUPS[0]!);

  it('keeps a key ending in "/" exact on a custom endpoint, in virtual-hosted and path style', async () => {
    for (const pathStyle of [false, true]) {
      const custom = new S3Access(
        { name: 'c', kind: 'static', region: 'us-east-1', endpointUrl: 'http://localhost:9000', pathStyle },
        async () => LONG_TERM,
      );
      const r = await presign(custom, {
        bucket: BUCKET,
        key: 'folder/',
        method: 'GET',
        expiresIn: 60,
        signingDate: SIGNING_DATE,
      });
      const path = new URL(r.url).pathname;
      assert.equal(path, pathStyle ? `/${BUCKET}/folder/` : '/folder/', `path style: ${pathStyle}`);
      const parsed = parsePresignedUrl(r.url);
      assert.ok(parsed.ok);
      assert.ok(verifyPresignedUrl(parsed.value, { secretAccessKey: LONG_TERM.secretAccessKey }).valid);
      custom.dispose();
    }
  });

  it('signs Content-Type on request and says the uploader must send it', async () => {
    const r = await presign(access, {
      bucket: BUCKET,
      key: 'in/photo.png',
      method: 'PUT',
      expiresIn: 600,
      contentType: 'image/png',
      signContentType: true,
      signingDate: SIGNING_DATE,
    });
    assert.deepEqual(r.headers, { 'Content-Type': 'image/png' });
    const url = parsePresignedUrl(r.url);
    assert.ok(url.ok);
    assert.deepEqual(url.value.signedHeaders, ['content-type', 'host']);
    assert.ok(!r.url.includes('x-amz-checksum-crc32'), 'no empty-body checksum by default');
    assert.equal(r.expiresAt.toISOString(), '2026-03-14T15:19:26.000Z');
  });

  it('leaves Content-Type unsigned unless asked, and keeps the SDK checksums when asked', async () => {
    const r = await presign(access, {
      bucket: BUCKET,
      key: 'k',
      method: 'PUT',
      expiresIn: 60,
      contentType: 'image/png',
      sdkDefaultChecksums: true,
    });
    assert.deepEqual(r.headers, {});
    assert.match(r.url, /x-amz-checksum-crc32=AAAAAA%3D%3D/);
  });

  it('puts download overrides, versionId and storage class in the query; encryption in headers to send', async () => {
    const get = await presign(access, {
      bucket: BUCKET,
      key: 'k',
      method: 'GET',
      expiresIn: 60,
      responseContentDisposition: 'attachment; filename="r.pdf"',
      versionId: 'v1',
    });
    assert.match(get.url, /response-content-disposition=attachment%3B%20filename%3D%22r.pdf%22/);
    assert.match(get.url, /versionId=v1/);
    const put = await presign(access, {
      bucket: BUCKET,
      key: 'k',
      method: 'PUT',
      expiresIn: 60,
      storageClass: 'STANDARD_IA',
      serverSideEncryption: 'aws:kms',
      kmsKeyId: 'alias/data',
    });
    assert.match(put.url, /x-amz-storage-class=STANDARD_IA/);
    // The presigner keeps the SSE headers as signed headers: the uploader must send them.
    assert.match(
      put.url,
      /X-Amz-SignedHeaders=host%3Bx-amz-server-side-encryption%3Bx-amz-server-side-encryption-aws-kms-key-id/,
    );
    assert.deepEqual(put.headers, {
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'alias/data',
    });
  });

  it('reports when temporary credentials expire', async () => {
    const expiration = new Date(Date.now() + 600_000);
    const temporary = new S3Access(SETUPS[0]!.profile, async () => ({ ...TEMPORARY, expiration }));
    temporary.setBucketRegion(BUCKET, 'eu-central-1');
    const r = await presign(temporary, { bucket: BUCKET, key: 'k', method: 'GET', expiresIn: 86400 });
    assert.equal(r.credentialsExpiration?.getTime(), expiration.getTime());
  });
});
