// Presigned POST forms with @aws-sdk/s3-presigned-post on the profile's client for the bucket's region:
// endpoint, path style and credentials as for URLs (src/aws/presign.ts), and the form's real end, which
// temporary credentials can bring before the policy's expiration.
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { parsePostForm, type PolicyCondition, type PostForm, type PostPolicyRequest } from '../engine';
import type { S3Access } from './s3';

export interface PostPresignOptions {
  /** Seconds from the signing date to the policy's expiration. */
  readonly expiresIn: number;
  /** Sign as of this instant (whole seconds; reproducible forms); default now. */
  readonly signingDate?: Date;
}

export interface PresignedPostForm {
  /** Where the form posts to. */
  readonly url: string;
  /** Every field, in the order to send them, before the file. Holds the session token when there is one. */
  readonly fields: Readonly<Record<string, string>>;
  /** The form, read back by the engine from what the SDK returned. */
  readonly form: PostForm;
  readonly signedAt: Date;
  /** The policy's expiration. */
  readonly expiresAt: Date;
  /** When the signing credentials expire (temporary credentials): the form dies then at the latest. */
  readonly credentialsExpiration?: Date;
  readonly region: string;
}

type SdkCondition = NonNullable<PresignedPostOptions['Conditions']>[number];

function sdkCondition(c: PolicyCondition): SdkCondition {
  if (!Array.isArray(c)) return { ...(c as Readonly<Record<string, string>>) };
  const [op, a, b] = c as readonly [string, string | number, string | number];
  return op === 'starts-with' ? ['starts-with', String(a), String(b)] : ['content-length-range', Number(a), Number(b)];
}

export async function presignPost(
  access: S3Access,
  request: PostPolicyRequest,
  options: PostPresignOptions,
  signal?: AbortSignal,
): Promise<PresignedPostForm> {
  const credentials = await access.credentials();
  const region = await access.bucketRegion(request.bucket, signal ?? new AbortController().signal);
  // createPresignedPost reads the clock once, synchronously, as it starts: a whole second set just
  // before stays the same second (its expiration and x-amz-date drop the milliseconds).
  const signedAt = new Date(Math.floor((options.signingDate ?? new Date()).getTime() / 1000) * 1000);
  const client = access.clientWithClockOffset(region, signedAt.getTime() - Date.now());
  try {
    const post = await createPresignedPost(client, {
      Bucket: request.bucket,
      Key: request.key,
      Fields: { ...request.fields },
      Conditions: request.conditions.map(sdkCondition),
      Expires: options.expiresIn,
    });
    const parsed = parsePostForm(JSON.stringify(post));
    // The SDK's own output: unreadable would be a bug here, said without the fields (a token is in them).
    if (!parsed.ok) throw new Error(`The SDK returned a form that cannot be read: ${parsed.error}`);
    return {
      url: post.url,
      fields: post.fields,
      form: parsed.value,
      signedAt,
      expiresAt: parsed.value.policy?.expiration ?? new Date(signedAt.getTime() + options.expiresIn * 1000),
      credentialsExpiration: credentials.expiration,
      region,
    };
  } finally {
    client.destroy();
  }
}
