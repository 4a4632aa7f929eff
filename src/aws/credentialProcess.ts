// A profile's credential_process, run here rather than by the SDK, so that it can be stopped. The SDK
// (@aws-sdk/credential-provider-process) runs the command with child_process.exec and no time limit: a
// hung one can be neither bounded nor killed from outside. Here it runs as the SDK runs it — the command
// line given to the shell (exec's /bin/sh -c, or cmd.exe on Windows), the environment inherited, JSON read
// from stdout — but in a process group of its own, killed whole when the time is up.
//   https://github.com/aws/aws-sdk-js-v3/blob/main/packages/credential-provider-process/src/resolveProcessCredentials.ts
// The AWS CLI (botocore's ProcessProvider) splits the line with shlex and runs it without a shell; the
// shell is kept here because the SDK, which this extension used before, used one: a line that worked stays
// working. The output contract is the one both read:
//   https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { AwsCredentialIdentity } from '@smithy/types';
import { processDetail, type ShownAsIs } from './errors';

/** A failed credential_process, in words that never quote its command line or its output. */
export class CredentialProcessError extends Error implements ShownAsIs {
  // Named as the SDK names credential failures, so that callers describe it as one.
  override readonly name = 'CredentialsProviderError';
  readonly shownAsIs = true;
}

/** stdout beyond this is no credentials document (exec's default maxBuffer, which the SDK kept). */
export const MAX_PROCESS_STDOUT_BYTES = 1024 * 1024;
/** Enough of stderr for its first lines. */
const MAX_PROCESS_STDERR_BYTES = 64 * 1024;

type Section = Readonly<Record<string, string | undefined>>;

/**
 * The credential_process the SDK would run for this profile (its config and credentials sections merged),
 * or undefined when it would resolve the profile otherwise. fromIni tries, in order, assume-role (role_arn
 * with source_profile or credential_source), static keys, web identity, then credential_process.
 */
export function credentialProcessOf(section: Section | undefined): string | undefined {
  const command = section?.['credential_process'];
  if (section === undefined || command === undefined) return undefined;
  const assumesRole =
    section['role_arn'] !== undefined &&
    (section['source_profile'] !== undefined) !== (section['credential_source'] !== undefined);
  const staticKeys = section['aws_access_key_id'] !== undefined && section['aws_secret_access_key'] !== undefined;
  const webIdentity = section['role_arn'] !== undefined && section['web_identity_token_file'] !== undefined;
  return assumesRole || staticKeys || webIdentity ? undefined : command;
}

/**
 * Credentials from what a credential_process printed, or the reason they are none: `Version` 1,
 * `AccessKeyId` and `SecretAccessKey`; `SessionToken`, `Expiration` (not past), `AccountId` optional.
 */
export function parseProcessOutput(
  stdout: string,
  now: Date,
  accountIdOfProfile?: string,
): AwsCredentialIdentity | string {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    return 'its output is not JSON';
  }
  if (typeof data !== 'object' || data === null) return 'its output is not a JSON object';
  const d = data as Record<string, unknown>;
  if (d['Version'] !== 1) return 'its output has no "Version": 1';
  const text = (name: string): string | undefined => {
    const value = d[name];
    return typeof value === 'string' ? value : undefined;
  };
  const accessKeyId = text('AccessKeyId');
  const secretAccessKey = text('SecretAccessKey');
  if (!accessKeyId || !secretAccessKey) return 'its output has no AccessKeyId or SecretAccessKey';
  const expirationText = text('Expiration');
  if (d['Expiration'] !== undefined && expirationText === undefined) return 'its Expiration is not a date';
  const expiration = expirationText === undefined ? undefined : new Date(expirationText);
  if (expiration && Number.isNaN(expiration.getTime())) return 'its Expiration is not a date';
  if (expiration && expiration < now) return `the credentials it returned expired at ${expiration.toISOString()}`;
  const sessionToken = text('SessionToken');
  const accountId = text('AccountId') ?? accountIdOfProfile;
  const credentialScope = text('CredentialScope');
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiration ? { expiration } : {}),
    ...(accountId ? { accountId } : {}),
    ...(credentialScope ? { credentialScope } : {}),
  };
}

