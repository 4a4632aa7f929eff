// "Check Browser Access (CORS)…": will a page at some origin be able to make this request — a presigned URL
// (the decoder's button, the hover's link, a quick fix, the palette) or a request to a bucket (the Buckets
// view)? Asks the page's origin (remembered per workspace), and for a bucket what the page sends; reads
// the bucket's CORS configuration with the profile; shows the verdict rule by rule and the fix in a
// Markdown preview, and offers to copy the fix.
import * as vscode from 'vscode';
import { describeFailure } from '../aws/errors';
import {
  checkBrowserAccess,
  findPresignedUrls,
  parseCorsConfiguration,
  parsePresignedUrl,
  serializeOrigin,
  type BrowserAccessReport,
  type CorsConfiguration,
  type PresignedUrl,
} from '../engine';
import { isUrlRef, resolveRef, urlAtPosition, type Ctx } from '../editor';
import { DONE, input, pick, runSteps, type Step } from '../presign';
import { s3PlaceOf, type AwsSession } from '../session';
import { showReport } from './documents';
import { corsReportMarkdown } from './report';

/** Everything the check needs, for callers that ask nothing (tests, other features). */
export interface CorsCheckArgs {
  /** A presigned URL; or `profile` and `bucket` for a request to the bucket. */
  readonly url?: string;
  readonly profile?: string;
  readonly bucket?: string;
  /** The page's origin or address. */
  readonly origin?: string;
  readonly method?: string;
  readonly headers?: readonly { readonly name: string; readonly value?: string }[];
  readonly readHeaders?: readonly string[];
  /** A configuration's text (console JSON, CLI JSON or XML) to check instead of the bucket's own. */
  readonly cors?: string;
}

export interface CorsCheckOutcome {
  readonly report: BrowserAccessReport;
  /** The Markdown report (scheme s3presign-report). */
  readonly document: vscode.Uri;
  readonly rulesFrom: string;
}

const TITLE = 'Check Browser Access (CORS)';
const ORIGIN_KEY = 's3presign.cors.origin';

/** The origin the user last checked from in this workspace. */
export const rememberedOrigin = (ctx: Ctx): string | undefined => ctx.extension.workspaceState.get<string>(ORIGIN_KEY);

interface Target {
  readonly url?: PresignedUrl;
  readonly bucket: string;
  /** The profile that reads the configuration, when the argument names one. */
  readonly profile?: string;
  /** For the report's heading. */
  readonly subject: string;
}

const parseOrFail = (text: string, session: AwsSession): PresignedUrl => {
  const parsed = parsePresignedUrl(text, { endpoints: session.knownEndpoints() });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

function urlTarget(url: PresignedUrl): Target {
  if (!url.bucket) throw new Error('The URL names no bucket, so there is no CORS configuration to check.');
  const what = url.key ? `the presigned URL for ${url.key}` : `the presigned URL for bucket ${url.bucket}`;
  return { url, bucket: url.bucket, subject: `${what} (${url.methodHint?.method ?? 'method not stated'})` };
}

/** A URL under the cursor or selected, else one pasted, or `s3://BUCKET` for a request to a bucket. */
async function askTarget(session: AwsSession): Promise<Target | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
  const under = editor ? urlAtPosition(editor.document, editor.selection.active)?.found.text : undefined;
  const found = selected ? findPresignedUrls(selected, 1)[0]?.text : under;
  if (found) return urlTarget(parseOrFail(found, session));
  const typed = await vscode.window.showInputBox({
    title: TITLE,
    prompt: 'A presigned URL, or s3://BUCKET to check a request to the bucket',
    ignoreFocusOut: true,
    validateInput: (v) =>
      /^s3:\/\/[^/\s]+\/?$/.test(v.trim()) || parsePresignedUrl(v).ok
        ? undefined
        : 'Not a presigned URL or s3://BUCKET',
  });
  if (!typed) return undefined;
  const bucket = /^s3:\/\/([^/\s]+)\/?$/.exec(typed.trim())?.[1];
  return bucket ? { bucket, subject: `a request to bucket ${bucket}` } : urlTarget(parseOrFail(typed, session));
}

async function targetOf(session: AwsSession, arg: unknown): Promise<Target | undefined> {
  await session.profiles().catch(() => undefined);
  if (typeof arg === 'string') return urlTarget(parseOrFail(arg, session));
  if (isUrlRef(arg)) return urlTarget(parseOrFail((await resolveRef(arg)).found.text, session));
  const place = s3PlaceOf(arg);
  if (place) return { bucket: place.bucket, profile: place.profile, subject: `a request to bucket ${place.bucket}` };
  const args = arg as CorsCheckArgs | undefined;
  if (args?.url) return { ...urlTarget(parseOrFail(args.url, session)), profile: args.profile };
  if (args?.bucket)
    return { bucket: args.bucket, profile: args.profile, subject: `a request to bucket ${args.bucket}` };
  return askTarget(session);
}

