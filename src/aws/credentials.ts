// Credentials of a profile, resolved by the SDK's own providers: static keys, SSO, assume-role (MFA through
// the caller's prompt), credential_process, web identity, environment. The extension stores no keys.
import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ENVIRONMENT_PROFILE, type AwsProfile } from './profileModel';

/** Asks the user for a code from the MFA device `serial`; rejects when the user cancels. */
export type MfaPrompt = (serial: string) => Promise<string>;

/**
 * A provider that resolves once and again only when the credentials come within five minutes of their
 * expiration (temporary credentials), so every request of a profile shares one resolution.
 */
export function credentialProvider(profile: AwsProfile, mfa: MfaPrompt): AwsCredentialIdentityProvider {
  const resolve: AwsCredentialIdentityProvider =
    profile.name === ENVIRONMENT_PROFILE ? fromEnv() : fromIni({ profile: profile.name, ignoreCache: true, mfaCodeProvider: mfa });
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const cached = current ? await current.catch(() => undefined) : undefined;
    if (cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > 5 * 60_000)) return cached;
    current = resolve();
    return current;
  };
}
