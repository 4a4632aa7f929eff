// `s3-presign cors` as users run it: every CORS case of the table whose Origin a browser can send, through
// the CLI with the case's configuration in a file; the bucket's own configuration read with a profile from
// the local S3 (and refused through the fault proxy); the redirects a preflight cannot follow.
import * as assert from 'node:assert/strict';
import { DeleteBucketCorsCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAwsFiles } from '../../../scripts/lib/awsFiles';
import { startFaultProxy, type FaultProxy } from '../../../scripts/lib/faultProxy';
import {
  addLocalS3KeyPair,
  LOCAL_S3_CREDENTIALS,
  LOCAL_S3_REGION,
  startLocalS3,
  type LocalS3,
} from '../../../scripts/lib/localS3';
import { runCli } from '../../../src/cli/main';
import { serializeOrigin } from '../../../src/engine/cors';
import { CORS_CASES, type CorsCase } from '../cors/cases';
import { AWS_CLIENT, CASE_BUCKET, CASE_KEY, presign } from '../cors/presign';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(args: readonly string[]): Promise<Run> {
  let out = '';
  let err = '';
  const io = { out: (t: string) => void (out += `${t}\n`), readStdin: () => '' };
  const code = await runCli(args, io, (l) => void (err += `${l}\n`));
  return { code, out, err };
}

interface CorsJson {
  allowed: boolean;
  matchedRule: number | null;
  rules: { index: number; matches: boolean; reasons: string[] }[];
  exposedHeaders: string[];
  fix: { json: string; changes: string[] } | null;
  bucketRegion: string | null;
  findings: { code: string; severity: string }[];
}

const headerArgs = (c: CorsCase): string[] =>
  (c.headers ?? []).flatMap((h) => (h.value === undefined ? [] : ['--header', `${h.name}: ${h.value}`]));

/** A browser sends only serialized origins; Ceph's wildcard cases use bare strings no page can have. */
const browserOrigin = (c: CorsCase): boolean => serializeOrigin(c.origin).ok;

const AWS_VARS = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
];

/** Another key pair, so that a URL signed with the local key names only the `local` profile. */
const GUARDED_KEYS = { accessKeyId: 'GUARDEDKEY', secretAccessKey: 'guarded' };

