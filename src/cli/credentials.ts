// The secret for `verify` and `explain`: from a named profile, the standard AWS_* variables, or the
// profile whose access key ID signed the URL (found as the extension finds it: profileForAccessKey over the
// same profile listing). Never from a command-line argument, never printed. Resolved as the extension
// resolves it (credentialProvider), within --credentials-timeout.
import { credentialProvider, CREDENTIALS_TIMEOUT_MS } from '../aws/credentials';
import { profileForAccessKey } from '../aws/profileModel';
import { listProfiles } from '../aws/profiles';
import { UsageError, type ParsedArgs } from './args';

export interface SigningSecret {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
  /** Where it came from, for the output ("profile sandbox", "environment"). */
  readonly source: string;
}

/** An hour: longer than any prompt or hardware key takes, short of the timer's limit. */
const MAX_CREDENTIALS_TIMEOUT_SECONDS = 3600;

/** --credentials-timeout in milliseconds: seconds, above 0 and at most an hour; 120 s when not given. */
export function credentialsTimeoutMs(args: ParsedArgs): number {
  const raw = args.values.get('credentials-timeout');
  if (raw === undefined) return CREDENTIALS_TIMEOUT_MS;
  const seconds = /^\d+(?:\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!(seconds > 0 && seconds <= MAX_CREDENTIALS_TIMEOUT_SECONDS))
    throw new UsageError(`--credentials-timeout takes seconds, above 0 and at most ${MAX_CREDENTIALS_TIMEOUT_SECONDS}`);
  return seconds * 1000;
}

/** MFA codes need a prompt the CLI does not have. */
export const noMfa = (): Promise<string> =>
  Promise.reject(new Error('MFA codes cannot be asked here: use credentials that need none'));

async function fromProfile(profile: string, timeoutMs: number): Promise<SigningSecret> {
  try {
    const c = await credentialProvider({ name: profile, kind: 'unknown', pathStyle: false }, noMfa, timeoutMs)();
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      expiration: c.expiration,
      source: `profile ${profile}`,
    };
  } catch (err) {
    // The provider's messages quote no command line; a credential_process failure names its profile.
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(
      /credential_process/.test(message) ? message : `cannot read credentials of profile "${profile}": ${message}`,
    );
  }
}

export async function resolveSecret(
  profile: string | undefined,
  urlAccessKeyId: string | undefined,
  timeoutMs = CREDENTIALS_TIMEOUT_MS,
): Promise<SigningSecret> {
  if (profile) return fromProfile(profile, timeoutMs);
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
  if (matching) return fromProfile(matching.name, timeoutMs);
  const fallback = env['AWS_PROFILE'] ?? 'default';
  const configured = listed?.profiles.find((p) => p.name === fallback && p.kind !== 'unknown');
  // A fallback profile that has credentials and fails says why (a credential_process that hangs, an
  // expired SSO session); one that has none is no reason to mention it.
  if (configured) return fromProfile(fallback, timeoutMs);
  throw new UsageError(
    'no credentials to verify with: pass --profile NAME, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (never on the command line)',
  );
}
