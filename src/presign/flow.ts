// "Presign S3 Object": profile → bucket → key → method → expiry → options, with Back on every step; or,
// given every argument, no UI at all (for other extensions and tests). Generates with the SDK's presigner,
// warns before copying when temporary credentials would end the URL early, and says what the client must send.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { PresignMethod, PresignRequest, Presigned } from '../aws/presign';
import type { S3Access } from '../aws/s3';
import { EXPIRY_PRESETS, parseExpiry } from '../engine/expiry';
import { curlCommand, fetchCall, keyFileName, pythonRequests } from '../engine/snippets';
import { formatDuration, isoUtc } from '../engine/time';
import { config } from '../config';
import type { Ctx } from '../context';
import type { ExplorerProvider } from '../explorer/provider';
import { loadSdk } from '../sdkLoader';
import { guessContentType } from './mime';
import { isPresignMethod, PRESIGN_METHODS } from '../aws/presignMethods';
import { BACK, input, pick, type PickItem, type StepResult } from './wizard';

/**
 * Arguments of the command `s3presign.presign`: a presign request's fields, each optional, in JSON-friendly
 * form. With all of profile, bucket, key, method and expiresIn there is no UI.
 */
export interface PresignArgs extends Partial<
  Omit<PresignRequest, 'expiresIn' | 'signingDate' | 'sdkDefaultChecksums'>
> {
  readonly profile?: string;
  /** Seconds, or a duration/date as typed ("6h", "2026-12-01T00:00:00Z"). */
  readonly expiresIn?: number | string;
  /** ISO-8601 signing date, for reproducible URLs. */
  readonly signingDate?: string;
}

export interface PresignOutcome {
  readonly url: string;
  readonly method: PresignMethod;
  readonly bucket: string;
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly signedAt: string;
  readonly expiresAt: string;
  /** The earlier of the URL's expiry and its credentials' expiration. */
  readonly effectiveExpiresAt: string;
  readonly credentialsExpiration?: string;
  readonly warnings: readonly string[];
}

const METHOD_ITEMS: readonly PickItem<PresignMethod>[] = [
  {
    label: 'GET',
    description: 'download',
    detail: 'Anyone with the URL can read the object until it expires.',
    value: 'GET',
  },
  {
    label: 'PUT',
    description: 'upload',
    detail: 'Anyone with the URL can write this key (create or overwrite) until it expires.',
    value: 'PUT',
  },
  {
    label: 'HEAD',
    description: 'metadata',
    detail: 'Checks that the object exists and reads its size, type and ETag.',
    value: 'HEAD',
  },
  {
    label: 'DELETE',
    description: 'delete',
    detail: 'Anyone with the URL can delete the object until it expires.',
    value: 'DELETE',
  },
];
const STORAGE_CLASSES = [
  'STANDARD',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
  'REDUCED_REDUNDANCY',
];
const TITLE = 'Presign S3 Object';

function seconds(value: number | string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseExpiry(String(value), now);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.seconds;
}

function complete(a: PresignArgs | undefined): boolean {
  return !!a && !!a.profile && !!a.bucket && !!a.key && !!a.method && a.expiresIn !== undefined;
}

/** A signed URL, with the warnings the user must see before using it. */
function outcomeOf(r: PresignRequest, p: Presigned): PresignOutcome {
  const warnings: string[] = [];
  let effective = p.expiresAt;
  if (p.credentialsExpiration && p.credentialsExpiration < p.expiresAt) {
    effective = p.credentialsExpiration;
    warnings.push(
      `This URL stops working at ${p.credentialsExpiration.toLocaleString()} (${formatDuration(p.credentialsExpiration.getTime() - Date.now())} from now), when the temporary credentials that signed it expire — not in ${formatDuration(r.expiresIn * 1000)}.`,
    );
  }
  return {
    url: p.url,
    method: p.method,
    bucket: r.bucket,
    key: r.key,
    headers: p.headers,
    signedAt: isoUtc(p.signedAt),
    expiresAt: isoUtc(p.expiresAt),
    effectiveExpiresAt: isoUtc(effective),
    credentialsExpiration: p.credentialsExpiration ? isoUtc(p.credentialsExpiration) : undefined,
    warnings,
  };
}

