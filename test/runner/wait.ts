// Waiting on a state, never on a fixed time: a test polls what it needs until a budget runs out that holds on
// a loaded 2-core machine (four engineers' builds and suites at once). Used by the host suite (inside the
// extension host), the UI suite and the Workbench driver; plain Node, no Playwright.

/** How long one step may wait for the state it needs. */
export const STEP_TIMEOUT = 20_000;
const POLL_MS = 100;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for a state: `until(ok, what)` until `ok()` holds; `until(read, ok, what)` until `ok` holds for what
 * `read()` returns, and returns that. Throws, naming `what` and the last value read, once the budget (20 s
 * unless given) has passed. A read that throws counts as not yet.
 */
export async function until(ok: () => boolean | PromiseLike<boolean>, what: string, budgetMs?: number): Promise<void>;
export async function until<T>(
  read: () => T | PromiseLike<T>,
  ok: (value: T) => boolean,
  what: string,
  budgetMs?: number,
): Promise<T>;
export async function until<T>(
  read: () => T | PromiseLike<T>,
  okOrWhat: ((value: T) => boolean) | string,
  whatOrBudget?: string | number,
  budget?: number,
): Promise<T> {
  const [ok, what, budgetMs] =
    typeof okOrWhat === 'string'
      ? [(value: T) => value === true, okOrWhat, (whatOrBudget as number | undefined) ?? STEP_TIMEOUT]
      : [okOrWhat, whatOrBudget as string, budget ?? STEP_TIMEOUT];
  const deadline = Date.now() + budgetMs;
  let last: unknown = 'nothing read';
  for (;;) {
    try {
      const value = await read();
      if (ok(value)) return value;
      last = value;
    } catch (err) {
      last = err instanceof Error ? err.message : err;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not so after ${budgetMs / 1000} s (last seen: ${JSON.stringify(last)?.slice(0, 300)})`);
    }
    await pause(POLL_MS);
  }
}

/**
 * Triggers something that may not take (a hover, a light bulb: a widget the editor may drop when focus or the
 * pointer moves), then waits `every` ms for `read` to succeed; triggers again until `budgetMs` has passed.
 */
export async function retrying<T>(
  trigger: () => Promise<unknown>,
  read: (timeoutMs: number) => Promise<T>,
  every: number,
  budgetMs = STEP_TIMEOUT * 3,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    await trigger();
    try {
      return await read(every);
    } catch (err) {
      if (Date.now() + every > deadline) throw err;
    }
  }
}
