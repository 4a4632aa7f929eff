// What a profile is, as the explorer shows it. Plain types and labels: the activation bundle may import
// this module; listing profiles (profiles.ts) needs the SDK and lives in the lazily loaded bundle.
import { homedir } from 'node:os';
import { join } from 'node:path';

export type ProfileKind =
  'static' | 'sso' | 'sso-legacy' | 'assume-role' | 'web-identity' | 'credential-process' | 'environment' | 'unknown';

export interface AwsProfile {
  readonly name: string;
  readonly kind: ProfileKind;
  readonly region?: string;
  /** S3 endpoint from AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's `services` section or `endpoint_url`. */
  readonly endpointUrl?: string;
  /** `s3 = addressing_style = path` (or `virtual`; `auto` and unset mean the SDK's choice). */
  readonly pathStyle: boolean;
  /** The access key ID of static credentials (an identifier, not a secret). */
  readonly accessKeyId?: string;
  /** For assume-role profiles: the MFA device, when one is required. */
  readonly mfaSerial?: string;
}

/** The pseudo-profile for AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; parentheses cannot start a profile name in an ini section. */
export const ENVIRONMENT_PROFILE = '(environment)';

export const KIND_LABELS: Record<ProfileKind, string> = {
  static: 'static keys',
  sso: 'IAM Identity Center (SSO)',
  'sso-legacy': 'SSO (legacy)',
  'assume-role': 'assume role',
  'web-identity': 'web identity',
  'credential-process': 'credential_process',
  environment: 'environment variables',
  unknown: 'no credentials configured',
};

export interface ProfileFiles {
  readonly configFile: string;
  readonly credentialsFile: string;
}

export function profileFiles(env: NodeJS.ProcessEnv = process.env): ProfileFiles {
  return {
    configFile: env['AWS_CONFIG_FILE'] || join(homedir(), '.aws', 'config'),
    credentialsFile: env['AWS_SHARED_CREDENTIALS_FILE'] || join(homedir(), '.aws', 'credentials'),
  };
}

/**
 * The profile whose static access key ID is `accessKeyId` (the environment's included): the one place that
 * answers "which of my profiles signed this URL". Temporary keys (ASIA…) belong to no profile.
 */
export function profileForAccessKey(
  profiles: readonly AwsProfile[],
  accessKeyId: string | undefined,
): AwsProfile | undefined {
  if (!accessKeyId) return undefined;
  return profiles.find((p) => p.accessKeyId === accessKeyId);
}
