// Opening a profile's S3 access from the extension: the SDK loaded on first use, credentials resolved by
// the SDK's providers, an MFA code asked through an input box, the request timeout from the settings.
import * as vscode from 'vscode';
import type { AwsProfile } from './aws/profileModel';
import type { S3Access } from './aws/s3';
import { config } from './config';
import { loadSdk } from './sdkLoader';

export function openAccess(profile: AwsProfile): S3Access {
  const sdk = loadSdk();
  return new sdk.S3Access(
    profile,
    sdk.credentialProvider(profile, (serial) => askMfaCode(profile.name, serial)),
    config.requestTimeoutMs(),
  );
}

async function askMfaCode(profile: string, serial: string): Promise<string> {
  const code = await vscode.window.showInputBox({
    title: `MFA code for profile ${profile}`,
    prompt: `Enter the current code of ${serial}`,
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'Six digits'),
  });
  if (!code) throw new Error('No MFA code was entered.');
  return code.trim();
}
