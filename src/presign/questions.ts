// The questions every presign flow starts with: the profile to sign with, then the bucket (listed in the
// background, or typed by name when listing is not allowed).
import type { AwsSession } from '../session';
import { pick, type Answer } from './quickInput';
import type { Step } from './steps';

export interface Question {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
  readonly canGoBack: boolean;
  /** The answer given before (Back), proposed again. */
  readonly current?: string;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function askProfile(session: AwsSession, q: Question): Promise<Answer<string>> {
  const profiles = await session.profiles();
  if (profiles.length === 0)
    throw new Error('No AWS profiles found: add one to your AWS config file (S3 Presign Lens: Open AWS Config File).');
  return pick<string>({
    title: q.title,
    step: q.step,
    totalSteps: q.totalSteps,
    placeholder: 'AWS profile to sign with',
    canGoBack: q.canGoBack,
    active: q.current ?? session.defaultProfileName(),
    items: profiles.map((p) => ({
      label: p.name,
      description: [p.region, p.endpointUrl].filter(Boolean).join(' · '),
      value: p.name,
    })),
  });
}

export function askBucket(session: AwsSession, profile: string, q: Question): Promise<Answer<string>> {
  const added = session.added.get(profile);
  return pick<string>({
    title: q.title,
    step: q.step,
    totalSteps: q.totalSteps,
    placeholder: 'Bucket: pick one, or type its name',
    canGoBack: q.canGoBack,
    active: q.current,
    items: added.map((b) => ({ label: b, description: 'added by name', value: b })),
    typed: (value) =>
      value.trim() && !added.includes(value.trim())
        ? [{ label: value.trim(), description: 'use this bucket', alwaysShow: true, value: value.trim() }]
        : [],
    load: async (_value, signal) => {
      try {
        const listed = await session.withAccess(profile, (access) => access.listBuckets(signal));
        return listed
          .filter((b) => !added.includes(b.name))
          .map((b) => ({ label: b.name, description: b.region, value: b.name }));
      } catch (err) {
        return [
          {
            label: '$(warning) Buckets could not be listed: type the bucket name',
            detail: message(err),
            alwaysShow: true,
          },
        ];
      }
    },
  });
}

/** What the first two steps of a flow fill in. */
export interface Where {
  profile?: string;
  bucket?: string;
}

/**
 * The first two steps of every presign flow: the profile (step 1), then the bucket (step 2), each proposing the
 * answer given before Back; `next` is the step after the bucket, `bucketChanged` what a new bucket resets.
 */
export function whereSteps<S extends Where>(
  session: AwsSession,
  flow: { title: string; totalSteps: number; next: () => Step<S>; bucketChanged?: (state: S) => void },
): { profileStep: Step<S>; bucketStep: Step<S> } {
  const { title, totalSteps } = flow;
  const bucketStep: Step<S> = async (state, context) => {
    const answer = await askBucket(session, state.profile!, {
      title: `${title}: ${state.profile!}`,
      step: 2,
      totalSteps,
      canGoBack: context.canGoBack,
      current: state.bucket,
    });
    if (typeof answer !== 'string') return answer;
    if (answer !== state.bucket) flow.bucketChanged?.(state);
    state.bucket = answer;
    return flow.next();
  };
  const profileStep: Step<S> = async (state, context) => {
    const answer = await askProfile(session, {
      title,
      step: 1,
      totalSteps,
      canGoBack: context.canGoBack,
      current: state.profile,
    });
    if (typeof answer !== 'string') return answer;
    state.profile = answer;
    return bucketStep;
  };
  return { profileStep, bucketStep };
}