async function sign(access: S3Access, r: PresignRequest): Promise<PresignOutcome> {
  return outcomeOf(r, await loadSdk().presign(access, { ...r, sdkDefaultChecksums: config.sdkDefaultChecksums() }));
}

interface State {
  profile?: string;
  bucket?: string;
  key?: string;
  method?: PresignMethod;
  expiresIn?: number;
  options: Omit<PresignRequest, 'bucket' | 'key' | 'method' | 'expiresIn'>;
}

export class PresignFlow {
  constructor(
    private readonly ctx: Ctx,
    private readonly explorer: ExplorerProvider,
  ) {}

  /** The command: programmatic with every argument, otherwise the quick-pick flow from what is given. */
  async run(args?: PresignArgs): Promise<PresignOutcome | undefined> {
    if (args?.method !== undefined && !isPresignMethod(args.method))
      throw new Error(`Cannot presign ${String(args.method)}: the methods are ${PRESIGN_METHODS.join(', ')}.`);
    const now = args?.signingDate ? new Date(args.signingDate) : new Date();
    if (complete(args)) {
      const a = args!;
      const access = await this.accessOf(a.profile!);
      return sign(access, {
        ...a,
        bucket: a.bucket!,
        key: a.key!,
        method: a.method!,
        expiresIn: seconds(a.expiresIn, now)!,
        signingDate: a.signingDate ? now : undefined,
      });
    }
    const { profile, bucket, key, method, expiresIn, signingDate: _ignored, ...options } = args ?? {};
    void _ignored;
    const state: State = { profile, bucket, key, method, expiresIn: seconds(expiresIn, now), options };
    return this.interactive(state);
  }

  private async accessOf(profile: string): Promise<S3Access> {
    const access = await this.explorer.access(profile);
    if (!access) throw new Error(`No AWS profile named "${profile}".`);
    return access;
  }

  private async interactive(state: State): Promise<PresignOutcome | undefined> {
    const steps: ((first: boolean) => Promise<StepResult<unknown>>)[] = [
      (first) => this.pickProfile(state, first),
      (first) => this.pickBucket(state, first),
      (first) => this.pickKey(state, first),
      (first) => this.pickMethod(state, first),
      (first) => this.pickExpiry(state, first),
      (first) => this.pickOptions(state, first),
    ];
    // Steps already answered by the arguments (e.g. profile, bucket and key from the explorer) are skipped.
    let i = state.profile ? (state.bucket ? (state.key ? 3 : 2) : 1) : 0;
    const firstStep = i;
    for (;;) {
      const result = await steps[i]!(i === firstStep);
      if (result === undefined) return undefined;
      if (result === BACK) {
        i = Math.max(firstStep, i - 1);
        continue;
      }
      if (i < steps.length - 1) {
        i++;
        continue;
      }
      const access = await this.accessOf(state.profile!);
      const request: PresignRequest = {
        ...state.options,
        bucket: state.bucket!,
        key: state.key!,
        method: state.method!,
        expiresIn: state.expiresIn!,
      };
      const outcome = await sign(access, request);
      if (outcome.warnings.length > 0) {
        const choice = await vscode.window.showWarningMessage(
          outcome.warnings[0]!,
          { modal: true },
          'Copy Anyway',
          'Choose a Shorter Expiry',
        );
        if (choice === 'Choose a Shorter Expiry') {
          i = 4;
          continue;
        }
        if (choice !== 'Copy Anyway') return undefined;
      }
      await vscode.env.clipboard.writeText(outcome.url);
      this.ctx.log.info(
        `Presigned ${outcome.method} s3://${outcome.bucket}/${outcome.key} until ${outcome.effectiveExpiresAt}`,
      );
      // The notification outlives the command: what its buttons do fails on its own, into the log.
      this.notify(outcome).catch((err: unknown) =>
        this.ctx.log.warn(`presign notification: ${err instanceof Error ? err.message : String(err)}`),
      );
      return outcome;
    }
  }

