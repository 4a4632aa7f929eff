import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Access } from '../../../src/aws/s3';

/** An endpoint that answers page after page with `body(page, token)`, the token being `tokenOf(page)`. */
function pagedEndpoint(
  tokenOf: (page: number) => string | undefined,
  body: (page: number, token: string | undefined) => string,
): { server: Server; requests: () => number } {
  let requests = 0;
  const server = createServer((_, res) => {
    const page = requests++;
    res.setHeader('content-type', 'application/xml');
    res.end(`<?xml version="1.0" encoding="UTF-8"?>${body(page, tokenOf(page))}`);
  });
  return { server, requests: () => requests };
}

/** ListBuckets pages of one bucket each. */
const bucketPages = (tokenOf: (page: number) => string | undefined) =>
  pagedEndpoint(
    tokenOf,
    (page, token) =>
      `<ListAllMyBucketsResult><Buckets><Bucket><Name>bucket-${page}</Name>` +
      `<CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets>` +
      `${token === undefined ? '' : `<ContinuationToken>${token}</ContinuationToken>`}</ListAllMyBucketsResult>`,
  );

/** ListObjectsV2 pages of one object each. */
const objectPages = (tokenOf: (page: number) => string | undefined) =>
  pagedEndpoint(
    tokenOf,
    (page, token) =>
      `<ListBucketResult><Name>b</Name><KeyCount>1</KeyCount><Contents><Key>key-${page}</Key><Size>1</Size></Contents>` +
      `<IsTruncated>${token !== undefined}</IsTruncated>` +
      `${token === undefined ? '' : `<NextContinuationToken>${token}</NextContinuationToken>`}</ListBucketResult>`,
  );

async function accessTo(server: Server): Promise<S3Access> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new S3Access(
    { name: 'local', kind: 'static', region: 'us-east-1', endpointUrl: `http://127.0.0.1:${port}`, pathStyle: true },
    () => Promise.resolve({ accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: 'secret' }),
  );
}

describe('S3Access.listBuckets', () => {
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));

  it('follows continuation tokens to the last page', async () => {
    const endpoint = bucketPages((page) => (page < 2 ? `t${page}` : undefined));
    servers.push(endpoint.server);
    const access = await accessTo(endpoint.server);
    const buckets = await access.listBuckets(new AbortController().signal);
    assert.deepEqual(
      buckets.map((b) => b.name),
      ['bucket-0', 'bucket-1', 'bucket-2'],
    );
    access.dispose();
  });

  it('stops after its page bound, with a message, on an endpoint that pages for ever', async () => {
    const endpoint = bucketPages((page) => `t${page}`);
    servers.push(endpoint.server);
    const access = await accessTo(endpoint.server);
    await assert.rejects(access.listBuckets(new AbortController().signal, 5), {
      message:
        /listed over 5 pages of buckets \(5 buckets\) and was not followed further: add the bucket you need by name/,
    });
    assert.equal(endpoint.requests(), 5);
    access.dispose();
  });

  it('stops at a continuation token it was given before', async () => {
    const endpoint = bucketPages((page) => (page % 2 === 0 ? 'a' : 'b'));
    servers.push(endpoint.server);
    const access = await accessTo(endpoint.server);
    await assert.rejects(access.listBuckets(new AbortController().signal), {
      message: /a continuation token it had given before/,
    });
    assert.equal(endpoint.requests(), 3);
    access.dispose();
  });
});

describe('S3Access.objectPages', () => {
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));
  const keysOf = async (access: S3Access): Promise<string[]> => {
    const keys: string[] = [];
    for await (const page of access.objectPages('b', '', 1000, new AbortController().signal))
      keys.push(...page.objects.map((o) => o.key));
    return keys;
  };

  it('follows continuation tokens to the last page', async () => {
    const endpoint = objectPages((page) => (page < 2 ? `t${page}` : undefined));
    servers.push(endpoint.server);
    const access = await accessTo(endpoint.server);
    access.setBucketRegion('b', 'us-east-1');
    assert.deepEqual(await keysOf(access), ['key-0', 'key-1', 'key-2']);
    access.dispose();
  });

  it('stops at a continuation token it was given before, saying how far it got', async () => {
    const endpoint = objectPages((page) => (page % 2 === 0 ? 'a' : 'b'));
    servers.push(endpoint.server);
    const access = await accessTo(endpoint.server);
    access.setBucketRegion('b', 'us-east-1');
    await assert.rejects(keysOf(access), {
      message:
        /^The listing of s3:\/\/b\/ stopped after 3 objects: the endpoint returned a continuation token it had returned before\.$/,
    });
    assert.equal(endpoint.requests(), 3);
    access.dispose();
  });
});
