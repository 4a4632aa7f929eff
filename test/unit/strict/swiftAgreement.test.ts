// The engine against a strict, independent S3 (OpenStack Swift's s3api): for every request sent byte for
// byte, the engine's verdict must be Swift's (outside Swift's named deviations from AWS), and for every
// refused single change its explanations must name the labelled cause or say plainly that they cannot tell.
// URLs come from the AWS SDK's presigner and from the project's CLI, path style and virtual-hosted; the
// mutations and their labels are in mutations.ts, the deviations in deviations.ts.
import * as assert from 'node:assert/strict';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runLimited } from '../../../scripts/lib/localS3';
import { ROOT } from '../../../scripts/lib/paths';
import { processGroupAlive, startSwiftS3, type SwiftS3 } from '../../../scripts/lib/swiftS3';
import { DEVIATIONS, type DeviationName } from './deviations';
import { classifyCause, engineView, explanationCodes, type CauseClass, type Outcome } from './judge';
import {
  ERROR_DOCUMENT_DEVIATIONS,
  KIND_NAMES,
  KINDS,
  mutationsOf,
  type Base,
  type Case,
  type Kind,
  type KindSpec,
} from './mutations';
import { formatReport } from './report';
import { addressedObject, send, verdictOf, wireRequest, type WireRequest } from './wire';

const BUCKET = 'presign-lens-strict';
/** What breaks encoders and canonicalisers. The NFC and NFD forms are distinct keys, both stored. */
const KEYS = [
  'plain.txt',
  'with space.txt',
  'a+b=c&d.txt',
  '100% done.txt',
  'unicode/café naïve.txt',
  'unicode/café naïve.txt'.normalize('NFD'),
  "marks/~*()'!.txt",
  'double//slash.txt',
  'folder/',
  `long/${'x'.repeat(795)}`,
];
/** Over S3's 1,024-byte key limit: only to show that Swift answers it before any signature check. */
const TOO_LONG_KEY = `long/${'y'.repeat(1100)}`;
const OPERATIONS = ['GET', 'PUT', 'PUT with Content-Type', 'HEAD', 'DELETE'] as const;
type Operation = (typeof OPERATIONS)[number];
const STYLES = ['path', 'virtual'] as const;
type Style = (typeof STYLES)[number];
const CONTENT_TYPE = 'text/plain';
/** Two days, so that the URLs (signed up to a day ago, see signingDate) are live whatever X-Amz-Date says. */
const EXPIRES_IN = 172_800;
const WRONG_SECRET = 'not-the-secret-swift-holds';

/**
 * The CLI (one Node process each, ~0.2 s) presigns every key, both styles, for a download and a signed
 * upload; the other operations differ only in the method it passes to the SDK, so one key shows them.
 */
const CLI_JOBS = STYLES.flatMap((style) => [
  ...KEYS.flatMap((key) => (['GET', 'PUT with Content-Type'] as const).map((operation) => ({ style, key, operation }))),
  ...(['PUT', 'HEAD', 'DELETE'] as const).map((operation) => ({ style, key: KEYS[1]!, operation })),
]);

/** GET and HEAD read the stored keys; PUT and DELETE work on their own copies so no read is disturbed. */
function targetKey(operation: Operation, key: string): string {
  if (operation === 'PUT' || operation === 'PUT with Content-Type') return `uploaded/${key}`;
  if (operation === 'DELETE') return `deleted/${key}`;
  return key;
}

const daysBefore = (date: Date, days: number): Date => new Date(date.getTime() - days * 86_400_000);
const methodOf = (operation: Operation): string => (operation === 'PUT with Content-Type' ? 'PUT' : operation);

/**
 * Noon UTC of the last day whose noon is at least a minute past: X-Amz-Date ± 1 h then stays on the
 * credential's day, and the two-day expiry keeps every URL live.
 */
function signingDate(now: Date): Date {
  const noon = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 12);
  return new Date(noon <= now.getTime() - 60_000 ? noon : noon - 86_400_000);
}

function command(operation: Operation, key: string) {
  const input = { Bucket: BUCKET, Key: targetKey(operation, key) };
  switch (operation) {
    case 'GET':
      return new GetObjectCommand(input);
    case 'PUT':
      return new PutObjectCommand(input);
    case 'PUT with Content-Type':
      return new PutObjectCommand({ ...input, ContentType: CONTENT_TYPE });
    case 'HEAD':
      return new HeadObjectCommand(input);
    case 'DELETE':
      return new DeleteObjectCommand(input);
  }
}

const headersOf = (operation: Operation): [string, string][] =>
  operation === 'PUT with Content-Type' ? [['Content-Type', CONTENT_TYPE]] : [];

interface Generated extends Base {
  readonly generator: 'sdk' | 'cli';
  readonly operation: Operation;
  readonly key: string;
}

