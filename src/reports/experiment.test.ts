// Experiment statistics: known values of the two-proportion z-test, and properties over random
// treatments (bounded rates and confidences, no winner between equals, a winner for a clear gap).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { experimentResult, twoProportionConfidence, type ExperimentInput } from './experiment.ts';

const treatment = (key: string, sent: number, opens: number, clicks = 0): ExperimentInput => ({
  key,
  sent,
  uniqueOpens: opens,
  uniqueClicks: clicks,
});

const arbitraryTreatment = (key: string) =>
  fc
    .tuple(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([sent, share]) =>
      treatment(key, sent, Math.round(sent * share), Math.round(sent * share * share)),
    );

describe('experimentResult', () => {
  it('gives rate, lift and confidence against the control', () => {
    const result = experimentResult(
      [treatment('A', 1000, 100), treatment('B', 1000, 130), treatment('C', 1000, 110)],
      'opens',
    );
    expect(result.metric).toBe('opens');
    expect(result.rows.map((r) => [r.key, r.sent, r.conversions, r.rate])).toEqual([
      ['A', 1000, 100, 0.1],
      ['B', 1000, 130, 0.13],
      ['C', 1000, 110, 0.11],
    ]);
    const [a, b, c] = result.rows;
    expect(a).toMatchObject({ lift: null, confidence: null });
    expect(b!.lift).toBeCloseTo(0.3, 10);
    expect(b!.confidence).toBeCloseTo(0.96451, 4);
    expect(c!.lift).toBeCloseTo(0.1, 10);
    expect(c!.confidence).toBeCloseTo(0.53426, 4);
    // B beats the control at 95 %; C is not significant, and B's rate is the best anyway.
    expect(result.winner).toBe('B');
  });

  it('measures clicks when clicks are the metric', () => {
    const result = experimentResult(
      [treatment('A', 2000, 900, 20), treatment('B', 2000, 900, 80)],
      'clicks',
    );
    expect(result.rows.map((r) => r.conversions)).toEqual([20, 80]);
    expect(result.winner).toBe('B');
  });

  it('names the control when every other treatment is significantly worse', () => {
    const result = experimentResult(
      [treatment('control', 5000, 1000), treatment('B', 5000, 500), treatment('C', 5000, 600)],
      'opens',
    );
    expect(result.rows[1]!.lift).toBeCloseTo(-0.5, 10);
    expect(result.winner).toBe('control');
    // One treatment not significantly worse: no winner.
    const mixed = experimentResult(
      [treatment('control', 5000, 1000), treatment('B', 5000, 500), treatment('C', 5000, 990)],
      'opens',
    );
    expect(mixed.winner).toBeNull();
  });

  it('has no evidence without sends or conversions, and no lift over a zero rate', () => {
    expect(twoProportionConfidence({ sent: 0, conversions: 0 }, { sent: 10, conversions: 5 })).toBe(
      0,
    );
    expect(
      twoProportionConfidence({ sent: 10, conversions: 0 }, { sent: 10, conversions: 0 }),
    ).toBe(0);
    expect(
      twoProportionConfidence({ sent: 10, conversions: 10 }, { sent: 9, conversions: 9 }),
    ).toBe(0);
    const result = experimentResult([treatment('A', 100, 0), treatment('B', 100, 3)], 'opens');
    expect(result.rows[1]!.lift).toBeNull();
    expect(experimentResult([], 'opens')).toEqual({ metric: 'opens', rows: [], winner: null });
    expect(experimentResult([treatment('only', 100, 50)], 'opens').winner).toBeNull();
  });

  it('caps conversions at the messages sent', () => {
    const result = experimentResult([treatment('A', 10, 12), treatment('B', 10, 3)], 'opens');
    expect(result.rows[0]).toMatchObject({ conversions: 10, rate: 1 });
  });

  it('keeps rates and confidences within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 10 }),
        fc.array(arbitraryTreatment('x'), { minLength: 10, maxLength: 10 }),
        fc.constantFrom('opens' as const, 'clicks' as const),
        (picks, pool, metric) => {
          const inputs = picks.map((p, i) => ({ ...pool[p]!, key: `t${i}` }));
          const result = experimentResult(inputs, metric);
          expect(result.rows).toHaveLength(inputs.length);
          for (const [i, row] of result.rows.entries()) {
            expect(row.rate).toBeGreaterThanOrEqual(0);
            expect(row.rate).toBeLessThanOrEqual(1);
            if (i === 0) expect(row.confidence).toBeNull();
            else {
              expect(row.confidence).toBeGreaterThanOrEqual(0);
              expect(row.confidence).toBeLessThanOrEqual(1);
            }
          }
          if (result.winner !== null)
            expect(result.rows.map((r) => r.key)).toContain(result.winner);
        },
      ),
    );
  });

  it('gives the same confidence whichever side is the control', () => {
    fc.assert(
      fc.property(arbitraryTreatment('a'), arbitraryTreatment('b'), (a, b) => {
        const forward = experimentResult([a, b], 'opens').rows[1]!.confidence!;
        const backward = experimentResult([b, a], 'opens').rows[1]!.confidence!;
        expect(forward).toBeCloseTo(backward, 12);
      }),
    );
  });

  it('names no winner among treatments that perform the same', () => {
    fc.assert(
      fc.property(arbitraryTreatment('x'), fc.integer({ min: 2, max: 10 }), (same, count) => {
        const inputs = Array.from({ length: count }, (_, i) => ({ ...same, key: `t${i}` }));
        const result = experimentResult(inputs, 'opens');
        expect(result.winner).toBeNull();
        for (const row of result.rows.slice(1)) {
          expect(row.confidence).toBe(0);
          expect(row.lift === null || row.lift === 0).toBe(true);
        }
      }),
    );
  });

  it('names the better treatment when the gap is large and the samples big', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5_000, max: 200_000 }),
        fc.double({ min: 0.02, max: 0.8, noNaN: true }),
        fc.integer({ min: 0, max: 2 }),
        (sent, base, where) => {
          const conversions = Math.round(sent * base);
          const better = Math.round(sent * (base + 0.1));
          const inputs = [0, 1, 2].map((i) =>
            treatment(`t${i}`, sent, i === where ? better : conversions),
          );
          const result = experimentResult(inputs, 'opens');
          // The control itself may be the better one: then both others are significantly worse.
          expect(result.winner).toBe(`t${where}`);
        },
      ),
    );
  });
});
