// Writes a throwaway AWS config/credentials pair, so the sandbox and the tests never read or touch ~/.aws.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProfileSpec {
  readonly region?: string;
  readonly endpointUrl?: string;
  /** `s3 = addressing_style = path`, as the AWS CLI and boto3 read it. */
  readonly pathStyle?: boolean;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
  /** Other config keys, written as given (`sso_session`, `credential_process`, …). */
  readonly config?: Readonly<Record<string, string>>;
}

export interface AwsFiles {
  readonly configFile: string;
  readonly credentialsFile: string;
  /** AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE pointing at these files. */
  readonly env: Readonly<Record<string, string>>;
}

type SectionKeys = Readonly<Record<string, string | Readonly<Record<string, string>>>>;

/**
 * Writes the profiles, then `sections`: other config sections by their full header
 * (`"sso-session corp"`, `"services local"`), with their keys; an object value is a sub-section
 * (`{ s3: { endpoint_url: … } }` for `s3 =` then an indented `endpoint_url = …`).
 */
export function writeAwsFiles(
  dir: string,
  profiles: Readonly<Record<string, ProfileSpec>>,
  sections: Readonly<Record<string, SectionKeys>> = {},
): AwsFiles {
  mkdirSync(dir, { recursive: true });
  const config: string[] = [];
  const credentials: string[] = [];
  for (const [name, p] of Object.entries(profiles)) {
    config.push(name === 'default' ? '[default]' : `[profile ${name}]`);
    if (p.region) config.push(`region = ${p.region}`);
    if (p.endpointUrl) config.push(`endpoint_url = ${p.endpointUrl}`);
    for (const [k, v] of Object.entries(p.config ?? {})) config.push(`${k} = ${v}`);
    if (p.pathStyle) config.push('s3 =', '  addressing_style = path');
    config.push('');
    if (p.accessKeyId && p.secretAccessKey) {
      credentials.push(
        `[${name}]`,
        `aws_access_key_id = ${p.accessKeyId}`,
        `aws_secret_access_key = ${p.secretAccessKey}`,
      );
      if (p.sessionToken) credentials.push(`aws_session_token = ${p.sessionToken}`);
      credentials.push('');
    }
  }
  for (const [header, keys] of Object.entries(sections)) {
    config.push(`[${header}]`);
    for (const [k, v] of Object.entries(keys)) {
      if (typeof v === 'string') config.push(`${k} = ${v}`);
      else config.push(`${k} =`, ...Object.entries(v).map(([sk, sv]) => `  ${sk} = ${sv}`));
    }
    config.push('');
  }
  const configFile = join(dir, 'config');
  const credentialsFile = join(dir, 'credentials');
  writeFileSync(configFile, config.join('\n'), { mode: 0o600 });
  writeFileSync(credentialsFile, credentials.join('\n'), { mode: 0o600 });
  return {
    configFile,
    credentialsFile,
    env: { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile },
  };
}