const spec = (kind: Kind): KindSpec => KINDS[kind];
const bodyOf = (key: string): string => `object ${KEYS.indexOf(key)}`;

describe('engine against a strict S3 (OpenStack Swift s3api)', function () {
  // Installing Swift on a fresh machine (root) and its first start take longer than a warm run's minute.
  this.timeout(600_000);
  let swift: SwiftS3;
  let home: string;
  const generated: Generated[] = [];
  const outcomes: Outcome[] = [];
  const timings: Record<string, number> = {};

  const sdkClient = (style: Style, secretAccessKey: string): S3Client =>
    new S3Client({
      endpoint: swift.endpoint,
      region: swift.region,
      forcePathStyle: style === 'path',
      credentials: { accessKeyId: swift.accessKeyId, secretAccessKey },
      // As the extension presigns: no empty-body CRC32 on uploads, on which AWS's verdict is disputed.
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });

  async function sdkUrl(
    style: Style,
    operation: Operation,
    key: string,
    options: { secret?: string; date?: Date; expiresIn?: number },
    signedAt: Date,
  ): Promise<string> {
    const client = sdkClient(style, options.secret ?? swift.secretAccessKey);
    try {
      return await getSignedUrl(client, command(operation, key), {
        expiresIn: options.expiresIn ?? EXPIRES_IN,
        signingDate: options.date ?? signedAt,
        signableHeaders: operation === 'PUT with Content-Type' ? new Set(['content-type']) : undefined,
      });
    } finally {
      client.destroy();
    }
  }

  const cliPath = join(ROOT, 'dist', 'cli.js');
  async function cliUrl(style: Style, operation: Operation, key: string, signedAt: Date): Promise<Generated> {
    const args = [
      cliPath,
      'presign',
      `s3://${BUCKET}/${targetKey(operation, key)}`,
      '--endpoint-url',
      swift.endpoint,
      '--region',
      swift.region,
      '--method',
      methodOf(operation),
      '--expires',
      '2d',
      '--date',
      signedAt.toISOString(),
      '--json',
      ...(style === 'path' ? ['--path-style'] : []),
      ...(operation === 'PUT with Content-Type' ? ['--content-type', CONTENT_TYPE] : []),
    ];
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: home,
        AWS_ACCESS_KEY_ID: swift.accessKeyId,
        AWS_SECRET_ACCESS_KEY: swift.secretAccessKey,
        AWS_CONFIG_FILE: join(home, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    const result = JSON.parse(stdout) as { url: string; headers: Record<string, string> };
    return generatedBase(
      'cli',
      style,
      operation,
      key,
      wireRequest(result.url, methodOf(operation), Object.entries(result.headers)),
    );
  }

  function generatedBase(
    generator: 'sdk' | 'cli',
    style: Style,
    operation: Operation,
    key: string,
    request: WireRequest,
    deviation?: DeviationName,
  ): Generated {
    const shown = key.length > 40 ? `${key.slice(0, 12)}…(${key.length} chars)` : key;
    const form = key !== key.normalize('NFC') ? ' NFD' : '';
    return {
      name: `${generator} ${style} ${operation} ${JSON.stringify(shown)}${form}`,
      generator,
      style,
      operation,
      key,
      bucket: BUCKET,
      request,
      deviation,
    };
  }

  const asGenerated = (b: Base): Case => ({
    name: b.name,
    kind: 'as generated',
    request: b.request,
    deviation: b.deviation,
  });

  /** The SDK's URLs for every key, operation and style; for downloads and signed uploads every change too. */
  async function sdkCases(signedAt: Date): Promise<Case[]> {
    const cases: Case[] = [];
    for (const style of STYLES) {
      for (const key of KEYS) {
        for (const operation of OPERATIONS) {
          const method = methodOf(operation);
          const url = await sdkUrl(style, operation, key, {}, signedAt);
          const b = generatedBase('sdk', style, operation, key, wireRequest(url, method, headersOf(operation)));
          generated.push(b);
          cases.push(asGenerated(b));
          // The other operations get the changes whose outcome can depend on the method.
          if (operation !== 'GET' && operation !== 'PUT with Content-Type') {
            cases.push(...mutationsOf(b, { full: false, allMissing: false }));
            continue;
          }
          // Missing parameters do not depend on the key: two keys are enough.
          cases.push(...mutationsOf(b, { full: true, allMissing: operation === 'GET' && KEYS.indexOf(key) < 2 }));
          const other = await sdkUrl(style, operation, key, { secret: WRONG_SECRET }, signedAt);
          const old = await sdkUrl(style, operation, key, { date: daysBefore(signedAt, 3), expiresIn: 3600 }, signedAt);
          cases.push(
            {
              name: `${b.name} / signed with another secret`,
              kind: 'signed with another secret',
              request: wireRequest(other, method, headersOf(operation)),
            },
            { name: `${b.name} / expired`, kind: 'expired', request: wireRequest(old, method, headersOf(operation)) },
          );
        }
      }
    }
    // Swift answers a PUT of a key over 1,024 bytes before it checks the signature (a GET it checks).
    const longPut = await sdkUrl('path', 'PUT', TOO_LONG_KEY, {}, signedAt);
    const long = generatedBase('sdk', 'path', 'PUT', TOO_LONG_KEY, wireRequest(longPut, 'PUT'), 'key over 1,024 bytes');
    cases.push(
      asGenerated(long),
      ...mutationsOf(long, { full: false, allMissing: false }).filter((m) => m.kind === 'signature character changed'),
    );
    return cases;
  }

  /** The CLI's URLs, as generated (two at a time: each is a Node process). */
  async function cliCases(signedAt: Date): Promise<Case[]> {
    const cases: Case[] = [];
    await runLimited(
      CLI_JOBS.map(({ style, key, operation }) => async () => {
        const b = await cliUrl(style, operation, key, signedAt);
        generated.push(b);
        cases.push(asGenerated(b));
      }),
      2,
    );
    return cases;
  }

  async function sendAndJudge(c: Case, now: Date): Promise<Outcome> {
    const answer = await send(swift.port, c.request);
    const swiftVerdict = verdictOf(c.request.method, answer);
    const engine = engineView(c.request, swift.secretAccessKey, now);
    const kind = spec(c.kind);
    if (swiftVerdict !== 'refused' || kind.expect !== 'refused' || c.deviation)
      return { c, answer, swift: swiftVerdict, engine };
    const explained =
      answer.xml && engine.url ? explanationCodes(answer.xml, engine.url, swift.secretAccessKey) : undefined;
    return {
      c,
      answer,
      swift: swiftVerdict,
      engine,
      explained,
      verifyCause: classifyCause(engine.codes, kind.causes),
      explainCause:
        explained === undefined || ERROR_DOCUMENT_DEVIATIONS[c.kind]
          ? undefined
          : classifyCause(explained, kind.causes),
    };
  }

  before(async function () {
    if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first.`);
    const started = Date.now();
    swift = await startSwiftS3();
    timings['Swift start (s)'] = swift.startupMs / 1000;
    home = mkdtempSync(join(tmpdir(), 's3pl-strict-'));
    await swift.createBucket(BUCKET);
    await runLimited(
      KEYS.flatMap((key) => [
        () => swift.putObject(BUCKET, key, bodyOf(key)),
        () => swift.putObject(BUCKET, targetKey('DELETE', key), bodyOf(key)),
      ]),
      4,
    );

    const now = new Date();
    const signedAt = signingDate(now);
    const cases = await sdkCases(signedAt);
    const cliStarted = Date.now();
    cases.push(...(await cliCases(signedAt)));
    timings['CLI presigning (s)'] = (Date.now() - cliStarted) / 1000;

    const sendStarted = Date.now();
    await runLimited(
      cases.map((c) => async () => void outcomes.push(await sendAndJudge(c, now))),
      4,
    );
    timings['requests sent and judged (s)'] = (Date.now() - sendStarted) / 1000;
    timings['before all (s)'] = (Date.now() - started) / 1000;
  });

  after(async function () {
    if (home) rmSync(home, { recursive: true, force: true });
    if (!swift) return;
    if (outcomes.length > 0) console.log(formatReport(outcomes, timings, swift.storage));
    await swift.stop();
    assert.deepEqual(
      swift.pids.filter(processGroupAlive),
      [],
      'Swift server process groups still running after stop()',
    );
  });

  const outcomesOf = (kind: Kind): Outcome[] => outcomes.filter((o) => o.c.kind === kind);
  const compared = (kind: Kind): Outcome[] => outcomesOf(kind).filter((o) => !o.c.deviation);

  for (const generator of ['sdk', 'cli'] as const) {
    it(`Swift accepts every URL the ${generator === 'sdk' ? 'AWS SDK' : 'CLI'} presigns, path style and virtual-hosted, for the key asked`, () => {
      const bases = generated.filter((g) => g.generator === generator);
      assert.equal(
        bases.length,
        generator === 'sdk' ? STYLES.length * KEYS.length * OPERATIONS.length : CLI_JOBS.length,
      );
      const failures = bases.flatMap((b) => {
        const o = outcomes.find((x) => x.c.kind === 'as generated' && x.c.request === b.request)!;
        const expected = { GET: 200, PUT: 200, 'PUT with Content-Type': 200, HEAD: 200, DELETE: 204 }[b.operation];
        const addressed = addressedObject(b.request, swift.storageDomain);
        const problems = [
          o.answer.status !== expected &&
            `answered ${o.answer.status} ${o.answer.code ?? ''} ${o.answer.message ?? ''}`,
          b.operation === 'GET' && o.answer.status === 200 && o.answer.body !== bodyOf(b.key) && 'served another body',
          (addressed?.bucket !== BUCKET || addressed.key !== targetKey(b.operation, b.key)) &&
            `addresses ${JSON.stringify(addressed)}`,
        ].filter(Boolean);
        return problems.length
          ? [
              `${b.name}: ${problems.join('; ')} — ${b.request.method} http://${b.request.host}${b.request.target.slice(0, 120)}`,
            ]
          : [];
      });
      assert.deepEqual(failures, []);
    });
  }

  it('Swift answers every request as its label says, or as its named deviation says', () => {
    const wrong = outcomes.flatMap((o) => {
      const deviation = o.c.deviation ? DEVIATIONS[o.c.deviation] : undefined;
      if (deviation)
        return deviation.observed(o.answer, o.c.request.method)
          ? []
          : [`${o.c.name}: not as "${o.c.deviation}" says (${o.answer.status} ${o.answer.code ?? ''})`];
      if (o.c.kind === 'as generated') return []; // the acceptance tests above say what went wrong
      return o.swift === spec(o.c.kind).expect
        ? []
        : [
            `${o.c.name}: ${o.swift}, labelled ${spec(o.c.kind).expect} (${o.answer.status} ${o.answer.code ?? ''} ${o.answer.message ?? ''})`,
          ];
    });
    assert.deepEqual(wrong, []);
  });

  it('Swift still shows each named deviation, which has evidence', () => {
    for (const [name, deviation] of Object.entries(DEVIATIONS) as [
      DeviationName,
      (typeof DEVIATIONS)[DeviationName],
    ][]) {
      const set = outcomes.filter(
        (o) => o.c.deviation === name || (ERROR_DOCUMENT_DEVIATIONS[o.c.kind] === name && o.answer.xml),
      );
      assert.ok(set.length > 0, `no request showed "${name}"`);
      assert.ok(deviation.evidence.length > 0, `"${name}" has no evidence`);
      const unseen = set.filter((o) => !deviation.observed(o.answer, o.c.request.method)).map((o) => o.c.name);
      assert.deepEqual(unseen, [], `"${name}" no longer happens for these: move them back into the comparison`);
    }
  });

  for (const kind of KIND_NAMES) {
    if (spec(kind).deviation) continue;
    it(`gives Swift's verdict: ${kind}`, () => {
      const set = compared(kind).filter((o) => o.swift !== 'other');
      assert.ok(set.length > 0, `no request of kind "${kind}" was judged`);
      const disagreements = set
        .filter((o) => (o.swift === 'accepted') !== o.engine.accepts)
        .map(
          (o) =>
            `${o.c.name}: Swift ${o.swift} (${o.answer.status} ${o.answer.code ?? ''}), engine ${o.engine.accepts ? 'accepts' : `refuses [${o.engine.codes.join(', ')}]`}`,
        );
      assert.deepEqual(disagreements, [], `${disagreements.length} of ${set.length} disagree`);
    });
  }

  for (const kind of KIND_NAMES) {
    if (spec(kind).expect !== 'refused' || spec(kind).deviation) continue;
    it(`states no false cause: ${kind}`, () => {
      const set = compared(kind).filter((o) => o.swift === 'refused');
      assert.ok(set.length > 0, `no refused request of kind "${kind}"`);
      const wrong = set.flatMap((o) => [
        ...(o.verifyCause === 'false cause' ? [`${o.c.name}: verify says [${o.engine.codes.join(', ')}]`] : []),
        ...(o.explainCause === 'false cause'
          ? [`${o.c.name}: explainS3Error says [${(o.explained ?? []).join(', ')}] for ${o.answer.code}`]
          : []),
      ]);
      assert.deepEqual(wrong, [], `${wrong.length} false causes; the cause is ${spec(kind).causes.join(' or ')}`);
    });
  }

  it('names the cause of at least 99 % of refused single changes, through verify and through explainS3Error', () => {
    const refused = outcomes.filter(
      (o) =>
        !o.c.deviation && spec(o.c.kind).singleChange && o.swift === 'refused' && spec(o.c.kind).expect === 'refused',
    );
    assert.ok(refused.length > 0);
    const rate = (causes: (CauseClass | undefined)[]): number => {
      const judged = causes.filter((c) => c !== undefined);
      return judged.filter((c) => c === 'named').length / judged.length;
    };
    const verifyRate = rate(refused.map((o) => o.verifyCause));
    const explainRate = rate(refused.map((o) => o.explainCause));
    assert.ok(
      verifyRate >= 0.99 && explainRate >= 0.99,
      `named: verify ${(verifyRate * 100).toFixed(1)} %, explainS3Error ${(explainRate * 100).toFixed(1)} %`,
    );
  });
});
