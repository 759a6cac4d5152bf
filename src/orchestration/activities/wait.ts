// Wait: holds the population until a moment — a duration after the activity is reached, a fixed
// instant, or the next time a clock in a zone shows a time of day. The moment is computed once
// and kept in the task's state; the engine wakes the task then (durably: a scheduled job).
import { wallClock, zonedTime } from '../../platform/zoned.ts';
import { assertNever } from '../../platform/assert.ts';
import type { ActivityConfig } from '../model.ts';
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';
import { describePopulation, passedOn } from './flow.ts';

export function runWait(context: ActivityContext<'wait'>): Promise<ActivityOutcome> {
  const kept = context.state.until;
  const until =
    typeof kept === 'string' ? new Date(kept) : waitUntil(context.activity.config, context.now);
  if (context.now < until) {
    if (typeof kept !== 'string') context.log(`Waiting until ${until.toISOString()}`);
    return Promise.resolve({ kind: 'wait', until, state: { until: until.toISOString() } });
  }
  const input = passedOn(context);
  context.log(`Waited until ${until.toISOString()}; passing on ${describePopulation(input)}`);
  return Promise.resolve({ kind: 'done', outputs: { out: input } });
}

export function waitUntil(config: ActivityConfig<'wait'>, now: Date): Date {
  switch (config.kind) {
    case 'duration':
      return new Date(now.getTime() + config.minutes * 60_000);
    case 'until':
      return new Date(config.at);
    case 'timeOfDay': {
      const today = zonedTime(wallClock(now, config.zone).date, config.time, config.zone);
      if (today > now) return today;
      // The next calendar day in the zone (its length may differ by daylight saving).
      const next = new Date(`${wallClock(now, config.zone).date}T12:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      return zonedTime(next.toISOString().slice(0, 10), config.time, config.zone);
    }
    default:
      return assertNever(config);
  }
}
