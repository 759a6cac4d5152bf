// Scheduler: where a workflow starts. When it starts is the campaign's schedule (the service
// launches the run); the activity itself only passes the trigger on, with no population.
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';

export function runScheduler(context: ActivityContext<'scheduler'>): Promise<ActivityOutcome> {
  context.log(
    `Run ${context.runNo} started (${context.mode} run, ${context.activity.config.frequency})`,
  );
  return Promise.resolve({ kind: 'done', outputs: { out: null } });
}