/** What the page sends to a bucket: picked as the request it makes. */
type RequestKind = 'GET' | 'PUT' | 'PUT-PART' | 'POST-COMPLETE' | 'HEAD' | 'DELETE';
const REQUESTS: readonly { label: string; description: string; value: RequestKind }[] = [
  { label: 'GET', description: 'download an object', value: 'GET' },
  { label: 'PUT', description: 'upload an object', value: 'PUT' },
  { label: 'PUT a part', description: 'multipart upload: the page reads each part’s ETag', value: 'PUT-PART' },
  { label: 'POST', description: 'complete a multipart upload', value: 'POST-COMPLETE' },
  { label: 'HEAD', description: 'read an object’s metadata', value: 'HEAD' },
  { label: 'DELETE', description: 'delete an object or abort an upload', value: 'DELETE' },
];

interface CheckState {
  origin?: string;
  request?: RequestKind;
  contentType?: string;
  otherHeaders?: string;
}

const originProblem = (value: string): string | undefined => {
  const parsed = serializeOrigin(value);
  return parsed.ok ? undefined : parsed.error;
};

/** The questions: the origin always; for a bucket, the request and its headers. */
function questions(target: Target, remembered: string | undefined): { first: Step<CheckState>; total: number } {
  const total = target.url ? 1 : 4;
  const headersStep: Step<CheckState> = async (state, context) => {
    const answer = await input({
      title: TITLE,
      step: 4,
      totalSteps: total,
      prompt:
        'Other headers the page sets, by name, comma-separated (x-amz-meta-user, x-amz-checksum-crc32). Empty: none.',
      value: state.otherHeaders,
      canGoBack: context.canGoBack,
      validate: (v) =>
        v.split(',').every((h) => h.trim() === '' || /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(h.trim()))
          ? undefined
          : 'Header names are letters, digits and - _ . only.',
    });
    if (typeof answer !== 'string') return answer;
    state.otherHeaders = answer;
    return DONE;
  };
  const contentTypeStep: Step<CheckState> = async (state, context) => {
    const answer = await input({
      title: TITLE,
      step: 3,
      totalSteps: total,
      prompt: 'The Content-Type the page sends (image/png). Empty: none.',
      value: state.contentType,
      canGoBack: context.canGoBack,
    });
    if (typeof answer !== 'string') return answer;
    state.contentType = answer.trim();
    return headersStep;
  };
  const requestStep: Step<CheckState> = async (state, context) => {
    const answer = await pick<RequestKind>({
      title: TITLE,
      step: 2,
      totalSteps: total,
      placeholder: `What the page at ${state.origin ?? ''} sends to s3://${target.bucket}`,
      items: REQUESTS,
      active: state.request,
      canGoBack: context.canGoBack,
    });
    if (typeof answer !== 'string') return answer;
    state.request = answer;
    return answer === 'PUT' || answer === 'PUT-PART' ? contentTypeStep : headersStep;
  };
  const originStep: Step<CheckState> = async (state, context) => {
    const answer = await input({
      title: TITLE,
      step: 1,
      totalSteps: total,
      prompt: 'The origin of the web page that makes the request (https://app.example.com, http://localhost:3000)',
      value: state.origin ?? remembered,
      placeholder: 'https://app.example.com',
      canGoBack: context.canGoBack,
      validate: (v) => (v.trim() === '' ? 'The page’s origin, with its scheme' : originProblem(v)),
    });
    if (typeof answer !== 'string') return answer;
    state.origin = answer.trim();
    return target.url ? DONE : requestStep;
  };
  return { first: originStep, total };
}

interface PageRequestArgs {
  readonly method?: string;
  readonly headers: { name: string; value?: string }[];
  readonly readHeaders: string[];
}

function requestOf(state: CheckState): PageRequestArgs {
  const headers: { name: string; value?: string }[] = [];
  if (state.contentType) headers.push({ name: 'Content-Type', value: state.contentType });
  for (const name of (state.otherHeaders ?? '').split(',').map((h) => h.trim())) if (name) headers.push({ name });
  switch (state.request) {
    case 'PUT-PART':
      return { method: 'PUT', headers, readHeaders: ['ETag'] };
    case 'POST-COMPLETE':
      return { method: 'POST', headers, readHeaders: [] };
    default:
      return { method: state.request, headers, readHeaders: [] };
  }
}

