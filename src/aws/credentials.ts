// Credentials of a profile, resolved by the SDK's own providers: static keys, SSO, assume-role (MFA through
// the caller's prompt), credential_process, web identity, environment. The extension stores no keys.
import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ENVIRONMENT_PROFILE, type AwsProfile } from './profileModel';

/** Asks the user for a code from the MFA device `serial`; rejects when the user cancels. */
export type MfaPrompt = (serial: string) => Promise<string>;

/** Long enough to touch a hardware key or type an MFA code; a credential_process stuck longer has hung. */
export const CREDENTIALS_TIMEOUT_MS = 120_000;

/**
 * A provider that resolves once and again only when the credentials come within five minutes of their
 * expiration (temporary credentials), so every request of a profile shares one resolution. It gives up
 * after `timeoutMs`: the SDK runs credential_process with no time limit, and a hung one would otherwise
 * keep every request of the profile waiting for ever.
 */
export function credentialProvider(
  profile: AwsProfile,
  mfa: MfaPrompt,
  timeoutMs = CREDENTIALS_TIMEOUT_MS,
): AwsCredentialIdentityProvider {
  const resolve: AwsCredentialIdentityProvider =
    profile.name === ENVIRONMENT_PROFILE
      ? fromEnv()
      : fromIni({ profile: profile.name, ignoreCache: true, mfaCodeProvider: mfa });
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const cached = current ? await current.catch(() => undefined) : undefined;
    if (cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > 5 * 60_000)) return cached;
    current = withTimeout(
      resolve(),
      timeoutMs,
      `The credentials of profile "${profile.name}" did not come within ${timeoutMs / 1000} s (a credential_process that hangs, or a prompt left open).`,
    );
    return current;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // Named as the SDK names credential failures, so that it is described as one (not as a slow S3).
    timer = setTimeout(() => reject(Object.assign(new Error(message), { name: 'CredentialsProviderError' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
