// Multipart uploads through presigned URLs: S3's limits and the plan of parts for a size, what each URL of
// an upload is for and what it needs, and the ways to use a set of URLs (JSON and CSV rows, a POSIX shell
// script with curl, a browser fetch() function). No SDK here: the AWS layer creates the upload and signs.
//
// S3's limits (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html): part numbers 1 to
// 10,000; parts of 5 MiB to 5 GiB, the last one smaller; UploadPart answers the part's ETag, which
// CompleteMultipartUpload needs for every part, in ascending part order
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html); a 200 answer to it
// can still carry an error in its body.
import { escapeControlCharacters } from './controls';
import type { Finding, PresignedUrl } from './model';
import { findParam } from './parse';
import { shellQuote } from './snippets';

export const MIB = 1024 * 1024;
export const MIN_PART_BYTES = 5 * MIB;
export const MAX_PART_BYTES = 5 * 1024 * MIB;
export const MAX_PARTS = 10_000;
/** The AWS CLI's default part size (multipart_chunksize, 8 MiB); larger when the object needs it. */
export const DEFAULT_PART_BYTES = 8 * MIB;

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export interface PlannedPart {
  readonly partNumber: number;
  /** Bytes, or null when only the number of parts is known. */
  readonly size: number | null;
}

export interface PartPlan {
  /** The size of every part but the last, or null when the object's size is not known. */
  readonly partSize: number | null;
  /** The object's size, when known. */
  readonly size: number | null;
  readonly parts: readonly PlannedPart[];
}

export interface PlanInput {
  /** The object's size in bytes (from a file or given). */
  readonly size?: number;
  /** Or just how many parts. */
  readonly parts?: number;
  readonly partSize?: number;
}

/** Bytes as people read them: "5 MiB", "1.5 GiB", "312 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

function partSizeProblem(partSize: number): string | undefined {
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_BYTES)
    return `The part size must be at least 5 MiB (${MIN_PART_BYTES} bytes): S3 refuses smaller parts but the last (EntityTooSmall).`;
  if (partSize > MAX_PART_BYTES) return `The part size must be at most 5 GiB (${MAX_PART_BYTES} bytes).`;
  return undefined;
}

/** The smallest whole number of MiB that fits `size` in 10,000 parts, and at least the default. */
function automaticPartSize(size: number): number {
  const least = Math.ceil(size / MAX_PARTS / MIB) * MIB;
  return Math.max(DEFAULT_PART_BYTES, least);
}

/**
 * The parts of an upload of `size` bytes (or of `parts` parts of unknown size), within S3's limits, or why
 * it cannot be done.
 */
export function planParts(input: PlanInput): Result<PartPlan> {
  const { size, parts, partSize } = input;
  if ((size === undefined) === (parts === undefined))
    return { ok: false, error: 'Give either the size (or a file) or the number of parts, not both.' };
  if (partSize !== undefined) {
    const problem = partSizeProblem(partSize);
    if (problem) return { ok: false, error: problem };
  }
  if (parts !== undefined) {
    if (!Number.isSafeInteger(parts) || parts < 1 || parts > MAX_PARTS)
      return { ok: false, error: `The number of parts must be 1 to ${MAX_PARTS.toLocaleString('en-US')}.` };
    return {
      ok: true,
      value: {
        partSize: partSize ?? null,
        size: null,
        parts: Array.from({ length: parts }, (_, i) => ({ partNumber: i + 1, size: null })),
      },
    };
  }
  if (!Number.isSafeInteger(size) || size! < 0)
    return { ok: false, error: 'The size must be a whole number of bytes.' };
  const total = size!;
  const chosen = partSize ?? automaticPartSize(total);
  if (chosen > MAX_PART_BYTES)
    return {
      ok: false,
      error: `${formatBytes(total)} does not fit in ${MAX_PARTS.toLocaleString('en-US')} parts of at most 5 GiB.`,
    };
  const count = Math.max(1, Math.ceil(total / chosen));
  if (count > MAX_PARTS) {
    const least = Math.ceil(total / MAX_PARTS / MIB) * MIB;
    return {
      ok: false,
      error: `${formatBytes(total)} in parts of ${formatBytes(chosen)} makes ${count.toLocaleString('en-US')} parts; S3 takes at most ${MAX_PARTS.toLocaleString('en-US')}: use a part size of at least ${formatBytes(least)}.`,
    };
  }
  return {
    ok: true,
    value: {
      partSize: chosen,
      size: total,
      parts: Array.from({ length: count }, (_, i) => ({
        partNumber: i + 1,
        size: i < count - 1 ? chosen : total - chosen * (count - 1),
      })),
    },
  };
}

