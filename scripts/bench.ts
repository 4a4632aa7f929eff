// npm run bench: the engine's speed, printed as figures (not a test: nothing here passes or fails).
//   decode+diagnose µs per URL, verify µs per URL, explanation search ms per invalid URL,
//   find and scan MB/s on a generated 50 MB corpus of code, JSON, logs and Markdown.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { cpus, platform, release, totalmem } from 'node:os';
import { createBulkSigner } from '../src/aws/bulkSigner';
import { S3Access } from '../src/aws/s3';
import { IgnoreScope, parseGitignore, scanText } from '../src/scan';
import {
  decodeReport,
  diagnose,
  explainS3Error,
  findPresignedUrls,
  parsePresignedUrl,
  presignedUrlAt,
  verifyPresignedUrl,
  type PresignedUrl,
} from '../src/engine';
import { fixtures, LONG_TERM, SIGNING_DATE } from '../test/unit/engine/fixtures';
import { mutationsOf } from '../test/unit/engine/mutations';

const NOW = new Date('2026-03-14T15:20:00Z');

/** Runs `fn` over `items` until `ms` have passed (after a warm-up); returns microseconds per item. */
function perItem<T>(items: readonly T[], fn: (item: T) => unknown, ms = 1500): number {
  for (const item of items) fn(item);
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (const item of items) fn(item);
    count += items.length;
  }
  return ((performance.now() - started) * 1000) / count;
}

function corpus(bytes: number, urls: readonly string[]): { text: string; urls: number } {
  const chunks: string[] = [];
  let size = 0;
  let n = 0;
  let placed = 0;
  const code =
    "export function handler(event: Event): Promise<Response> {\n  const key = event.path.replace(/^\\//, '');\n  return fetch(`https://api.example.com/items/${key}?limit=20`).then((r) => r.json());\n}\n";
  const log =
    '2026-03-14T15:09:27.123Z INFO request_id=6f1c2a method=GET path=/v1/items status=200 duration_ms=12 user_agent="Mozilla/5.0 (X11; Linux x86_64)"\n';
  const markdown =
    '## Downloads\n\nThe nightly build is published every day at 02:00 UTC. See http://example.com/docs for the changelog.\n\n';
  while (size < bytes) {
    let chunk: string;
    const url = urls[n % urls.length]!;
    switch (n % 5) {
      case 0:
        chunk = code.repeat(20);
        break;
      case 1:
        chunk = log.repeat(30);
        break;
      case 2:
        chunk = markdown.repeat(25);
        break;
      case 3:
        chunk = `{"items":[${'{"id":1,"name":"widget","tags":["a","b"],"href":"https://example.com/w/1"},'.repeat(30)}{"url":"${url.replace(/&/g, '\\u0026').replace(/\//g, '\\/')}"}]}\n`;
        placed++;
        break;
      default:
        chunk = `${log.repeat(10)}presigned=${url}\n${code.repeat(5)}const u = '${url}';\n`;
        placed += 2;
        break;
    }
    chunks.push(chunk);
    size += chunk.length;
    n++;
  }
  return { text: chunks.join(''), urls: placed };
}

