import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeenKeys } from './seen-keys.ts';

describe('SeenKeys', () => {
  it('answers like a Map for any keys, across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 30 }), fc.nat()), { maxLength: 3000 }),
        (entries) => {
          const seen = new SeenKeys();
          const map = new Map<string, number>();
          for (const [key, line] of entries) {
            expect(seen.get(key)).toBe(map.get(key));
            seen.set(key, line);
            map.set(key, line);
          }
          expect(seen.size).toBe(map.size);
          for (const [key, line] of map) expect(seen.get(key)).toBe(line);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps a hundred thousand identities apart', () => {
    const seen = new SeenKeys();
    for (let i = 0; i < 100_000; i++) seen.set(`email\u0000person${i}@example.com`, i + 2);
    expect(seen.size).toBe(100_000);
    expect(seen.get('email\u0000person99999@example.com')).toBe(100_001);
    expect(seen.get('email\u0000person100000@example.com')).toBeUndefined();
  });
});
