import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coerceCell } from './values.ts';

describe('dataset cell values', () => {
  it('integers round-trip through text and JSON numbers', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
        expect(coerceCell('integer', n.toString(), true)).toEqual({ value: n.toString() });
      }),
    );
    fc.assert(
      fc.property(fc.integer(), (n) => {
        expect(coerceCell('integer', n, true)).toEqual({ value: String(n) });
      }),
    );
    expect(coerceCell('integer', '9223372036854775808', true)).toEqual({
      error: 'is out of the integer range',
    });
    expect(coerceCell('integer', 1.5, true)).toHaveProperty('error');
  });

  it('dates accept exactly the real calendar days', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (d) => {
          const text = d.toISOString().slice(0, 10);
          expect(coerceCell('date', text, true)).toEqual({ value: text });
        },
      ),
    );
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026/01/01'])
      expect(coerceCell('date', bad, true)).toHaveProperty('error');
  });

  it('timestamps normalise to UTC instants; zone-less times are UTC', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          expect(coerceCell('timestamp', d.toISOString(), true)).toEqual({
            value: d.toISOString(),
          });
        },
      ),
    );
    expect(coerceCell('timestamp', '2026-11-27T10:00:00+02:00', true)).toEqual({
      value: '2026-11-27T08:00:00.000Z',
    });
    expect(coerceCell('timestamp', '2026-11-27T10:00:00', true)).toEqual({
      value: '2026-11-27T10:00:00.000Z',
    });
  });

  it('never throws and never accepts garbage for typed columns', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('integer', 'decimal', 'boolean', 'date', 'timestamp', 'string' as const),
        fc.anything(),
        (type, raw) => {
          const result = coerceCell(type, raw, true);
          if ('value' in result && result.value !== null && type === 'decimal')
            expect(Number.isFinite(Number(result.value))).toBe(true);
        },
      ),
    );
  });

  it('empty cells are null, or an error when the column is required', () => {
    expect(coerceCell('string', '', true)).toEqual({ value: null });
    expect(coerceCell('decimal', null, false)).toEqual({ error: 'is required' });
  });
});
