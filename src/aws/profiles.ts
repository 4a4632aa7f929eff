// AWS profiles as the AWS CLI and SDKs see them: the shared config and credentials files (AWS_CONFIG_FILE,
// AWS_SHARED_CREDENTIALS_FILE honoured), read with the SDK's own loader, plus environment credentials.
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import {
  ENVIRONMENT_PROFILE,
  profileFiles,
  type AwsProfile,
  type ProfileFiles,
  type ProfileKind,
} from './profileModel';

type Section = Readonly<Record<string, string | undefined>>;

/**
 * How the SDK resolves a profile's credentials, in its order (resolveProfileData in
 * @aws-sdk/credential-provider-ini): assume-role (role_arn with source_profile or credential_source), then
 * static keys, web identity, credential_process, SSO. A profile with static keys and an sso_session signs
 * with the keys; one with only role_arn and a token file is web identity. The credentials file's keys win
 * over the config file's, as the SDK merges them.
 */
function kindOf(config: Section, credentials: Section): ProfileKind {
  const p: Section = { ...config, ...credentials };
  const has = (key: string): boolean => typeof p[key] === 'string';
  if (has('role_arn') && has('source_profile') !== has('credential_source')) return 'assume-role';
  if (has('aws_access_key_id') && has('aws_secret_access_key')) return 'static';
  if (has('role_arn') && has('web_identity_token_file')) return 'web-identity';
  if (has('credential_process')) return 'credential-process';
  if (has('sso_session')) return 'sso';
  if (['sso_start_url', 'sso_account_id', 'sso_region', 'sso_role_name'].some(has)) return 'sso-legacy';
  return 'unknown';
}

const truthy = (value: string | undefined): boolean => value?.toLowerCase() === 'true';

/** The S3 endpoint, in the precedence of the SDKs' "service-specific endpoints" configuration. */
function endpointOf(
  config: Section,
  services: Readonly<Record<string, Section>>,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (truthy(env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']) || truthy(config['ignore_configured_endpoint_urls']))
    return undefined;
  const fromServices = config['services'] ? services[`services.${config['services']}`]?.['s3.endpoint_url'] : undefined;
  return env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL'] || fromServices || config['endpoint_url'] || undefined;
}

export interface ProfileList extends ProfileFiles {
  readonly profiles: readonly AwsProfile[];
}

export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileList> {
  const files = profileFiles(env);
  const loaded = await loadSharedConfigFiles({
    filepath: files.credentialsFile,
    configFilepath: files.configFile,
    ignoreCache: true,
  });
  const services: Record<string, Section> = {};
  const names = new Set<string>();
  for (const name of Object.keys(loaded.configFile)) {
    if (name.startsWith('services.')) services[name] = loaded.configFile[name]!;
    else if (!name.startsWith('sso-session.')) names.add(name);
  }
  for (const name of Object.keys(loaded.credentialsFile)) names.add(name);

  const profiles: AwsProfile[] = [];
  if (env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']) {
    profiles.push({
      name: ENVIRONMENT_PROFILE,
      kind: 'environment',
      region: env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined,
      endpointUrl: endpointOf({}, services, env),
      pathStyle: false,
      accessKeyId: env['AWS_ACCESS_KEY_ID'],
    });
  }
  for (const name of [...names].sort()) {
    const config: Section = loaded.configFile[name] ?? {};
    const credentials: Section = loaded.credentialsFile[name] ?? {};
    const kind = kindOf(config, credentials);
    profiles.push({
      name,
      kind,
      region: config['region'] ?? credentials['region'],
      endpointUrl: endpointOf(config, services, env),
      pathStyle: config['s3.addressing_style'] === 'path',
      accessKeyId: kind === 'static' ? (credentials['aws_access_key_id'] ?? config['aws_access_key_id']) : undefined,
      mfaSerial: config['mfa_serial'] ?? credentials['mfa_serial'],
    });
  }
  return { ...files, profiles };
}
