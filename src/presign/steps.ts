// Multi-step quick input in continuation style: each step shows one question and returns the step that
// comes next, DONE, BACK, or undefined when the user cancels. Back is a stack of the steps shown; a step
// that sends the user to one already shown (a "Choose a Shorter Expiry") goes back to it.
import { BACK } from './quickInput';

export const DONE = Symbol('done');

export interface StepContext {
  /** A step was shown before this one: offer the Back button. */
  readonly canGoBack: boolean;
}

export type Step<S> = (state: S, context: StepContext) => Promise<StepResult<S>>;
export type StepResult<S> = Step<S> | typeof DONE | typeof BACK | undefined;

/** Runs the steps from `first`; true when the last one said DONE, false when the user cancelled. */
export async function runSteps<S>(first: Step<S>, state: S): Promise<boolean> {
  const shown: Step<S>[] = [];
  let current = first;
  for (;;) {
    const next = await current(state, { canGoBack: shown.length > 0 });
    if (next === undefined) return false;
    if (next === DONE) return true;
    if (next === BACK) {
      const previous = shown.pop();
      if (previous) current = previous;
      continue;
    }
    const earlier = shown.indexOf(next);
    if (earlier >= 0) shown.length = earlier;
    else shown.push(current);
    current = next;
  }
}
