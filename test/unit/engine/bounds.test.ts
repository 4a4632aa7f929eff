// Work on hostile URLs grows at most linearly with their size (doubling the input at most doubles the work,
// with room for noise), and the searches stop at their budget: a 16 KB URL with thousands of parameters
// costs what a few hundred candidates cost, not one per parameter.
import * as assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import {
  diagnose,
  explainS3Error,
  explainS3ErrorInTurns,
  parsePresignedUrl,
  verifyPresignedUrl,
  verifyPresignedUrlInTurns,
} from '../../../src/engine';
import { assertAtMostLinear, growth } from '../complexity';

const SECRET = 'bounds-secret';
const BASE =
  'https://b.s3.eu-west-1.amazonaws.com/k.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=' +
  'a'.repeat(64);
/** A URL with `n` parameters added after signing (so its signature does not match, and the search runs). */
const withParams = (n: number): string => `${BASE}${Array.from({ length: n }, (_, i) => `&p${i}=v${i}`).join('')}`;
const parse = (text: string) => {
  const parsed = parsePresignedUrl(text);
  assert.ok(parsed.ok);
  return parsed.value;
};

describe('bounded work on hostile URLs', () => {
  it('parses and diagnoses a URL in time linear in its parameters', () => {
    assertAtMostLinear('parse + diagnose', withParams, (u) => diagnose(parse(u), { now: new Date() }), 2000);
  });

  it('names ten unknown parameters and counts the rest, however many there are', () => {
    const findings = diagnose(parse(withParams(10_000)), { now: new Date() });
    assert.equal(findings.filter((f) => f.code === 'UNKNOWN_PARAMETER').length, 11);
    assert.match(findings.at(-1)!.message, /…and 9990 more parameters S3 does not define \(10000 in all\)/);
  });

  it('verifies, mismatch search included, in bounded time however many parameters the URL has', () => {
    // Parsed before the clock: only verify and its search are timed.
    const g = growth(
      (n) => parse(withParams(n)),
      (url) => verifyPresignedUrl(url, { secretAccessKey: SECRET, method: 'GET' }),
      2500,
      1,
      4,
    );
    // Four times the parameters: linear work ×4, n log n about ×5, quadratic ×16.
    assert.ok(g.ratio < 8, `2,500 parameters ${g.single.toFixed(1)} ms, 10,000 ${g.double.toFixed(1)} ms`);
    const result = verifyPresignedUrl(parse(withParams(10_000)), { secretAccessKey: SECRET, method: 'GET' });
    assert.equal(result.valid, false);
    assert.match(result.explanations[0]!.message, /the search stopped at its budget/);
  });

  it('reads S3’s answer about a long URL within the budget of the search', () => {
    const xml = (url: string): string => {
      const sts = `AWS4-HMAC-SHA256\n20260314T150926Z\n20260314/eu-west-1/s3/aws4_request\n${createHash('sha256').update(url).digest('hex')}`;
      return `<Error><Code>SignatureDoesNotMatch</Code><Message>x</Message><StringToSign>${sts}</StringToSign><SignatureProvided>${createHmac('sha256', 'x').update(sts).digest('hex')}</SignatureProvided></Error>`;
    };
    const g = growth(
      (n) => ({ url: parse(withParams(n)), xml: xml(withParams(n)) }),
      ({ url, xml: doc }) => explainS3Error(doc, { url, secretAccessKey: SECRET }),
      1500,
      1,
      4,
    );
    // Four times the parameters: linear work ×4, n log n about ×5 (and more garbage to collect), quadratic ×16.
    assert.ok(g.ratio < 10, `1,500 parameters ${g.single.toFixed(1)} ms, 6,000 ${g.double.toFixed(1)} ms`);
  });
});

describe('verifying in turns (the extension host)', () => {
  it('gives what verifyPresignedUrl gives, pausing every 64 KiB of hashing along the search', async () => {
    const url = parse(withParams(1000));
    const options = { secretAccessKey: SECRET, method: 'GET' };
    let turns = 0;
    const inTurns = await verifyPresignedUrlInTurns(url, options, async () => void turns++);
    assert.deepEqual(inTurns, verifyPresignedUrl(url, options));
    // An 8 KB URL: its search hashes well over a megabyte before it gives up.
    assert.ok(turns >= 16, `${turns} turns`);
  });

  it('explains S3’s answer as explainS3Error does, pausing along its searches', async () => {
    const url = parse(withParams(1000));
    // S3 echoes the canonical request it received (the URL's own, as a GET): with the secret, the mismatch
    // search then runs on it, its worst case.
    const { canonicalRequest, stringToSign } = verifyPresignedUrl(url, { secretAccessKey: SECRET, method: 'GET' });
    const xml = `<Error><Code>SignatureDoesNotMatch</Code><Message>x</Message><StringToSign>${stringToSign}</StringToSign><CanonicalRequest>${canonicalRequest!}</CanonicalRequest><SignatureProvided>${'1'.repeat(64)}</SignatureProvided></Error>`;
    let turns = 0;
    const inTurns = await explainS3ErrorInTurns(xml, { url, secretAccessKey: SECRET }, async () => void turns++);
    assert.deepEqual(inTurns, explainS3Error(xml, { url, secretAccessKey: SECRET }));
    assert.ok(turns >= 16, `${turns} turns`);
  });

  it('does not pause for a URL whose signature matches, or when asked not to explain', async () => {
    let turns = 0;
    const options = { secretAccessKey: SECRET, method: 'GET', explain: false };
    const r = await verifyPresignedUrlInTurns(parse(withParams(1000)), options, async () => void turns++);
    assert.equal(r.valid, false);
    assert.equal(turns, 0);
  });
});
