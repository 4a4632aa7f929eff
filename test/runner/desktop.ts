// `npm run test:desktop`: the same host suite in desktop VS Code, downloaded by @vscode/test-electron.
// For contributors on machines that can reach update.code.visualstudio.com; `npm test` does not use it.
// Tests that drive the UI need the code-server runner's page and are skipped here (they say so).
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/paths';
import { prepareHostTestEnvironment } from './environment';

async function main(): Promise<number> {
  const env = await prepareHostTestEnvironment();
  try {
    return await runTests({
      version: process.env['S3PL_VSCODE_VERSION'] ?? 'stable',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'host', 'index.js'),
      extensionTestsEnv: { ...env.env },
      launchArgs: [
        env.workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--user-data-dir',
        join(env.root, 'user-data'),
      ],
    });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    return 1;
  } finally {
    await env.dispose();
  }
}

void main().then((code) => process.exit(code));
