// A local S3 server that checks signatures (@20minutes/s3rver, in-process, path style only), with the
// demo data that the sandbox and the tests share. It is more lenient than S3 (it accepts any signing region,
// anonymous requests, future dates; see CONTRIBUTING.md), so verdicts are checked against a stricter server
// too; s3rverListing.ts corrects its listing bugs.
import S3rver = require('@20minutes/s3rver');
import { DUMMY_ACCOUNT } from '@20minutes/s3rver/lib/models/account';
import S3Object = require('@20minutes/s3rver/lib/models/object');
import { PutObjectCommand, S3Client, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-s3';
import type { BuildMiddleware } from '@smithy/types';
import { mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { DEMO_BUCKET, DEMO_OBJECTS, manyKey, MANY_COUNT, UPLOAD_BUCKET } from './demoData';
import { installCorrectListing } from './s3rverListing';

export {
  DEMO_BUCKET,
  DEMO_OBJECTS,
  manyKey,
  MANY_COUNT,
  MANY_PREFIX,
  UPLOAD_BUCKET,
  type DemoObject,
} from './demoData';

// The harness runs on the machine's Node 20 on purpose; the SDK's notice that its 2027 releases will need
// Node 22 says nothing about the code under test, and would open every sandbox and test run.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** s3rver's built-in key pair. Not a secret: every s3rver accepts it. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_S3_REGION = 'us-east-1';

export interface LocalS3 {
  readonly endpoint: string;
  readonly port: number;
  /** A client for harness code (seeding, checks), path style, checksums only when required. */
  readonly client: S3Client;
  /** Writes an object straight into the server's store: for bulk seeding, where signed PUTs are slow. */
  putDirect(bucket: string, key: string, body: string, contentType: string): Promise<void>;
  close(): Promise<void>;
}

export interface LocalS3Options {
  /** Where s3rver keeps its files; created when missing. */
  readonly directory: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly buckets?: readonly string[];
}

export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  installCorrectListing();
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    configureBuckets: (options.buckets ?? [DEMO_BUCKET, UPLOAD_BUCKET]).map((name) => ({ name })),
  });
  const { port } = await server.run();
  const store = server.store;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: LOCAL_S3_REGION,
    forcePathStyle: true,
    credentials: LOCAL_S3_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  client.middlewareStack.add(stripBucketTrailingSlash, { step: 'build', name: 's3rverBucketTrailingSlash' });
  return {
    endpoint,
    port,
    client,
    async putDirect(bucket, key, body, contentType) {
      await store.putObject(
        new S3Object(bucket, key, Readable.from([Buffer.from(body)]), { 'content-type': contentType }),
      );
    },
    async close() {
      client.destroy();
      await server.close();
    },
  };
}

/**
 * s3rver rebuilds the canonical URI from its route and signs a bucket-level `/bucket/` as `/bucket`, so
 * the SDK's bucket-level calls (ListObjectsV2…) fail its signature check. Real S3 signs the path as sent,
 * so sending `/bucket` is equally valid there. Only the harness's own client needs this.
 */
const stripBucketTrailingSlash: BuildMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
  const request = args.request as { path?: string };
  if (request.path && /^\/[^/]+\/$/.test(request.path)) request.path = request.path.slice(0, -1);
  return next(args);
};

/**
 * Lets the local server accept another key pair (e.g. an `ASIA…` key to stand for temporary credentials).
 * The registry is global to this process.
 */
export function addLocalS3KeyPair(accessKeyId: string, secretAccessKey: string): void {
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
}

/**
 * Puts the demo objects into DEMO_BUCKET through signed PUTs (their odd keys go over the wire as clients
 * send them), and `many` small objects under MANY_PREFIX straight into the store (2,500 signed PUTs take
 * about 7 s; the store takes under 2 s).
 */
export async function seedDemoData(s3: LocalS3, many = MANY_COUNT): Promise<void> {
  await runLimited(
    DEMO_OBJECTS.map(
      (o) => () =>
        s3.client.send(
          new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: o.key, Body: o.body, ContentType: o.contentType }),
        ),
    ),
    8,
  );
  await runLimited(
    Array.from(
      { length: many },
      (_, i) => () => s3.putDirect(DEMO_BUCKET, manyKey(i + 1), `line ${i + 1}\n`, 'text/plain'),
    ),
    16,
  );
}

/** Runs `tasks` with at most `limit` at a time. */
export async function runLimited(tasks: readonly (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
