// The secret for `verify` and `explain`: from a named profile, the standard AWS_* variables, or the
// profile whose access key ID signed the URL. Never from a command-line argument, never printed.
import { fromIni } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
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

/** The profile whose static access key ID is the one that signed the URL, if any. */
async function profileWithKey(accessKeyId: string): Promise<string | undefined> {
  const files = await loadSharedConfigFiles({ ignoreCache: true }).catch(() => undefined);
  if (!files) return undefined;
  for (const source of [files.credentialsFile, files.configFile]) {
    for (const [name, section] of Object.entries(source)) if (section['aws_access_key_id'] === accessKeyId) return name;
  }
  return undefined;
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
  const matching = urlAccessKeyId ? await profileWithKey(urlAccessKeyId) : undefined;
  if (matching) return fromProfile(matching);
  const fallback = env['AWS_PROFILE'] ?? 'default';
  try {
    return await fromProfile(fallback);
  } catch {
    throw new UsageError(
      'no credentials to verify with: pass --profile NAME, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (never on the command line)',
    );
  }
}
