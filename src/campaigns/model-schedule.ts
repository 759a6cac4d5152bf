// When a campaign sends (SPEC S): its start, recurrence, time zone, rate and waves. Shared with
// the console.
import { Type, type Static } from '@sinclair/typebox';
import { TimeOfDay } from '../governance/model.ts';
import { Timestamp } from '../platform/model.ts';

export const Recurrence = Type.Union([
  Type.Object({ frequency: Type.Literal('once') }, { additionalProperties: false }),
  Type.Object({ frequency: Type.Literal('daily') }, { additionalProperties: false }),
  Type.Object(
    {
      frequency: Type.Literal('weekly'),
      /** 0 = Sunday … 6 = Saturday. */
      days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
        minItems: 1,
        uniqueItems: true,
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      frequency: Type.Literal('monthly'),
      /** Day of the month; months without it use their last day. */
      day: Type.Integer({ minimum: 1, maximum: 31 }),
    },
    { additionalProperties: false },
  ),
]);
export type Recurrence = Static<typeof Recurrence>;

export const Waves = Type.Union([
  Type.Object(
    {
      mode: Type.Literal('equal'),
      count: Type.Integer({ minimum: 2, maximum: 10 }),
      intervalMinutes: Type.Integer({ minimum: 30, maximum: 10_080 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      mode: Type.Literal('percent'),
      /** Share of each wave; they add up to 100. */
      percents: Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 100 }), {
        minItems: 2,
        maxItems: 10,
      }),
      intervalMinutes: Type.Integer({ minimum: 30, maximum: 10_080 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      mode: Type.Literal('count'),
      /** Recipients per wave; the last wave also takes whoever is left. */
      counts: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 2, maxItems: 10 }),
      intervalMinutes: Type.Integer({ minimum: 30, maximum: 10_080 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      mode: Type.Literal('explicit'),
      /** Start of each wave (equal shares), at least 30 minutes apart. */
      times: Type.Array(Timestamp, { minItems: 2, maxItems: 10 }),
    },
    { additionalProperties: false },
  ),
]);
export type Waves = Static<typeof Waves>;

export const CampaignSchedule = Type.Object(
  {
    /** `manual`: the first run starts at activation; `at`: at `startAt`. */
    start: Type.Union([Type.Literal('manual'), Type.Literal('at')]),
    startAt: Type.Optional(Timestamp),
    recurrence: Recurrence,
    /** Time of day of recurring runs, in `timeZone`. */
    time: Type.Optional(TimeOfDay),
    /** The campaign's IANA time zone (also for profiles without one). */
    timeZone: Type.String({ minLength: 1, maxLength: 64, default: 'UTC' }),
    /** Send at the same wall-clock time in each profile's own time zone. */
    localTime: Type.Boolean({ default: false }),
    /** No runs after this time (recurring campaigns). */
    endAt: Type.Optional(Timestamp),
    /** Messages per second for the whole campaign (1–2,000). */
    ratePerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
    waves: Type.Optional(Waves),
  },
  { additionalProperties: false },
);
export type CampaignSchedule = Static<typeof CampaignSchedule>;
