// Timing an execution per profile: the same local time in each profile's zone (with roll-over of
// passed slots), and quiet hours that queue or discard marketing messages, on real PostgreSQL;
// and the time-zone rules underneath, across daylight-saving changes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../channels/model.ts';
import type { QuietHoursPlan } from './model.ts';
import {
  emailProfile,
  mailboxConfiguration,
  plan,
  plannedRows,
  startPlanTest,
  type PlanTest,
} from './plan-testing.ts';
import { applyQuietHours, quietWindowEnd } from './plan-timing.ts';
import { addDays, wallClock, zonedInstant } from './plan-zones.ts';

let test: PlanTest;
let marketing: Configuration;
let receipts: Configuration;
const ids: Record<'tokyo' | 'paris' | 'nowhere', string> = { tokyo: '', paris: '', nowhere: '' };

beforeAll(async () => {
  test = await startPlanTest('2026-01-14T12:00:00Z');
  marketing = await mailboxConfiguration(test, 'Newsletter', 'marketing');
  receipts = await mailboxConfiguration(test, 'Receipts', 'transactional');
  ids.tokyo = await emailProfile(test, 'kenji@example.com', { timezone: 'Asia/Tokyo' });
  ids.paris = await emailProfile(test, 'amelie@example.com', { timezone: 'Europe/Paris' });
  ids.nowhere = await emailProfile(test, 'drifter@example.com');
});
afterAll(async () => test.t.close());

const everyone = () => ({ profileIds: Object.values(ids) });

async function slotsOf(executionId: string) {
  const rows = await plannedRows(test, executionId);
  return {
    tokyo: rows.get(ids.tokyo),
    paris: rows.get(ids.paris),
    nowhere: rows.get(ids.nowhere),
  };
}

describe('sending at a local time', () => {
  it('reaches each profile at that wall-clock time in its zone, the default zone for the rest', async () => {
    const planned = await plan(test, marketing, {
      source: everyone(),
      timing: {
        defaultZone: 'America/New_York',
        localTime: { date: '2026-01-15', time: '09:00' },
      },
    });
    expect(planned).toMatchObject({ recipients: 3, queued: 3, excluded: 0, batches: 3 });
    const slots = await slotsOf(planned.id);
    expect(slots.tokyo?.notBefore).toBe('2026-01-15T00:00:00.000Z');
    expect(slots.paris?.notBefore).toBe('2026-01-15T08:00:00.000Z');
    expect(slots.nowhere?.notBefore).toBe('2026-01-15T14:00:00.000Z');
    // One batch per slot, numbered across the execution.
    expect(new Set(Object.values(slots).map((s) => s?.batchNo)).size).toBe(3);
  });

  it('follows summer time: 09:00 in Paris on 15 July is 07:00 UTC', async () => {
    const planned = await plan(test, marketing, {
      source: { profileIds: [ids.paris] },
      timing: { defaultZone: 'UTC', localTime: { date: '2026-07-15', time: '09:00' } },
    });
    expect((await slotsOf(planned.id)).paris?.notBefore).toBe('2026-07-15T07:00:00.000Z');
  });

  it('rolls zones whose slot has passed over to the same time the next day', async () => {
    // 05:00 UTC: 09:00 has passed in Tokyo (00:00 UTC) but not in Paris (08:00 UTC).
    const at = new Date('2026-01-15T05:00:00Z');
    const timing = {
      defaultZone: 'Europe/Paris',
      localTime: { date: '2026-01-15', time: '09:00' },
    };
    const rolled = await plan(
      test,
      marketing,
      { source: everyone(), timing: { ...timing, rollOverPastSlots: true } },
      at,
    );
    const slots = await slotsOf(rolled.id);
    expect(slots.tokyo?.notBefore).toBe('2026-01-16T00:00:00.000Z');
    expect(slots.paris?.notBefore).toBe('2026-01-15T08:00:00.000Z');
    expect(slots.nowhere?.notBefore).toBe('2026-01-15T08:00:00.000Z');
    // Paris and the default zone share a slot, so they share a batch.
    expect(slots.nowhere?.batchNo).toBe(slots.paris?.batchNo);
    const kept = await plan(test, marketing, { source: everyone(), timing }, at);
    expect((await slotsOf(kept.id)).tokyo?.notBefore).toBe('2026-01-15T00:00:00.000Z');
  });
});

