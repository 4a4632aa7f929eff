// Presigning the request a presigned URL makes, again: the same object, method, response overrides,
// version and expiry length. Only for the object requests the presigner makes (GetObject, PutObject,
// HeadObject, DeleteObject): an UploadPart or PutObjectTagging URL re-presigned as a plain PutObject would
// overwrite the object, so those are refused with the reason.
import { MAX_EXPIRES_SECONDS } from './diagnose';
import type { PresignedUrl } from './model';
import { findParam } from './parse';
import { isPresignMethod, type PresignMethod } from './vocabulary';

const OBJECT_OPERATIONS: Readonly<Record<string, PresignMethod>> = {
  GetObject: 'GET',
  PutObject: 'PUT',
  HeadObject: 'HEAD',
  DeleteObject: 'DELETE',
};

/** Response overrides and the version: what a download URL carries beside bucket and key. */
const CARRIED = ['response-content-disposition', 'response-content-type', 'versionId'] as const;

/** The request a presigned URL makes, to be signed again. */
export interface RepresignRequest {
  readonly bucket: string;
  readonly key: string;
  /** Undefined when the URL does not say it (GET and HEAD URLs look alike): the user is asked. */
  readonly method?: PresignMethod;
  readonly expiresIn: number;
  readonly responseContentDisposition?: string;
  readonly responseContentType?: string;
  readonly versionId?: string;
}

/** The request `url` makes, or the reason it cannot be presigned again. */
export function represignRequest(url: PresignedUrl): RepresignRequest | string {
  if (!url.bucket || !url.key) return 'The URL names no object to presign again.';
  const operation = findParam(url.params, 'x-id')?.value;
  const subresource = url.params.find((p) => p.category === 'subresource');
  if (subresource || (operation !== undefined && !(operation in OBJECT_OPERATIONS))) {
    const what = operation ?? `the ${subresource!.name} subresource`;
    return `This URL is for ${what}: S3 Presign Lens presigns GetObject, PutObject, HeadObject and DeleteObject requests only.`;
  }
  const hinted = url.methodHint?.method;
  const method = operation !== undefined ? OBJECT_OPERATIONS[operation] : isPresignMethod(hinted) ? hinted : undefined;
  const value = (name: (typeof CARRIED)[number]): string | undefined => url.params.find((p) => p.name === name)?.value;
  return {
    bucket: url.bucket,
    key: url.key,
    method,
    expiresIn: Math.min(url.expiresIn ?? 3600, MAX_EXPIRES_SECONDS),
    responseContentDisposition: value('response-content-disposition'),
    responseContentType: value('response-content-type'),
    versionId: value('versionId'),
  };
}
