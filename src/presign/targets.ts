// The questions every presign flow that starts from nothing asks first: which profile signs, and which
// bucket (listed, added by name, or typed). Shared by "Presign S3 Object" and "Presign All Objects Under
// Prefix…", so that both ask them alike.
import type { AwsSession } from '../session';
import { pick, type Answer } from './quickInput';

export interface TargetQuestion {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
  readonly canGoBack: boolean;
  /** The answer given before (Back), proposed again. */
  readonly current?: string;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The profile to sign with, the default one proposed first. */
export async function askProfile(session: AwsSession, q: TargetQuestion): Promise<Answer<string>> {
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

/** A bucket of the profile: those added by name at once, those it lists as they come, or one typed. */
export function askBucket(session: AwsSession, profile: string, q: TargetQuestion): Promise<Answer<string>> {
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
