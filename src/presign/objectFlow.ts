// "Presign S3 Object": profile → bucket → key → method → expiry → options → signed and copied, with Back on
// every step (steps.ts); or, given every argument, no UI at all (other extensions, tests). Signs with the
// SDK's presigner on the session's access for the profile, warns before copying when temporary credentials
// would end the URL early, and says what the client must send.
import * as vscode from 'vscode';
import type { PresignRequest } from '../aws/presign';
import { plural, type PresignMethod } from '../engine';
import { config, type Ctx } from '../editor';
import { loadSdk, type AwsSession } from '../session';
import {
  checkMethod,
  expirySeconds,
  isCompletePresignArgs,
  outcomeOf,
  type PresignArgs,
  type PresignOutcome,
} from './contract';
import { askExpiry } from './expiry';
import { askOptions, type PresignOptions } from './options';
import { whereSteps } from './questions';
import { pick, type PickItem } from './quickInput';
import type { PresignResults } from './result';
import { DONE, runSteps, type Step } from './steps';

const TITLE = 'Presign S3 Object';
const TOTAL_STEPS = 6;

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

interface FlowState {
  profile?: string;
  bucket?: string;
  key?: string;
  method?: PresignMethod;
  expiresIn?: number;
  options: PresignOptions;
  outcome?: PresignOutcome;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Signs a request with the profile's S3 access, without any UI. */
export async function signWith(session: AwsSession, profile: string, request: PresignRequest): Promise<PresignOutcome> {
  const presigned = await session.withAccess(profile, (access) =>
    loadSdk().presign(access, { ...request, sdkDefaultChecksums: config.sdkDefaultChecksums() }),
  );
  return outcomeOf(request, presigned);
}

export class PresignFlow {
  constructor(
    private readonly ctx: Ctx,
    private readonly session: AwsSession,
    private readonly results: PresignResults,
  ) {
    this.where = whereSteps<FlowState>(session, {
      title: TITLE,
      totalSteps: TOTAL_STEPS,
      next: () => this.keyStep,
    });
  }

  /** Profile (step 1) and bucket (step 2). */
  private readonly where: { profileStep: Step<FlowState>; bucketStep: Step<FlowState> };

  /** The command: programmatic with every argument, otherwise the quick-pick flow from what is given. */
  async run(args?: PresignArgs): Promise<PresignOutcome | undefined> {
    checkMethod(args?.method);
    const now = args?.signingDate ? new Date(args.signingDate) : new Date();
    if (isCompletePresignArgs(args)) {
      const { profile, expiresIn, signingDate, ...request } = args;
      return this.sign(profile, {
        ...request,
        expiresIn: expirySeconds(expiresIn, now),
        signingDate: signingDate ? now : undefined,
      });
    }
    const { profile, bucket, key, method, expiresIn, signingDate: _ignored, ...options } = args ?? {};
    void _ignored;
    const state: FlowState = {
      profile,
      bucket,
      key,
      method,
      expiresIn: expiresIn === undefined ? undefined : expirySeconds(expiresIn, now),
      options,
    };
    // Steps already answered by the arguments (e.g. profile, bucket and key from the explorer) are skipped.
    const first = !profile
      ? this.where.profileStep
      : !bucket
        ? this.where.bucketStep
        : !key
          ? this.keyStep
          : this.methodStep;
    return (await runSteps(first, state)) ? state.outcome : undefined;
  }

  private sign(profile: string, request: PresignRequest): Promise<PresignOutcome> {
    return signWith(this.session, profile, request);
  }

  private readonly keyStep: Step<FlowState> = async (state, context) => {
    const profile = state.profile!;
    const bucket = state.bucket!;
    let prefix = state.key && state.key.includes('/') ? state.key.slice(0, state.key.lastIndexOf('/') + 1) : '';
    const answer = await pick<string>({
      title: `${TITLE}: s3://${bucket}/`,
      step: 3,
      totalSteps: TOTAL_STEPS,
      placeholder: 'Key: open a folder, pick an object, or type a key (new keys for uploads)',
      canGoBack: context.canGoBack,
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
          const page = await this.session.withAccess(profile, (access) =>
            access.listPage(bucket, prefix + value, 1000, undefined, signal),
          );
          // Folders carry no value: accepting one opens it (onNavigate).
          const folders = page.folders.map((f) => ({
            label: `$(folder) ${f.slice(prefix.length)}`,
            description: 'folder',
            alwaysShow: true,
            folder: f,
          }));
          const objects = page.objects.map((o) => ({
            label: o.key.slice(prefix.length),
            description: plural(o.size, 'byte'),
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
            { label: '$(warning) Could not list this folder: type the key', detail: message(err), alwaysShow: true },
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
    if (typeof answer !== 'string') return answer;
    state.key = answer;
    return this.methodStep;
  };

  private readonly methodStep: Step<FlowState> = async (state, context) => {
    const answer = await pick<PresignMethod>({
      title: `${TITLE}: s3://${state.bucket}/${state.key}`,
      step: 4,
      totalSteps: TOTAL_STEPS,
      placeholder: 'What the URL allows',
      canGoBack: context.canGoBack,
      active: state.method,
      items: METHOD_ITEMS,
    });
    if (typeof answer !== 'string') return answer;
    state.method = answer;
    return this.expiryStep;
  };

  private readonly expiryStep: Step<FlowState> = async (state, context) => {
    const answer = await askExpiry({
      title: `${TITLE}: ${state.method} s3://${state.bucket}/${state.key}`,
      step: 5,
      totalSteps: TOTAL_STEPS,
      canGoBack: context.canGoBack,
      current: state.expiresIn,
    });
    if (typeof answer !== 'number') return answer;
    state.expiresIn = answer;
    return this.optionsStep;
  };

  private readonly optionsStep: Step<FlowState> = async (state, context) => {
    const answer = await askOptions(
      {
        title: `${TITLE}: ${state.method} s3://${state.bucket}/${state.key}`,
        step: 6,
        totalSteps: TOTAL_STEPS,
        canGoBack: context.canGoBack,
        key: state.key!,
        method: state.method!,
        expiresIn: state.expiresIn!,
      },
      state.options,
    );
    if (typeof answer !== 'object') return answer;
    state.options = answer;
    return this.signStep;
  };

  /** Signs; a URL that temporary credentials would end early is copied only when the user agrees. */
  private readonly signStep: Step<FlowState> = async (state) => {
    const outcome = await this.sign(state.profile!, {
      ...state.options,
      bucket: state.bucket!,
      key: state.key!,
      method: state.method!,
      expiresIn: state.expiresIn!,
    });
    if (outcome.warnings.length > 0) {
      const copyAnyway: vscode.MessageItem = { title: 'Copy Anyway' };
      const shorter: vscode.MessageItem = { title: 'Choose a Shorter Expiry' };
      const choice = await vscode.window.showWarningMessage(outcome.warnings[0]!, { modal: true }, copyAnyway, shorter);
      if (choice === shorter) return this.expiryStep;
      if (choice !== copyAnyway) return undefined;
    }
    await vscode.env.clipboard.writeText(outcome.url);
    this.ctx.log.info(
      `Presigned ${outcome.method} s3://${outcome.bucket}/${outcome.key} until ${outcome.effectiveExpiresAt}`,
    );
    // The notification outlives the command: what its buttons do fails on its own, into the log.
    this.results.show(outcome).catch((err: unknown) => this.ctx.log.warn(`presign notification: ${message(err)}`));
    state.outcome = outcome;
    return DONE;
  };
}
