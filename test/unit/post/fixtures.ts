// Real presigned POST forms over a matrix of conditions, made by @aws-sdk/s3-presigned-post's
// createPresignedPost and by botocore's generate_presigned_post (Debian's python3-botocore, SigV4 and
// SigV2), each with the conditions its policy must decode to and an upload that meets them.
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ensureSystemPackages, PYTHON3 } from '../../../scripts/lib/provision';
import { parsePostForm, type PostField, type PostForm } from '../../../src/engine/post';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export const LONG_TERM = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
export const TEMPORARY = {
  accessKeyId: 'ASIAY34FZKBOKMUTVV7A',
  secretAccessKey: 'temporary/secret+example=',
  sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/with+slashes==',
};
export const BUCKET = 'presign-lens-uploads';

export type ExpectedCondition =
  | { readonly type: 'eq' | 'starts-with'; readonly field: string; readonly value: string }
  | { readonly type: 'content-length-range'; readonly min: number; readonly max: number };

type PolicyCondition = readonly [string, string | number, string | number] | Readonly<Record<string, string>>;

/** One case of the matrix, as the generators take it. */
interface Case {
  readonly name: string;
  readonly key: string;
  readonly fields?: Readonly<Record<string, string>>;
  readonly conditions?: readonly PolicyCondition[];
  readonly region?: string;
  readonly endpoint?: string;
  readonly temporary?: boolean;
  /** Fields the uploader adds to meet the policy. */
  readonly extraFields?: readonly PostField[];
  readonly range?: readonly [number, number];
}

export interface FormFixture {
  readonly name: string;
  readonly generator: 'aws-sdk-js-v3' | 'botocore SigV4' | 'botocore SigV2';
  /** What the generator returned, as users paste it: JSON, or boto3's printed dict. */
  readonly pasted: string;
  readonly form: PostForm;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly conditions: readonly ExpectedCondition[];
  /** The fields of an upload that meets the policy: the form's, then what the uploader adds. */
  readonly upload: readonly PostField[];
  readonly fileName: string;
  readonly fileSize: number;
  readonly range?: readonly [number, number];
  /** The bucket the form posts to, as the URL names it. */
  readonly bucket: string;
}

const CASES: readonly Case[] = [
  { name: 'exact key', key: 'reports/2025/q3 summary.csv' },
  { name: 'key prefix and ${filename}', key: 'uploads/alice/${filename}' },
  {
    name: 'exact Content-Type',
    key: 'images/logo.png',
    fields: { 'Content-Type': 'image/png' },
    conditions: [{ 'Content-Type': 'image/png' }],
  },
  {
    name: 'Content-Type prefix',
    key: 'images/${filename}',
    conditions: [['starts-with', '$Content-Type', 'image/']],
    extraFields: [{ name: 'Content-Type', value: 'image/jpeg' }],
  },
  {
    name: 'content-length-range',
    key: 'uploads/${filename}',
    conditions: [['content-length-range', 10, 1000]],
    range: [10, 1000],
  },
  { name: 'ACL', key: 'public/a.txt', fields: { acl: 'public-read' }, conditions: [{ acl: 'public-read' }] },
  {
    name: 'metadata',
    key: 'meta/a.txt',
    fields: { 'x-amz-meta-owner': 'alice' },
    conditions: [{ 'x-amz-meta-owner': 'alice' }, ['starts-with', '$x-amz-meta-tag', '']],
    extraFields: [{ name: 'x-amz-meta-tag', value: 'holiday,2025' }],
  },
  {
    name: 'success_action_status',
    key: 'status/a.txt',
    fields: { success_action_status: '201' },
    conditions: [{ success_action_status: '201' }],
  },
  {
    name: 'success_action_redirect',
    key: 'redirect/a.txt',
    fields: { success_action_redirect: 'https://example.com/done?x=1' },
    conditions: [['starts-with', '$success_action_redirect', 'https://example.com/']],
  },
  { name: 'temporary credentials', key: 'temp/${filename}', temporary: true, region: 'eu-central-1' },
  {
    name: 'path-style custom endpoint',
    key: 'local/${filename}',
    endpoint: 'http://127.0.0.1:9000',
    conditions: [['content-length-range', 1, 5_000_000]],
    range: [1, 5_000_000],
  },
];

const FILE_NAME = 'C:\\Users\\alice\\holiday photo.jpg';
const FILE_SIZE = 500;

function parsed(pasted: string): PostForm {
  const result = parsePostForm(pasted);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}

function asExpected(c: PolicyCondition): ExpectedCondition {
  if (!Array.isArray(c)) {
    const [field, value] = Object.entries(c as Readonly<Record<string, string>>)[0]!;
    return { type: 'eq', field, value };
  }
  const [op, a, b] = c as readonly [string, string | number, string | number];
  return op === 'content-length-range'
    ? { type: 'content-length-range', min: Number(a), max: Number(b) }
    : { type: op as 'eq' | 'starts-with', field: String(a).slice(1), value: String(b) };
}

function keyCondition(key: string): ExpectedCondition {
  const at = key.lastIndexOf('${filename}');
  return key.endsWith('${filename}')
    ? { type: 'starts-with', field: 'key', value: key.slice(0, at) }
    : { type: 'eq', field: 'key', value: key };
}

