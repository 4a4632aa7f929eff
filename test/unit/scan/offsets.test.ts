// Where a place (line, column) of the workspace scan stands in a file's text, read again after a reload.
import * as assert from 'node:assert/strict';
import { offsetsOf } from '../../../src/scan/text';
import { assertAtMostLinear } from '../complexity';

describe('offsetsOf', () => {
  const text = 'first\nsecond line\n\nlast';

  it('finds each place, in any order, counting lines and columns from 1', () => {
    assert.deepEqual(
      offsetsOf(text, [
        { line: 4, column: 2 },
        { line: 1, column: 1 },
        { line: 2, column: 8 },
        { line: 3, column: 1 },
      ]),
      [20, 0, 13, 18],
    );
  });

  it('gives undefined for a place past the end of its line or of the text', () => {
    assert.deepEqual(
      offsetsOf(text, [
        { line: 1, column: 7 },
        { line: 1, column: 6 },
        { line: 5, column: 1 },
        { line: 4, column: 6 },
      ]),
      [undefined, 5, undefined, undefined],
    );
  });

  it('reads the text once however many places it is asked for', () => {
    const lines = (n: number): { text: string; places: { line: number; column: number }[] } => ({
      text: 'x'.repeat(40).concat('\n').repeat(n),
      places: Array.from({ length: n }, (_, i) => ({ line: n - i, column: 1 + (i % 40) })),
    });
    assertAtMostLinear('offsetsOf', lines, ({ text: t, places }) => offsetsOf(t, places), 100_000);
  });
});
