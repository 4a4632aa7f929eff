// describePostPolicy: what can be said of a POST policy found alone in a file (a hover, a problem, a scan
// hit), where only the policy and a signature nearby are known, not the form around it. The form is read as
// its presigner wrote it: every exact condition is a field the form carries (the SDKs sign each field they
// return so), and only the findings that depend on the policy are kept; the rest needs the whole form, in
// the decoder.
import { expiryWords, formatDuration } from '../time';
import { diagnosePostForm } from './diagnose';
import type { PostFinding, PostFindingCode, PostForm } from './model';
import { parsePostForm } from './parse';
import { isMatchCondition } from './rules';

/** Findings a policy alone decides. */
const POLICY_CODES: ReadonlySet<PostFindingCode> = new Set([
  'POLICY_EXPIRED',
  'LIVE_FORM',
  'POLICY_MALFORMED',
  'CONDITIONS_CONFLICT',
  'CONTENT_TYPE_UNCONSTRAINED',
  'SIZE_UNCONSTRAINED',
  'KEY_UNCONSTRAINED',
  'TEMPORARY_CREDENTIALS',
  'TOKEN_MISSING',
  'SIGV2_KMS',
]);

export interface PostPolicyNote {
  readonly expiration?: Date;
  /** x-amz-date, when the policy names it. */
  readonly signedAt?: Date;
  readonly bucket?: string;
  /** The key rule: "uploads/…" for a prefix, the key for an exact one. */
  readonly key?: string;
  readonly findings: readonly PostFinding[];
}

/** The form a presigner made for this policy: each exact condition a field, then the policy. */
function formOf(policy: string): PostForm | undefined {
  const probe = parsePostForm(JSON.stringify({ fields: { policy } }));
  if (!probe.ok) return undefined;
  const fields: Record<string, string> = {};
  for (const c of probe.value.policy?.conditions.filter(isMatchCondition) ?? [])
    if (c.type === 'eq') fields[c.field] = c.value;
  fields['policy'] = policy;
  const parsed = parsePostForm(JSON.stringify({ fields }));
  return parsed.ok ? parsed.value : undefined;
}

export function describePostPolicy(policy: string, now: Date): PostPolicyNote {
  const form = formOf(policy);
  if (!form) return { findings: [] };
  const key = form.policy?.conditions.filter(isMatchCondition).find((c) => c.field.toLowerCase() === 'key');
  return {
    expiration: form.policy?.expiration,
    signedAt: form.signedAt,
    bucket: form.bucket,
    key: key === undefined ? undefined : key.type === 'eq' ? key.value : `${key.value}…`,
    findings: diagnosePostForm(form, { now }).filter((f) => POLICY_CODES.has(f.code)),
  };
}

/** "expires in 52 min (signed for 1 h)", "expired 3 days ago": a policy's status in words. */
export function policyLifetime(note: PostPolicyNote, now: Date): string {
  if (!note.expiration) return 'no expiration could be read';
  const life =
    note.signedAt && note.signedAt < note.expiration
      ? ` (signed for ${formatDuration(note.expiration.getTime() - note.signedAt.getTime())})`
      : '';
  return `${expiryWords(note.expiration, now)}${life}`;
}
