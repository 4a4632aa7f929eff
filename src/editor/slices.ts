// Long work in the extension host, done in slices of a few milliseconds with a turn of the event loop
// between them, so that typing, hovers and other extensions never wait behind it.

/** Milliseconds of work per slice: well under a frame, and under the 50 ms a user would notice. */
const SLICE_MS = 8;

/** Resolves once the event loop has had a turn: other work queued meanwhile runs first. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A function to await between small pieces of work done in a loop: it gives the event loop a turn once a
 * slice's time has been used, and returns at once otherwise.
 */
export function turnTaker(): () => Promise<void> {
  let start = performance.now();
  return async () => {
    if (performance.now() - start < SLICE_MS) return;
    await nextTurn();
    start = performance.now();
  };
}

export interface Sliced {
  /** Slices run. */
  readonly slices: number;
  /** The longest slice, in milliseconds: the longest the extension host was held. */
  readonly longestMs: number;
  /** False when `stop` ended the work early. */
  readonly completed: boolean;
}

/**
 * Calls `step` (a small, bounded piece of work that returns false when nothing is left) until the work is
 * done or `stop` says so, yielding whenever a slice has used its time.
 */
export async function inSlices(step: () => boolean, stop: () => boolean = () => false): Promise<Sliced> {
  let slices = 0;
  let longestMs = 0;
  for (;;) {
    const start = performance.now();
    slices++;
    let more = true;
    while (more && performance.now() - start < SLICE_MS) more = step();
    longestMs = Math.max(longestMs, performance.now() - start);
    if (!more) return { slices, longestMs, completed: true };
    await nextTurn();
    if (stop()) return { slices, longestMs, completed: false };
  }
}
