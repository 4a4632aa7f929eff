// Time bounds as complexity: run the same work on an input and on one twice as long, and compare.
import * as assert from 'node:assert/strict';

function fastest(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 7; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return best;
}

/**
 * Asserts that doubling the input about doubles the time (linear), well short of quadrupling (quadratic).
 * The best of three tries is taken: a shared machine and the garbage collector only ever slow a run down.
 */
export function assertLinear<T>(
  label: string,
  make: (size: number) => T,
  work: (input: T) => unknown,
  size: number,
): void {
  const small = make(size);
  const large = make(size * 2);
  // Warm both sizes up first, so the compiler's work is not counted against either.
  for (let i = 0; i < 3; i++) [small, large].forEach(work);
  let ratio = Infinity;
  for (let attempt = 0; attempt < 3 && ratio >= 3; attempt++)
    ratio = Math.min(ratio, fastest(() => work(large)) / fastest(() => work(small)));
  assert.ok(ratio < 3, `${label}: twice the input took ${ratio.toFixed(2)}× the time`);
}
