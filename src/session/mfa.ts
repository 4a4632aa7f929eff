// The MFA code an assume-role profile asks for, typed by the user into an input box.
import * as vscode from 'vscode';

export async function askMfaCode(profile: string, serial: string): Promise<string> {
  const code = await vscode.window.showInputBox({
    title: `MFA code for profile ${profile}`,
    prompt: `Enter the current code of ${serial}`,
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'Six digits'),
  });
  if (!code) throw new Error('No MFA code was entered.');
  return code.trim();
}
