// The extension's public API: what `vscode.extensions.getExtension('s3presign.s3-presign-lens').activate()`
// resolves to, for other extensions. Plain data in and out; nothing of the extension's internals.
import { decodeReport, diagnose, parsePresignedUrl, type DecodeReport } from './engine';
import type { PresignArgs, PresignOutcome } from './presign';

export type { DecodeReport, PresignArgs, PresignOutcome };

/** A presign request with everything named: profile, bucket, key, method and expiry. */
export type PresignRequestArgs = PresignArgs &
  Required<Pick<PresignArgs, 'profile' | 'bucket' | 'key' | 'method'>> & {
    readonly expiresIn: number | string;
  };

export interface S3PresignLensApi {
  /**
   * Presigns an object request with one of the user's AWS profiles, as the command `s3presign.presign`
   * does with every argument: no UI. Rejects with the reason when it cannot (no such profile, an expiry
   * over 7 days, credentials that cannot be resolved).
   */
  presign(request: PresignRequestArgs): Promise<PresignOutcome>;
  /**
   * Decodes a presigned URL (as pasted: quotes, `&amp;`, wrapped lines are fine): every field, the findings
   * and the verdict, the session token redacted. No network, no credentials. Throws the reason for text that
   * is not a presigned URL.
   */
  decode(url: string, now?: Date): DecodeReport;
}

/** The API over the presign command's implementation. */
export function createApi(
  presign: (args: PresignRequestArgs) => Promise<PresignOutcome | undefined>,
): S3PresignLensApi {
  return {
    async presign(request) {
      const outcome = await presign(request);
      if (!outcome) throw new Error('Nothing was presigned.');
      return outcome;
    },
    decode(url, now = new Date()) {
      const parsed = parsePresignedUrl(url);
      if (!parsed.ok) throw new Error(parsed.error);
      return decodeReport(parsed.value, diagnose(parsed.value, { now }), now);
    },
  };
}
