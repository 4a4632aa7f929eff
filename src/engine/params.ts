// Query parameters of a presigned URL: split exactly as sent, decoded, and classified.
import { percentDecode, percentDecodeFast } from './encoding';

export type ParamCategory =
  'auth' | 'response-override' | 'version' | 'operation' | 'hoisted-header' | 'subresource' | 'unknown';

export class QueryParam {
  constructor(
    /** Name and value exactly as they appear in the URL (still percent-encoded). */
    readonly rawName: string,
    readonly rawValue: string,
    /** `a` and `a=` differ on the wire but sign the same (`a=`). */
    readonly hasEquals: boolean,
    readonly name: string,
    /** `name` in lower case, for case-insensitive lookups. */
    readonly lowerName: string,
    readonly value: string,
    readonly category: ParamCategory,
    /** A `%` that does not start an escape, or bytes that are not UTF-8. */
    readonly malformed: boolean,
  ) {}

  /** One line on what the parameter does (computed when shown: a scan never needs it). */
  get meaning(): string {
    return meaningOf(this.name, this.lowerName, this.category);
  }
}

const AUTH: Readonly<Record<string, string>> = {
  'x-amz-algorithm': 'Signing algorithm',
  'x-amz-credential': 'Access key ID and credential scope (date/region/service)',
  'x-amz-date': 'When the URL was signed (UTC)',
  'x-amz-expires': 'Seconds the URL stays valid after X-Amz-Date',
  'x-amz-signedheaders': 'Headers the request must carry with the signed values',
  'x-amz-signature': 'The signature',
  'x-amz-security-token': 'Session token of the temporary credentials that signed the URL',
  'x-amz-content-sha256': 'Payload hash the signature covers',
  'x-amz-region-set': 'Regions a SigV4a signature is valid in',
  awsaccesskeyid: 'Access key ID (SigV2)',
  expires: 'Expiry as an absolute Unix time in seconds (SigV2)',
  signature: 'The signature (SigV2, base64 HMAC-SHA1)',
};

const RESPONSE_OVERRIDES: Readonly<Record<string, string>> = {
  'response-content-type': 'Content-Type S3 sends back',
  'response-content-disposition': 'Content-Disposition S3 sends back (download file name)',
  'response-content-encoding': 'Content-Encoding S3 sends back',
  'response-content-language': 'Content-Language S3 sends back',
  'response-cache-control': 'Cache-Control S3 sends back',
  'response-expires': 'Expires header S3 sends back',
};

/** S3 sub-resources: they select an operation on the object or bucket. */
const SUBRESOURCES: ReadonlySet<string> = new Set([
  'acl',
  'attributes',
  'cors',
  'delete',
  'lifecycle',
  'location',
  'logging',
  'notification',
  'partNumber',
  'policy',
  'requestPayment',
  'restore',
  'retention',
  'legal-hold',
  'select',
  'select-type',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versioning',
  'versions',
  'website',
  'object-lock',
  'list-type',
]);

const SUBRESOURCE_MEANING: Readonly<Record<string, string>> = {
  uploads: 'Starts a multipart upload (CreateMultipartUpload)',
  uploadId: 'The multipart upload the request belongs to',
  partNumber: 'Part number in the multipart upload (1 to 10,000)',
};

const HOISTED_MEANING: readonly (readonly [string, string])[] = [
  ['x-amz-checksum-mode', 'Asks S3 to return the object’s checksum with the download'],
  ['x-amz-checksum-', 'Checksum the uploaded body must match'],
  ['x-amz-sdk-checksum-algorithm', 'Checksum algorithm the SDK used'],
  ['x-amz-server-side-encryption', 'Server-side encryption setting'],
  ['x-amz-acl', 'Canned ACL applied to the object'],
  ['x-amz-grant-', 'ACL grant'],
  ['x-amz-storage-class', 'Storage class of the uploaded object'],
  ['x-amz-meta-', 'User metadata stored with the object'],
  ['x-amz-tagging', 'Tags applied to the object'],
  ['x-amz-request-payer', 'Requester pays acknowledgement'],
  ['x-amz-expected-bucket-owner', 'Account that must own the bucket'],
  ['x-amz-object-lock-', 'Object Lock setting'],
  ['x-amz-website-redirect-location', 'Website redirect stored with the object'],
  ['x-amz-', 'Request header carried in the query'],
];

