import * as assert from 'node:assert/strict';
import { findPresignedUrls, parsePresignedUrl, presignedUrlAt, PresignedUrlScanner } from '../../../src/engine';
import { assertAtMostLinear, bestMs, growth } from '../complexity';
import { fixtures } from './fixtures';

const URL_A =
  'https://presign-lens-fixtures.s3.us-east-1.amazonaws.com/a%20b.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=' +
  '0'.repeat(64);
const V2 =
  'https://johnsmith.s3.amazonaws.com/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620';

/** Each match's text, checked against the offsets it reports. */
function found(text: string): string[] {
  return findPresignedUrls(text).map((f) => {
    assert.equal(text.slice(f.start, f.end), f.text);
    return f.text;
  });
}

describe('findPresignedUrls', () => {
  it('finds URLs in TypeScript string literals of every quote kind', () => {
    const source = `const a = '${URL_A}';\nconst b = "${URL_A}";\nconst c = \`${URL_A}\`;\nfetch(${JSON.stringify(V2)});`;
    assert.deepEqual(found(source), [URL_A, URL_A, URL_A, V2]);
  });

  it('finds URLs in JSON, JSON-escaped ones included, and they parse back', () => {
    // As a JSON file holds it: "https:\/\/…?a=1\u0026b=2" (one backslash each).
    const escaped = URL_A.replace(/&/g, '\\u0026').replace(/\//g, '\\/');
    assert.ok(escaped.startsWith('https:\\/\\/'));
    const json = `{"url":"${URL_A}","escaped":"${escaped}"}`;
    const hits = found(json);
    assert.equal(hits.length, 2);
    for (const hit of hits) {
      const parsed = parsePresignedUrl(hit);
      assert.ok(parsed.ok);
      if (parsed.ok) assert.equal(parsed.value.url, URL_A);
    }
  });

  it('finds URLs in HTML attributes with &amp; and in Markdown links and prose', () => {
    const html = `<a href="${URL_A.replace(/&/g, '&amp;')}">report</a><img src='${V2}'>`;
    assert.deepEqual(found(html), [URL_A.replace(/&/g, '&amp;'), V2]);
    const markdown = `Download [the report](${URL_A}) or see (${V2}). Expired: ${URL_A}.`;
    assert.deepEqual(found(markdown), [URL_A, V2, URL_A]);
  });

  it('finds URLs in log lines and YAML', () => {
    const log = `2026-03-14T15:09:27Z INFO presigned url=${URL_A} user=42\n[warn] GET ${V2} -> 403`;
    assert.deepEqual(found(log), [URL_A, V2]);
    const yaml = `fixtures:\n  report: ${URL_A}\n  photo: "${V2}"\n`;
    assert.deepEqual(found(yaml), [URL_A, V2]);
  });

  it('reports exact UTF-16 offsets after non-ASCII text', () => {
    const text = `日本語 “${URL_A}” 🎉 ${V2}`;
    const hits = findPresignedUrls(text);
    assert.equal(hits[0]!.start, text.indexOf('https://'));
    assert.equal(hits[1]!.start, text.lastIndexOf('https://'));
  });

  it('ignores URLs without presigned parameters and words that merely contain "http"', () => {
    assert.deepEqual(found('see https://example.com/x?a=1 and xhttps://evil and httpfoo and http:/bad'), []);
  });

  it('finds every URL of the matrix, back to back', async () => {
    const all = (await fixtures()).map((f) => f.url);
    assert.deepEqual(found(all.join('\n')), all);
    assert.deepEqual(found(all.join(' ')), all);
  });

  it('separates URLs listed with commas, as a new scheme starts a new URL', () => {
    assert.deepEqual(found(`${URL_A},${V2},${URL_A}`), [URL_A, V2, URL_A]);
  });

  it('finds the URL under an offset by looking only around it', () => {
    const text = `a = "${URL_A}"; b = "https://example.com/x"; c = ${URL_A.replace(/&/g, '\\u0026')}`;
    assert.equal(presignedUrlAt(text, 10)?.text, URL_A);
    assert.equal(presignedUrlAt(text, text.indexOf('example')), undefined);
    assert.equal(presignedUrlAt(text, 2), undefined);
    const escaped = presignedUrlAt(text, text.length - 3)!;
    assert.equal(escaped.text, URL_A.replace(/&/g, '\\u0026'));
    assert.equal(escaped.end, text.length);
    const line = `${URL_A},`.repeat(10_000);
    assert.equal(presignedUrlAt(line, Math.floor(line.length / 2))?.text, URL_A);
  });

  it('stops at the limit given', () => {
    assert.equal(findPresignedUrls(`${URL_A} ${URL_A} ${URL_A}`, 2).length, 2);
  });

  it('reads a text in slices, each starting where the last one ended, to the same URLs as in one go', () => {
    const escaped = URL_A.replace(/&/g, '\\u0026').replace(/\//g, '\\/');
    const text = Array.from({ length: 25 }, (_, i) =>
      i % 3 === 0 ? `"${escaped}"` : i % 3 === 1 ? `see ${URL_A}.` : `https://plain.example/${i} x`,
    ).join(',');
    const whole = findPresignedUrls(text);
    assert.equal(whole.length, 17);
    for (const size of [1, 2, 5]) {
      const sliced = [];
      for (let from = 0; ;) {
        const slice = findPresignedUrls(text, size, from);
        if (slice.length === 0) break;
        sliced.push(...slice);
        from = slice[slice.length - 1]!.end;
      }
      assert.deepEqual(sliced, whole, `slices of ${size}`);
    }
    assert.deepEqual(
      findPresignedUrls(text, Infinity, whole[3]!.start + 1),
      whole.slice(4),
      'a start inside a URL skips it',
    );
  });

  it('reads no more than about the budget of characters it is given', () => {
    const text = `${'x'.repeat(100_000)} ${URL_A} ${'y'.repeat(100_000)} ${URL_A}`;
    const scanner = new PresignedUrlScanner(text);
    const reads: number[] = [];
    while (!scanner.done) reads.push(scanner.read(Infinity, 1_000).length);
    // A read stops at the first "http" past its budget: nothing (it moves to the first URL), the first
    // URL, then the second, which ends the text.
    assert.deepEqual(reads, [0, 1, 1]);
    assert.deepEqual(new PresignedUrlScanner(text).read(Infinity, 300_000).length, 2);
  });

  it('does not read a run of URL characters longer than any presigned URL as one', () => {
    const blob = `${URL_A}&pad=${'a'.repeat(20_000)}`;
    assert.deepEqual(
      findPresignedUrls(`${blob} ${URL_A}`).map((f) => f.text),
      [URL_A],
    );
  });

  describe('in time linear in the input (doubling the input at most doubles the work)', () => {
    const KB = 1024;
    // Each input is built before the clock starts: only the reading is timed.
    const cases: [string, (n: number) => string, (text: string) => unknown][] = [
      ['a single line without a URL', (n) => 'x'.repeat(n), (t) => assert.equal(findPresignedUrls(t).length, 0)],
      ['a line of "http"', (n) => 'http'.repeat(n / 4), (t) => findPresignedUrls(t)],
      ['a line that is one URL-like run', (n) => `https://${'a'.repeat(n)}`, (t) => findPresignedUrls(t)],
      [
        'a line of plain URLs, no signature anywhere',
        (n) => 'https://example.com/a?b=c '.repeat(n / 26),
        (t) => findPresignedUrls(t),
      ],
      ['a line of closing brackets after a URL', (n) => `https://x/(${')'.repeat(n)}`, (t) => findPresignedUrls(t)],
      [
        'a line of presigned URLs',
        (n) => `${URL_A} `.repeat(Math.floor(n / (URL_A.length + 1))),
        (t) => findPresignedUrls(t),
      ],
    ];
    for (const [name, make, read] of cases) {
      it(name, () => assertAtMostLinear(name, make, read, 2560 * KB));
    }

    // A hover reads around its position only: the same work on a 5 MB line as on a 10 MB one.
    const hovers: [string, (n: number) => string][] = [
      ['a line without a URL', (n) => 'x'.repeat(n)],
      ['a line of "http"', (n) => 'http'.repeat(n / 4)],
      ['a line of presigned URLs', (n) => `${URL_A} `.repeat(Math.floor(n / (URL_A.length + 1)))],
    ];
    for (const [name, make] of hovers) {
      it(`a hover in ${name}, whatever its length`, () => {
        const g = growth(make, (t) => presignedUrlAt(t, Math.floor(t.length / 2)), 5 * 1024 * KB, 20);
        assert.ok(g.ratio < 2, `${g.single.toFixed(2)} ms on 5 MB, ${g.double.toFixed(2)} ms on 10 MB`);
      });
    }

    it('a hover costs about one reading of the text around it, even in a line of "http" (not its square)', () => {
      const line = 'http'.repeat(1024 * 1024);
      const mid = line.length / 2;
      const around = line.slice(mid - 16 * KB, mid + 16 * KB + 1);
      const hover = bestMs(() => presignedUrlAt(line, mid));
      const reading = bestMs(() => findPresignedUrls(around));
      assert.ok(hover < 3 * reading + 0.2, `hover ${hover.toFixed(2)} ms, one reading ${reading.toFixed(2)} ms`);
    });

    it('finds the URL under a hover in a line of URLs', () => {
      const line = `${URL_A} `.repeat(1000);
      assert.equal(presignedUrlAt(line, Math.floor(line.length / 2))?.text, URL_A);
    });
  });
});
