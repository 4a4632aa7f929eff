// Property tests: random and mutated input never makes the engine throw. How its work grows with the size of
// the input is asserted apart, by complexity (bounds.test.ts), not by a wall-clock limit per call.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodeReport,
  diagnose,
  explainS3Error,
  findPresignedUrls,
  parsePresignedUrl,
  verifyPresignedUrl,
} from '../../../src/engine';
import { runCli } from '../../../src/cli/main';
import { fixtures } from './fixtures';

const NOW = new Date('2026-03-14T15:20:00Z');
/** Runs one entry point; an exception names it. */
function call<T>(label: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw new Error(`${label} threw: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Runs every engine entry point on `input`; any exception fails the property. */
function exercise(input: string): void {
  const parsed = call('parse', () => parsePresignedUrl(input));
  if (parsed.ok) {
    const findings = call('diagnose', () => diagnose(parsed.value, { now: NOW }));
    call('report', () => decodeReport(parsed.value, findings, NOW));
    call('verify+explain', () =>
      verifyPresignedUrl(parsed.value, { secretAccessKey: 'fuzz', method: 'PUT', headers: { 'content-type': 'x' } }),
    );
  }
  call('find', () => findPresignedUrls(input));
  call('explain', () => explainS3Error(input, parsed.ok ? { url: parsed.value, secretAccessKey: 'fuzz' } : {}));
}

/** Random edits of a string: insert, delete, replace, duplicate, with characters URLs break on. */
const PIECES = [
  '%',
  '%2',
  '%ZZ',
  '%C3',
  '+',
  '&',
  '=',
  '?',
  '#',
  '/',
  '\\',
  '\\u0026',
  '&amp;',
  ' ',
  '\n',
  '\u0000',
  '\ud800',
  '日',
  '"',
  '<',
  '>',
  '(',
  ')',
  'X-Amz-Signature=',
  'X-Amz-Credential=a/b',
  'https://',
  '..',
  '//',
];
const edits = fc.array(
  fc.record({
    at: fc.nat(),
    length: fc.nat({ max: 40 }),
    kind: fc.constantFrom('insert', 'delete', 'replace', 'duplicate'),
    piece: fc.constantFrom(...PIECES),
  }),
  { minLength: 1, maxLength: 8 },
);

function applyEdits(text: string, list: { at: number; length: number; kind: string; piece: string }[]): string {
  let s = text;
  for (const e of list) {
    const at = e.at % (s.length + 1);
    if (e.kind === 'insert') s = s.slice(0, at) + e.piece + s.slice(at);
    else if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + e.length);
    else if (e.kind === 'replace') s = s.slice(0, at) + e.piece + s.slice(at + e.piece.length);
    else s = s.slice(0, at) + s.slice(at, at + e.length).repeat(2) + s.slice(at + e.length);
  }
  return s;
}

describe('fuzzing the engine', function () {
  this.timeout(120_000);
  let urls: string[];
  before(async () => {
    urls = (await fixtures()).map((f) => f.url);
  });

  it('random text, any Unicode, never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (s) => exercise(s)),
      { numRuns: 400, seed: 1 },
    );
  });

  it('random text made of URL pieces never throws', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES, 'a', 'X-Amz-Date=20260314T150926Z', 'X-Amz-Expires=99'), {
          maxLength: 200,
        }),
        (parts) => exercise(parts.join('')),
      ),
      { numRuns: 400, seed: 2 },
    );
  });

  it('mutated presigned URLs never throw, and still parse when only the query was touched', () => {
    fc.assert(
      fc.property(fc.nat(), edits, (i, list) => {
        const url = urls[i % urls.length]!;
        exercise(applyEdits(url, list));
      }),
      { numRuns: 1500, seed: 3 },
    );
  });

  it('mutated S3 error documents never throw', () => {
    const doc =
      '<Error><Code>SignatureDoesNotMatch</Code><Message>m</Message><StringToSign>AWS4-HMAC-SHA256\n20260314T150926Z\n20260314/us-east-1/s3/aws4_request\nab</StringToSign><StringToSignBytes>41 57</StringToSignBytes><CanonicalRequest>GET\n/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD</CanonicalRequest></Error>';
    fc.assert(
      fc.property(fc.nat(), edits, (i, list) => {
        const url = parsePresignedUrl(urls[i % urls.length]!);
        assert.ok(url.ok);
        call('explain', () => explainS3Error(applyEdits(doc, list), { url: url.value, secretAccessKey: 's' }));
      }),
      { numRuns: 500, seed: 4 },
    );
  });

  it('the CLI answers any arguments with an exit code, never an exception', async () => {
    // `scan` is left out: a generated "/" would walk the whole file system. Its own tests cover it.
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.constantFrom(
              'decode',
              'verify',
              'explain',
              '--json',
              '--now',
              '--method',
              '--header',
              '-',
              '--fail-on',
              'x',
            ),
            fc.string({ maxLength: 20 }),
          ),
          { maxLength: 6 },
        ),
        async (args) => {
          const code = await runCli(args, { out: () => undefined, readStdin: () => '' }, () => undefined);
          assert.ok([0, 1, 2].includes(code));
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});