  private async pickProfile(state: State, first: boolean): Promise<StepResult<string>> {
    const profiles = await this.explorer.profiles();
    if (profiles.length === 0)
      throw new Error(
        'No AWS profiles found: add one to your AWS config file (S3 Presign Lens: Open AWS Config File).',
      );
    const result = await pick<string>({
      title: TITLE,
      step: 1,
      totalSteps: 6,
      placeholder: 'AWS profile to sign with',
      canGoBack: !first,
      active: state.profile ?? config.defaultProfile(),
      items: profiles.map((p) => ({
        label: p.profile.name,
        description: [p.profile.region, p.profile.endpointUrl].filter(Boolean).join(' · '),
        value: p.profile.name,
      })),
    });
    if (typeof result === 'string') state.profile = result;
    return result;
  }

  private async pickBucket(state: State, first: boolean): Promise<StepResult<string>> {
    const profile = state.profile!;
    const access = await this.accessOf(profile);
    const added = this.explorer.added.get(profile);
    const result = await pick<string>({
      title: `${TITLE}: ${profile}`,
      step: 2,
      totalSteps: 6,
      placeholder: 'Bucket: pick one, or type its name',
      canGoBack: !first,
      active: state.bucket,
      items: added.map((b) => ({ label: b, description: 'added by name', value: b })),
      typed: (value) =>
        value.trim() && !added.includes(value.trim())
          ? [{ label: value.trim(), description: 'use this bucket', alwaysShow: true, value: value.trim() }]
          : [],
      load: async (_value, signal) => {
        try {
          const listed = await access.listBuckets(signal);
          return listed
            .filter((b) => !added.includes(b.name))
            .map((b) => ({ label: b.name, description: b.region, value: b.name }));
        } catch (err) {
          return [
            {
              label: '$(warning) Buckets could not be listed: type the bucket name',
              detail: err instanceof Error ? err.message : String(err),
              alwaysShow: true,
            },
          ];
        }
      },
    });
    if (typeof result === 'string') state.bucket = result;
    return result;
  }

  private async pickKey(state: State, first: boolean): Promise<StepResult<string>> {
    const access = await this.accessOf(state.profile!);
    const bucket = state.bucket!;
    let prefix = state.key && state.key.includes('/') ? state.key.slice(0, state.key.lastIndexOf('/') + 1) : '';
    const result = await pick<string>({
      title: `${TITLE}: s3://${bucket}/`,
      step: 3,
      totalSteps: 6,
      placeholder: 'Key: open a folder, pick an object, or type a key (new keys for uploads)',
      canGoBack: !first,
      items: [],
      reloadOnType: true,
      typed: (value) =>
        value.trim()
          ? [
              {
                label: `${prefix}${value.trim()}`,
                description: 'use this key',
                alwaysShow: true,
                value: `${prefix}${value.trim()}`,
              },
            ]
          : [],
      load: async (value, signal) => {
        const up: PickItem<string>[] = prefix
          ? [{ label: '$(arrow-up) ..', description: prefix, alwaysShow: true }]
          : [];
        try {
          const page = await access.listPage(bucket, prefix + value, 1000, undefined, signal);
          // Folders carry no value: accepting one opens it (onNavigate).
          const folders = page.folders.map((f) => ({
            label: `$(folder) ${f.slice(prefix.length)}`,
            description: 'folder',
            alwaysShow: true,
            folder: f,
          }));
          const objects = page.objects.map((o) => ({
            label: o.key.slice(prefix.length),
            description: `${o.size.toLocaleString('en-US')} bytes`,
            alwaysShow: true,
            value: o.key,
          }));
          const more = page.nextToken
            ? [{ label: '$(ellipsis) More objects: type to narrow the list', alwaysShow: true }]
            : [];
          return [...up, ...folders, ...objects, ...more];
        } catch (err) {
          return [
            ...up,
            {
              label: '$(warning) Could not list this folder: type the key',
              detail: err instanceof Error ? err.message : String(err),
              alwaysShow: true,
            },
          ];
        }
      },
      onNavigate: (item) => {
        const folder = (item as { folder?: string }).folder;
        if (folder !== undefined) prefix = folder;
        else if (item.label.startsWith('$(arrow-up)'))
          prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
        else return undefined;
        return Promise.resolve([]);
      },
    });
    if (typeof result === 'string') state.key = result;
    return result;
  }

