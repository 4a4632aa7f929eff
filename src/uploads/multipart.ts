// "Presign Multipart Upload…" (palette; Buckets view buckets, folders and objects): key, what to upload (a
// file, a total size or a number of parts), part size, expiry and format, with Back on every step; then
// CreateMultipartUpload with the profile and the presigned URLs written like bulk presign writes its own —
// a JSON or CSV document — with a shell script (curl per part, ETags collected, completion) and a browser
// fetch() function beside it. When the workspace knows the page's origin, the bucket's CORS rules are
// checked for the part uploads (PUT, ETag read) and the completion (POST).
import { statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { PresignedMultipart } from '../aws/multipart';
import {
  checkBrowserAccess,
  formatBytes,
  multipartCsv,
  multipartFetchSnippet,
  multipartShellScript,
  parseByteSize,
  parseExpiry,
  parsePresignedUrl,
  planParts,
  type BrowserAccessReport,
  type CorsConfiguration,
  type PartPlan,
  type PresignedUrl,
} from '../engine';
import { Command, type Ctx } from '../editor';
import { askExpiry, DONE, input, pick, runSteps, type Step } from '../presign';
import { loadSdk, s3PlaceOf, type AwsSession } from '../session';
import { rememberedOrigin } from './corsCheck';

/** Everything the command needs, for callers that ask nothing (tests, other extensions). */
export interface MultipartArgs {
  readonly profile: string;
  readonly bucket: string;
  readonly key: string;
  /** One of: a file to upload, its size in bytes, or the number of parts. */
  readonly file?: string;
  readonly size?: number;
  readonly parts?: number;
  readonly partSize?: number;
  readonly expiresIn: number | string;
  readonly format?: 'json' | 'csv';
  readonly contentType?: string;
  /** The page that will upload: its CORS access is checked. Default: the origin last checked in this workspace. */
  readonly origin?: string;
}

export interface MultipartOutcome {
  readonly set: PresignedMultipart;
  /** The URLs, JSON or CSV. */
  readonly document: vscode.TextDocument;
  /** The shell script and the browser function. */
  readonly script: vscode.TextDocument;
  readonly snippet: vscode.TextDocument;
  /** The CORS checks of a part upload and of the completion, when an origin was known. */
  readonly cors?: { readonly part: BrowserAccessReport; readonly complete: BrowserAccessReport };
}

const TITLE = 'Presign Multipart Upload';
const TOTAL_STEPS = 5;

type Source = 'file' | 'size' | 'parts';

interface FlowState {
  profile?: string;
  bucket?: string;
  key?: string;
  source?: Source;
  file?: string;
  size?: number;
  parts?: number;
  /** 0: automatic. */
  partSize?: number;
  expiresIn?: number;
  format?: 'json' | 'csv';
}

function planOf(state: FlowState): ReturnType<typeof planParts> {
  const partSize = state.partSize ? state.partSize : undefined;
  return state.source === 'parts'
    ? planParts({ parts: state.parts, partSize })
    : planParts({ size: state.size, partSize });
}

function fileSize(path: string): number {
  const stat = statSync(path);
  if (!stat.isFile()) throw new Error(`${path} is not a regular file.`);
  return stat.size;
}

/** The questions from the key on: what is given (a node's bucket, folder or object) is not asked. */
function steps(state: FlowState, prefix: string): Step<FlowState> {
  const title = (): string => `${TITLE}: s3://${state.bucket ?? ''}/${state.key ?? prefix}`;
  const formatStep: Step<FlowState> = async (s, context) => {
    const answer = await pick<'json' | 'csv'>({
      title: title(),
      step: 5,
      totalSteps: TOTAL_STEPS,
      placeholder: 'Write the URLs as (a shell script and a browser function come with them)',
      canGoBack: context.canGoBack,
      active: s.format,
      items: [
        {
          label: 'JSON',
          description: '{ bucket, key, uploadId, partSize, parts: [{ partNumber, url, size }], complete, abort }',
          value: 'json',
        },
        { label: 'CSV', description: 'operation,partNumber,size,url,expiresAt', value: 'csv' },
      ],
    });
    if (answer !== 'json' && answer !== 'csv') return answer;
    s.format = answer;
    return DONE;
  };
  const expiryStep: Step<FlowState> = async (s, context) => {
    const answer = await askExpiry({
      title: `${title()}: the URLs expire in`,
      step: 4,
      totalSteps: TOTAL_STEPS,
      canGoBack: context.canGoBack,
      current: s.expiresIn,
    });
    if (typeof answer !== 'number') return answer;
    s.expiresIn = answer;
    return formatStep;
  };
  const partSizeStep: Step<FlowState> = async (s, context) => {
    const sizes = [0, 5, 8, 16, 64, 128, 512].map((mib) => mib * 1024 * 1024);
    const describe = (partSize: number): string => {
      const plan = planOf({ ...s, partSize });
      return plan.ok ? `${plan.value.parts.length.toLocaleString('en-US')} parts` : plan.error;
    };
    const answer = await pick<number>({
      title: `${title()}: part size`,
      step: 3,
      totalSteps: TOTAL_STEPS,
      placeholder: 'Every part but the last has this size: 5 MiB to 5 GiB, 10,000 parts at most. Or type one (12MiB).',
      canGoBack: context.canGoBack,
      active: s.partSize,
      items: sizes
        .filter((size) => size === 0 || planOf({ ...s, partSize: size }).ok)
        .map((size) => ({
          label: size === 0 ? 'Automatic' : formatBytes(size),
          description: size === 0 ? `8 MiB, or more for 10,000 parts — ${describe(0)}` : describe(size),
          value: size,
        })),
      typed: (value) => {
        if (!value.trim()) return [];
        const bytes = parseByteSize(value);
        const plan = bytes.ok ? planOf({ ...s, partSize: bytes.value }) : bytes;
        return bytes.ok && plan.ok
          ? [
              {
                label: formatBytes(bytes.value),
                description: `${describe(bytes.value)}, as typed`,
                alwaysShow: true,
                value: bytes.value,
              },
            ]
          : [{ label: `$(error) ${value.trim()}`, detail: plan.ok ? '' : plan.error, alwaysShow: true }];
      },
    });
    if (typeof answer !== 'number') return answer;
    s.partSize = answer;
    return expiryStep;
  };
  const amountStep: Step<FlowState> = async (s, context) => {
    const parts = s.source === 'parts';
    const answer = await input({
      title: title(),
      step: 2,
      totalSteps: TOTAL_STEPS,
      prompt: parts
        ? 'How many parts (1 to 10,000)'
        : 'The object’s size: bytes, or with KiB, MiB, GiB (1.5 GiB is 1536MiB)',
      value: parts ? s.parts?.toString() : s.size?.toString(),
      canGoBack: context.canGoBack,
      validate: (v) => {
        if (parts)
          return /^\d{1,5}$/.test(v.trim()) && planParts({ parts: Number(v) }).ok
            ? undefined
            : 'A number from 1 to 10,000';
        const bytes = parseByteSize(v);
        if (!bytes.ok) return bytes.error;
        const plan = planParts({ size: bytes.value });
        return plan.ok ? undefined : plan.error;
      },
    });
    if (typeof answer !== 'string') return answer;
    if (parts) s.parts = Number(answer.trim());
    else s.size = (parseByteSize(answer) as { value: number }).value;
    return partSizeStep;
  };
  const sourceStep: Step<FlowState> = async (s, context) => {
    const answer = await pick<Source>({
      title: title(),
      step: 2,
      totalSteps: TOTAL_STEPS,
      placeholder: 'What will be uploaded',
      canGoBack: context.canGoBack,
      active: s.source,
      items: [
        { label: '$(file) A file…', description: 'its size sets the parts; the script uploads it', value: 'file' },
        {
          label: '$(symbol-number) A size',
          description: 'the uploader cuts the object into parts of the part size',
          value: 'size',
        },
        {
          label: '$(list-ordered) A number of parts',
          description: 'of sizes the uploader chooses (5 MiB at least but the last)',
          value: 'parts',
        },
      ],
    });
    if (answer !== 'file' && answer !== 'size' && answer !== 'parts') return answer;
    s.source = answer;
    if (answer !== 'file') return amountStep;
    const chosen = await vscode.window.showOpenDialog({
      title: `${title()}: the file to upload`,
      canSelectMany: false,
    });
    if (!chosen?.[0]) return sourceStep;
    s.file = chosen[0].fsPath;
    s.size = fileSize(s.file);
    return partSizeStep;
  };
  const keyStep: Step<FlowState> = async (s, context) => {
    const answer = await input({
      title: `${TITLE}: s3://${s.bucket ?? ''}/`,
      step: 1,
      totalSteps: TOTAL_STEPS,
      prompt: 'The key of the object the upload creates',
      value: s.key ?? prefix,
      canGoBack: context.canGoBack,
      validate: (v) => (v === '' || v.endsWith('/') ? 'A key that names an object, not a folder' : undefined),
    });
    if (typeof answer !== 'string') return answer;
    s.key = answer;
    return sourceStep;
  };
  return state.key === undefined ? keyStep : sourceStep;
}

/** The palette's first questions, when no Buckets view node says where: the profile, then s3://bucket/key. */
function whereSteps(session: AwsSession, then: (state: FlowState) => Step<FlowState>): Step<FlowState> {
  const uriStep: Step<FlowState> = async (s, context) => {
    const answer = await input({
      title: `${TITLE} with profile ${s.profile ?? ''}`,
      prompt: 'Where: s3://bucket/key',
      value: s.bucket ? `s3://${s.bucket}/${s.key ?? ''}` : 's3://',
      canGoBack: context.canGoBack,
      validate: (v) => (/^s3:\/\/[^/\s]+\/.+[^/]$/.test(v.trim()) ? undefined : 'An object as s3://bucket/key'),
    });
    if (typeof answer !== 'string') return answer;
    const m = /^s3:\/\/([^/]+)\/(.+)$/s.exec(answer.trim())!;
    s.bucket = m[1];
    s.key = m[2];
    return then(s);
  };
  return async (s, context) => {
    const profiles = await session.profiles();
    const answer = await pick<string>({
      title: TITLE,
      step: 1,
      totalSteps: TOTAL_STEPS,
      placeholder: 'The profile that creates the upload and signs its URLs',
      canGoBack: context.canGoBack,
      active: s.profile ?? session.defaultProfileName(),
      items: profiles.map((p) => ({ label: p.name, description: p.region, value: p.name })),
    });
    if (typeof answer !== 'string') return answer;
    s.profile = answer;
    return uriStep;
  };
}

/** Asks what the argument (a node, or nothing) does not say. Undefined when the user cancels. */
async function askArgs(session: AwsSession, arg: unknown): Promise<MultipartArgs | undefined> {
  const place = s3PlaceOf(arg);
  const state: FlowState = { profile: place?.profile, bucket: place?.bucket, key: place?.key };
  const first = place ? steps(state, place.prefix ?? '') : whereSteps(session, (s) => steps(s, ''));
  if (!(await runSteps(first, state))) return undefined;
  return {
    profile: state.profile!,
    bucket: state.bucket!,
    key: state.key!,
    ...(state.source === 'parts' ? { parts: state.parts } : { size: state.size }),
    ...(state.file ? { file: state.file } : {}),
    ...(state.partSize ? { partSize: state.partSize } : {}),
    expiresIn: state.expiresIn!,
    format: state.format,
  };
}

const isArgs = (arg: unknown): arg is MultipartArgs =>
  typeof arg === 'object' && arg !== null && !s3PlaceOf(arg) && typeof (arg as MultipartArgs).key === 'string';

function planFor(args: MultipartArgs): PartPlan {
  const size = args.file !== undefined ? fileSize(args.file) : args.size;
  const plan = planParts(
    args.parts !== undefined ? { parts: args.parts, partSize: args.partSize } : { size, partSize: args.partSize },
  );
  if (!plan.ok) throw new Error(plan.error);
  return plan.value;
}

let runs = 0;

/** A new untitled document named after what it holds (its extension picks its language), shown in a tab. */
async function openOutput(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: name });
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.getText() !== '') throw new Error(`${name} is already open with other content.`);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`${name} could not be written.`);
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