/** Children still running: killed if this process ends first, since their own process group outlives it. */
const running = new Set<ChildProcess>();

/** The child and everything it started, when they share its process group (POSIX); its tree on Windows. */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(child.pid), '/t', '/f'], { windowsHide: true, stdio: 'ignore' });
    return;
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
}

function killRunning(): void {
  for (const child of running) killTree(child);
}

/**
 * Signals that end a process by default. The terminal's Ctrl-C reaches this process's group, not the
 * child's: while a child runs, such a signal (where nothing else handles it) first kills the child, then
 * is raised again to take its usual course, as if it had never been caught.
 */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const signalHandlers = new Map<NodeJS.Signals, () => void>();

function watchForEnd(): void {
  process.once('exit', killRunning);
  for (const signal of ENDING_SIGNALS) {
    if (process.listenerCount(signal) > 0) continue;
    const handler = (): void => {
      killRunning();
      unwatchForEnd();
      process.kill(process.pid, signal);
    };
    signalHandlers.set(signal, handler);
    process.once(signal, handler);
  }
}

function unwatchForEnd(): void {
  process.removeListener('exit', killRunning);
  for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler);
  signalHandlers.clear();
}

export interface ProcessRun {
  readonly profile: string;
  readonly timeoutMs: number;
  /** The profile's aws_account_id, for output that names no AccountId. */
  readonly accountId?: string;
  readonly now?: () => Date;
}

/** Runs `command` and reads its credentials; rejects with a CredentialProcessError, after `timeoutMs` at the latest. */
export function runCredentialProcess(command: string, run: ProcessRun): Promise<AwsCredentialIdentity> {
  const fail = (reason: string): CredentialProcessError =>
    new CredentialProcessError(`the credential_process of profile ${run.profile} ${reason}`);
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(command, {
        shell: true,
        // Its own process group (setsid), so that a kill reaches what the shell started too.
        detached: process.platform !== 'win32',
        // No input: one that waits for some would hang until killed.
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (err) {
      reject(fail(`could not be started (${(err as { code?: string }).code ?? 'error'})`));
      return;
    }
    if (running.size === 0) watchForEnd();
    running.add(child);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      running.delete(child);
      if (running.size === 0) unwatchForEnd();
      return true;
    };
    // Rejects at once: a descendant that left the group could hold stdout open, and 'close' never come.
    const stop = (reason: CredentialProcessError): void => {
      if (!settle()) return;
      killTree(child);
      child.stdout?.destroy();
      child.stderr?.destroy();
      reject(reason);
    };
    const timer = setTimeout(
      () => stop(fail(`did not finish within ${run.timeoutMs / 1000} s and was stopped`)),
      run.timeoutMs,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_PROCESS_STDOUT_BYTES) stop(fail('failed: it printed over 1 MiB'));
      else stdout.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderrBytes < MAX_PROCESS_STDERR_BYTES) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    child.on('error', (err: NodeJS.ErrnoException) => stop(fail(`could not be started (${err.code ?? 'error'})`)));
    child.on('close', (code, signal) => {
      if (!settle()) return;
      if (code !== 0) {
        const detail = processDetail(Buffer.concat(stderr).toString('utf8'), command);
        const status = signal ? `stopped by ${signal}` : `exit code ${code}`;
        reject(fail(`failed: ${detail || status}`));
        return;
      }
      const parsed = parseProcessOutput(
        Buffer.concat(stdout).toString('utf8').trim(),
        run.now?.() ?? new Date(),
        run.accountId,
      );
      if (typeof parsed === 'string') reject(fail(`failed: ${parsed}`));
      else resolve(parsed);
    });
  });
}
