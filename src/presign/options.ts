// The options question of "Presign S3 Object": what a download or an upload URL carries beside the object
// (download file name, response type, version; upload Content-Type signed or not, storage class, SSE,
// Content-MD5), each edited in place until "Presign now".
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { PresignRequest } from '../aws/presign';
import { guessContentType, type PresignMethod } from '../engine';
import { BACK, input, pick, type Answer, type PickItem } from './quickInput';

/** Everything of a request but the object, the method and the expiry. */
export type PresignOptions = Omit<PresignRequest, 'bucket' | 'key' | 'method' | 'expiresIn'>;

export interface OptionsQuestion {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
  readonly canGoBack: boolean;
  readonly key: string;
  readonly method: PresignMethod;
  readonly expiresIn: number;
}

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

type OptionId = 'disposition' | 'responseType' | 'version' | 'contentType' | 'signType' | 'storage' | 'sse' | 'md5';

function summary(q: OptionsQuestion, options: PresignOptions, contentType: string | undefined): string {
  const until = new Date(Date.now() + q.expiresIn * 1000);
  const must =
    q.method === 'PUT' && options.signContentType !== false && contentType
      ? `; upload must send Content-Type: ${contentType}`
      : '';
  return `${q.method}, expires ${until.toLocaleString()}${must}`;
}

function items(q: OptionsQuestion, o: PresignOptions, contentType: string | undefined): PickItem<OptionId | true>[] {
  const get: PickItem<OptionId>[] = [
    { label: 'Download file name', description: o.responseContentDisposition ?? 'as stored', value: 'disposition' },
    { label: 'Response Content-Type', description: o.responseContentType ?? 'as stored', value: 'responseType' },
    { label: 'Version ID', description: o.versionId ?? 'latest', value: 'version' },
  ];
  const put: PickItem<OptionId>[] = [
    { label: 'Content-Type', description: contentType, value: 'contentType' },
    {
      label: o.signContentType === false ? 'Content-Type is not signed' : 'Content-Type is signed',
      description:
        o.signContentType === false ? 'the uploader may send any type' : 'the uploader must send exactly it (toggle)',
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
  ];
  return [
    { label: '$(check) Presign now', description: summary(q, o, contentType), value: true },
    ...(q.method === 'GET' ? get : q.method === 'PUT' ? put : []),
  ];
}

/** Shows the options until "Presign now": the options chosen, BACK, or undefined when cancelled. */
export async function askOptions(q: OptionsQuestion, initial: PresignOptions): Promise<Answer<PresignOptions>> {
  let options = initial;
  for (;;) {
    const contentType = options.contentType ?? (q.method === 'PUT' ? guessContentType(q.key) : undefined);
    const choice = await pick<OptionId | true>({
      title: q.title,
      step: q.step,
      totalSteps: q.totalSteps,
      placeholder: 'Options, then Presign now',
      canGoBack: q.canGoBack,
      items: items(q, options, contentType),
    });
    if (choice === undefined || choice === BACK) return choice;
    if (choice === true) {
      return q.method === 'PUT'
        ? { ...options, contentType, signContentType: options.signContentType ?? true }
        : options;
    }
    options = await editOption(choice, q.title, options, contentType);
  }
}

/** Edits one option: the options with it changed, or as they were when the user leaves the editor. */
async function editOption(
  option: OptionId,
  title: string,
  o: PresignOptions,
  contentType: string | undefined,
): Promise<PresignOptions> {
  const ask = async (prompt: string, value?: string): Promise<string | undefined> => {
    const v = await input({ title, prompt, value, canGoBack: true });
    return v === BACK || v === undefined ? undefined : v.trim();
  };
  switch (option) {
    case 'disposition': {
      const v = await ask(
        'File name for the download (or a full Content-Disposition); empty for as stored',
        o.responseContentDisposition,
      );
      if (v === undefined) return o;
      const disposition =
        v === '' ? undefined : v.includes(';') || v === 'inline' ? v : `attachment; filename="${v.replace(/"/g, '')}"`;
      return { ...o, responseContentDisposition: disposition };
    }
    case 'responseType': {
      const v = await ask('Content-Type S3 sends back; empty for as stored', o.responseContentType);
      return v === undefined ? o : { ...o, responseContentType: v || undefined };
    }
    case 'version': {
      const v = await ask('Version ID; empty for the latest', o.versionId);
      return v === undefined ? o : { ...o, versionId: v || undefined };
    }
    case 'contentType': {
      const v = await ask('Content-Type of the upload', contentType);
      return v ? { ...o, contentType: v } : o;
    }
    case 'signType':
      return { ...o, signContentType: o.signContentType === false };
    case 'storage': {
      const v = await vscode.window.showQuickPick(STORAGE_CLASSES, { title: 'Storage class of the upload' });
      return v ? { ...o, storageClass: v === 'STANDARD' ? undefined : v } : o;
    }
    case 'sse': {
      const v = await vscode.window.showQuickPick(['Bucket default', 'AES256', 'aws:kms'], {
        title: 'Server-side encryption (sent as headers the uploader must include)',
      });
      if (v === 'Bucket default') return { ...o, serverSideEncryption: undefined, kmsKeyId: undefined };
      if (v === 'AES256') return { ...o, serverSideEncryption: 'AES256', kmsKeyId: undefined };
      if (v === 'aws:kms') {
        const kmsKeyId =
          (await ask('KMS key ID, ARN or alias; empty for the AWS managed key', o.kmsKeyId)) || undefined;
        return { ...o, serverSideEncryption: 'aws:kms', kmsKeyId };
      }
      return o;
    }
    case 'md5': {
      const file = await vscode.window.showOpenDialog({ title: 'File the uploader will send', canSelectMany: false });
      if (!file?.[0]) return o;
      const contentMd5 = await md5OfFile(file[0]);
      return contentMd5 === undefined ? o : { ...o, contentMd5 };
    }
  }
}

/** The most one PUT can upload (https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html). */
const MAX_PUT_BYTES = 5 * 1024 ** 3;

/**
 * The base64 MD5 of a file, read as a stream (a file of gigabytes is never held in memory) with a
 * cancellable progress; undefined when cancelled. A file over what one PUT can upload is refused.
 */
export async function md5OfFile(file: vscode.Uri): Promise<string | undefined> {
  const { size } = await stat(file.fsPath);
  if (size > MAX_PUT_BYTES) {
    throw new Error(
      `${file.fsPath} is over 5 GiB, more than one PUT can upload: use a multipart upload, whose parts each carry their own checksum.`,
    );
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Content-MD5 of the file', cancellable: true },
    async (progress, token) => {
      const hash = createHash('md5');
      const stream = createReadStream(file.fsPath);
      token.onCancellationRequested(() => stream.destroy());
      let read = 0;
      let reported = 0;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          hash.update(chunk);
          read += chunk.length;
          const percent = Math.floor((read / Math.max(size, 1)) * 100);
          if (percent > reported) {
            progress.report({ increment: percent - reported });
            reported = percent;
          }
        }
      } catch (err) {
        if (token.isCancellationRequested) return undefined;
        throw err;
      }
      return token.isCancellationRequested ? undefined : hash.digest('base64');
    },
  );
}
