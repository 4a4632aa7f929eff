// "Presign Upload Form (POST)…": profile → bucket → key (exact, or a prefix + ${filename}) → expiry →
// Content-Type → size range → ACL, metadata, success status → signed with @aws-sdk/s3-presigned-post on the
// session's access, Back on every step; or, given profile, bucket, key and expiry, no UI at all (other
// extensions, tests). Loaded when first run (dist/post-flow.js, see scripts/build.mjs): activation does not
// carry it. What is asked is checked by the engine (postPolicyRequest) before any credential is read.
import * as vscode from 'vscode';
import {
  formatByteSize,
  formatDuration,
  isoUtc,
  MAX_POST_UPLOAD_BYTES,
  parseByteSize,
  parseExpiry,
  postFieldProblem,
  postKeyProblem,
  postPolicyRequest,
  summarizePostForm,
  COMMON_HEADER_VALUES,
  type ContentTypeRule,
  type PostField,
  type PostFormChoices,
} from '../engine';
import type { Ctx } from '../editor';
import { loadSdk, type AwsSession } from '../session';
import { askExpiry } from './expiry';
import { showPostFormResult, type PostFormOutcome } from './postResult';
import { whereSteps } from './questions';
import { BACK, input, pick, type PickItem } from './quickInput';
import { DONE, runSteps, type Step } from './steps';

const TITLE = 'Presign Upload Form (POST)';
const TOTAL_STEPS = 7;
const FILENAME = '${filename}';

/** Arguments of `s3presign.presignPost`, each optional; with profile, bucket, key and expiresIn, no UI. */
export interface PresignPostArgs {
  readonly profile?: string;
  readonly bucket?: string;
  /** The key, exact; or ending in ${filename} for any key with the part before it. */
  readonly key?: string;
  /** A folder the key is proposed under (Buckets view). */
  readonly prefix?: string;
  /** Seconds, or a duration/date as typed ("1h", "2026-12-01T00:00:00Z"). */
  readonly expiresIn?: number | string;
  readonly contentType?: ContentTypeRule;
  readonly minSize?: number;
  readonly maxSize?: number;
  /** Exact fields: acl, success_action_status, x-amz-meta-*, … */
  readonly fields?: Readonly<Record<string, string>>;
  /** ISO-8601 signing date, for reproducible forms. */
  readonly signingDate?: string;
}

interface FlowState {
  profile?: string;
  bucket?: string;
  key?: string;
  prefix: string;
  expiresIn?: number;
  /** null: no Content-Type field at all. */
  contentType?: ContentTypeRule | null;
  size?: { min?: number; max?: number };
  fields: PostField[];
  outcome?: PostFormOutcome;
}

/** Seconds from an expiry as given; throws the reason for one that is not allowed. */
function expirySeconds(value: number | string, now: Date): number {
  const parsed = parseExpiry(String(value), now, 'form');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.seconds;
}

function choicesOf(state: FlowState): PostFormChoices {
  return {
    bucket: state.bucket!,
    key: state.key!,
    contentType: state.contentType ?? undefined,
    minSize: state.size?.min,
    maxSize: state.size?.max,
    fields: state.fields,
  };
}

/** Signs the form the choices describe with the profile's S3 access, without any UI. */
async function signForm(
  session: AwsSession,
  profile: string,
  choices: PostFormChoices,
  expiresIn: number,
  signingDate?: Date,
): Promise<PostFormOutcome> {
  const request = postPolicyRequest(choices);
  if (!request.ok) throw new Error(request.error);
  const signed = await session.withAccess(profile, (access) =>
    loadSdk().presignPost(access, request.value, { expiresIn, signingDate }),
  );
  const warnings: string[] = [];
  let effective = signed.expiresAt;
  const ends = signed.credentialsExpiration;
  if (ends && ends < signed.expiresAt) {
    effective = ends;
    warnings.push(
      `This form stops working at ${ends.toLocaleString()} (${formatDuration(ends.getTime() - Date.now())} from now), when the temporary credentials that signed it expire — not in ${formatDuration(expiresIn * 1000)}.`,
    );
  }
  return {
    url: signed.url,
    fields: signed.fields,
    bucket: choices.bucket,
    key: choices.key,
    signedAt: isoUtc(signed.signedAt),
    expiresAt: isoUtc(signed.expiresAt),
    effectiveExpiresAt: isoUtc(effective),
    credentialsExpiration: ends ? isoUtc(ends) : undefined,
    conditions: summarizePostForm(signed.form, signed.signedAt).conditions,
    warnings,
  };
}

