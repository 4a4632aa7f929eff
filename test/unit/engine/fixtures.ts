// Real presigned URLs, made by @aws-sdk/s3-request-presigner over a matrix of methods, regions,
// addressing styles, endpoints, keys, session tokens, signed headers, overrides and expiries.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import * as assert from 'node:assert/strict';
import { parsePresignedUrl, type PresignedUrl } from '../../../src/engine';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** A URL the test knows is readable, decoded; the parse error fails the test otherwise. */
export function parseOk(input: string): PresignedUrl {
  const parsed = parsePresignedUrl(input);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.value;
}

export const SIGNING_DATE = new Date('2026-03-14T15:09:26Z');
export const LONG_TERM = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
export const TEMPORARY = {
  accessKeyId: 'ASIAY34FZKBOKMUTVV7A',
  secretAccessKey: 'temporary/secret+example=',
  sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/with+slashes==',
};

export type Method = 'GET' | 'PUT' | 'HEAD' | 'DELETE';

export const KEYS: readonly string[] = [
  'plain.txt',
  'with space.txt',
  'a+b=c.txt',
  '100% sure.txt',
  'café/naïve résumé.txt',
  "marks/~*()'!.txt",
  'a//double/slash.txt',
  `long/${'k'.repeat(1000)}.bin`,
  '日本語/ファイル.txt',
  'nfd/e\u0301te\u0301.txt',
];

export interface Style {
  readonly name: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly forcePathStyle: boolean;
  /** The style the URL's host analysis must report. */
  readonly expect: 'virtual-hosted' | 'path';
  readonly isAws: boolean;
}

export const STYLES: readonly Style[] = [
  { name: 'virtual us-east-1', region: 'us-east-1', forcePathStyle: false, expect: 'virtual-hosted', isAws: true },
  { name: 'path eu-central-1', region: 'eu-central-1', forcePathStyle: true, expect: 'path', isAws: true },
  {
    name: 'virtual ap-southeast-2',
    region: 'ap-southeast-2',
    forcePathStyle: false,
    expect: 'virtual-hosted',
    isAws: true,
  },
  {
    name: 'custom endpoint with port',
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9000',
    forcePathStyle: true,
    expect: 'path',
    isAws: false,
  },
];

export const BUCKET = 'presign-lens-fixtures';
export const EXPIRIES = [1, 900, 3600, 604800];

export interface Fixture {
  readonly name: string;
  readonly url: string;
  readonly method: Method;
  readonly style: Style;
  readonly key: string;
  readonly temporary: boolean;
  readonly expiresIn: number;
  /** Headers the client must send (signed ones), lower-case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly secretAccessKey: string;
  readonly accessKeyId: string;
}

function command(method: Method, key: string, variant: number) {
  const Bucket = BUCKET;
  switch (method) {
    case 'GET':
      return new GetObjectCommand({
        Bucket,
        Key: key,
        ...(variant % 3 === 1
          ? {
              ResponseContentDisposition: 'attachment; filename="report (1).pdf"',
              ResponseContentType: 'application/pdf',
            }
          : {}),
        ...(variant % 3 === 2 ? { VersionId: '3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo' } : {}),
      });
    case 'PUT':
      return new PutObjectCommand({ Bucket, Key: key, ContentType: variant % 2 === 0 ? 'text/csv' : undefined });
    case 'HEAD':
      return new HeadObjectCommand({ Bucket, Key: key, ...(variant % 2 ? { VersionId: 'null' } : {}) });
    case 'DELETE':
      return new DeleteObjectCommand({ Bucket, Key: key });
  }
}

/** One URL per (key, style, method): 160 URLs, the other dimensions rotating with the index. */
export async function makeFixtures(): Promise<Fixture[]> {
  const fixtures: Fixture[] = [];
  let n = 0;
  for (const key of KEYS) {
    for (const style of STYLES) {
      for (const method of ['GET', 'PUT', 'HEAD', 'DELETE'] as const) {
        // Rotate the other dimensions per (key, style) block too, so that every method meets each of them.
        const k = Math.floor(n / 4);
        const temporary = (n + Math.floor(k / 2)) % 2 === 1;
        const credentials = temporary ? TEMPORARY : LONG_TERM;
        const client = new S3Client({
          region: style.region,
          endpoint: style.endpoint,
          forcePathStyle: style.forcePathStyle,
          credentials,
          requestChecksumCalculation: k % 3 === 0 ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED',
        });
        const signContentType = method === 'PUT' && k % 2 === 0;
        const expiresIn = EXPIRIES[(n + k) % EXPIRIES.length]!;
        const url = await getSignedUrl(client, command(method, key, k), {
          expiresIn,
          signingDate: SIGNING_DATE,
          ...(signContentType ? { signableHeaders: new Set(['content-type']) } : {}),
        });
        fixtures.push({
          name: `${method} ${style.name} ${JSON.stringify(key.slice(0, 24))}${temporary ? ' +token' : ''}`,
          url,
          method,
          style,
          key,
          temporary,
          expiresIn,
          headers: signContentType ? { 'content-type': 'text/csv' } : {},
          secretAccessKey: credentials.secretAccessKey,
          accessKeyId: credentials.accessKeyId,
        });
        client.destroy();
        n++;
      }
    }
  }
  return fixtures;
}

let cached: Promise<Fixture[]> | undefined;
/** The fixtures, made once per test process. */
export function fixtures(): Promise<Fixture[]> {
  cached ??= makeFixtures();
  return cached;
}
