// `npm start`: the product, running, without an AWS account. Starts a local S3 with demo data, writes a
// throwaway AWS config with a `sandbox` profile pointing at it, and serves VS Code (code-server) with the
// extension loaded on http://127.0.0.1:8080 (override: `npm start -- --port 9000` or S3PL_SANDBOX_PORT).
// Ctrl-C stops everything it started and deletes its temp folder. ~/.aws is never read or written.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAwsFiles } from './lib/awsFiles';
import { startCodeServer, type RunningCodeServer } from './lib/codeServer';
import {
  DEMO_BUCKET,
  LOCAL_S3_CREDENTIALS,
  LOCAL_S3_REGION,
  MANY_COUNT,
  MANY_PREFIX,
  UPLOAD_BUCKET,
  seedDemoData,
  startLocalS3,
  type LocalS3,
} from './lib/localS3';
import { ROOT } from './lib/paths';
import { provisionCodeServer } from './lib/provision';

const PROFILE = 'sandbox';

function portFromArgs(): number {
  const i = process.argv.indexOf('--port');
  const raw = i >= 0 ? process.argv[i + 1] : (process.env['S3PL_SANDBOX_PORT'] ?? '8080');
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a TCP port, got "${raw}"`);
  return port;
}

async function assertPortFree(port: number): Promise<void> {
  const inUse = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
  if (inUse) throw new Error(`Port ${port} is in use. Choose another: npm start -- --port ${port + 1}`);
}

function welcome(s3: LocalS3, root: string): string {
  return `# S3 Presign Lens sandbox

Everything here is local and throwaway; nothing talks to AWS.

| | |
|---|---|
| Local S3 (s3rver, checks signatures, path style) | ${s3.endpoint} |
| AWS profile | \`${PROFILE}\` (region ${LOCAL_S3_REGION}), set as AWS_PROFILE |
| AWS config / credentials | ${join(root, 'aws')} |
| Buckets | \`${DEMO_BUCKET}\` (demo objects; ${MANY_COUNT} keys under \`${MANY_PREFIX}\`), \`${UPLOAD_BUCKET}\` (empty, for uploads) |

Open the **S3 Presign Lens** view in the activity bar. The log is under *S3 Presign Lens: Show Log*.

\`src/fixtures.ts\` and \`data/links.json\` hold presigned URLs as they end up in code: one expired, one
live for a day, one JSON-escaped. Hover them, see them in the Problems panel, re-presign the expired one
with its quick fix, or run *S3 Presign Lens: Find Presigned URLs in Workspace*.
`;
}

/** Presigned URLs left in code, as the inline features find them: expired, live, JSON-escaped. */
async function writeDemoFiles(s3: LocalS3, workspace: string): Promise<void> {
  const sign = (key: string, expiresIn: number, signingDate?: Date): Promise<string> =>
    getSignedUrl(s3.client, new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: key }), { expiresIn, signingDate });
  const expired = await sign('reports/2025/Q3 summary.csv', 3600, new Date(Date.now() - 3 * 86_400_000));
  const live = await sign('README.txt', 86_400);
  mkdirSync(join(workspace, 'src'));
  writeFileSync(
    join(workspace, 'src', 'fixtures.ts'),
    `// Fixtures someone pasted while debugging: one has expired since, one still grants access to anyone.\nexport const REPORT_URL =\n  '${expired}';\n\nexport const README_URL = '${live}';\n`,
  );
  mkdirSync(join(workspace, 'data'));
  writeFileSync(
    join(workspace, 'data', 'links.json'),
    `${JSON.stringify({ report: expired }, null, 2).replace(/&/g, '\\u0026')}\n`,
  );
}

async function main(): Promise<void> {
  const port = portFromArgs();
  await assertPortFree(port);
  const install = provisionCodeServer();
  const root = mkdtempSync(join(tmpdir(), 's3pl-sandbox-'));
  let s3: LocalS3 | undefined;
  let server: RunningCodeServer | undefined;
  let stopping = false;
  const stop = async (code = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the sandbox…');
    await server?.stop();
    await s3?.close();
    rmSync(root, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  try {
    s3 = await startLocalS3({ directory: join(root, 's3') });
    await seedDemoData(s3);
    const aws = writeAwsFiles(join(root, 'aws'), {
      [PROFILE]: { region: LOCAL_S3_REGION, endpointUrl: s3.endpoint, pathStyle: true, ...LOCAL_S3_CREDENTIALS },
    });
    const workspace = join(root, 'workspace');
    mkdirSync(workspace);
    writeFileSync(join(workspace, 'WELCOME.md'), welcome(s3, root));
    await writeDemoFiles(s3, workspace);

    // The extension is loaded from this checkout, so `npm run watch` plus "Developer: Reload Window"
    // shows a change without restarting the sandbox.
    const extensionsDir = join(root, 'code-server', 'extensions');
    mkdirSync(extensionsDir, { recursive: true });
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    symlinkSync(ROOT, join(extensionsDir, `s3presign.s3-presign-lens-${version}`));

    server = await startCodeServer({
      install,
      port,
      stateDir: join(root, 'code-server'),
      workspace,
      extensionsDir,
      env: { ...aws.env, AWS_PROFILE: PROFILE },
    });
    console.log(`
S3 Presign Lens sandbox is running.

  VS Code:   ${server.url}
  Local S3:  ${s3.endpoint}  (profile "${PROFILE}", buckets ${DEMO_BUCKET}, ${UPLOAD_BUCKET})

Press Ctrl-C to stop.`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stop(1);
  }
}

void main();
