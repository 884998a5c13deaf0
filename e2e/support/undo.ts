import { test } from './fixtures';

export type UndoSteps = Array<() => Promise<unknown>>;

/**
 * What a spec's tests set up on the worker's shared server, undone after each test, newest first (push a
 * step right after the thing it undoes). Every step runs even when one fails; the first failure is thrown
 * after the rest, so a broken undo cannot leave the next test's steps mixed with this one's.
 */
export function undoAfterEach(): UndoSteps {
  const steps: UndoSteps = [];
  test.afterEach(async () => {
    const errors: unknown[] = [];
    for (const step of steps.splice(0).reverse()) await step().catch((e: unknown) => errors.push(e));
    if (errors.length > 0) throw errors[0];
  });
  return steps;
}
