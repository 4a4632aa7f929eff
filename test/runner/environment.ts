// What every host-test run gets, whichever VS Code runs it: a local S3 with the demo data, a throwaway
// AWS config with a `sandbox` profile pointing at it, and a fresh workspace folder.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAwsFiles } from '../../scripts/lib/awsFiles';
import { LOCAL_S3_CREDENTIALS, LOCAL_S3_REGION, seedDemoData, startLocalS3, type LocalS3 } from '../../scripts/lib/localS3';
import { ROOT } from '../../scripts/lib/paths';

export interface HostTestEnvironment {
  /** Temp folder holding everything of this run. */
  readonly root: string;
  readonly workspace: string;
  readonly s3: LocalS3;
  /** Environment variables for the extension host. */
  readonly env: Readonly<Record<string, string>>;
  dispose(): Promise<void>;
}

export async function prepareHostTestEnvironment(): Promise<HostTestEnvironment> {
  const root = mkdtempSync(join(tmpdir(), 's3pl-host-'));
  const s3 = await startLocalS3({ directory: join(root, 's3') });
  await seedDemoData(s3);
  const aws = writeAwsFiles(join(root, 'aws'), {
    sandbox: { region: LOCAL_S3_REGION, endpointUrl: s3.endpoint, pathStyle: true, ...LOCAL_S3_CREDENTIALS },
  });
  const workspace = join(root, 'workspace');
  const fixtures = join(ROOT, 'test', 'fixtures', 'workspace');
  if (existsSync(fixtures)) cpSync(fixtures, workspace, { recursive: true });
  else mkdirSync(workspace);
  return {
    root,
    workspace,
    s3,
    env: { ...aws.env, AWS_PROFILE: 'sandbox', S3PL_TEST_S3_ENDPOINT: s3.endpoint },
    async dispose() {
      await s3.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