describe('quiet hours', () => {
  const nightly = (behaviour: QuietHoursPlan['behaviour']): QuietHoursPlan => ({
    zone: null,
    windows: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '21:00', to: '08:00' }],
    behaviour,
  });
  const lateEvening = { date: '2026-01-15', time: '22:00' };

  it('queue: a 22:00 slot waits for 08:00 the next morning in the profile’s zone', async () => {
    const planned = await plan(test, marketing, {
      source: everyone(),
      timing: { defaultZone: 'UTC', localTime: lateEvening, quietHours: nightly('queue') },
    });
    expect(planned).toMatchObject({ queued: 3, excluded: 0 });
    const slots = await slotsOf(planned.id);
    expect(slots.paris?.notBefore).toBe('2026-01-16T07:00:00.000Z'); // 08:00 in Paris
    expect(slots.tokyo?.notBefore).toBe('2026-01-15T23:00:00.000Z'); // 08:00 in Tokyo
    expect(slots.nowhere?.notBefore).toBe('2026-01-16T08:00:00.000Z');
  });

  it('queue in a fixed zone: everyone waits for the end of that zone’s night', async () => {
    const planned = await plan(test, marketing, {
      source: everyone(),
      startsAt: new Date('2026-01-15T21:30:00Z'),
      timing: { defaultZone: 'UTC', quietHours: { ...nightly('queue'), zone: 'Europe/Paris' } },
    });
    const slots = await slotsOf(planned.id);
    for (const slot of Object.values(slots))
      expect(slot?.notBefore).toBe('2026-01-16T07:00:00.000Z');
  });

  it('discard: marketing messages in the window are excluded with QuietHoursExclusion', async () => {
    const planned = await plan(test, marketing, {
      source: everyone(),
      timing: {
        defaultZone: 'UTC',
        localTime: { date: '2026-01-15', time: '12:00' },
        // 15 January 2026 is a Thursday: noon is inside this window in every zone.
        quietHours: {
          zone: null,
          windows: [{ days: [4], from: '11:00', to: '13:00' }],
          behaviour: 'discard',
        },
      },
    });
    expect(planned).toMatchObject({ recipients: 3, queued: 0, excluded: 3, batches: 0 });
    const rows = [...(await plannedRows(test, planned.id)).values()];
    expect(rows.map((r) => [r.status, r.reason])).toEqual(
      Array.from({ length: 3 }, () => ['excluded', 'QuietHoursExclusion']),
    );
    const late = await plan(test, marketing, {
      source: everyone(),
      timing: { defaultZone: 'UTC', localTime: lateEvening, quietHours: nightly('discard') },
    });
    expect(late).toMatchObject({ queued: 0, excluded: 3 });
  });

  it('does not hold transactional messages', async () => {
    const planned = await plan(test, receipts, {
      source: everyone(),
      timing: { defaultZone: 'UTC', localTime: lateEvening, quietHours: nightly('discard') },
    });
    expect(planned).toMatchObject({ queued: 3, excluded: 0 });
    expect((await slotsOf(planned.id)).paris?.notBefore).toBe('2026-01-15T21:00:00.000Z');
  });
});

describe('time-zone rules', () => {
  it('reads skipped and repeated wall-clock times like calendars do', () => {
    // Paris springs forward at 02:00 on 29 March 2026 and falls back at 03:00 on 25 October.
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Paris').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(zonedInstant('2026-03-29', '08:00', 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
  });

  it('ends a night that spans the change to summer time at 08:00 summer time', () => {
    const saturdayNight = new Date('2026-03-28T22:00:00Z'); // 23:00 in Paris
    const windows = [{ days: [6], from: '21:00', to: '08:00' }];
    expect(quietWindowEnd(saturdayNight, 'Europe/Paris', windows)?.toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
    // Sunday 07:00 in Paris is still Saturday's window; Sunday 21:00 is not (it is for Saturdays).
    expect(quietWindowEnd(new Date('2026-03-29T05:00:00Z'), 'Europe/Paris', windows)).toBeDefined();
    expect(quietWindowEnd(new Date('2026-03-29T19:00:00Z'), 'Europe/Paris', windows)).toBe(
      undefined,
    );
  });

  it('moves out of windows that follow each other, and discards when they never end', () => {
    const windows = [
      { days: [1], from: '20:00', to: '23:00' },
      { days: [1], from: '23:00', to: '07:00' },
    ];
    const monday = new Date('2026-01-12T21:00:00Z'); // Monday 21:00 UTC
    expect(applyQuietHours(monday, 'UTC', { zone: 'UTC', windows, behaviour: 'queue' })).toEqual(
      new Date('2026-01-13T07:00:00Z'),
    );
    const always = [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '00:00' }];
    expect(
      applyQuietHours(monday, 'UTC', { zone: 'UTC', windows: always, behaviour: 'queue' }),
    ).toBe('discard');
  });

  it('a wall-clock time that exists maps to an instant that shows it again', () => {
    const zones = [
      'Europe/Paris',
      'Asia/Tokyo',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 730 }),
        fc.integer({ min: 0, max: 1439 }),
        (zone, day, minutes) => {
          const date = addDays('2026-01-01', day);
          const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
          const instant = zonedInstant(date, time, zone);
          const shown = wallClock(instant, zone);
          // Skipped times (a change to summer time) come out later the same day; others exactly.
          if (shown.date === date && shown.minutes === minutes) return true;
          return shown.date === date && shown.minutes > minutes && shown.minutes - minutes <= 60;
        },
      ),
      { numRuns: 500 },
    );
  });
});
