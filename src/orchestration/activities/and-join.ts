// AND-join: runs once every incoming branch has finished (the engine waits for all of them; a
// skipped branch counts as finished), and passes on the population of the primary branch (the
// activity named in its configuration, else the first incoming transition that carries one).
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';
import { describePopulation } from './flow.ts';

export function runAndJoin(context: ActivityContext<'andJoin'>): Promise<ActivityOutcome> {
  const primary = context.activity.config.primary;
  const chosen =
    (primary ? context.inputs.find((i) => i.from === primary) : undefined) ??
    context.inputs.find((i) => i.worktable !== null) ??
    context.inputs[0];
  const worktable = chosen?.worktable ?? null;
  context.log(
    `${context.inputs.length} branches joined; passing on ${describePopulation(worktable)}` +
      (chosen ? ` from ${chosen.from}` : ''),
  );
  return Promise.resolve({ kind: 'done', outputs: { out: worktable } });
}