  private async pickMethod(state: State, first: boolean): Promise<StepResult<PresignMethod>> {
    const result = await pick<PresignMethod>({
      title: `${TITLE}: s3://${state.bucket}/${state.key}`,
      step: 4,
      totalSteps: 6,
      placeholder: 'What the URL allows',
      canGoBack: !first,
      active: state.method,
      items: METHOD_ITEMS,
    });
    if (typeof result === 'string') state.method = result;
    return result;
  }

  private async pickExpiry(state: State, first: boolean): Promise<StepResult<number>> {
    const result = await pick<number>({
      title: `${TITLE}: ${state.method} s3://${state.bucket}/${state.key}`,
      step: 5,
      totalSteps: 6,
      placeholder: 'Expires in: pick, or type 90s, 45m, 6h, 3d or an ISO date (at most 7 days)',
      canGoBack: !first,
      active: state.expiresIn,
      items: EXPIRY_PRESETS.map((p) => ({ label: p.label, description: `${p.seconds} s`, value: p.seconds })),
      typed: (value) => {
        if (!value.trim()) return [];
        const parsed = parseExpiry(value, new Date());
        return parsed.ok
          ? [
              {
                label: `${formatDuration(parsed.seconds * 1000)}`,
                description: `${parsed.seconds} s, as typed`,
                alwaysShow: true,
                value: parsed.seconds,
              },
            ]
          : [{ label: `$(error) ${value.trim()}`, detail: parsed.error, alwaysShow: true }];
      },
    });
    if (typeof result === 'number') state.expiresIn = result;
    return result;
  }

  private async pickOptions(state: State, first: boolean): Promise<StepResult<true>> {
    for (;;) {
      const o = state.options;
      const get = state.method === 'GET';
      const put = state.method === 'PUT';
      const contentType = o.contentType ?? (put ? guessContentType(state.key!) : undefined);
      const items: PickItem<string | true>[] = [
        { label: '$(check) Presign now', description: this.summary(state, contentType), value: true },
        ...(get
          ? [
              {
                label: 'Download file name',
                description: o.responseContentDisposition ?? 'as stored',
                value: 'disposition',
              },
              {
                label: 'Response Content-Type',
                description: o.responseContentType ?? 'as stored',
                value: 'responseType',
              },
              { label: 'Version ID', description: o.versionId ?? 'latest', value: 'version' },
            ]
          : []),
        ...(put
          ? [
              { label: 'Content-Type', description: contentType, value: 'contentType' },
              {
                label: o.signContentType === false ? 'Content-Type is not signed' : 'Content-Type is signed',
                description:
                  o.signContentType === false
                    ? 'the uploader may send any type'
                    : 'the uploader must send exactly it (toggle)',
                value: 'signType',
              },
              { label: 'Storage class', description: o.storageClass ?? 'STANDARD (bucket default)', value: 'storage' },
              {
                label: 'Server-side encryption',
                description: o.serverSideEncryption
                  ? `${o.serverSideEncryption}${o.kmsKeyId ? ` ${o.kmsKeyId}` : ''}`
                  : 'bucket default',
                value: 'sse',
              },
              {
                label: 'Sign the Content-MD5 of a file…',
                description: o.contentMd5 ?? 'not signed: any body is accepted',
                value: 'md5',
              },
            ]
          : []),
      ];
      const choice = await pick<string | true>({
        title: `${TITLE}: ${state.method} s3://${state.bucket}/${state.key}`,
        step: 6,
        totalSteps: 6,
        placeholder: 'Options, then Presign now',
        canGoBack: !first,
        items,
      });
      if (choice === true) {
        if (put) state.options = { ...o, contentType, signContentType: o.signContentType ?? true };
        return true;
      }
      if (choice === undefined || choice === BACK) return choice;
      const edited = await this.editOption(choice, state, contentType);
      if (edited === undefined) return undefined;
    }
  }

  private summary(state: State, contentType: string | undefined): string {
    const until = new Date(Date.now() + state.expiresIn! * 1000);
    const must =
      state.method === 'PUT' && state.options.signContentType !== false && contentType
        ? `; upload must send Content-Type: ${contentType}`
        : '';
    return `${state.method}, expires ${until.toLocaleString()}${must}`;
  }

