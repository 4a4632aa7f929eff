// Starts code-server (VS Code for the web, real extension host) on loopback for the tests and the sandbox.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './net';
import { withoutNpmRunVariables, type CodeServerInstall } from './provision';

export interface CodeServerOptions {
  readonly install: CodeServerInstall;
  /** Fixed port, or undefined for a free one. */
  readonly port?: number;
  /** Folder for user data, extensions, XDG dirs and logs of this run. */
  readonly stateDir: string;
  /** The workspace folder the workbench opens. */
  readonly workspace: string;
  /** Extra environment for the server and so for the extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /** Folder scanned for installed extensions (default: an empty one under stateDir). */
  readonly extensionsDir?: string;
  /** Extra user settings. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra code-server arguments. */
  readonly args?: readonly string[];
  /**
   * Workspace trust on, the workspace left untrusted (restricted mode, no prompt): for testing what the
   * extension does there. Off by default: the workspace is trusted.
   */
  readonly untrusted?: boolean;
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Quiet, offline, telemetry-free settings for a workbench nobody configured. */
const BASE_SETTINGS = {
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
};

/** Environment without the caller's AWS settings, so nothing reaches the user's own profiles. */
export function isolatedEnv(extra: Readonly<Record<string, string>>, stateDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(withoutNpmRunVariables(process.env)).filter(([k]) => !k.startsWith('AWS_')),
  );
  return {
    ...env,
    XDG_CONFIG_HOME: join(stateDir, 'xdg', 'config'),
    XDG_DATA_HOME: join(stateDir, 'xdg', 'data'),
    XDG_CACHE_HOME: join(stateDir, 'xdg', 'cache'),
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const port = options.port ?? (await freePort());
  const userData = join(options.stateDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(options.stateDir, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const trust = options.untrusted
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
    : {};
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...trust, ...options.settings }, null, 2),
  );
  const config = join(options.stateDir, 'config.yaml');
  writeFileSync(config, 'auth: none\n');

  const args = [
    options.install.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.untrusted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensionsDir,
    '--config',
    config,
    ...(options.args ?? []),
    options.workspace,
  ];
  const child = spawn(options.install.node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: isolatedEnv(options.env ?? {}, options.stateDir),
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, port, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`code-server did not answer ${url}/healthz within 60 s:\n${output}`);
}