function fixture(
  c: Case,
  generator: FormFixture['generator'],
  pasted: string,
  conditions: ExpectedCondition[],
): FormFixture {
  const credentials = c.temporary ? TEMPORARY : LONG_TERM;
  const form = parsed(pasted);
  return {
    name: `${generator}: ${c.name}`,
    generator,
    pasted,
    form,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: c.temporary ? TEMPORARY.sessionToken : undefined,
    conditions,
    upload: [...form.fields, ...(c.extraFields ?? [])],
    fileName: FILE_NAME,
    fileSize: FILE_SIZE,
    range: c.range,
    bucket: BUCKET,
  };
}

async function jsFixture(c: Case): Promise<FormFixture> {
  const credentials = c.temporary ? TEMPORARY : LONG_TERM;
  const client = new S3Client({
    region: c.region ?? 'us-east-1',
    credentials,
    ...(c.endpoint ? { endpoint: c.endpoint, forcePathStyle: true } : {}),
  });
  const post = await createPresignedPost(client, {
    Bucket: BUCKET,
    Key: c.key,
    Conditions: c.conditions as never,
    Fields: c.fields,
    Expires: 600,
  });
  client.destroy();
  // The SDK adds a condition for every field it returns, after the caller's, and one for the key last.
  const f = post.fields;
  const added: Record<string, string> = {
    ...c.fields,
    bucket: BUCKET,
    'X-Amz-Algorithm': f['X-Amz-Algorithm']!,
    'X-Amz-Credential': f['X-Amz-Credential']!,
    'X-Amz-Date': f['X-Amz-Date']!,
    ...(c.temporary ? { 'X-Amz-Security-Token': TEMPORARY.sessionToken } : {}),
  };
  const conditions: ExpectedCondition[] = [];
  const seen = new Set<string>();
  for (const condition of [...(c.conditions ?? []), ...Object.entries(added).map(([k, v]) => ({ [k]: v }))]) {
    const id = JSON.stringify(condition);
    if (!seen.has(id)) conditions.push(asExpected(condition));
    seen.add(id);
  }
  conditions.push(keyCondition(c.key));
  return fixture(c, 'aws-sdk-js-v3', JSON.stringify(post, null, 2), conditions);
}

const BOTOCORE_SCRIPT = `
import json, sys
import botocore.session
from botocore.config import Config
out = []
session = botocore.session.get_session()
for c in json.load(sys.stdin):
    s3 = {'addressing_style': 'path'} if c.get('endpoint') else {}
    client = session.create_client('s3', region_name=c['region'], endpoint_url=c.get('endpoint'),
        aws_access_key_id=c['accessKeyId'], aws_secret_access_key=c['secretAccessKey'],
        aws_session_token=c.get('sessionToken'), config=Config(signature_version=c['version'], s3=s3))
    post = client.generate_presigned_post(c['bucket'], c['key'], Fields=c.get('fields'),
        Conditions=c.get('conditions'), ExpiresIn=600)
    out.append(repr(post))
print(json.dumps(out))
`;

/** Runs botocore once for every case of one signature version; boto3's printed dicts come back. */
function botocoreForms(version: 's3v4' | 's3'): string[] {
  ensureSystemPackages('test');
  const input = CASES.map((c) => {
    const credentials = c.temporary ? TEMPORARY : LONG_TERM;
    return {
      ...c,
      region: c.region ?? 'us-east-1',
      bucket: BUCKET,
      version,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: c.temporary ? TEMPORARY.sessionToken : undefined,
    };
  });
  const output = execFileSync(PYTHON3, ['-c', BOTOCORE_SCRIPT], { input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(output) as string[];
}

function botocoreFixtures(version: 's3v4' | 's3'): FormFixture[] {
  const printed = botocoreForms(version);
  return CASES.map((c, i) => {
    // botocore puts the caller's conditions first, then bucket, key and (SigV4) the signing fields.
    const form = parsed(printed[i]!);
    const get = (name: string): string => form.fields.find((f) => f.name === name)!.value;
    const conditions: ExpectedCondition[] = [
      ...(c.conditions ?? []).map(asExpected),
      { type: 'eq', field: 'bucket', value: BUCKET },
      keyCondition(c.key),
    ];
    if (version === 's3v4')
      for (const name of ['x-amz-algorithm', 'x-amz-credential', 'x-amz-date'])
        conditions.push({ type: 'eq', field: name, value: get(name) });
    if (c.temporary) conditions.push({ type: 'eq', field: 'x-amz-security-token', value: TEMPORARY.sessionToken });
    return fixture(c, version === 's3v4' ? 'botocore SigV4' : 'botocore SigV2', printed[i]!, conditions);
  });
}

let all: Promise<FormFixture[]> | undefined;

/** Every fixture, made once per test run. */
export function formFixtures(): Promise<FormFixture[]> {
  all ??= (async () => [
    ...(await Promise.all(CASES.map(jsFixture))),
    ...botocoreFixtures('s3v4'),
    ...botocoreFixtures('s3'),
  ])();
  return all;
}