interface Rules {
  readonly cors: CorsConfiguration | null;
  readonly bucketRegion?: string;
  readonly from: string;
}

/** The bucket's configuration and Region, read with the profile; undefined when the user cancels. */
async function readRules(session: AwsSession, target: Target, profile: string): Promise<Rules | undefined> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Reading the CORS configuration of ${target.bucket} with profile ${profile}`,
      cancellable: true,
    },
    async (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        return await session.withAccess(profile, async (access) => {
          const bucketRegion = await access.bucketRegion(target.bucket, abort.signal);
          const rules = await access.bucketCors(target.bucket, abort.signal);
          const cors: CorsConfiguration | null = rules && { rules, format: 'sdk-json' };
          return { cors, bucketRegion, from: `bucket ${target.bucket}, read with profile ${profile}` };
        });
      } catch (err) {
        if (abort.signal.aborted) return undefined;
        const failure = describeFailure(err, { profile, bucket: target.bucket });
        const permission =
          failure.kind === 'access-denied' ? ' Reading a bucket’s CORS configuration needs s3:GetBucketCORS.' : '';
        throw new Error(`Cannot read the CORS configuration of ${target.bucket}: ${failure.message}${permission}`);
      }
    },
  );
}

async function profileFor(session: AwsSession, target: Target): Promise<string> {
  if (target.profile) return target.profile;
  const owner = await session.profileForAccessKey(target.url?.accessKeyId);
  return owner?.name ?? session.defaultProfileName();
}

function summary(report: BrowserAccessReport): string {
  const what = `${report.request.method} from ${report.origin}`;
  if (report.allowed) return `Browser access allowed: ${what}.`;
  const first = report.findings.find((f) => f.severity === 'error') ?? report.findings[0];
  return `Browser access blocked: ${what}. ${first?.message ?? ''}`.trim();
}

/** The command: asks what the arguments do not say, checks, and shows the report. */
export async function checkCors(ctx: Ctx, session: AwsSession, arg: unknown): Promise<CorsCheckOutcome | undefined> {
  const target = await targetOf(session, arg);
  if (!target) return undefined;
  const given = (
    typeof arg === 'object' && arg !== null && !isUrlRef(arg) && !s3PlaceOf(arg) ? arg : {}
  ) as CorsCheckArgs;
  const state: CheckState = { origin: given.origin };
  let request: PageRequestArgs = {
    method: given.method,
    headers: [...(given.headers ?? [])],
    readHeaders: [...(given.readHeaders ?? [])],
  };
  if (!given.origin) {
    const { first } = questions(target, rememberedOrigin(ctx));
    if (!(await runSteps(first, state))) return undefined;
    if (!target.url) request = requestOf(state);
  }
  const origin = state.origin!;
  const originError = originProblem(origin);
  if (originError) throw new Error(originError);
  await ctx.extension.workspaceState.update(ORIGIN_KEY, origin);

  let rules: Rules | undefined;
  if (given.cors !== undefined) {
    const parsed = parseCorsConfiguration(given.cors);
    if (!parsed.ok) throw new Error(`The CORS configuration cannot be read: ${parsed.error}`);
    rules = { cors: parsed.value, from: 'the configuration given' };
  } else {
    rules = await readRules(session, target, await profileFor(session, target));
  }
  if (!rules) return undefined;

  const checked = checkBrowserAccess({
    url: target.url,
    origin,
    cors: rules.cors,
    method: request.method,
    headers: request.headers,
    readHeaders: request.readHeaders,
    bucketRegion: rules.bucketRegion,
  });
  if (!checked.ok) throw new Error(checked.error);
  const report = checked.value;
  const markdown = corsReportMarkdown(report, {
    subject: target.subject,
    bucket: target.bucket,
    bucketRegion: rules.bucketRegion,
    rulesFrom: rules.from,
  });
  const document = await showReport(ctx, `CORS ${target.bucket} from ${origin.replace(/^\w+:\/\//, '')}`, markdown);
  ctx.log.info(`CORS check: ${summary(report)} (${rules.from})`);
  offerFix(report);
  return { report, document, rulesFrom: rules.from };
}

/** The verdict as a notification, with the fix to copy when there is one. */
function offerFix(report: BrowserAccessReport): void {
  const copy = 'Copy Fix';
  const show = report.allowed ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void Promise.resolve(show(summary(report), ...(report.fix ? [copy] : []))).then(async (choice) => {
    if (choice !== copy || !report.fix) return;
    await vscode.env.clipboard.writeText(report.fix.json);
    vscode.window.setStatusBarMessage('$(copy) Copied the CORS configuration that works', 3000);
  });
}
