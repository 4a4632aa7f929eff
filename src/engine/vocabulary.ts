// The engine's vocabulary: HTTP methods, the methods this product presigns, common header values (tried
// when looking for what was signed), header names as people write them, and Content-Types by extension.
// Plain data, shared by the engine, the AWS layer, the CLI and the editor features. The Content-Types are a
// short table, not the mime package: they only propose a type the user can change.

/** The methods a presigned URL can be signed for, tried in turn when looking for what was signed. */
export const METHODS = ['GET', 'PUT', 'HEAD', 'DELETE', 'POST'];

/** The methods this product presigns object requests for. */
export type PresignMethod = 'GET' | 'PUT' | 'HEAD' | 'DELETE';
export const PRESIGN_METHODS: readonly PresignMethod[] = ['GET', 'PUT', 'HEAD', 'DELETE'];
export const isPresignMethod = (value: unknown): value is PresignMethod =>
  PRESIGN_METHODS.includes(value as PresignMethod);

export const COMMON_HEADER_VALUES: Readonly<Record<string, readonly string[]>> = {
  'content-type': [
    'application/octet-stream',
    'binary/octet-stream',
    'text/plain',
    'text/plain; charset=utf-8',
    'text/plain;charset=UTF-8',
    'text/html',
    'text/html; charset=utf-8',
    'text/csv',
    'text/css',
    'text/javascript',
    'application/javascript',
    'application/json',
    'application/json; charset=utf-8',
    'application/xml',
    'text/xml',
    'application/pdf',
    'application/zip',
    'application/gzip',
    'application/x-gzip',
    'application/x-tar',
    'image/png',
    'image/jpeg',
    'image/jpg',
    'image/gif',
    'image/webp',
    'image/svg+xml',
    'image/avif',
    'image/heic',
    'video/mp4',
    'video/webm',
    'video/quicktime',
    'audio/mpeg',
    'audio/wav',
    'multipart/form-data',
    'application/x-www-form-urlencoded',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/msword',
    'application/vnd.ms-excel',
  ],
  'x-amz-acl': [
    'private',
    'public-read',
    'public-read-write',
    'authenticated-read',
    'bucket-owner-read',
    'bucket-owner-full-control',
    'aws-exec-read',
    'log-delivery-write',
  ],
  'x-amz-server-side-encryption': ['AES256', 'aws:kms', 'aws:kms:dsse'],
  'x-amz-storage-class': [
    'STANDARD',
    'REDUCED_REDUNDANCY',
    'STANDARD_IA',
    'ONEZONE_IA',
    'INTELLIGENT_TIERING',
    'GLACIER',
    'DEEP_ARCHIVE',
    'GLACIER_IR',
    'EXPRESS_ONEZONE',
  ],
  'content-encoding': ['gzip', 'br', 'deflate', 'identity', 'zstd'],
  'content-disposition': ['attachment', 'inline'],
  'cache-control': [
    'no-cache',
    'no-store',
    'max-age=0',
    'max-age=3600',
    'max-age=86400',
    'public, max-age=31536000, immutable',
  ],
  'x-amz-sdk-checksum-algorithm': ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'],
  'x-amz-checksum-crc32': ['AAAAAA=='],
};

export function displayHeader(name: string): string {
  return name.startsWith('x-amz-')
    ? name
    : name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

/** Content-Type for common file extensions, to propose for uploads. */
const TYPES: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  json: 'application/json',
  xml: 'application/xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  avif: 'image/avif',
  ico: 'image/x-icon',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  md: 'text/markdown',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function guessContentType(key: string): string {
  const dot = key.lastIndexOf('.');
  return (dot > key.lastIndexOf('/') && TYPES[key.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}
