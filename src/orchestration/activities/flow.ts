// What flow activities share: they pass their input population on as it is. The worktable is
// shared, not copied (activities never change their inputs): every outgoing transition of a
// flow activity carries the table of the transition that came in, at no cost.
import type { ActivityInput, Worktable } from '../engine/types.ts';

/** The population that came in on the first (or the only) live incoming transition. */
export function passedOn(context: { inputs: ActivityInput[] }): Worktable | null {
  return context.inputs[0]?.worktable ?? null;
}

export function describePopulation(worktable: Worktable | null): string {
  return worktable ? `${worktable.count} rows` : 'no population';
}