async function main(): Promise<void> {
  const all = await fixtures();
  const urls = all.map((f) => f.url);
  const parsed: PresignedUrl[] = urls.map((u) => {
    const p = parsePresignedUrl(u);
    if (!p.ok) throw new Error(p.error);
    return p.value;
  });

  console.log(
    `S3 Presign Lens engine benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${platform()} ${release()}`,
  );
  console.log(
    `corpus: ${urls.length} URLs made by @aws-sdk/s3-request-presigner (4 methods × 4 endpoints × 10 keys, half with session tokens)\n`,
  );

  const decodeUs = perItem(urls, (u) => {
    const p = parsePresignedUrl(u);
    if (p.ok) diagnose(p.value, { now: NOW });
  });
  const reportUs = perItem(urls, (u) => {
    const p = parsePresignedUrl(u);
    if (p.ok) decodeReport(p.value, diagnose(p.value, { now: NOW }), NOW);
  });
  const verifyUs = perItem(
    all.map((f, i) => ({ f, url: parsed[i]! })),
    ({ f, url }) =>
      verifyPresignedUrl(url, { secretAccessKey: f.secretAccessKey, method: f.method, headers: f.headers }),
  );

  const invalid = all.flatMap((f, i) =>
    mutationsOf({ url: f.url, method: f.method, headers: f.headers }, parsed[i]!.host.rawKey, f.key, {
      hostStyle: f.style.isAws,
      secretChars: false,
    }).map((m) => ({ m, secret: f.secretAccessKey })),
  );
  const times: number[] = [];
  for (const { m, secret } of invalid) {
    const p = parsePresignedUrl(m.url);
    if (!p.ok) continue;
    const started = performance.now();
    const result = verifyPresignedUrl(p.value, { secretAccessKey: secret, method: m.method, headers: m.headers });
    times.push(performance.now() - started);
    if (result.valid) throw new Error(`mutation ${m.name} verified`);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const p99 = times[Math.floor(times.length * 0.99)]!;

  const { text, urls: placed } = corpus(50 * 1024 * 1024, urls);
  const mb = text.length / (1024 * 1024);
  const rate = (run: () => number): { mbs: number; found: number } => {
    run();
    const rounds = 3;
    const started = performance.now();
    let found = 0;
    for (let r = 0; r < rounds; r++) found = run();
    return { mbs: (mb * rounds) / ((performance.now() - started) / 1000), found };
  };
  const find = rate(() => findPresignedUrls(text).length);
  const scan = rate(() => scanText(text, 'corpus', NOW).length);

  const rows: [string, string, string][] = [
    ['decode + diagnose', `${decodeUs.toFixed(1)} µs per URL`, '< 20 µs'],
    ['decode + diagnose + report (what the CLI prints)', `${reportUs.toFixed(1)} µs per URL`, ''],
    ['verify (valid URL, parsed)', `${verifyUs.toFixed(1)} µs per URL`, '< 50 µs'],
    [
      `explanation search (${times.length} invalid URLs)`,
      `${mean.toFixed(2)} ms mean, ${p99.toFixed(2)} ms p99, ${times[times.length - 1]!.toFixed(2)} ms max`,
      '< 20 ms',
    ],
    [
      `find (${mb.toFixed(0)} MB mixed corpus, ${find.found} URLs: one per ${((mb * 1024) / find.found).toFixed(1)} KB, half JSON-escaped)`,
      `${find.mbs.toFixed(0)} MB/s`,
      '> 200 MB/s',
    ],
    ['scan (find, then parse + diagnose each URL)', `${scan.mbs.toFixed(0)} MB/s`, ''],
  ];
  if (find.found !== placed) throw new Error(`find returned ${find.found} URLs, the corpus holds ${placed}`);

  // What a hover does in the engine (find the URL around the position, parse, diagnose), on the hostile
  // files of the inline issue: a 5 MB one-line minified JSON with 10,000 URLs, a 10 MB line without any.
  const minified = `{"urls":["${Array.from({ length: 10_000 }, (_, i) => urls[i % urls.length]!.replace(/&/g, '\\u0026')).join('","')}"],"pad":"`;
  const oneLine = minified + 'x'.repeat(Math.max(0, 5 * 1024 * 1024 - minified.length - 2)) + '"}';
  const anchors: number[] = [];
  for (
    let at = oneLine.indexOf('X-Amz-Credential');
    at !== -1 && anchors.length < 2000;
    at = oneLine.indexOf('X-Amz-Credential', at + 5000)
  )
    anchors.push(at);
  const hoverUs = perItem(anchors, (at) => {
    const found = presignedUrlAt(oneLine, at);
    if (!found) throw new Error(`no URL at ${at}`);
    const p = parsePresignedUrl(found.text);
    if (p.ok) diagnose(p.value, { now: NOW });
  });
  const empty = 'y'.repeat(10 * 1024 * 1024);
  const emptyHoverUs = perItem([1, 2, 3, 4], (k) => presignedUrlAt(empty, (empty.length / 5) * k));
  const oneLineMb = oneLine.length / (1024 * 1024);
  const oneLineStarted = performance.now();
  const oneLineFound = findPresignedUrls(oneLine).length;
  const oneLineMs = performance.now() - oneLineStarted;
  rows.push(
    [
      `hover lookup on a ${oneLineMb.toFixed(1)} MB one-line JSON with 10,000 URLs (find around, parse, diagnose)`,
      `${hoverUs.toFixed(1)} µs per hover`,
      '< 2 ms',
    ],
    ['hover lookup on a 10 MB line without a URL', `${emptyHoverUs.toFixed(1)} µs per hover`, '< 2 ms'],
    [
      `find in that one-line JSON, in one go (${oneLineFound} URLs; the editor reads it in 8 ms slices)`,
      `${oneLineMs.toFixed(1)} ms`,
      '',
    ],
  );

  // Hostile input (the safety issue): a 16 KB URL with 1,000 parameters added after signing — verify with
  // its mismatch search, and S3's answer read with the secret; a URL with 10,000; hovers on 10 MB lines of
  // "http" and of URLs; a workspace-sized .gitignore scan with the pathological rule.
  const longUrl = (n: number): PresignedUrl => {
    const extra = Array.from(
      { length: n },
      (_, i) => `&p${i}=${'v'.repeat(Math.max(1, Math.floor((16 * 1024) / n) - 6))}`,
    ).join('');
    const p = parsePresignedUrl(`${urls[0]!}${extra}`);
    if (!p.ok) throw new Error(p.error);
    return p.value;
  };
  const sixteen = longUrl(1000);
  const worst = (runs: number, fn: () => unknown): { mean: number; max: number } => {
    const all: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      fn();
      all.push(performance.now() - started);
    }
    return { mean: all.reduce((a, b) => a + b, 0) / all.length, max: Math.max(...all) };
  };
  const verifyLong = worst(20, () => verifyPresignedUrl(sixteen, { secretAccessKey: 'other', method: 'GET' }));
  const sts = `AWS4-HMAC-SHA256\n${sixteen.params.find((q) => q.name === 'X-Amz-Date')!.value}\n${sixteen.credential!.raw.split('/').slice(1).join('/')}\n${'0'.repeat(64)}`;
  const s3Said = `<Error><Code>SignatureDoesNotMatch</Code><Message>x</Message><StringToSign>${sts}</StringToSign></Error>`;
  const explainLong = worst(20, () =>
    explainS3Error(s3Said, { url: sixteen, secretAccessKey: all[0]!.secretAccessKey }),
  );
  const tenThousand = longUrl(10_000);
  const verifyTen = worst(5, () => verifyPresignedUrl(tenThousand, { secretAccessKey: 'other', method: 'GET' }));
  const httpLine = 'http'.repeat((10 * 1024 * 1024) / 4);
  const urlLine = `${urls[0]!} `.repeat(Math.floor((10 * 1024 * 1024) / (urls[0]!.length + 1)));
  const hoverHttp = perItem(
    [0.2, 0.4, 0.6, 0.8],
    (k) => presignedUrlAt(httpLine, Math.floor(httpLine.length * k)),
    500,
  );
  const hoverUrls = perItem([0.2, 0.4, 0.6, 0.8], (k) => presignedUrlAt(urlLine, Math.floor(urlLine.length * k)), 500);
  const gitignore = parseGitignore('*a*a*a*a*a*a*a*a*b\n');
  const scope = new IgnoreScope().with('', gitignore.rules);
  const names = [40, 100, 255].map((n) => 'a'.repeat(n));
  const ignoreUs = perItem(names, (name) => scope.ignores(name, false), 500);
  rows.push(
    [
      '16 KB URL, 1,000 parameters added after signing: verify + mismatch search',
      `${verifyLong.mean.toFixed(1)} ms mean, ${verifyLong.max.toFixed(1)} ms max`,
      '< 50 ms',
    ],
    [
      'same URL: S3 said… with the secret (StringToSign only)',
      `${explainLong.mean.toFixed(1)} ms mean, ${explainLong.max.toFixed(1)} ms max`,
      '< 50 ms',
    ],
    [
      'URL with 10,000 parameters: verify + mismatch search',
      `${verifyTen.mean.toFixed(1)} ms mean, ${verifyTen.max.toFixed(1)} ms max`,
      '< 1 s',
    ],
    ['hover lookup on a 10 MB line of "http"', `${hoverHttp.toFixed(1)} µs per hover`, '< 2 ms'],
    ['hover lookup on a 10 MB line of presigned URLs', `${hoverUrls.toFixed(1)} µs per hover`, '< 2 ms'],
    ['.gitignore "*a*a*a*a*a*a*a*a*b" against names of 40, 100, 255 "a"', `${ignoreUs.toFixed(1)} µs per path`, ''],
  );

  // Bulk presigning: 100,000 keys with the bulk signer, against getSignedUrl in a loop with one client.
  const keys = Array.from(
    { length: 100_000 },
    (_, i) => `exports/2026/03/customer-${String(i).padStart(6, '0')} report.csv`,
  );
  const profile = { name: 'bench', kind: 'static' as const, region: 'eu-west-1', pathStyle: false };
  const access = new S3Access(profile, async () => LONG_TERM);
  access.setBucketRegion('bench-bucket', 'eu-west-1');
  const signer = await createBulkSigner(access, 'bench-bucket', 3600, SIGNING_DATE);
  for (let i = 0; i < 2000; i++) signer.sign(keys[i]!);
  const bulkStarted = performance.now();
  let bytes = 0;
  for (const key of keys) bytes += signer.sign(key).length;
  const bulkRate = keys.length / ((performance.now() - bulkStarted) / 1000);
  const client = new S3Client({
    region: 'eu-west-1',
    credentials: LONG_TERM,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const loopKeys = keys.slice(0, 5000);
  for (const key of loopKeys.slice(0, 300))
    await getSignedUrl(client, new GetObjectCommand({ Bucket: 'bench-bucket', Key: key }), {
      expiresIn: 3600,
      signingDate: SIGNING_DATE,
    });
  const loopStarted = performance.now();
  for (const key of loopKeys)
    await getSignedUrl(client, new GetObjectCommand({ Bucket: 'bench-bucket', Key: key }), {
      expiresIn: 3600,
      signingDate: SIGNING_DATE,
    });
  const loopRate = loopKeys.length / ((performance.now() - loopStarted) / 1000);
  if (bytes === 0) throw new Error('no URL signed');
  rows.push(
    [
      'bulk presign, 100,000 keys (one credential set, cached signing key)',
      `${Math.round(bulkRate).toLocaleString('en-US')} URLs/s`,
      '> 100,000 URLs/s',
    ],
    ['getSignedUrl in a loop, one client (5,000 keys)', `${Math.round(loopRate).toLocaleString('en-US')} URLs/s`, ''],
    ['bulk / loop', `${(bulkRate / loopRate).toFixed(0)}×`, '≥ 50×'],
  );
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [what, figure, target] of rows)
    console.log(`${what.padEnd(w0)}  ${figure.padEnd(w1)}  ${target ? `target ${target}` : ''}`);
}

void main();
