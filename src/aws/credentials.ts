// Credentials of a profile: a credential_process the profile names directly is run here (so that it can be
// killed when it hangs); everything else is the SDK's own providers: static keys, SSO, assume-role (MFA
// through the caller's prompt), web identity, environment. The extension stores no keys.
import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import { parseKnownFiles } from '@smithy/shared-ini-file-loader';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { credentialProcessOf, runCredentialProcess } from './credentialProcess';
import { credentialsErrorMessage } from './errors';
import { ENVIRONMENT_PROFILE, profileFiles, type AwsProfile } from './profileModel';

/** Asks the user for a code from the MFA device `serial`; rejects when the user cancels. */
export type MfaPrompt = (serial: string) => Promise<string>;

/** Long enough to touch a hardware key or type an MFA code; a credential_process stuck longer has hung. */
export const CREDENTIALS_TIMEOUT_MS = 120_000;

const credentialsError = (message: string): Error =>
  Object.assign(new Error(message), { name: 'CredentialsProviderError' });

/** `promise`, or a credentials error after `ms` (the work behind `promise` goes on). */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(credentialsError(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolutions running, by AWS files and profile: one at a time per profile, which every provider of it
 * (a Retry makes a new one) joins rather than starting a credential_process of its own. One run here
 * ends at its timeout; one the SDK runs behind another profile (assume-role's source_profile) cannot be
 * stopped, and joining it is all that keeps hung children from piling up.
 */
const resolutions = new Map<string, Promise<AwsCredentialIdentity>>();

function shared(profile: string, start: () => Promise<AwsCredentialIdentity>): Promise<AwsCredentialIdentity> {
  const files = profileFiles();
  const key = `${files.configFile}\0${files.credentialsFile}\0${profile}`;
  const running = resolutions.get(key);
  if (running) return running;
  const started = start();
  resolutions.set(key, started);
  const forget = (): void => {
    if (resolutions.get(key) === started) resolutions.delete(key);
  };
  started.then(forget, forget);
  return started;
}

/** One resolution of a profile's credentials, within `timeoutMs`; its errors never quote a command line. */
async function resolveProfile(profile: string, mfa: MfaPrompt, timeoutMs: number): Promise<AwsCredentialIdentity> {
  try {
    const section = (await parseKnownFiles({ profile, ignoreCache: true }))[profile];
    const command = credentialProcessOf(section);
    if (command !== undefined) {
      const run = { profile, timeoutMs, accountId: section?.['aws_account_id'] };
      return await shared(profile, () => runCredentialProcess(command, run));
    }
    return await withTimeout(
      shared(profile, () => fromIni({ profile, ignoreCache: true, mfaCodeProvider: mfa })()),
      timeoutMs,
      `the credentials of profile ${profile} did not come within ${timeoutMs / 1000} s (a credential_process that hangs, or a prompt left open)`,
    );
  } catch (err) {
    // The same error with a message fit to show, whoever shows it (a tree node, a notification, the log,
    // the CLI): what classifies it (name, code, status, cause) is kept.
    const { name, code, cause, $metadata } = (err ?? {}) as Record<string, unknown>;
    throw Object.assign(new Error(credentialsErrorMessage(err, profile)), {
      name: typeof name === 'string' && name !== 'Error' ? name : 'CredentialsProviderError',
      shownAsIs: true,
      ...(code === undefined ? {} : { code }),
      ...(cause === undefined ? {} : { cause }),
      ...($metadata === undefined ? {} : { $metadata }),
    });
  }
}

/** Temporary credentials this close to their expiration are resolved again. */
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * A provider that resolves once and again only when the credentials come within five minutes of their
 * expiration (temporary credentials), so every request of a profile shares one resolution; callers that
 * come while one runs share it and its outcome. It gives up after `timeoutMs`, killing a credential_process
 * it runs itself (a hung one would otherwise keep every request of the profile waiting for ever).
 */
export function credentialProvider(
  profile: AwsProfile,
  mfa: MfaPrompt,
  timeoutMs = CREDENTIALS_TIMEOUT_MS,
): AwsCredentialIdentityProvider {
  let inFlight: Promise<AwsCredentialIdentity> | undefined;
  let last: AwsCredentialIdentity | undefined;
  const fresh = (c: AwsCredentialIdentity): boolean =>
    !c.expiration || c.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS;
  return () => {
    if (inFlight) return inFlight;
    if (last && fresh(last)) return Promise.resolve(last);
    const attempt = (
      profile.name === ENVIRONMENT_PROFILE ? fromEnv()() : resolveProfile(profile.name, mfa, timeoutMs)
    ).then(
      (credentials) => {
        last = credentials;
        inFlight = undefined;
        return credentials;
      },
      (err: unknown) => {
        inFlight = undefined;
        throw err;
      },
    );
    inFlight = attempt;
    return attempt;
  };
}
