// Pure governance rules: which campaigns a policy covers, where cap periods start, status moves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { CHANNELS } from '../profiles/model.ts';
import { namePatternRegExp, policyMatches, type PolicyFacts } from './matching.ts';
import { CAMPAIGN_TYPES, CAP_PERIODS, type CapPeriod, type PolicyMatch } from './model.ts';
import { nextStatus } from './objects.ts';
import { capSince } from './plans.ts';

const facts = (overrides: Partial<PolicyFacts> = {}): PolicyFacts => ({
  type: 'scheduled',
  channel: 'email',
  tags: ['Newsletter', 'q4'],
  name: 'Black Friday (EU) 2026',
  requesterId: '6f1d2c1e-0000-4000-8000-000000000001',
  ...overrides,
});

const tagArb = fc.constantFrom('news', 'News', 'q4', 'promo', 'vip', 'eu');
const factsArb: fc.Arbitrary<PolicyFacts> = fc.record({
  type: fc.constantFrom(...CAMPAIGN_TYPES),
  channel: fc.option(fc.constantFrom(...CHANNELS), { nil: null }),
  tags: fc.array(tagArb, { maxLength: 4 }),
  name: fc.string({ maxLength: 30 }),
  requesterId: fc.option(fc.constantFrom('u1', 'u2', 'u3'), { nil: null }),
});
const matchArb: fc.Arbitrary<PolicyMatch> = fc.record(
  {
    types: fc.subarray([...CAMPAIGN_TYPES]),
    channels: fc.subarray([...CHANNELS]),
    tags: fc.array(tagArb, { maxLength: 3 }),
    namePattern: fc.stringMatching(/^[a-z*() .]{1,8}$/),
    requesters: fc.subarray(['u1', 'u2', 'u3']),
  },
  { requiredKeys: [] },
);

describe('policyMatches', () => {
  it('holds when every given criterion holds', () => {
    const match: PolicyMatch = {
      types: ['scheduled'],
      channels: ['email', 'sms'],
      tags: ['newsletter'],
      namePattern: 'black friday*',
      requesters: [facts().requesterId!],
    };
    expect(policyMatches(match, facts())).toBe(true);
    expect(policyMatches(match, facts({ type: 'api' }))).toBe(false);
    expect(policyMatches(match, facts({ channel: 'push' }))).toBe(false);
    expect(policyMatches(match, facts({ channel: null }))).toBe(false);
    expect(policyMatches(match, facts({ tags: ['promo'] }))).toBe(false);
    expect(policyMatches(match, facts({ tags: [] }))).toBe(false);
    expect(policyMatches(match, facts({ name: 'Cyber Monday' }))).toBe(false);
    expect(policyMatches(match, facts({ requesterId: null }))).toBe(false);
    expect(policyMatches(match, facts({ requesterId: 'someone else' }))).toBe(false);
  });

  it('treats absent and empty criteria as matching every campaign', () => {
    expect(policyMatches({}, facts({ channel: null, tags: [], requesterId: null }))).toBe(true);
    expect(
      policyMatches(
        { types: [], channels: [], tags: [], requesters: [] },
        facts({ channel: null, tags: [], requesterId: null }),
      ),
    ).toBe(true);
    fc.assert(fc.property(factsArb, (f) => policyMatches({}, f)));
  });

  it('reads name patterns whole, in any case, with * for any text and all else literal', () => {
    const name = 'Black Friday (EU) 2026';
    expect(policyMatches({ namePattern: 'BLACK FRIDAY (eu) 2026' }, facts({ name }))).toBe(true);
    expect(policyMatches({ namePattern: 'Black' }, facts({ name }))).toBe(false);
    expect(policyMatches({ namePattern: '*(EU)*' }, facts({ name }))).toBe(true);
    expect(policyMatches({ namePattern: '*(US)*' }, facts({ name }))).toBe(false);
    expect(policyMatches({ namePattern: 'Black.Friday*' }, facts({ name }))).toBe(false);
    expect(policyMatches({ namePattern: 'a+b' }, facts({ name: 'aab' }))).toBe(false);
    expect(policyMatches({ namePattern: 'a+b' }, facts({ name: 'A+B' }))).toBe(true);
    expect(policyMatches({ namePattern: '[x]' }, facts({ name: 'x' }))).toBe(false);
    expect(policyMatches({ namePattern: '^$\\|?{}' }, facts({ name: '^$\\|?{}' }))).toBe(true);
    expect(policyMatches({ namePattern: '*' }, facts({ name: '' }))).toBe(true);
    expect(policyMatches({ namePattern: 'line*end' }, facts({ name: 'line\nnew end' }))).toBe(true);
  });

  it('matches a pattern without * exactly when the names are equal in any case', () => {
    const text = fc.string({ maxLength: 12 }).filter((s) => !s.includes('*'));
    fc.assert(
      fc.property(text, text, (pattern, name) => {
        const expected = pattern.toLowerCase() === name.toLowerCase();
        expect(namePatternRegExp(pattern).test(name)).toBe(expected);
      }),
    );
  });

  it('matches any text in place of *', () => {
    const part = fc.string({ maxLength: 8 }).filter((s) => !s.includes('*'));
    fc.assert(
      fc.property(part, part, fc.string({ maxLength: 8 }), (before, after, middle) => {
        expect(namePatternRegExp(`${before}*${after}`).test(before + middle + after)).toBe(true);
        expect(namePatternRegExp('*').test(middle)).toBe(true);
      }),
    );
  });

  it('is the conjunction of its criteria taken one at a time', () => {
    fc.assert(
      fc.property(matchArb, factsArb, (match, f) => {
        const each = Object.entries(match).every(([key, value]) =>
          policyMatches({ [key]: value }, f),
        );
        expect(policyMatches(match, f)).toBe(each);
      }),
    );
  });

  it('matches tags in any case when the campaign has at least one of them', () => {
    fc.assert(
      fc.property(fc.array(tagArb, { minLength: 1 }), fc.array(tagArb), (wanted, has) => {
        const shared = wanted.some((w) => has.some((h) => h.toLowerCase() === w.toLowerCase()));
        expect(policyMatches({ tags: wanted }, facts({ tags: has }))).toBe(shared);
      }),
    );
  });
});

