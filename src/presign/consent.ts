// Signing again what a presigned URL names — the quick fix, the hover's link, the decoder's Re-presign —
// only with the user's consent. A URL found in a file is the file's author's choice, not the user's: before
// anything is signed with the user's credentials, a modal names the method (and what it does), the object,
// the version, the expiry, the endpoint and the profile that signs, and why that profile. In an untrusted
// workspace nothing is signed from a URL at all.
import * as vscode from 'vscode';
import type { AwsProfile } from '../aws/profileModel';
import {
  formatDuration,
  guessContentType,
  isoUtc,
  represignRequest,
  type PresignedUrl,
  type PresignMethod,
} from '../engine';
import type { AwsSession } from '../session';
import type { PresignOutcome } from './contract';
import { signWith } from './objectFlow';

/**
 * How the question is put: a modal warning, whose answer is the button chosen (`sign`, or `other` when
 * there is a second way to sign), undefined for Cancel. Host tests cannot show modals (VS Code refuses
 * dialogs under extension tests), so they answer through this seam (src/internals.ts); the UI suite clicks
 * the real one.
 */
export const consentDialog = {
  ask: async (heading: string, detail: string, sign: string, other?: string): Promise<string | undefined> =>
    vscode.window.showWarningMessage(heading, { modal: true, detail }, ...(other ? [sign, other] : [sign])),
};

/** Where the new URL goes, for the consent's words. */
export interface RepresignTarget {
  /** Replacing the old URL in this file ("notes.txt, line 3"): a live URL lands in a file others may read. */
  readonly file?: string;
}

const EFFECT: Readonly<Record<PresignMethod, string>> = {
  GET: 'read (download) the object',
  HEAD: 'read the object’s metadata',
  PUT: 'write the object: create it, or overwrite it',
  DELETE: 'delete the object',
};

/** An access key ID shortened for reading, its start and end kept: AKIA…2Q7Q. */
const shortKey = (id: string): string => (id.length > 10 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id);

/** The profile that signs, and why it is that one. */
async function signerOf(session: AwsSession, url: PresignedUrl): Promise<{ profile: AwsProfile; why: string }> {
  const owner = await session.profileForAccessKey(url.accessKeyId);
  if (owner) {
    return {
      profile: owner,
      why: `${shortKey(url.accessKeyId!)}, the key that signed the old URL, belongs to your profile ${owner.name}`,
    };
  }
  const name = session.defaultProfileName();
  const profile = await session.profile(name);
  if (!profile) throw new Error(`No profile holds the old URL's key, and there is no default profile "${name}".`);
  return {
    profile,
    why: `no profile of yours holds the old URL's key (${url.accessKeyId ? shortKey(url.accessKeyId) : 'none'}): your default profile ${name} signs`,
  };
}

/**
 * Presigns `url`'s request again (same object, method, overrides, version, expiry length) once the user has
 * seen what and agreed; undefined when they did not (or the workspace is not trusted).
 */
export async function represignWithConsent(
  session: AwsSession,
  url: PresignedUrl,
  target: RepresignTarget,
): Promise<PresignOutcome | undefined> {
  if (!vscode.workspace.isTrusted) {
    // Said, not awaited: the command ends here, having signed nothing.
    void vscode.window
      .showWarningMessage(
        'Presigning again signs, with your AWS credentials, what a URL found in this workspace names. Trust the workspace first.',
        'Manage Workspace Trust',
      )
      .then((manage) => manage && vscode.commands.executeCommand('workbench.trust.manage'));
    return undefined;
  }
  const request = represignRequest(url);
  if (typeof request === 'string') throw new Error(request);
  let contentType: string | undefined;
  if (url.signedHeaders.includes('content-type')) {
    contentType = await vscode.window.showInputBox({
      title: 'The old URL signed a Content-Type',
      prompt: 'Content-Type the uploader will send (the old value is not in the URL)',
      value: guessContentType(request.key),
      ignoreFocusOut: true,
    });
    if (contentType === undefined) return undefined;
  }
  const { profile, why } = await signerOf(session, url);
  const until = new Date(Date.now() + request.expiresIn * 1000);
  // GET and HEAD URLs look alike when they carry no x-id: the same question offers both, GET first.
  const method = request.method ?? 'GET';
  const risky = method === 'PUT' || method === 'DELETE' || request.versionId !== undefined;
  const temporary = profile.kind !== 'static' && profile.kind !== 'environment';
  const lines = [
    request.method
      ? `Method: ${method} — anyone with the new URL can ${EFFECT[method]}`
      : `Method: GET — anyone with the new URL can ${EFFECT.GET}; or HEAD, to ${EFFECT.HEAD} (the old URL does not say which)`,
    `Object: s3://${request.bucket}/${request.key}`,
    ...(request.versionId !== undefined ? [`Version: ${request.versionId} (that version only)`] : []),
    ...(contentType !== undefined ? [`Content-Type the upload must send: ${contentType}`] : []),
    `Expires: in ${formatDuration(request.expiresIn * 1000)}, at ${isoUtc(until)}`,
    `Endpoint: ${profile.endpointUrl ?? `AWS S3${profile.region ? ` (${profile.region}, or the bucket's region)` : ''}`}`,
    `Signed by: profile ${profile.name} — ${why}`,
    target.file
      ? `Written into ${target.file}, in place of the old URL: anyone who can read the file can use it until it expires${temporary ? ', and it may carry the session token of your temporary credentials' : ''}.`
      : 'Copied to the clipboard.',
  ];
  const button = (m: PresignMethod): string => {
    const named = request.method === undefined || risky;
    const verb = named ? `Sign ${m} URL` : 'Sign';
    return target.file ? `${verb} and Replace` : verb;
  };
  const heading = `Sign a new ${request.method ?? 'GET or HEAD'} URL for s3://${request.bucket}/${request.key} with your profile ${profile.name}?`;
  const answer = await consentDialog.ask(
    heading,
    lines.join('\n'),
    button(method),
    request.method ? undefined : button('HEAD'),
  );
  if (answer === undefined) return undefined;
  const chosen: PresignMethod = answer === button(method) ? method : 'HEAD';
  return signWith(session, profile.name, {
    bucket: request.bucket,
    key: request.key,
    method: chosen,
    expiresIn: request.expiresIn,
    responseContentDisposition: request.responseContentDisposition,
    responseContentType: request.responseContentType,
    versionId: request.versionId,
    contentType,
    signContentType: contentType !== undefined,
  });
}
