// Fork: the same population goes down every branch, which then run in parallel.
import type { ActivityContext, ActivityOutcome, Worktable } from '../engine/types.ts';
import { describePopulation, passedOn } from './flow.ts';

export function runFork(context: ActivityContext<'fork'>): Promise<ActivityOutcome> {
  const input = passedOn(context);
  const outputs: Record<string, Worktable | null> = {};
  for (const branch of context.activity.config.branches) outputs[branch] = input;
  context.log(
    `${describePopulation(input)} to each of ${context.activity.config.branches.length} branches`,
  );
  return Promise.resolve({ kind: 'done', outputs });
}
