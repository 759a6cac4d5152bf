// Governance objects turned into what the send pipeline applies: frequency caps with the instant
// they count from (G2), and quiet-hour windows (G3). Pure; time comes in as an argument.
import { assertNever } from '../platform/assert.ts';
import type { FrequencyCap, QuietHoursPlan } from '../delivery/model.ts';
import type { BusinessRuleSet, CapPeriod, QuietHours } from './model.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Where a cap starts counting: the start of the current calendar period in UTC (the hour, the
 * day, the ISO week from Monday, the month), moved back `multiplier - 1` whole periods.
 */
export function capSince(period: CapPeriod, multiplier: number, now: Date): Date {
  const back = Math.max(1, Math.trunc(multiplier)) - 1;
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const day = now.getUTCDate();
  switch (period) {
    case 'hourly':
      return new Date(Date.UTC(year, month, day, now.getUTCHours()) - back * HOUR_MS);
    case 'daily':
      return new Date(Date.UTC(year, month, day) - back * DAY_MS);
    case 'weekly': {
      // getUTCDay: 0 = Sunday; the ISO week starts on Monday.
      const sinceMonday = (now.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(year, month, day - sinceMonday) - back * 7 * DAY_MS);
    }
    case 'monthly':
      return new Date(Date.UTC(year, month - back, 1));
    default:
      return assertNever(period);
  }
}

/** The rule set's caps as the pipeline counts them at `now`. */
export function frequencyCapsOf(ruleSet: BusinessRuleSet, now: Date): FrequencyCap[] {
  return ruleSet.caps.map((cap) => ({
    count: cap.count,
    since: capSince(cap.period, cap.multiplier, now),
    channels: [...cap.channels],
  }));
}

/** The quiet hours as the pipeline times messages by them. */
export function quietHoursPlan(q: QuietHours): QuietHoursPlan {
  return {
    zone: q.timeZone.mode === 'fixed' ? q.timeZone.zone : null,
    windows: q.windows.map((w) => ({ days: [...w.days], from: w.from, to: w.to })),
    behaviour: q.behaviour,
  };
}