  /** Edits one option; undefined when the user cancelled the whole flow. */
  private async editOption(option: string, state: State, contentType: string | undefined): Promise<true | undefined> {
    const o = state.options;
    const ask = async (prompt: string, value?: string): Promise<string | undefined> => {
      const v = await input({ title: TITLE, prompt, value, canGoBack: true });
      return v === BACK || v === undefined ? undefined : v.trim();
    };
    switch (option) {
      case 'disposition': {
        const v = await ask(
          'File name for the download (or a full Content-Disposition); empty for as stored',
          o.responseContentDisposition,
        );
        if (v !== undefined)
          state.options = {
            ...o,
            responseContentDisposition:
              v === ''
                ? undefined
                : v.includes(';') || v === 'inline'
                  ? v
                  : `attachment; filename="${v.replace(/"/g, '')}"`,
          };
        return true;
      }
      case 'responseType': {
        const v = await ask('Content-Type S3 sends back; empty for as stored', o.responseContentType);
        if (v !== undefined) state.options = { ...o, responseContentType: v || undefined };
        return true;
      }
      case 'version': {
        const v = await ask('Version ID; empty for the latest', o.versionId);
        if (v !== undefined) state.options = { ...o, versionId: v || undefined };
        return true;
      }
      case 'contentType': {
        const v = await ask('Content-Type of the upload', contentType);
        if (v) state.options = { ...o, contentType: v };
        return true;
      }
      case 'signType':
        state.options = { ...o, signContentType: o.signContentType === false };
        return true;
      case 'storage': {
        const v = await vscode.window.showQuickPick(STORAGE_CLASSES, { title: 'Storage class of the upload' });
        if (v) state.options = { ...o, storageClass: v === 'STANDARD' ? undefined : v };
        return true;
      }
      case 'sse': {
        const v = await vscode.window.showQuickPick(['Bucket default', 'AES256', 'aws:kms'], {
          title: 'Server-side encryption (sent as headers the uploader must include)',
        });
        if (v === 'Bucket default') state.options = { ...o, serverSideEncryption: undefined, kmsKeyId: undefined };
        else if (v === 'AES256') state.options = { ...o, serverSideEncryption: 'AES256', kmsKeyId: undefined };
        else if (v === 'aws:kms')
          state.options = {
            ...o,
            serverSideEncryption: 'aws:kms',
            kmsKeyId: (await ask('KMS key ID, ARN or alias; empty for the AWS managed key', o.kmsKeyId)) || undefined,
          };
        return true;
      }
      case 'md5': {
        const file = await vscode.window.showOpenDialog({ title: 'File the uploader will send', canSelectMany: false });
        if (file?.[0])
          state.options = {
            ...o,
            contentMd5: createHash('md5')
              .update(await readFile(file[0].fsPath))
              .digest('base64'),
          };
        return true;
      }
    }
    return true;
  }

  private async notify(outcome: PresignOutcome): Promise<void> {
    const must = Object.entries(outcome.headers).map(([k, v]) => `${k}: ${v}`);
    const requirement = must.length
      ? ` The ${outcome.method === 'PUT' ? 'upload' : 'request'} must send ${must.join(', ')}.`
      : '';
    const until = new Date(outcome.effectiveExpiresAt);
    const message = `Presigned ${outcome.method} URL copied — valid until ${until.toLocaleString()} (${formatDuration(until.getTime() - Date.now())}).${requirement}`;
    const request = {
      url: outcome.url,
      method: outcome.method,
      headers: outcome.headers,
      fileName: keyFileName(outcome.key),
    };
    const action = await vscode.window.showInformationMessage(
      message,
      'Open in Decoder',
      'Copy as curl',
      'Copy as fetch()',
      'Copy as Python requests',
    );
    if (action === 'Open in Decoder') {
      await vscode.commands.executeCommand('s3presign.decode', outcome.url);
      return;
    }
    const snippet =
      action === 'Copy as curl'
        ? curlCommand(request)
        : action === 'Copy as fetch()'
          ? fetchCall(request)
          : action === 'Copy as Python requests'
            ? pythonRequests(request)
            : undefined;
    if (snippet) {
      await vscode.env.clipboard.writeText(snippet);
      vscode.window.setStatusBarMessage(`$(copy) ${action!.replace('Copy as ', '')} copied`, 3000);
    }
  }
}
