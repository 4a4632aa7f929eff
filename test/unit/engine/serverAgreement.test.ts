// The engine's verdict against a server that checks signatures (@20minutes/s3rver, path style): for every
// request the server can judge, valid for the engine ⇔ not SignatureDoesNotMatch for the server.
// Left out, because s3rver is more lenient or differs from S3 there (see the servers note): region
// checks, expiry edge cases, query values with !'()* (it encodes them with encodeURIComponent).
import * as assert from 'node:assert/strict';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addLocalS3KeyPair,
  DEMO_BUCKET,
  LOCAL_S3_CREDENTIALS,
  LOCAL_S3_REGION,
  seedDemoData,
  startLocalS3,
  type LocalS3,
} from '../../../scripts/lib/localS3';
import { parsePresignedUrl, verifyPresignedUrl } from '../../../src/engine';
import { signV2 } from '../../../src/engine/sigv2';
import { mutationsOf, paramValue, setParam, type Request } from './mutations';

const KEYS = [
  'README.txt',
  'reports/2025/Q3 summary.csv',
  'math/a+b=c.txt',
  'percent/100% done.txt',
  'unicode/café/naïve résumé.txt',
  'unicode/日本語/ファイル.txt',
  "marks/~tilde*(star)'quote!.txt",
  'deep/a/b/c/d/e/f/leaf.json',
];
const TEMP = {
  accessKeyId: 'ASIAAGREEMENTTEMPKEY',
  secretAccessKey: 'agreement/temporary+secret',
  sessionToken: 'FwoGZXIvYXdzE+agreement/token==',
};

interface Case extends Request {
  readonly name: string;
  readonly secret: string;
}

type Verdict = 'valid' | 'invalid';

async function serverVerdict(s3: LocalS3, c: Case): Promise<Verdict> {
  void s3;
  const body = c.method === 'PUT' ? new TextEncoder().encode('agreement') : undefined;
  const response = await fetch(c.url, { method: c.method, headers: c.headers, body });
  const text = c.method === 'HEAD' ? '' : await response.text();
  // s3rver answers HEAD with neither body nor error header: within the URLs' hour, a 403 can only be the
  // signature and a 400 a malformed signed parameter.
  const code =
    c.method === 'HEAD'
      ? { 403: 'SignatureDoesNotMatch', 400: 'AuthorizationQueryParametersError' }[response.status]
      : /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
  if (response.status === 403 && code === 'SignatureDoesNotMatch') return 'invalid';
  // A malformed signed parameter (a date that is not one) is refused before any signature is computed.
  if (response.status === 400 && code === 'AuthorizationQueryParametersError') return 'invalid';
  if (response.status < 300 || response.status === 404) return 'valid';
  throw new Error(`${c.name}: unexpected ${response.status} ${text.slice(0, 200)}`);
}

function engineVerdict(c: Case): Verdict {
  const parsed = parsePresignedUrl(c.url);
  if (!parsed.ok) return 'invalid';
  return verifyPresignedUrl(parsed.value, {
    secretAccessKey: c.secret,
    method: c.method,
    headers: c.headers,
    explain: false,
  }).valid
    ? 'valid'
    : 'invalid';
}

/** Changes that keep a request the same for S3: they must stay valid for both. */
function equivalents(c: Case): Case[] {
  const [base, query] = [c.url.slice(0, c.url.indexOf('?')), c.url.slice(c.url.indexOf('?') + 1)];
  const out: Case[] = [
    { ...c, name: `${c.name} / parameters reordered`, url: `${base}?${query.split('&').reverse().join('&')}` },
  ];
  if (/%[0-9A-F]{2}/.test(base))
    out.push({
      ...c,
      name: `${c.name} / lower-case escapes`,
      url: `${base.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}?${query}`,
    });
  if (base.includes('%20'))
    out.push({ ...c, name: `${c.name} / space sent as +`, url: `${base.replace(/%20/g, '+')}?${query}` });
  if (base.includes('~'))
    out.push({ ...c, name: `${c.name} / ~ escaped`, url: `${base.replace(/~/g, '%7E')}?${query}` });
  out.push({
    ...c,
    name: `${c.name} / letter escaped`,
    url: `${base.replace(/\/([a-z])([^/]*)$/i, (_, l: string, rest: string) => `/%${l.charCodeAt(0).toString(16).toUpperCase()}${rest}`)}?${query}`,
  });
  return out;
}

