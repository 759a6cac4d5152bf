// Schedules as pure functions of the injected time: recurrence through cron patterns in the
// campaign's zone (daylight saving included), the 31st of short months, end dates, roll-over of
// a passed first slot, planning early enough for local-time sending, and waves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CampaignSchedule } from './model.ts';
import { dueAt, firstSlot, slotAfter, slotsBetween, timingFor, wavePlan } from './schedule.ts';

const base: CampaignSchedule = {
  start: 'manual',
  recurrence: { frequency: 'once' },
  timeZone: 'UTC',
  localTime: false,
};
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('recurrence', () => {
  it('runs daily at 09:00 Paris time through the change to summer time', () => {
    const schedule: CampaignSchedule = {
      ...base,
      recurrence: { frequency: 'daily' },
      time: '09:00',
      timeZone: 'Europe/Paris',
    };
    const first = firstSlot(schedule, new Date('2026-03-27T12:00:00Z'));
    expect(iso(first)).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(slotAfter(schedule, first!))).toBe('2026-03-29T07:00:00.000Z');
  });

  it('a monthly campaign on the 31st runs on the last day of shorter months', () => {
    const schedule: CampaignSchedule = {
      ...base,
      recurrence: { frequency: 'monthly', day: 31 },
      time: '10:00',
      timeZone: 'UTC',
    };
    const slots = slotsBetween(
      schedule,
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-07-01T00:00:00Z'),
      20,
    );
    expect(slots.map((d) => d.toISOString().slice(0, 10))).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
    ]);
    const leap = slotsBetween(
      { ...schedule, recurrence: { frequency: 'monthly', day: 30 } },
      new Date('2028-02-01T00:00:00Z'),
      new Date('2028-03-01T00:00:00Z'),
      5,
    );
    expect(leap.map((d) => d.toISOString().slice(0, 10))).toEqual(['2028-02-29']);
  });

  it('runs weekly on the chosen days and stops at the end date', () => {
    const schedule: CampaignSchedule = {
      ...base,
      recurrence: { frequency: 'weekly', days: [1, 4] },
      time: '18:30',
      timeZone: 'America/New_York',
      endAt: '2026-12-10T00:00:00Z',
    };
    const slots = slotsBetween(
      schedule,
      new Date('2026-11-29T00:00:00Z'),
      new Date('2027-01-01T00:00:00Z'),
      20,
    );
    expect(slots.map(iso)).toEqual([
      '2026-11-30T23:30:00.000Z',
      '2026-12-03T23:30:00.000Z',
      '2026-12-07T23:30:00.000Z',
    ]);
  });

  it('rolls a passed first slot over to the next one; a passed one-shot start begins now', () => {
    const now = new Date('2026-11-27T10:00:00Z');
    const daily: CampaignSchedule = {
      ...base,
      start: 'at',
      startAt: '2026-11-20T09:00:00Z',
      recurrence: { frequency: 'daily' },
      timeZone: 'UTC',
    };
    expect(iso(firstSlot(daily, now))).toBe('2026-11-28T09:00:00.000Z');
    const once: CampaignSchedule = { ...base, start: 'at', startAt: '2026-11-20T09:00:00Z' };
    expect(iso(firstSlot(once, now))).toBe(now.toISOString());
    expect(iso(firstSlot({ ...daily, endAt: '2026-11-27T23:00:00Z' }, now))).toBeNull();
  });

  it('every slot is later than the previous and shows the run time on the campaign clock', () => {
    const zones = ['UTC', 'Europe/Paris', 'Asia/Tokyo', 'America/Los_Angeles', 'Australia/Sydney'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 1, max: 31 }),
        fc.date({ min: new Date('2026-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        (zone, hour, minute, day, from) => {
          const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const schedule: CampaignSchedule = {
            ...base,
            recurrence: { frequency: 'monthly', day },
            time,
            timeZone: zone,
          };
          const a = firstSlot(schedule, from)!;
          const b = slotAfter(schedule, a)!;
          expect(a.getTime()).toBeGreaterThanOrEqual(from.getTime());
          expect(b.getTime()).toBeGreaterThan(a.getTime());
          // At most two months apart.
          expect(b.getTime() - a.getTime()).toBeLessThan(63 * 86_400_000);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('local time', () => {
  it('plans a local-time run when the first zone on Earth reaches it', () => {
    const schedule: CampaignSchedule = {
      ...base,
      recurrence: { frequency: 'daily' },
      time: '09:00',
      timeZone: 'Europe/Paris',
      localTime: true,
    };
    const slot = new Date('2026-01-15T08:00:00Z');
    // 09:00 at UTC+14 is 19:00 UTC the day before.
    expect(iso(dueAt(schedule, slot))).toBe('2026-01-14T19:00:00.000Z');
    expect(timingFor(schedule, slot, true)).toEqual({
      defaultZone: 'Europe/Paris',
      localTime: { date: '2026-01-15', time: '09:00' },
      rollOverPastSlots: false,
    });
  });

  it('a first daily slot is one whose planning time has not passed', () => {
    const schedule: CampaignSchedule = {
      ...base,
      recurrence: { frequency: 'daily' },
      time: '09:00',
      timeZone: 'UTC',
      localTime: true,
    };
    // At 20:00 UTC on the 14th, the 15th's 09:00 has begun at UTC+14 (19:00 UTC): take the 16th.
    expect(iso(firstSlot(schedule, new Date('2026-01-14T20:00:00Z')))).toBe(
      '2026-01-16T09:00:00.000Z',
    );
  });
});

describe('waves', () => {
  const slot = new Date('2026-11-27T10:00:00Z');
  it('spreads equal waves by the interval', () => {
    expect(wavePlan({ mode: 'equal', count: 4, intervalMinutes: 30 }, slot)).toEqual(
      [0, 30, 60, 90].map((m) => ({
        at: new Date(slot.getTime() + m * 60_000),
        share: { percent: 25 },
      })),
    );
  });
  it('keeps percents, counts and explicit times', () => {
    expect(wavePlan({ mode: 'percent', percents: [10, 90], intervalMinutes: 60 }, slot)).toEqual([
      { at: slot, share: { percent: 10 } },
      { at: new Date('2026-11-27T11:00:00Z'), share: { percent: 90 } },
    ]);
    expect(wavePlan({ mode: 'count', counts: [100, 200], intervalMinutes: 45 }, slot)[1]).toEqual({
      at: new Date('2026-11-27T10:45:00Z'),
      share: { count: 200 },
    });
    expect(
      wavePlan(
        { mode: 'explicit', times: ['2026-11-28T08:00:00Z', '2026-11-28T12:00:00Z'] },
        slot,
      ).map((w) => iso(w.at)),
    ).toEqual(['2026-11-28T08:00:00.000Z', '2026-11-28T12:00:00.000Z']);
  });
});
