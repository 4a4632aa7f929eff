// Time bounds as complexity, never as a wall-clock guess: the work on an input of twice the size is compared
// with the work on the input itself, each the best of several runs (so a GC pause or a busy core does not
// decide), built before the clock starts.

/** The fastest of `tries` runs of `run`, in milliseconds. */
export function bestMs(run: () => unknown, tries = 5): number {
  let best = Infinity;
  for (let i = 0; i < tries; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/**
 * How the time of `run` grows from an input of size `n` to one of size `factor × n` (2 unless said): for
 * 2, linear work gives about 2, quadratic about 4, work that does not depend on the size about 1. A factor
 * of 4 (linear 4, n log n about 5, quadratic 16) tells them apart with more room for a busy machine.
 * `repeat` runs it that many times per measure, for work too quick to time alone.
 */
export function growth<T>(
  make: (n: number) => T,
  run: (input: T) => unknown,
  n: number,
  repeat = 1,
  factor = 2,
): { single: number; double: number; ratio: number } {
  const small = make(n);
  const large = make(factor * n);
  const times = (input: T): number =>
    bestMs(() => {
      for (let i = 0; i < repeat; i++) run(input);
    });
  times(small); // warm the code up
  const single = times(small);
  const double = times(large);
  return { single, double, ratio: double / Math.max(single, 0.05) };
}

/**
 * Fails when the time grows more than `limit`-fold from an input of size n to one of 4n: linear work grows
 * about 4-fold, n log n about 5, quadratic 16. Four times the input, not two, so that a garbage collection
 * or a busy core on a 2-core machine does not pass for quadratic growth (with 2n, linear's 2 and the limit
 * 3 were too close, and failed runs showed it), while quadratic work stays twice over the limit.
 */
export function assertAtMostLinear<T>(
  label: string,
  make: (n: number) => T,
  run: (input: T) => unknown,
  n: number,
  repeat = 1,
  limit = 8,
): void {
  const g = growth(make, run, n, repeat, 4);
  if (g.ratio >= limit) {
    throw new Error(
      `${label}: ${g.single.toFixed(2)} ms for n, ${g.double.toFixed(2)} ms for 4n (×${g.ratio.toFixed(1)}, over ×${limit})`,
    );
  }
}
