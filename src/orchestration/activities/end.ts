// End: closes a branch of the workflow; optionally signals another orchestrated campaign with
// variables. The signal is sent by the engine once the task is recorded (from `state.signal`);
// test runs never signal.
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';

export function runEnd(context: ActivityContext<'end'>): Promise<ActivityOutcome> {
  const signal = context.activity.config.signal;
  if (!signal) {
    context.log('Branch ended');
    return Promise.resolve({ kind: 'done', outputs: {} });
  }
  if (context.mode === 'test') {
    context.log(`Test run: campaign ${signal.campaignId} is not signalled`);
    return Promise.resolve({ kind: 'done', outputs: {} });
  }
  context.log(`Signal to campaign ${signal.campaignId} with ${JSON.stringify(signal.variables)}`);
  return Promise.resolve({
    kind: 'done',
    outputs: {},
    state: {
      signal: {
        campaignId: signal.campaignId,
        variables: signal.variables,
        actor: `orchestrated campaign ${context.campaignId} run ${context.runNo}`,
      },
    },
  });
}