describe('s3-presign cors', function () {
  this.timeout(60_000);
  let dir: string;
  let s3: LocalS3;
  let proxy: FaultProxy;
  const saved = Object.fromEntries(AWS_VARS.map((k) => [k, process.env[k]]));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-cli-cors-'));
    s3 = await startLocalS3({ directory: join(dir, 's3'), buckets: [CASE_BUCKET, 'denied'] });
    addLocalS3KeyPair(GUARDED_KEYS.accessKeyId, GUARDED_KEYS.secretAccessKey);
    proxy = await startFaultProxy(() => s3.port, { buckets: { denied: 'access-denied' } });
    for (const k of Object.keys(saved)) delete process.env[k];
    const local = { ...LOCAL_S3_CREDENTIALS, region: LOCAL_S3_REGION, pathStyle: true };
    const aws = writeAwsFiles(join(dir, 'aws'), {
      local: { ...local, endpointUrl: s3.endpoint },
      guarded: { ...local, ...GUARDED_KEYS, endpointUrl: proxy.endpoint },
    });
    Object.assign(process.env, aws.env);
  });
  after(async () => {
    await proxy.close();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const localUrl = (spec: CorsCase['presign']): Promise<string> =>
    presign(spec, {
      endpoint: s3.endpoint,
      region: LOCAL_S3_REGION,
      forcePathStyle: true,
      credentials: LOCAL_S3_CREDENTIALS,
    });

  describe('gives the documented answer on every case of the table a browser can make', () => {
    let checked = 0;
    after(() => console.log(`      ${checked} of ${CORS_CASES.length} CORS cases checked through the CLI`));

    for (const c of CORS_CASES.filter(browserOrigin)) {
      it(c.name, async () => {
        const args = ['cors', '--origin', c.origin, '--json', ...headerArgs(c)];
        if (c.credentials) args.push('--with-credentials');
        let url: string;
        if (c.cors === null) {
          // No configuration: the bucket's own, read with the profile.
          await s3.client.send(new DeleteBucketCorsCommand({ Bucket: CASE_BUCKET }));
          url = await localUrl(c.presign);
        } else {
          const file = join(dir, `case-${checked}.cors`);
          writeFileSync(file, c.cors);
          args.push('--cors-file', file);
          url = await presign(c.presign, AWS_CLIENT);
        }
        const run = await cli([...args.slice(0, 1), url, ...args.slice(1)]);
        assert.equal(run.code, c.expect.allowed ? 0 : 1, run.err);
        const report = JSON.parse(run.out) as CorsJson;
        assert.equal(report.allowed, c.expect.allowed);
        assert.equal(report.matchedRule, c.expect.matchedRule);
        const codes = report.findings.map((f) => f.code);
        for (const code of c.expect.findings ?? []) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
        if (!c.expect.allowed) assert.ok(report.fix, 'a fix for a blocked request');
        checked++;
      });
    }
  });

  describe('reading the bucket’s configuration with the profile', () => {
    const ORIGIN = 'https://app.example.com';
    const putCors = (exposeETag: boolean): Promise<unknown> =>
      s3.client.send(
        new PutBucketCorsCommand({
          Bucket: CASE_BUCKET,
          CORSConfiguration: {
            CORSRules: [
              {
                AllowedOrigins: [ORIGIN],
                AllowedMethods: ['PUT'],
                AllowedHeaders: ['*'],
                ...(exposeETag ? { ExposeHeaders: ['ETag'] } : {}),
              },
            ],
          },
        }),
      );

    it('reads it with the profile whose key signed the URL, and says the page cannot read ETag', async () => {
      await putCors(false);
      const url = await localUrl({ operation: 'UploadPart' });
      const run = await cli(['cors', url, '--origin', ORIGIN]);
      assert.equal(run.code, 1, run.err);
      assert.match(run.out, /^BLOCKED: PUT from https:\/\/app\.example\.com, answered by CORSRules\[0\]/);
      assert.match(run.out, new RegExp(`Configuration: bucket ${CASE_BUCKET}, read with profile local`));
      assert.match(run.out, /The page needs but cannot read: etag/);
      assert.match(run.out, /added ETag to ExposeHeaders/);
    });

    it('exits 0 once the bucket exposes ETag', async () => {
      await putCors(true);
      const url = await localUrl({ operation: 'UploadPart' });
      const run = await cli(['cors', url, '--origin', ORIGIN, '--json']);
      assert.equal(run.code, 0, run.err);
      const report = JSON.parse(run.out) as CorsJson;
      assert.ok(report.exposedHeaders.includes('etag'));
      assert.equal(report.fix, null);
    });

    it('checks a bucket alone with s3://BUCKET, --method and --header', async () => {
      await putCors(true);
      const put = await cli([
        'cors',
        `s3://${CASE_BUCKET}`,
        '--origin',
        `${ORIGIN}/upload`,
        '--method',
        'PUT',
        '--header',
        'Content-Type: image/png',
        '--profile',
        'local',
      ]);
      assert.equal(put.code, 0, put.err);
      const get = await cli(['cors', `s3://${CASE_BUCKET}`, '--origin', ORIGIN, '--profile', 'local', '--json']);
      assert.equal(get.code, 1);
      const report = JSON.parse(get.out) as CorsJson;
      assert.match(report.rules[0]!.reasons.join(' '), /GET is not in AllowedMethods \["PUT"\]/);
      assert.match(report.fix!.json, /"GET"/);
    });

    it('says plainly when the bucket has no CORS configuration, and offers one', async () => {
      await s3.client.send(new DeleteBucketCorsCommand({ Bucket: CASE_BUCKET }));
      const run = await cli([
        'cors',
        `s3://${CASE_BUCKET}`,
        '--origin',
        ORIGIN,
        '--method',
        'PUT',
        '--profile',
        'local',
      ]);
      assert.equal(run.code, 1, run.err);
      assert.match(run.out, /the bucket has no CORS configuration/);
      assert.match(run.out, /NO_CORS_CONFIGURATION/);
      assert.match(run.out, /"AllowedOrigins": \[\s*"https:\/\/app\.example\.com"/);
    });

    it('exits 2 with one line when the configuration may not be read, and names the way round', async () => {
      const run = await cli(['cors', 's3://denied', '--origin', ORIGIN, '--profile', 'guarded']);
      assert.equal(run.code, 2);
      assert.equal(run.err.trimEnd().split('\n').length, 1, run.err);
      assert.match(
        run.err,
        /cannot read the CORS configuration of denied: Access denied .*s3:GetBucketCORS.*--cors-file/,
      );
    });
  });

  describe('redirects a preflight cannot follow', () => {
    const file = (): string => {
      const path = join(dir, 'any.cors');
      writeFileSync(
        path,
        JSON.stringify([{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'] }]),
      );
      return path;
    };

    it('blocks a path-style URL on the global endpoint for a bucket outside us-east-1', async () => {
      const url = await presign(
        { operation: 'PutObject' },
        { ...AWS_CLIENT, endpoint: 'https://s3.amazonaws.com', forcePathStyle: true },
      );
      assert.match(url, /^https:\/\/s3\.amazonaws\.com\/presign-lens-cors\//);
      const run = await cli(['cors', url, '--origin', 'https://app.example.com', '--cors-file', file(), '--json']);
      assert.equal(run.code, 1, run.err);
      const report = JSON.parse(run.out) as CorsJson;
      assert.equal(report.findings[0]!.code, 'GLOBAL_ENDPOINT_REDIRECT');
      assert.equal(report.findings[0]!.severity, 'error');
    });

    it('warns of the 307 on a virtual-hosted global URL, and lets the rules decide', async () => {
      const url = `https://${CASE_BUCKET}.s3.amazonaws.com/${CASE_KEY}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=${'a'.repeat(64)}`;
      const run = await cli(['cors', url, '--origin', 'https://app.example.com', '--cors-file', file(), '--json']);
      assert.equal(run.code, 0, run.err);
      const report = JSON.parse(run.out) as CorsJson;
      assert.deepEqual(
        report.findings.map((f) => [f.code, f.severity]),
        [
          ['METHOD_NOT_STATED', 'warning'],
          ['GLOBAL_ENDPOINT_REDIRECT', 'warning'],
        ],
      );
    });
  });

  describe('usage', () => {
    it('exits 2 with one line for a missing or scheme-less origin, an unreadable or malformed configuration', async () => {
      const bad = join(dir, 'bad.cors');
      writeFileSync(bad, '{"CorsRules": []}');
      const url = `s3://${CASE_BUCKET}`;
      for (const [args, message] of [
        [['cors', url, '--cors-file', bad], /missing --origin/],
        [['cors', url, '--origin', 'localhost:3000', '--cors-file', bad], /CloudFormation form/],
        [['cors', url, '--origin', 'localhost:3000', '--cors-file', join(dir, 'absent')], /cannot read/],
        [['cors', 'not a url', '--origin', 'https://a.example'], /.+/],
        [['cors', '--origin', 'https://a.example'], /missing <url\|s3:\/\/BUCKET>/],
      ] as const) {
        const run = await cli(args);
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.out}`);
        assert.equal(run.err.trimEnd().split('\n').length, 1, run.err);
        assert.match(run.err, message);
      }
      const file = join(dir, 'ok.cors');
      writeFileSync(file, '[{"AllowedOrigins":["*"],"AllowedMethods":["GET"]}]');
      const scheme = await cli(['cors', url, '--origin', 'localhost:3000', '--cors-file', file]);
      assert.equal(scheme.code, 2);
      assert.match(scheme.err, /--origin: "localhost:3000" is not an origin .*with its scheme/);
    });
  });
});
