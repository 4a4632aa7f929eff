// What every host-test run gets, whichever VS Code runs it: a local S3 with the demo data (and buckets for
// paging and failures), a fault-injecting proxy in front of it, a throwaway AWS config with one profile of
// each kind the explorer must handle, and a fresh workspace folder. HOME is a temp folder too, so no test
// reads the user's ~/.aws (SSO token cache included).
import { DeleteBucketCommand, DeleteBucketCorsCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAwsFiles } from '../../scripts/lib/awsFiles';
import { startFaultProxy, type FaultProxy } from '../../scripts/lib/faultProxy';
import {
  addLocalS3KeyPair,
  DEMO_BUCKET,
  LOCAL_S3_CREDENTIALS,
  LOCAL_S3_REGION,
  runLimited,
  UPLOAD_BUCKET,
  seedDemoData,
  startLocalS3,
  type LocalS3,
} from '../../scripts/lib/localS3';
import { ROOT } from '../../scripts/lib/paths';
import type { S3Request } from '../host/harnessProtocol';

/** Buckets the host tests use beyond the demo ones. */
export const TEST_BUCKETS = {
  /** 10,000 keys under `many/`, for paging and responsiveness. */
  large: 'presign-lens-large',
  denied: 'denied-bucket',
  throttled: 'throttled-bucket',
  stalled: 'stalled-bucket',
  /** Deleted by a test after it was listed. */
  doomed: 'doomed-bucket',
} as const;
export const LARGE_COUNT = 10_000;
/** Temporary credentials the local server accepts (the session token is not checked by it). */
const SESSION = {
  accessKeyId: 'ASIAHOSTTESTSESSION1',
  secretAccessKey: 'host-test-session-secret',
  sessionToken: 'IQoJb3JpZ2luX2VjEHostTestToken',
};

export interface HostTestEnvironment {
  /** Temp folder holding everything of this run. */
  readonly root: string;
  readonly workspace: string;
  /** Environment variables for the extension host. */
  readonly env: Readonly<Record<string, string>>;
  /** Acts on the local S3 server for the harness. */
  control(req: S3Request): Promise<void>;
  dispose(): Promise<void>;
}

export async function prepareHostTestEnvironment(): Promise<HostTestEnvironment> {
  const root = mkdtempSync(join(tmpdir(), 's3pl-host-'));
  const directory = join(root, 's3');
  const buckets = [DEMO_BUCKET, UPLOAD_BUCKET, ...Object.values(TEST_BUCKETS)];
  let s3: LocalS3 | undefined = await startLocalS3({ directory, buckets });
  const port = s3.port;
  await seedDemoData(s3);
  await runLimited(
    Array.from(
      { length: LARGE_COUNT },
      (_, i) => () =>
        s3!.putDirect(TEST_BUCKETS.large, `many/item-${String(i).padStart(5, '0')}.txt`, `${i}\n`, 'text/plain'),
    ),
    16,
  );
  const proxy: FaultProxy = await startFaultProxy(() => port, {
    buckets: {
      [TEST_BUCKETS.denied]: 'access-denied',
      [TEST_BUCKETS.throttled]: 'slow-down',
      [TEST_BUCKETS.stalled]: 'no-answer',
    },
    denyListBuckets: true,
  });
  const local = { region: LOCAL_S3_REGION, endpointUrl: s3.endpoint, pathStyle: true };
  // Temporary credentials that expire 10 minutes after they are fetched, as an SSO session near its end.
  addLocalS3KeyPair(SESSION.accessKeyId, SESSION.secretAccessKey);
  const sessionScript = join(root, 'session-soon.sh');
  writeFileSync(
    sessionScript,
    `#!/bin/sh
printf '{"Version":1,"AccessKeyId":"${SESSION.accessKeyId}","SecretAccessKey":"${SESSION.secretAccessKey}","SessionToken":"${SESSION.sessionToken}","Expiration":"%s"}' "$(date -u -d '+10 minutes' +%Y-%m-%dT%H:%M:%SZ)"
`,
  );
  const aws = writeAwsFiles(
    join(root, 'aws'),
    {
      sandbox: { ...local, ...LOCAL_S3_CREDENTIALS },
      'aws-static': { region: 'eu-west-1', accessKeyId: 'AKIAHOSTTESTEXAMPLE1', secretAccessKey: 'not-a-real-secret' },
      // An offline machine, whatever the network here: a name under .invalid never resolves (RFC 2606).
      unreachable: {
        region: LOCAL_S3_REGION,
        endpointUrl: 'http://s3.unreachable.invalid:9000',
        pathStyle: true,
        ...LOCAL_S3_CREDENTIALS,
      },
      'wrong-secret': { ...local, accessKeyId: LOCAL_S3_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
      'no-list': { region: LOCAL_S3_REGION, endpointUrl: proxy.endpoint, pathStyle: true, ...LOCAL_S3_CREDENTIALS },
      'sso-expired': {
        region: 'us-east-2',
        config: { sso_session: 'corp', sso_account_id: '123456789012', sso_role_name: 'Developer' },
      },
      'broken-process': {
        region: 'us-east-1',
        config: { credential_process: '/bin/sh -c "echo token service unreachable >&2; exit 3"' },
      },
      'session-soon': { ...local, config: { credential_process: `/bin/sh ${sessionScript}` } },
    },
    { 'sso-session corp': { sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'us-east-1' } },
  );

  const workspace = join(root, 'workspace');
  const fixtures = join(ROOT, 'test', 'fixtures', 'workspace');
  if (existsSync(fixtures)) cpSync(fixtures, workspace, { recursive: true });
  else mkdirSync(workspace);
  const home = join(root, 'home');
  mkdirSync(home);

  return {
    root,
    workspace,
    // S3PL_TEST_INTERNALS lets the suites reach the extension's parts (src/internals.ts).
    env: {
      ...aws.env,
      AWS_PROFILE: 'sandbox',
      HOME: home,
      S3PL_TEST_S3_ENDPOINT: s3.endpoint,
      S3PL_TEST_INTERNALS: '1',
    },
    async control(req) {
      switch (req.op) {
        case 's3.stop':
          await s3?.close();
          s3 = undefined;
          return;
        case 's3.start':
          s3 ??= await startLocalS3({ directory, port, buckets: [] });
          return;
        case 's3.deleteBucket':
          if (!s3) throw new Error('the local S3 is stopped');
          await s3.client.send(new DeleteBucketCommand({ Bucket: req.bucket }));
          return;
        case 's3.putBucketCors':
          if (!s3) throw new Error('the local S3 is stopped');
          if (req.rules === null) await s3.client.send(new DeleteBucketCorsCommand({ Bucket: req.bucket }));
          else
            await s3.client.send(
              new PutBucketCorsCommand({
                Bucket: req.bucket,
                CORSConfiguration: {
                  CORSRules: req.rules.map((r) => ({
                    ...r,
                    AllowedHeaders: r.AllowedHeaders && [...r.AllowedHeaders],
                    AllowedMethods: [...r.AllowedMethods],
                    AllowedOrigins: [...r.AllowedOrigins],
                    ExposeHeaders: r.ExposeHeaders && [...r.ExposeHeaders],
                  })),
                },
              }),
            );
          return;
      }
    },
    async dispose() {
      await proxy.close();
      await s3?.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