const CONTENT_TYPE_ITEMS: readonly PickItem<ContentTypeRule | null>[] = [
  {
    label: 'image/',
    description: 'any image type',
    detail: 'The uploader sends a Content-Type starting with image/ (fetch: the file’s own type).',
    value: { rule: 'starts-with', value: 'image/' },
  },
  { label: 'application/pdf', description: 'exactly', value: { rule: 'exact', value: 'application/pdf' } },
  {
    label: 'Any type',
    description: 'the uploader chooses',
    detail: 'Also text/html and image/svg+xml, which can run script when served from the bucket.',
    value: { rule: 'any' },
  },
  {
    label: 'No Content-Type field',
    description: 'stored as binary/octet-stream',
    detail: 'A form that sends a Content-Type is then refused (Extra input fields).',
    value: null,
  },
];

const SIZE_PRESETS: readonly number[] = [1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/** "10MB", "1KB-10MB", "0-5GiB" as typed: the size range, or why it is not one. */
function parseSizeRange(text: string): { min?: number; max: number } | string {
  const parts = text.split('-').map((p) => p.trim());
  if (parts.length > 2) return 'Type a maximum (10MB) or a range (1KB-10MB).';
  const sizes = parts.map((p) => parseByteSize(p, 'any'));
  const bad = sizes.find((s) => !s.ok);
  if (bad && !bad.ok) return bad.error;
  const bytes = sizes.map((s) => (s.ok ? s.value : 0));
  const [min, max] = bytes.length === 2 ? [bytes[0]!, bytes[1]!] : [undefined, bytes[0]!];
  if (max > MAX_POST_UPLOAD_BYTES) return 'S3 takes at most 5 GiB in one POST upload.';
  if (min !== undefined && min > max) return 'The minimum is above the maximum.';
  return { min, max };
}

type OptionId = 'acl' | 'status' | 'redirect' | 'meta' | `remove:${string}`;

const fieldValueOf = (fields: readonly PostField[], name: string): string | undefined =>
  fields.find((f) => f.name.toLowerCase() === name)?.value;

function withField(fields: readonly PostField[], name: string, value: string | undefined): PostField[] {
  const rest = fields.filter((f) => f.name.toLowerCase() !== name.toLowerCase());
  return value === undefined ? rest : [...rest, { name, value }];
}

/** What "Sign the form" will sign, in a line: the expiry, the Content-Type rule, the size range. */
function signSummary(state: FlowState): string {
  const ct = state.contentType;
  const type =
    ct === null || ct === undefined
      ? 'no Content-Type'
      : ct.rule === 'any'
        ? 'any Content-Type'
        : ct.rule === 'exact'
          ? `Content-Type ${ct.value}`
          : `Content-Type ${ct.value}…`;
  const { min, max } = state.size ?? {};
  const size =
    min === undefined && max === undefined
      ? 'any size'
      : `${formatByteSize(min ?? 0).replace(/ \(.*/, '')} to ${formatByteSize(max ?? MAX_POST_UPLOAD_BYTES).replace(/ \(.*/, '')}`;
  return `expires in ${formatDuration(state.expiresIn! * 1000)} · ${type} · ${size}`;
}

export class PostFormFlow {
  constructor(
    private readonly ctx: Ctx,
    private readonly session: AwsSession,
  ) {
    this.where = whereSteps<FlowState>(session, {
      title: TITLE,
      totalSteps: TOTAL_STEPS,
      next: () => this.keyStep,
    });
  }

  /** Profile (step 1) and bucket (step 2). */
  private readonly where: { profileStep: Step<FlowState>; bucketStep: Step<FlowState> };

  /** The command: programmatic with profile, bucket, key and expiry, otherwise the steps from what is given. */
  async run(args: PresignPostArgs = {}): Promise<PostFormOutcome | undefined> {
    const now = args.signingDate ? new Date(args.signingDate) : new Date();
    const fields = Object.entries(args.fields ?? {}).map(([name, value]) => ({ name, value }));
    if (args.profile && args.bucket && args.key && args.expiresIn !== undefined) {
      return signForm(
        this.session,
        args.profile,
        {
          bucket: args.bucket,
          key: args.key,
          contentType: args.contentType,
          minSize: args.minSize,
          maxSize: args.maxSize,
          fields,
        },
        expirySeconds(args.expiresIn, now),
        args.signingDate ? now : undefined,
      );
    }
    const state: FlowState = {
      profile: args.profile,
      bucket: args.bucket,
      key: args.key,
      prefix: args.prefix ?? '',
      expiresIn: args.expiresIn === undefined ? undefined : expirySeconds(args.expiresIn, now),
      contentType: args.contentType,
      size:
        args.minSize !== undefined || args.maxSize !== undefined ? { min: args.minSize, max: args.maxSize } : undefined,
      fields,
    };
    const first = !state.profile ? this.where.profileStep : !state.bucket ? this.where.bucketStep : this.keyStep;
    return (await runSteps(first, state)) ? state.outcome : undefined;
  }

  private readonly keyStep: Step<FlowState> = async (state, context) => {
    const answer = await input({
      title: `${TITLE}: s3://${state.bucket!}/`,
      step: 3,
      totalSteps: TOTAL_STEPS,
      prompt: `The key to upload to: exact (reports/q3.csv), or a prefix ending in ${FILENAME} to let the uploader name the file (uploads/${FILENAME})`,
      value: state.key ?? `${state.prefix}${FILENAME}`,
      validate: (value) => postKeyProblem(value),
      canGoBack: context.canGoBack,
    });
    if (typeof answer !== 'string') return answer;
    state.key = answer;
    return this.expiryStep;
  };

  private readonly expiryStep: Step<FlowState> = async (state, context) => {
    const answer = await askExpiry({
      title: `${TITLE}: s3://${state.bucket!}/${state.key!}`,
      step: 4,
      totalSteps: TOTAL_STEPS,
      canGoBack: context.canGoBack,
      current: state.expiresIn,
      subject: 'form',
    });
    if (typeof answer !== 'number') return answer;
    state.expiresIn = answer;
    return this.contentTypeStep;
  };

  private readonly contentTypeStep: Step<FlowState> = async (state, context) => {
    const answer = await pick<ContentTypeRule | null>({
      title: `${TITLE}: Content-Type of the upload`,
      step: 5,
      totalSteps: TOTAL_STEPS,
      placeholder: 'Pick, or type a type (image/png) or a prefix (video/)',
      canGoBack: context.canGoBack,
      active: state.contentType,
      items: CONTENT_TYPE_ITEMS,
      typed: (value) => {
        const v = value.trim();
        if (!v) return [];
        return [
          { label: v, description: 'exactly this type', alwaysShow: true, value: { rule: 'exact', value: v } },
          {
            label: `${v}…`,
            description: `any type starting with ${v}`,
            alwaysShow: true,
            value: { rule: 'starts-with', value: v },
          },
        ];
      },
    });
    if (answer === BACK || answer === undefined) return answer;
    state.contentType = answer;
    return this.sizeStep;
  };

  private readonly sizeStep: Step<FlowState> = async (state, context) => {
    const answer = await pick<{ min?: number; max?: number }>({
      title: `${TITLE}: size of the file`,
      step: 6,
      totalSteps: TOTAL_STEPS,
      placeholder: 'Pick a maximum, or type one (25MB) or a range (1KB-10MB); MB is 1,000,000 bytes, MiB 1,048,576',
      canGoBack: context.canGoBack,
      active: state.size,
      items: [
        ...SIZE_PRESETS.map((max) => ({
          label: `Up to ${formatByteSize(max).replace(/ \(.*/, '')}`,
          description: `1 to ${max.toLocaleString('en-US')} bytes`,
          value: { min: 1, max },
        })),
        {
          label: 'Any size',
          description: 'up to 5 GiB, no condition',
          detail: 'Anyone with the form can then store files as large as S3 takes, paid for by the bucket owner.',
          value: {},
        },
      ],
      typed: (value) => {
        if (!value.trim()) return [];
        const range = parseSizeRange(value);
        if (typeof range === 'string') return [{ label: `$(error) ${value.trim()}`, detail: range, alwaysShow: true }];
        return [
          {
            label: `${range.min === undefined ? 'Up to' : `From ${formatByteSize(range.min)} to`} ${formatByteSize(range.max)}`,
            description: 'as typed, both bounds included',
            alwaysShow: true,
            value: range,
          },
        ];
      },
    });
    if (typeof answer !== 'object') return answer;
    state.size = answer;
    return this.optionsStep;
  };

  private readonly optionsStep: Step<FlowState> = async (state, context) => {
    for (;;) {
      const acl = fieldValueOf(state.fields, 'acl');
      const status = fieldValueOf(state.fields, 'success_action_status');
      const redirect = fieldValueOf(state.fields, 'success_action_redirect');
      const meta = state.fields.filter((f) => f.name.toLowerCase().startsWith('x-amz-meta-'));
      const problem = postPolicyRequest(choicesOf(state));
      const items: PickItem<OptionId | true>[] = [
        {
          label: '$(check) Sign the form',
          description: problem.ok ? signSummary(state) : undefined,
          detail: problem.ok ? undefined : `$(error) ${problem.error}`,
          value: true,
        },
        { label: 'ACL', description: acl ?? 'bucket default (no acl field)', value: 'acl' },
        { label: 'Success status', description: status ?? '204 No Content (S3’s default)', value: 'status' },
        { label: 'Success redirect', description: redirect ?? 'none', value: 'redirect' },
        { label: '$(add) Add metadata (x-amz-meta-…)', value: 'meta' },
        ...meta.map((f) => ({
          label: `$(trash) ${f.name}`,
          description: f.value,
          detail: 'Remove this metadata field',
          value: `remove:${f.name}` as const,
        })),
      ];
      const choice = await pick<OptionId | true>({
        title: `${TITLE}: s3://${state.bucket!}/${state.key!}`,
        step: 7,
        totalSteps: TOTAL_STEPS,
        placeholder: 'Fields the form carries (each signed exactly), then Sign the form',
        canGoBack: context.canGoBack,
        items,
      });
      if (choice === BACK || choice === undefined) return choice;
      if (choice === true) {
        if (!problem.ok) continue;
        return this.signStep;
      }
      state.fields = await this.editField(choice, state.fields);
    }
  };

  private async editField(choice: OptionId, fields: readonly PostField[]): Promise<PostField[]> {
    const title = `${TITLE}: form fields`;
    if (choice.startsWith('remove:')) return withField(fields, choice.slice('remove:'.length), undefined);
    if (choice === 'acl') {
      const acl = await vscode.window.showQuickPick(['Bucket default', ...COMMON_HEADER_VALUES['x-amz-acl']!], {
        title: 'Canned ACL of the uploaded object',
      });
      return acl === undefined ? [...fields] : withField(fields, 'acl', acl === 'Bucket default' ? undefined : acl);
    }
    if (choice === 'status') {
      const status = await vscode.window.showQuickPick(['204 (default)', '201', '200'], {
        title: 'HTTP status S3 answers a successful upload with (201 also returns an XML document)',
      });
      if (status === undefined) return [...fields];
      return withField(fields, 'success_action_status', status.startsWith('204') ? undefined : status);
    }
    const answer = await input({
      title,
      prompt:
        choice === 'redirect'
          ? 'URL S3 redirects the browser to after a successful upload; empty for none'
          : 'Metadata as name=value (x-amz-meta- is added to the name)',
      value: choice === 'redirect' ? fieldValueOf(fields, 'success_action_redirect') : undefined,
      validate: (value) => {
        if (choice === 'redirect')
          return value.trim() === '' ? undefined : postFieldProblem('success_action_redirect', value.trim());
        const eq = value.indexOf('=');
        if (eq <= 0) return 'Type name=value.';
        const name = value.slice(0, eq).trim();
        return postFieldProblem(
          name.toLowerCase().startsWith('x-amz-meta-') ? name : `x-amz-meta-${name}`,
          value.slice(eq + 1),
        );
      },
      canGoBack: true,
    });
    if (typeof answer !== 'string') return [...fields];
    if (choice === 'redirect') return withField(fields, 'success_action_redirect', answer.trim() || undefined);
    const eq = answer.indexOf('=');
    const name = answer.slice(0, eq).trim();
    return withField(
      fields,
      name.toLowerCase().startsWith('x-amz-meta-') ? name : `x-amz-meta-${name}`,
      answer.slice(eq + 1),
    );
  }

  private readonly signStep: Step<FlowState> = async (state) => {
    const outcome = await signForm(this.session, state.profile!, choicesOf(state), state.expiresIn!);
    this.ctx.log.info(
      `Presigned a POST form for s3://${outcome.bucket}/${outcome.key} until ${outcome.effectiveExpiresAt}`,
    );
    // The notification outlives the command: what its buttons do fails on its own, into the log.
    showPostFormResult(outcome).catch((err: unknown) =>
      this.ctx.log.warn(`POST form notification: ${err instanceof Error ? err.message : String(err)}`),
    );
    state.outcome = outcome;
    return DONE;
  };
}
