// The secret for `verify` and `explain`: from a named profile, the standard AWS_* variables, or the
// profile whose access key ID signed the URL (found as the extension finds it: profileForAccessKey over the
// same profile listing). Never from a command-line argument, never printed.
import { fromIni } from '@aws-sdk/credential-providers';
import { profileForAccessKey } from '../aws/profileModel';
import { listProfiles } from '../aws/profiles';
import { UsageError } from './args';

export interface SigningSecret {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
  /** Where it came from, for the output ("profile sandbox", "environment"). */
  readonly source: string;
}

async function fromProfile(profile: string): Promise<SigningSecret> {
  try {
    const c = await fromIni({ profile, ignoreCache: true })();
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      expiration: c.expiration,
      source: `profile ${profile}`,
    };
  } catch (err) {
    throw new UsageError(
      `cannot read credentials of profile "${profile}": ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export async function resolveSecret(
  profile: string | undefined,
  urlAccessKeyId: string | undefined,
): Promise<SigningSecret> {
  if (profile) return fromProfile(profile);
  const env = process.env;
  if (env['AWS_SECRET_ACCESS_KEY']) {
    return {
      accessKeyId: env['AWS_ACCESS_KEY_ID'] ?? '',
      secretAccessKey: env['AWS_SECRET_ACCESS_KEY'],
      sessionToken: env['AWS_SESSION_TOKEN'],
      source: 'environment (AWS_SECRET_ACCESS_KEY)',
    };
  }
  const listed = await listProfiles().catch(() => undefined);
  const matching = listed ? profileForAccessKey(listed.profiles, urlAccessKeyId) : undefined;
  if (matching) return fromProfile(matching.name);
  const fallback = env['AWS_PROFILE'] ?? 'default';
  try {
    return await fromProfile(fallback);
  } catch {
    throw new UsageError(
      'no credentials to verify with: pass --profile NAME, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (never on the command line)',
    );
  }
}