function jsonOf(set: PresignedMultipart): string {
  const { bucket, key, uploadId, partSize, parts, complete, abort, size, expiresAt, region } = set;
  return `${JSON.stringify({ bucket, key, uploadId, partSize, parts, complete, abort, size, region, expiresAt }, null, 2)}\n`;
}

/** The part uploads (PUT, ETag read) and the completion (POST) from a page at `origin`, by the bucket's rules. */
async function checkCorsFor(
  session: AwsSession,
  args: MultipartArgs,
  set: PresignedMultipart,
  origin: string,
): Promise<MultipartOutcome['cors']> {
  const rules = await session.withAccess(args.profile, (access) =>
    access.bucketCors(args.bucket, new AbortController().signal),
  );
  const cors: CorsConfiguration | null = rules && { rules, format: 'sdk-json' };
  const endpoints = { endpoints: session.knownEndpoints() };
  const parse = (url: string): PresignedUrl => {
    const parsed = parsePresignedUrl(url, endpoints);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  };
  const check = (url: string, method: string): BrowserAccessReport => {
    const checked = checkBrowserAccess({ url: parse(url), origin, cors, method, bucketRegion: set.region });
    if (!checked.ok) throw new Error(checked.error);
    return checked.value;
  };
  return { part: check(set.parts[0]!.url, 'PUT'), complete: check(set.complete.url, 'POST') };
}