describe('engine and a signature-checking S3 server agree', function () {
  this.timeout(120_000);
  let dir: string;
  let s3: LocalS3;
  const cases: { c: Case; expect?: Verdict }[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-agree-'));
    s3 = await startLocalS3({ directory: dir });
    await seedDemoData(s3, 0);
    addLocalS3KeyPair(TEMP.accessKeyId, TEMP.secretAccessKey);
    const clients = [
      { client: s3.client, secret: LOCAL_S3_CREDENTIALS.secretAccessKey },
      {
        client: new S3Client({
          endpoint: s3.endpoint,
          region: LOCAL_S3_REGION,
          forcePathStyle: true,
          credentials: TEMP,
          requestChecksumCalculation: 'WHEN_REQUIRED',
        }),
        secret: TEMP.secretAccessKey,
      },
    ];
    let n = 0;
    for (const key of KEYS) {
      for (const method of ['GET', 'PUT', 'HEAD', 'DELETE'] as const) {
        const { client, secret } = clients[n++ % 2]!;
        const signContentType = method === 'PUT' && n % 2 === 0;
        const command =
          method === 'GET'
            ? new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: key })
            : method === 'PUT'
              ? new PutObjectCommand({
                  Bucket: DEMO_BUCKET,
                  Key: key,
                  ContentType: signContentType ? 'text/plain' : undefined,
                })
              : method === 'HEAD'
                ? new HeadObjectCommand({ Bucket: DEMO_BUCKET, Key: key })
                : new DeleteObjectCommand({ Bucket: DEMO_BUCKET, Key: `${key}.gone` });
        const url = await getSignedUrl(client, command, {
          expiresIn: 3600,
          ...(signContentType ? { signableHeaders: new Set(['content-type']) } : {}),
        });
        const base: Case = {
          name: `${method} ${key}`,
          url,
          method,
          headers: signContentType ? { 'content-type': 'text/plain' } : {},
          secret,
        };
        cases.push({ c: base, expect: 'valid' });
        for (const e of equivalents(base)) cases.push({ c: e, expect: 'valid' });
        const parsed = parsePresignedUrl(url);
        assert.ok(parsed.ok);
        for (const m of mutationsOf(base, parsed.value.host.rawKey, key, { hostStyle: false, secretChars: false })) {
          cases.push({ c: { ...m, name: `${base.name} / ${m.name}`, secret }, expect: 'invalid' });
        }
        const signature = paramValue(url, 'X-Amz-Signature')!;
        for (let i = 0; i < 64; i += 9) {
          const changed = signature.slice(0, i) + (signature[i] === 'f' ? 'e' : 'f') + signature.slice(i + 1);
          cases.push({
            c: {
              ...base,
              name: `${base.name} / signature character ${i}`,
              url: setParam(url, 'X-Amz-Signature', changed),
            },
            expect: 'invalid',
          });
        }
      }
    }
    // SigV2, signed by the engine itself: the server checks it independently.
    for (const key of KEYS.slice(0, 4)) {
      const rawPath = `/${DEMO_BUCKET}/${key
        .split('/')
        .map((s) => encodeURIComponent(s))
        .join('/')}`;
      const expires = String(Math.floor(Date.now() / 1000) + 3600);
      const { signature } = signV2(
        { method: 'GET', contentMd5: '', contentType: '', expires, amzHeaders: [], resource: rawPath },
        LOCAL_S3_CREDENTIALS.secretAccessKey,
      );
      const url = `${s3.endpoint}${rawPath}?AWSAccessKeyId=${LOCAL_S3_CREDENTIALS.accessKeyId}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
      const base: Case = {
        name: `SigV2 GET ${key}`,
        url,
        method: 'GET',
        headers: {},
        secret: LOCAL_S3_CREDENTIALS.secretAccessKey,
      };
      cases.push({ c: base, expect: 'valid' });
      cases.push({ c: { ...base, name: `${base.name} / PUT`, method: 'PUT' }, expect: 'invalid' });
      cases.push({
        c: {
          ...base,
          name: `${base.name} / expires edited`,
          url: setParam(url, 'Expires', String(Number(expires) + 60)),
        },
        expect: 'invalid',
      });
    }
  });

  after(async () => {
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on every base URL, equivalent encoding and mutation', async () => {
    let agree = 0;
    const counts = { valid: 0, invalid: 0 };
    const disagreements: string[] = [];
    for (const { c, expect } of cases) {
      // A DELETE that went through would make later requests on the key answer 404: both still "valid".
      const [engine, server] = [engineVerdict(c), await serverVerdict(s3, c)];
      if (engine === server && (expect === undefined || engine === expect)) {
        agree++;
        counts[engine]++;
      } else {
        disagreements.push(`${c.name}: engine ${engine}, server ${server}, expected ${expect}`);
      }
    }
    console.log(
      `      ${cases.length} requests judged by the server: ${agree} agree (${counts.valid} valid, ${counts.invalid} invalid)`,
    );
    assert.deepEqual(disagreements, []);
  });
});
