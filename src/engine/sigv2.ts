// SigV2 query authentication (legacy): HMAC-SHA1 over verb, Content-MD5, Content-Type, Expires, the
// x-amz-* headers and the resource with its sub-resources, as botocore's HmacV1QueryAuth computes it.
import { createHmac } from 'node:crypto';
import { canonicalHeaderValue, lowerCaseHeaders } from './sigv4';
import type { PresignedUrl } from './model';
import { findParam } from './parse';

/** Query parameters that are part of the SigV2 resource; every other parameter is not signed. */
export const SIGV2_SUBRESOURCES: ReadonlySet<string> = new Set([
  'accelerate',
  'acl',
  'cors',
  'defaultObjectAcl',
  'location',
  'logging',
  'partNumber',
  'policy',
  'requestPayment',
  'torrent',
  'versioning',
  'versionId',
  'versions',
  'website',
  'uploads',
  'uploadId',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'delete',
  'lifecycle',
  'tagging',
  'restore',
  'storageClass',
  'notification',
  'replication',
  'analytics',
  'metrics',
  'inventory',
  'select',
  'select-type',
  'object-lock',
  'retention',
  'legal-hold',
]);

export interface SigV2Request {
  readonly method: string;
  readonly contentMd5: string;
  readonly contentType: string;
  readonly expires: string;
  /** x-amz-* headers and query parameters, lower-case, sorted when serialised. */
  readonly amzHeaders: readonly (readonly [string, string])[];
  /** Path as sent (bucket included), then `?sub&sub=value` for the signed sub-resources. */
  readonly resource: string;
}

export interface SigV2Computation {
  readonly signature: string;
  readonly stringToSign: string;
}

/** `/bucket/key` as SigV2 signs it: the bucket is put back in front for virtual-hosted URLs. */
export function sigV2Path(url: PresignedUrl): string {
  if (url.host.style === 'path' || url.host.bucketFrom !== 'host' || url.bucket === undefined) return url.rawPath;
  return `/${url.bucket}${url.rawPath}`;
}

export function sigV2Resource(path: string, url: PresignedUrl): string {
  const subresources = url.params
    .filter((p) => SIGV2_SUBRESOURCES.has(p.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => (p.hasEquals ? `${p.name}=${p.value}` : p.name));
  return subresources.length ? `${path}?${subresources.join('&')}` : path;
}

export function sigV2RequestFromUrl(
  url: PresignedUrl,
  method: string,
  headers?: Readonly<Record<string, string>>,
): SigV2Request {
  const sent = lowerCaseHeaders(headers);
  const amz = new Map<string, string>();
  for (const p of url.params) if (p.name.toLowerCase().startsWith('x-amz-')) amz.set(p.name.toLowerCase(), p.value);
  for (const [name, value] of Object.entries(sent)) if (name.startsWith('x-amz-')) amz.set(name, value);
  return {
    method: method.toUpperCase(),
    contentMd5: sent['content-md5'] ?? '',
    contentType: sent['content-type'] ?? '',
    expires: findParam(url.params, 'Expires')?.value ?? '',
    amzHeaders: [...amz.entries()],
    resource: sigV2Resource(sigV2Path(url), url),
  };
}

export function stringToSignV2(req: SigV2Request): string {
  const amz = [...req.amzHeaders]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${canonicalHeaderValue(value)}\n`)
    .join('');
  return `${req.method}\n${req.contentMd5}\n${req.contentType}\n${req.expires}\n${amz}${req.resource}`;
}

export function signV2(req: SigV2Request, secretAccessKey: string): SigV2Computation {
  const stringToSign = stringToSignV2(req);
  return { signature: createHmac('sha1', secretAccessKey).update(stringToSign, 'utf8').digest('base64'), stringToSign };
}