/** Creates the upload, writes the documents and says what was made. */
async function create(ctx: Ctx, session: AwsSession, args: MultipartArgs): Promise<MultipartOutcome | undefined> {
  const plan = planFor(args);
  const expiry = parseExpiry(String(args.expiresIn), new Date());
  if (!expiry.ok) throw new Error(expiry.error);
  const set = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Creating a multipart upload of s3://${args.bucket}/${args.key}`,
      cancellable: true,
    },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        return await session.withAccess(args.profile, (access) =>
          loadSdk().presignMultipart(
            access,
            { bucket: args.bucket, key: args.key, plan, expiresIn: expiry.seconds, contentType: args.contentType },
            abort.signal,
            (signed, total) =>
              progress.report({
                message: `${signed.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} part URLs signed`,
              }),
          ),
        );
      } catch (err) {
        if (abort.signal.aborted) return undefined;
        throw err;
      }
    },
  );
  if (!set) return undefined;
  const base = `${args.key.slice(args.key.lastIndexOf('/') + 1).replace(/[^\w.-]+/g, '-') || 'upload'}-${++runs}`;
  const format = args.format ?? 'json';
  // The URLs' document last, so that its tab is the one in front.
  const script = await openOutput(`upload-${base}.sh`, multipartShellScript(set, args.file));
  const snippet = await openOutput(`upload-${base}.js`, multipartFetchSnippet(set));
  const document = await openOutput(`multipart-${base}.${format}`, format === 'csv' ? multipartCsv(set) : jsonOf(set));
  ctx.log.info(
    `Multipart upload ${set.uploadId} of s3://${args.bucket}/${args.key}: ${set.parts.length} part URLs until ${set.expiresAt}`,
  );

  const origin = args.origin ?? rememberedOrigin(ctx);
  const cors = origin
    ? await checkCorsFor(session, args, set, origin).catch((err: unknown) => {
        ctx.log.warn(
          `The CORS check of the multipart upload failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        return undefined;
      })
    : undefined;
  announce(set, origin, cors);
  return { set, document, script, snippet, cors };
}

function announce(set: PresignedMultipart, origin: string | undefined, cors: MultipartOutcome['cors']): void {
  const made = `Created multipart upload ${set.uploadId.slice(0, 12)}… with ${set.parts.length.toLocaleString('en-US')} part URL${set.parts.length === 1 ? '' : 's'} until ${new Date(set.expiresAt).toLocaleString()}; its parts cost storage until it is completed or aborted.`;
  const blocked = cors && [cors.part, cors.complete].find((r) => !r.allowed);
  const check = 'Check Browser Access (CORS)…';
  if (blocked) {
    const why = blocked.findings.find((f) => f.severity === 'error')?.message ?? 'its CORS rules do not allow it';
    void Promise.resolve(
      vscode.window.showWarningMessage(`${made} A page at ${origin} cannot use these URLs: ${why}`, check),
    ).then((choice) =>
      choice === check
        ? vscode.commands.executeCommand(Command.checkCors, {
            url: blocked === cors.part ? set.parts[0]!.url : set.complete.url,
            origin,
            method: blocked.request.method,
          })
        : undefined,
    );
    return;
  }
  const fine = cors ? ` A page at ${origin} can upload the parts, read their ETags and complete the upload.` : '';
  void Promise.resolve(vscode.window.showInformationMessage(`${made}${fine}`, ...(cors ? [] : [check]))).then(
    (choice) =>
      choice === check ? vscode.commands.executeCommand(Command.checkCors, { url: set.parts[0]!.url }) : undefined,
  );
}

export async function presignMultipartCommand(
  ctx: Ctx,
  session: AwsSession,
  arg: unknown,
): Promise<MultipartOutcome | undefined> {
  const args = isArgs(arg) ? arg : await askArgs(session, arg);
  if (!args) return undefined;
  return create(ctx, session, args);
}