/** Operation names SDK v3 adds as `x-id`, and the HTTP method each is sent with. */
export const OPERATION_METHODS: Readonly<Record<string, string>> = {
  GetObject: 'GET',
  PutObject: 'PUT',
  HeadObject: 'HEAD',
  DeleteObject: 'DELETE',
  UploadPart: 'PUT',
  UploadPartCopy: 'PUT',
  CopyObject: 'PUT',
  CreateMultipartUpload: 'POST',
  CompleteMultipartUpload: 'POST',
  AbortMultipartUpload: 'DELETE',
  ListParts: 'GET',
  GetObjectTagging: 'GET',
  PutObjectTagging: 'PUT',
  DeleteObjectTagging: 'DELETE',
  GetObjectAttributes: 'GET',
  GetObjectAcl: 'GET',
  PutObjectAcl: 'PUT',
  ListObjects: 'GET',
  ListObjectsV2: 'GET',
  ListObjectVersions: 'GET',
  HeadBucket: 'HEAD',
  RestoreObject: 'POST',
  SelectObjectContent: 'POST',
  DeleteObjects: 'POST',
  GetObjectRetention: 'GET',
  PutObjectRetention: 'PUT',
  GetObjectLegalHold: 'GET',
  PutObjectLegalHold: 'PUT',
  GetObjectTorrent: 'GET',
  WriteGetObjectResponse: 'POST',
};

function categoryOf(name: string, lower: string): ParamCategory {
  if (AUTH[lower]) return 'auth';
  if (RESPONSE_OVERRIDES[lower]) return 'response-override';
  if (name === 'versionId') return 'version';
  if (name === 'x-id') return 'operation';
  if (lower.startsWith('x-amz-')) return 'hoisted-header';
  if (SUBRESOURCES.has(name)) return 'subresource';
  return 'unknown';
}

function meaningOf(name: string, lower: string, category: ParamCategory): string {
  switch (category) {
    case 'auth':
      return AUTH[lower]!;
    case 'response-override':
      return RESPONSE_OVERRIDES[lower]!;
    case 'version':
      return 'Object version the request is for';
    case 'operation':
      return 'Operation name added by AWS SDK v3';
    case 'hoisted-header':
      return HOISTED_MEANING.find(([prefix]) => lower.startsWith(prefix))?.[1] ?? 'Request header carried in the query';
    case 'subresource':
      return SUBRESOURCE_MEANING[name] ?? `S3 sub-resource "${name}": selects the operation`;
    case 'unknown':
      return 'Not an S3 parameter; it is still part of the signature';
  }
}

/** Splits a raw query string (without `?`) into parameters, in the order they appear. */
export function parseQuery(rawQuery: string): QueryParam[] {
  if (rawQuery === '') return [];
  const params: QueryParam[] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    let name = percentDecodeFast(rawName, true);
    let value = percentDecodeFast(rawValue, true);
    let malformed = false;
    if (name === undefined || value === undefined) {
      // Rare: a stray "%" or bytes that are not UTF-8. Decode leniently and flag it.
      const [n, v] = [percentDecode(rawName, true), percentDecode(rawValue, true)];
      [name, value] = [n.value, v.value];
      malformed = n.malformedEscape || v.malformedEscape || !n.validUtf8 || !v.validUtf8;
    }
    const lowerName = name.toLowerCase();
    params.push(
      new QueryParam(rawName, rawValue, eq !== -1, name, lowerName, value, categoryOf(name, lowerName), malformed),
    );
  }
  return params;
}
