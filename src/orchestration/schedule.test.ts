// Launch times of each frequency in a time zone, across a daylight-saving change, within the
// validity period.
import { describe, expect, it } from 'vitest';
import type { Schedule } from './model.ts';
import { launchAfter, nextLaunches } from './schedule.ts';

const after = new Date('2026-03-26T12:00:00Z');
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('nextLaunches', () => {
  it('daily at 09:00 in Paris moves to 07:00 UTC after the spring change', () => {
    const schedule: Schedule = { frequency: 'daily', times: ['09:00'], zone: 'Europe/Paris' };
    expect(iso(nextLaunches(schedule, after, 4))).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('several times a day, in order, within the validity period', () => {
    const schedule: Schedule = {
      frequency: 'severalTimesDaily',
      times: ['18:30', '08:00'],
      zone: 'America/New_York',
      validUntil: '2026-03-27T23:00:00Z',
    };
    expect(iso(nextLaunches(schedule, after))).toEqual([
      '2026-03-26T22:30:00.000Z',
      '2026-03-27T12:00:00.000Z',
      '2026-03-27T22:30:00.000Z',
    ]);
  });

  it('weekly on Monday and Sunday (7)', () => {
    const schedule: Schedule = {
      frequency: 'weekly',
      times: ['10:15'],
      weekdays: [7, 1],
      zone: 'Asia/Tokyo',
    };
    expect(iso(nextLaunches(schedule, after, 3))).toEqual([
      '2026-03-29T01:15:00.000Z',
      '2026-03-30T01:15:00.000Z',
      '2026-04-05T01:15:00.000Z',
    ]);
  });

  it('monthly on the 31st falls on the last day of shorter months', () => {
    const schedule: Schedule = {
      frequency: 'monthly',
      times: ['06:00'],
      dayOfMonth: 31,
      zone: 'UTC',
      validFrom: '2026-04-01T00:00:00Z',
    };
    expect(iso(nextLaunches(schedule, after, 4))).toEqual([
      '2026-04-30T06:00:00.000Z',
      '2026-05-31T06:00:00.000Z',
      '2026-06-30T06:00:00.000Z',
      '2026-07-31T06:00:00.000Z',
    ]);
  });

  it('once, as soon as possible, and on a signal', () => {
    const once: Schedule = { frequency: 'once', at: '2026-04-01T10:00:00Z', zone: 'UTC' };
    expect(iso(nextLaunches(once, after))).toEqual(['2026-04-01T10:00:00.000Z']);
    expect(launchAfter(once, new Date('2026-04-02T00:00:00Z'))).toBeNull();
    expect(iso(nextLaunches({ frequency: 'asap', zone: 'UTC' }, after))).toEqual([
      after.toISOString(),
    ]);
    const later: Schedule = { frequency: 'asap', zone: 'UTC', validFrom: '2026-04-01T00:00:00Z' };
    expect(iso(nextLaunches(later, after))).toEqual(['2026-04-01T00:00:00.000Z']);
    expect(nextLaunches({ frequency: 'signal', zone: 'UTC' }, after)).toEqual([]);
  });
});
