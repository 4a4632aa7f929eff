// The sandbox: a local S3 with demo data, a throwaway AWS config whose `sandbox` profile points at it, a
// workspace with presigned URLs left in code, and VS Code (code-server) with the extension loaded from this
// checkout. `npm start` runs it for people; the UI suite (test/ui) runs it to drive the real UI.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeAwsFiles } from './awsFiles';
import { startCodeServer, type RunningCodeServer } from './codeServer';
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
} from './localS3';
import { ROOT } from './paths';
import { provisionCodeServer } from './provision';

export const SANDBOX_PROFILE = 'sandbox';
/** The page the sandbox opens first, rendered. */
const WELCOME_FILE = 'WELCOME.md';
const PROFILE = SANDBOX_PROFILE;

export interface SandboxOptions {
  /** Fixed port for VS Code, or undefined for a free one. */
  readonly port?: number;
  /** Workspace trust on and the workspace untrusted (restricted mode). */
  readonly untrusted?: boolean;
  /** More workspace files, by path relative to the workspace, made once the local S3 runs. */
  readonly files?: (s3: LocalS3) => Promise<Readonly<Record<string, string>>>;
}

export interface Sandbox {
  /** VS Code's address. */
  readonly url: string;
  readonly s3: LocalS3;
  readonly workspace: string;
  stop(): Promise<void>;
}

function welcome(s3: LocalS3, root: string): string {
  return `# S3 Presign Lens sandbox

Everything here is local and throwaway; nothing talks to AWS.

| What | Where |
|---|---|
| Local S3 (s3rver, checks signatures, path style) | ${s3.endpoint} |
| AWS profile | \`${PROFILE}\` (region ${LOCAL_S3_REGION}), set as AWS_PROFILE |
| AWS config / credentials | ${join(root, 'aws')} |
| Buckets | \`${DEMO_BUCKET}\` (demo objects; ${MANY_COUNT} keys under \`${MANY_PREFIX}\`), \`${UPLOAD_BUCKET}\` (empty, for uploads) |

The **S3 Presign Lens** view is open in the activity bar; *Help: Welcome* has its walkthrough (*Get Started
with S3 Presign Lens*). The log is under *S3 Presign Lens: Show Log*.

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

/** The sandbox's first screen (sandboxWelcome.ts), installed as an extension of its own beside the product. */
function installWelcomeExtension(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 's3pl-sandbox-welcome',
    displayName: 'S3 Presign Lens sandbox: welcome page',
    publisher: 's3presign',
    version: '0.0.1',
    engines: { vscode: '^1.96.0' },
    extensionKind: ['workspace'],
    activationEvents: ['onStartupFinished'],
    main: './extension.js',
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(
    join(dir, 'extension.js'),
    `const { showWelcome } = require(${JSON.stringify(join(__dirname, 'sandboxWelcome.js'))});\n` +
      `exports.activate = (context) => showWelcome(context, ${JSON.stringify(WELCOME_FILE)});\n`,
  );
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const install = provisionCodeServer();
  const root = mkdtempSync(join(tmpdir(), 's3pl-sandbox-'));
  let s3: LocalS3 | undefined;
  let server: RunningCodeServer | undefined;
  const stop = async (): Promise<void> => {
    await server?.stop();
    await s3?.close();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    s3 = await startLocalS3({ directory: join(root, 's3') });
    await seedDemoData(s3);
    const aws = writeAwsFiles(join(root, 'aws'), {
      [PROFILE]: { region: LOCAL_S3_REGION, endpointUrl: s3.endpoint, pathStyle: true, ...LOCAL_S3_CREDENTIALS },
    });
    const workspace = join(root, 'workspace');
    mkdirSync(workspace);
    writeFileSync(join(workspace, WELCOME_FILE), welcome(s3, root));
    await writeDemoFiles(s3, workspace);
    for (const [path, content] of Object.entries((await options.files?.(s3)) ?? {})) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true });
      writeFileSync(join(workspace, path), content);
    }

    // The extension is loaded from this checkout, so `npm run watch` plus "Developer: Reload Window"
    // shows a change without restarting the sandbox.
    const extensionsDir = join(root, 'code-server', 'extensions');
    mkdirSync(extensionsDir, { recursive: true });
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    symlinkSync(ROOT, join(extensionsDir, `s3presign.s3-presign-lens-${version}`));
    installWelcomeExtension(join(extensionsDir, 's3presign.s3pl-sandbox-welcome-0.0.1'));

    server = await startCodeServer({
      install,
      port: options.port,
      stateDir: join(root, 'code-server'),
      workspace,
      extensionsDir,
      env: { ...aws.env, AWS_PROFILE: PROFILE },
      untrusted: options.untrusted,
    });
    return { url: server.url, s3, workspace, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
