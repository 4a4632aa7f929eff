// The profile a command talks to S3 with: --profile, else the AWS_* variables, else (for a command about a
// URL) the profile whose access key signed it, else AWS_PROFILE or default; its settings overridden by
// --region, --endpoint-url and --path-style where the command takes them.
import { ENVIRONMENT_PROFILE, profileForAccessKey, type AwsProfile } from '../aws/profileModel';
import { listProfiles } from '../aws/profiles';
import { UsageError, type ParsedArgs } from './args';

export async function profileFor(args: ParsedArgs, urlAccessKeyId?: string): Promise<AwsProfile> {
  const { profiles } = await listProfiles();
  const named = args.values.get('profile');
  const fromEnv = process.env['AWS_ACCESS_KEY_ID'] && process.env['AWS_SECRET_ACCESS_KEY'];
  const signer = named || fromEnv ? undefined : profileForAccessKey(profiles, urlAccessKeyId);
  const name = named ?? (fromEnv ? ENVIRONMENT_PROFILE : (signer?.name ?? (process.env['AWS_PROFILE'] || 'default')));
  const found = profiles.find((p) => p.name === name);
  if (!found && named) throw new UsageError(`no profile "${named}" in the AWS config or credentials files`);
  const base: AwsProfile = found ?? { name, kind: 'unknown', pathStyle: false };
  return {
    ...base,
    region: args.values.get('region') ?? base.region,
    endpointUrl: args.values.get('endpoint-url') ?? base.endpointUrl,
    pathStyle: args.flags.has('path-style') || base.pathStyle,
  };
}