const at = (iso: string) => new Date(iso);

describe('capSince', () => {
  it('starts hourly and daily periods on the hour and at midnight UTC', () => {
    const now = at('2026-03-01T05:42:17.123Z');
    expect(capSince('hourly', 1, now)).toEqual(at('2026-03-01T05:00:00Z'));
    expect(capSince('hourly', 6, now)).toEqual(at('2026-03-01T00:00:00Z'));
    expect(capSince('hourly', 7, now)).toEqual(at('2026-02-28T23:00:00Z'));
    expect(capSince('daily', 1, now)).toEqual(at('2026-03-01T00:00:00Z'));
    expect(capSince('daily', 2, now)).toEqual(at('2026-02-28T00:00:00Z'));
    expect(capSince('daily', 2, at('2028-03-01T12:00:00Z'))).toEqual(at('2028-02-29T00:00:00Z'));
  });

  it('starts weeks on Monday (ISO), across month and year ends', () => {
    // 2026-11-29 is a Sunday, 2026-11-30 a Monday, 2027-01-01 a Friday.
    expect(capSince('weekly', 1, at('2026-11-29T23:59:59Z'))).toEqual(at('2026-11-23T00:00:00Z'));
    expect(capSince('weekly', 1, at('2026-11-30T00:00:00Z'))).toEqual(at('2026-11-30T00:00:00Z'));
    expect(capSince('weekly', 1, at('2026-12-02T10:00:00Z'))).toEqual(at('2026-11-30T00:00:00Z'));
    expect(capSince('weekly', 1, at('2027-01-01T08:00:00Z'))).toEqual(at('2026-12-28T00:00:00Z'));
    expect(capSince('weekly', 2, at('2027-01-01T08:00:00Z'))).toEqual(at('2026-12-21T00:00:00Z'));
  });

  it('starts months on the first, going back over year ends and short months', () => {
    expect(capSince('monthly', 1, at('2026-03-01T00:00:00Z'))).toEqual(at('2026-03-01T00:00:00Z'));
    expect(capSince('monthly', 1, at('2026-02-28T23:59:59Z'))).toEqual(at('2026-02-01T00:00:00Z'));
    expect(capSince('monthly', 2, at('2026-03-31T12:00:00Z'))).toEqual(at('2026-02-01T00:00:00Z'));
    expect(capSince('monthly', 3, at('2026-01-15T12:00:00Z'))).toEqual(at('2025-11-01T00:00:00Z'));
    expect(capSince('monthly', 24, at('2026-12-31T23:59:59Z'))).toEqual(at('2025-01-01T00:00:00Z'));
  });

  const nowArb = fc.date({
    min: at('2000-01-01T00:00:00Z'),
    max: at('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  });
  const periodArb = fc.constantFrom(...CAP_PERIODS);
  const LONGEST: Record<CapPeriod, number> = {
    hourly: 3_600_000,
    daily: 86_400_000,
    weekly: 7 * 86_400_000,
    monthly: 31 * 86_400_000,
  };

  it('gives the start of the period containing now, on its calendar boundary', () => {
    fc.assert(
      fc.property(periodArb, nowArb, (period, now) => {
        const since = capSince(period, 1, now);
        expect(since.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(now.getTime() - since.getTime()).toBeLessThan(LONGEST[period]);
        expect(since.getUTCMinutes() + since.getUTCSeconds() + since.getUTCMilliseconds()).toBe(0);
        if (period !== 'hourly') expect(since.getUTCHours()).toBe(0);
        if (period === 'weekly') expect(since.getUTCDay()).toBe(1);
        if (period === 'monthly') expect(since.getUTCDate()).toBe(1);
        // The period's start lies in its own period.
        expect(capSince(period, 1, since)).toEqual(since);
      }),
    );
  });

  it('goes back one whole period per step of the multiplier', () => {
    fc.assert(
      fc.property(periodArb, fc.integer({ min: 2, max: 24 }), nowArb, (period, m, now) => {
        const previous = capSince(period, m - 1, now);
        const justBefore = new Date(previous.getTime() - 1);
        expect(capSince(period, m, now)).toEqual(capSince(period, 1, justBefore));
      }),
    );
  });

  it('never moves backwards as time passes', () => {
    fc.assert(
      fc.property(periodArb, fc.integer({ min: 1, max: 24 }), nowArb, nowArb, (p, m, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(capSince(p, m, early).getTime()).toBeLessThanOrEqual(capSince(p, m, late).getTime());
      }),
    );
  });
});

describe('nextStatus', () => {
  it('activates drafts and inactive objects, deactivates active ones, and refuses the rest', () => {
    expect(nextStatus('draft', 'activate')).toBe('active');
    expect(nextStatus('inactive', 'activate')).toBe('active');
    expect(nextStatus('active', 'deactivate')).toBe('inactive');
    for (const [status, action] of [
      ['active', 'activate'],
      ['draft', 'deactivate'],
      ['inactive', 'deactivate'],
    ] as const) {
      const refusal = (() => {
        try {
          nextStatus(status, action);
          return null;
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).code).toBe('GOVERNANCE_STATUS');
    }
  });
});
