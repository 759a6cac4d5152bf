// AJO's math library (help/using/personalization/functions/math.md) and the arithmetic
// operators (arithmetic-functions.md): documented examples, then the cases the pages leave open.
import { describe, expect, it } from 'vitest';
import { render } from '../testing/render.ts';

const cases: [template: string, expected: string][] = [
  // formatNumber: documented input 123456.789 in ar_EG (Arabic-Indic digits and separators)
  ['{%= formatNumber(123456.789, "ar_EG") %}', '١٢٣٬٤٥٦٫٧٨٩'],
  ['{%= formatNumber(1234567.8915, "en_US") %}', '1,234,567.892'],
  ['{%= formatNumber(1234.5, "de_DE") %}', '1.234,5'],
  // formatCurrency: documented "This query returns £56.00"
  ['{%= formatCurrency(56L,"en_GB") %}', '£56.00'],
  ['{%= formatCurrency(1234.5,"fr_FR") %}', '1 234,50 €'],
  // toHexString: documented "9e"; toInt: documented 42; toString: documented "12"
  ['{%= toHexString(158) %}', '9e'],
  ['{%= toInt(42.6) %}', '42'],
  ['{%= toInt("17") %} {%= toInt(true) %}', '17 1'],
  ['{%= toString(12) %}', '12'],
  ['{%= absolute(-5) %}', '5'],
  ['{%= roundUp(4.2) %} {%= roundDown(4.8) %}', '5 4'],
  ['{%= toPercentage(0.256) %}', '26%'],
  // Arithmetic: integers print without ".0"
  ['{%= 2 + 3 %} {%= 7 - 10 %} {%= 6 * 7 %} {%= 10 / 4 %} {%= 10 % 4 %}', '5 -3 42 2.5 2'],
  ['{%= profile.age % 5 = 0 %}', 'true'],
  ['{%= (1 + 2) * 3 %} {%= 1 + 2 * 3 %} {%= -profile.age %}', '9 7 -35'],
  ['[{%= 1 / 0 %}]', '[]'],
  ['{%= "Total: " + 12 %}', 'Total: 12'],
];

describe('math functions and operators', () => {
  it.each(cases)('%s → %s', (template, expected) => {
    // Intl separates French groups with a narrow no-break space; compare with plain spaces.
    expect(render(template, { profile: { age: 35 } }).replace(/[\u202f\u00a0]/g, ' ')).toBe(
      expected,
    );
  });

  it('random() returns the injected source of randomness', () => {
    expect(render('{%= random() %}', {}, { random: () => 0.25 })).toBe('0.25');
  });
});
