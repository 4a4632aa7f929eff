// Runs the host test suite (out/test/host) inside the real VS Code extension host of code-server, driven
// headless through Debian's Chromium. Exits with the suite's exit code. CONTRIBUTING.md ("How the host tests
// run") says why it is code-server and not desktop VS Code.
import { chromium, type Browser } from 'playwright-core';
import { join } from 'node:path';
import { format } from 'node:util';
import { startCodeServer, type RunningCodeServer } from '../../scripts/lib/codeServer';
import { ROOT } from '../../scripts/lib/paths';
import { CHROMIUM, ensureSystemPackages, provisionCodeServer } from '../../scripts/lib/provision';
import { prepareHostTestEnvironment, type HostTestEnvironment } from './environment';
import { CHROMIUM_ARGS } from './chromium';
import { startHarness, type Harness } from './harness';

/** Exit code when the suite never reports back. */
const EXIT_TIMEOUT = 3;
const SUITE_TIMEOUT_MS = Number(process.env['S3PL_HOST_TIMEOUT_MS'] ?? 20 * 60_000);

/** code-server's own chatter that says nothing about the suite. */
const NOISE =
  /^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|Creating a socket|Resolving connection token|Resolved connection token|\[(reconnection-grace-time|Service Worker|AgentHost|AccountPolicyGate)[\]:])/;

/** The extension host's console, forwarded by the workbench: `args` are console.log's arguments. */
function printLog(type: string, args: unknown): void {
  const line = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
  if (NOISE.test(line)) return;
  (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

/**
 * `--untrusted`: a second run with workspace trust on and the workspace left untrusted, for the tests
 * tagged @untrusted (what the extension does in restricted mode). The first run leaves those out.
 */
const UNTRUSTED = process.argv.includes('--untrusted');

async function main(): Promise<number> {
  const started = Date.now();
  ensureSystemPackages('browser');
  const install = provisionCodeServer();
  let env: HostTestEnvironment | undefined;
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  let harness: Harness | undefined;
  try {
    env = await prepareHostTestEnvironment();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    harness = await startHarness(page, (req) => env!.control(req));
    const extensionEnv = {
      ...env.env,
      S3PL_HARNESS: harness.url,
      S3PL_NO_SKIPS: '1',
      S3PL_WORKSPACE_TRUST: UNTRUSTED ? 'untrusted' : 'trusted',
    };
    server = await startCodeServer({
      install,
      stateDir: join(env.root, 'code-server'),
      workspace: env.workspace,
      env: extensionEnv,
      args: ['--vscode-option', 'enable-smoke-test-driver'],
      untrusted: UNTRUSTED,
    });

    let finish: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', printLog);
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    const remote = (path: string): string => `vscode-remote://127.0.0.1:${server!.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(join(ROOT, 'out', 'test', 'host', 'index.js'))],
      ['enableProposedApi', ''],
      ['skipWelcome', 'true'],
      ['extensionEnvironment', JSON.stringify(extensionEnv)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(env.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    console.log(
      `Host tests${UNTRUSTED ? ' (untrusted workspace)' : ''}: VS Code (code-server) at ${server.url}, workspace ${env.workspace}`,
    );
    // The workbench's clipboard (Copy S3 URI…) needs the page's permission, as a user would grant it.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.goto(url);
    const timer = setTimeout(() => {
      console.error(`Host tests did not finish within ${SUITE_TIMEOUT_MS / 1000} s.`);
      finish(EXIT_TIMEOUT);
    }, SUITE_TIMEOUT_MS);
    const code = await exitCode;
    clearTimeout(timer);
    console.log(`Host tests exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s in all.`);
    return code;
  } finally {
    await harness?.close();
    await browser?.close();
    await server?.stop();
    await env?.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