/** What a presigned URL does in a multipart upload. */
export type MultipartRole =
  | { readonly operation: 'CreateMultipartUpload'; readonly method: 'POST' }
  | {
      readonly operation: 'UploadPart';
      readonly method: 'PUT';
      readonly uploadId: string;
      /** Undefined when the value is not a part number S3 takes (1 to 10,000). */
      readonly partNumber: number | undefined;
    }
  | { readonly operation: 'CompleteMultipartUpload'; readonly method: 'POST'; readonly uploadId: string }
  | { readonly operation: 'AbortMultipartUpload'; readonly method: 'DELETE'; readonly uploadId: string }
  | { readonly operation: 'ListParts'; readonly method: 'GET'; readonly uploadId: string }
  /**
   * An uploadId without partNumber or x-id: POST completes, DELETE aborts, GET lists the parts. SDK v3
   * presigns CompleteMultipartUpload so (no x-id), boto3 all three.
   */
  | { readonly operation: 'unknown'; readonly method: undefined; readonly uploadId: string };

function partNumberOf(value: string): number | undefined {
  if (!/^[1-9]\d{0,4}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= MAX_PARTS ? n : undefined;
}

export function multipartRole(url: PresignedUrl): MultipartRole | undefined {
  const uploadId = findParam(url.params, 'uploadId');
  const operation = findParam(url.params, 'x-id')?.value;
  if (!uploadId) {
    return findParam(url.params, 'uploads') ? { operation: 'CreateMultipartUpload', method: 'POST' } : undefined;
  }
  const id = uploadId.value;
  const part = findParam(url.params, 'partNumber');
  if (part) return { operation: 'UploadPart', method: 'PUT', uploadId: id, partNumber: partNumberOf(part.value) };
  switch (operation) {
    case 'CompleteMultipartUpload':
      return { operation, method: 'POST', uploadId: id };
    case 'AbortMultipartUpload':
      return { operation, method: 'DELETE', uploadId: id };
    case 'ListParts':
      return { operation, method: 'GET', uploadId: id };
    default:
      return { operation: 'unknown', method: undefined, uploadId: id };
  }
}

const shortId = (id: string): string => (id.length > 16 ? `${id.slice(0, 12)}…` : id);

/** What a URL of a multipart upload is for and what its client must do, as a finding. */
export function multipartFindings(url: PresignedUrl): Finding[] {
  const role = multipartRole(url);
  if (!role) return [];
  const info = (message: string, fix: string, param: string): Finding => ({
    code: 'MULTIPART',
    severity: 'info',
    message,
    fix,
    param,
  });
  switch (role.operation) {
    case 'CreateMultipartUpload':
      return [
        info(
          'Starts a multipart upload (POST ?uploads): S3 answers the UploadId every part and the completion need.',
          'Then presign one UploadPart URL per part, and CompleteMultipartUpload.',
          'uploads',
        ),
      ];
    case 'UploadPart':
      if (role.partNumber === undefined)
        return [
          {
            code: 'MALFORMED_PARAMETER',
            severity: 'error',
            param: 'partNumber',
            message: `partNumber must be a whole number from 1 to ${MAX_PARTS.toLocaleString('en-US')}: S3 refuses the request (InvalidArgument).`,
            fix: 'Presign the part again with its number.',
          },
        ];
      return [
        info(
          `Part ${role.partNumber} of multipart upload ${shortId(role.uploadId)}: PUT the part's bytes (at least 5 MiB unless it is the last part). S3 answers with an ETag header: keep it, CompleteMultipartUpload needs every part's.`,
          'From a web page, the ETag is readable only when the bucket’s CORS rule lists it in ExposeHeaders.',
          'partNumber',
        ),
      ];
    case 'CompleteMultipartUpload':
      return [
        info(
          `Completes multipart upload ${shortId(role.uploadId)}: POST the XML <CompleteMultipartUpload> with a <Part><PartNumber>…</PartNumber><ETag>…</ETag></Part> for every part, in ascending order. S3 can answer 200 with an <Error> in the body: read it.`,
          'Collect each part’s ETag from its UploadPart answer.',
          'uploadId',
        ),
      ];
    case 'AbortMultipartUpload':
      return [
        info(
          `Aborts multipart upload ${shortId(role.uploadId)} (DELETE): its uploaded parts are deleted and stop costing storage.`,
          'Abort uploads that will not be completed, or let a lifecycle rule end them.',
          'uploadId',
        ),
      ];
    case 'ListParts':
      return [
        info(
          `Lists the parts uploaded so far in multipart upload ${shortId(role.uploadId)} (GET), with their ETags.`,
          'Use it to resume an interrupted upload.',
          'uploadId',
        ),
      ];
    case 'unknown':
      return [
        info(
          `Belongs to multipart upload ${shortId(role.uploadId)}, but the URL does not name its operation: POST completes the upload, DELETE aborts it, GET lists its parts, and only the one it was signed for works. The AWS SDK for JavaScript v3 signs CompleteMultipartUpload this way (its Abort and ListParts URLs carry x-id); boto3 signs all three this way.`,
          'Ask the signer which operation it presigned; to complete, POST the XML <CompleteMultipartUpload> of every part’s ETag.',
          'uploadId',
        ),
      ];
  }
}

/** A multipart upload's presigned URLs, as the CLI prints them (`--json`) and the editor writes them. */
export interface MultipartUrlSet {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly partSize: number | null;
  readonly size: number | null;
  readonly parts: readonly { readonly partNumber: number; readonly url: string; readonly size: number | null }[];
  readonly complete: { readonly url: string };
  readonly abort: { readonly url: string };
  /** ISO-8601: when the URLs stop working. */
  readonly expiresAt: string;
}

/** The body of CompleteMultipartUpload. */
export function completionXml(parts: readonly { partNumber: number; etag: string }[]): string {
  const escape = (s: string): string => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  return `<CompleteMultipartUpload>${sorted.map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escape(p.etag)}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
}

/**
 * Untrusted text (a key, an upload ID from the server) on one line of a comment: control characters and
 * the line separators JavaScript ends a comment at are escaped, so nothing after them runs.
 */
const commentText = (text: string): string =>
  escapeControlCharacters(text).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

const csvField = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** One row per URL: the parts, then the completion and the abort. */
export function multipartCsv(set: MultipartUrlSet): string {
  const rows = [
    'operation,partNumber,size,url,expiresAt',
    ...set.parts.map((p) => `UploadPart,${p.partNumber},${p.size ?? ''},${p.url},${set.expiresAt}`),
    `CompleteMultipartUpload,,,${csvField(set.complete.url)},${set.expiresAt}`,
    `AbortMultipartUpload,,,${csvField(set.abort.url)},${set.expiresAt}`,
  ];
  return `${rows.join('\n')}\n`;
}

/**
 * A POSIX shell script that uploads a file through the set: each part cut from the file with tail and head
 * into a temporary file, sent with `curl -T` (a known length: S3 refuses chunked uploads of presigned
 * parts), its ETag kept; then the completion, whose answer is checked for an <Error> even with 200.
 */
export function multipartShellScript(set: MultipartUrlSet, file?: string): string {
  const n = set.parts.length;
  const partSize = set.partSize === null ? `$(( (size + ${n} - 1) / ${n} ))` : String(set.partSize);
  const target = `s3://${set.bucket}/${set.key}`;
  const lines = [
    '#!/bin/sh',
    `# Uploads a file to ${commentText(target)} as multipart upload ${commentText(set.uploadId)}, in ${n} part${n === 1 ? '' : 's'},`,
    `# through presigned URLs that stop working at ${set.expiresAt}.`,
    `# Usage: sh upload.sh ${file === undefined ? 'FILE' : '[FILE]'}`,
    '# To give up, abort the upload so that its parts stop costing storage:',
    `#   curl -sS -X DELETE ${shellQuote(set.abort.url)}`,
    'set -eu',
    file === undefined ? 'file=${1:?usage: sh upload.sh FILE}' : `file=\${1:-${shellQuote(file)}}`,
    'size=$(wc -c < "$file" | tr -d " ")',
    ...(set.size === null
      ? []
      : [
          `[ "$size" -eq ${set.size} ] || { echo "$file is $size bytes; these URLs are for ${set.size}" >&2; exit 1; }`,
        ]),
    `part_size=${partSize}`,
    'needed=$(( size == 0 ? 1 : (size + part_size - 1) / part_size ))',
    `[ "$needed" -eq ${n} ] || { echo "$file needs $needed parts of $part_size bytes; these URLs are for ${n}" >&2; exit 1; }`,
    ...(n > 1
      ? [
          `[ "$part_size" -ge ${MIN_PART_BYTES} ] || { echo "parts of $part_size bytes: S3 takes at least ${MIN_PART_BYTES} but for the last" >&2; exit 1; }`,
        ]
      : []),
    'work=$(mktemp -d)',
    `trap 'rm -rf "$work"' EXIT`,
    'printf "<CompleteMultipartUpload>" > "$work/complete.xml"',
    'put_part() {',
    '  tail -c +$(( ($1 - 1) * part_size + 1 )) "$file" | head -c "$part_size" > "$work/part"',
    '  curl -sS --fail -T "$work/part" -D "$work/headers" -o "$work/answer" "$2"',
    `  etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]:[[:space:]]*//p' "$work/headers" | tr -d '\\r')`,
    '  [ -n "$etag" ] || { echo "part $1: S3 answered no ETag" >&2; exit 1; }',
    '  printf "<Part><PartNumber>%s</PartNumber><ETag>%s</ETag></Part>" "$1" "$etag" >> "$work/complete.xml"',
    '  echo "part $1 of ' + n + ': ETag $etag" >&2',
    '}',
    ...set.parts.map((p) => `put_part ${p.partNumber} ${shellQuote(p.url)}`),
    'printf "</CompleteMultipartUpload>" >> "$work/complete.xml"',
    `curl -sS --fail -X POST -H 'Content-Type: application/xml' --data-binary @"$work/complete.xml" -o "$work/answer" ${shellQuote(set.complete.url)}`,
    `if grep -q '<Error>' "$work/answer"; then cat "$work/answer" >&2; exit 1; fi`,
    `echo ${shellQuote(`uploaded ${target}`)} >&2`,
    '',
  ];
  return lines.join('\n');
}

/**
 * A browser function that uploads a File or Blob through the set with fetch(): one PUT per part, each
 * answer's ETag read, then the completion. The page's origin needs a CORS rule allowing PUT and POST that
 * lists ETag in ExposeHeaders, or the ETag reads as null.
 */
export function multipartFetchSnippet(set: MultipartUrlSet): string {
  const n = set.parts.length;
  const partSize = set.partSize === null ? `Math.ceil(file.size / ${n})` : String(set.partSize);
  return [
    `// Uploads a File or Blob to ${commentText(`s3://${set.bucket}/${set.key}`)} (multipart upload ${commentText(set.uploadId)}) through`,
    `// presigned URLs that stop working at ${set.expiresAt}. The bucket's CORS configuration must allow PUT`,
    `// and POST from this page's origin and list "ETag" in ExposeHeaders: without it every ETag reads null.`,
    'async function uploadMultipart(file) {',
    `  const partSize = ${partSize};`,
    `  const partUrls = ${JSON.stringify(
      set.parts.map((p) => p.url),
      null,
      2,
    ).replace(/\n/g, '\n  ')};`,
    `  const completeUrl = ${JSON.stringify(set.complete.url)};`,
    `  if (Math.max(1, Math.ceil(file.size / partSize)) !== partUrls.length)`,
    '    throw new Error(`The file needs ${Math.ceil(file.size / partSize)} parts; these URLs are for ${partUrls.length}.`);',
    '  const parts = [];',
    '  for (const [i, url] of partUrls.entries()) {',
    '    const response = await fetch(url, { method: "PUT", body: file.slice(i * partSize, (i + 1) * partSize) });',
    '    if (!response.ok) throw new Error(`Part ${i + 1}: ${response.status} ${await response.text()}`);',
    '    const etag = response.headers.get("ETag");',
    '    if (etag === null) throw new Error("The ETag is hidden: add ETag to ExposeHeaders in the bucket’s CORS rule.");',
    '    parts.push(`<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`);',
    '  }',
    '  const body = `<CompleteMultipartUpload>${parts.join("")}</CompleteMultipartUpload>`;',
    '  const done = await fetch(completeUrl, { method: "POST", body });',
    '  const answer = await done.text();',
    '  if (!done.ok || answer.includes("<Error>")) throw new Error(`Completing the upload: ${done.status} ${answer}`);',
    '  return answer;',
    '}',
    '',
  ].join('\n');
}
