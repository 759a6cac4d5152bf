import { describe, expect, it } from 'vitest';
import { analyseSms, gsmSeptets } from './sms.ts';

const gsm = (n: number) => 'a'.repeat(n);
const ucs = (n: number) => 'ж'.repeat(n);

describe('analyseSms', () => {
  it.each([
    // [name, text, encoding, units, segments]
    ['empty', '', 'GSM-7', 0, 0],
    ['one GSM character', 'a', 'GSM-7', 1, 1],
    ['160 GSM characters fit one SMS', gsm(160), 'GSM-7', 160, 1],
    ['161 split into 153-septet parts', gsm(161), 'GSM-7', 161, 2],
    ['306 = 2 × 153', gsm(306), 'GSM-7', 306, 2],
    ['307 needs a third part', gsm(307), 'GSM-7', 307, 3],
    ['GSM accented letters stay 7-bit', 'èéùìòÇØøÅåÆæßÉÄÖÑÜäöñüà¿¡§£¥', 'GSM-7', 28, 1],
    ['Greek capitals of the default alphabet', 'ΔΦΓΛΩΠΨΣΘΞ', 'GSM-7', 10, 1],
    ['extension characters count two', '€[]{}|^~\\', 'GSM-7', 18, 1],
    ['80 euro signs are 160 septets', '€'.repeat(80), 'GSM-7', 160, 1],
    ['81 euro signs split', '€'.repeat(81), 'GSM-7', 162, 2],
    // 152 septets, then an extension character that does not fit the first part's last septet
    ['an escape never straddles two parts', gsm(152) + '€' + gsm(10), 'GSM-7', 164, 2],
    ['70 UCS-2 characters fit one SMS', ucs(70), 'UCS-2', 70, 1],
    ['71 split into 67-unit parts', ucs(71), 'UCS-2', 71, 2],
    ['134 = 2 × 67', ucs(134), 'UCS-2', 134, 2],
    ['135 needs a third part', ucs(135), 'UCS-2', 135, 3],
    ['one non-GSM character switches everything', gsm(100) + 'ć', 'UCS-2', 101, 2],
    ['curly quote is not GSM', 'It’s', 'UCS-2', 4, 1],
    ['emoji are two UTF-16 units', '😀', 'UCS-2', 2, 1],
    ['35 emoji are 70 units', '😀'.repeat(35), 'UCS-2', 70, 1],
    // 66 units, then an emoji: its surrogate pair moves whole to the second part
    ['a surrogate pair never straddles two parts', ucs(66) + '😀' + ucs(5), 'UCS-2', 73, 2],
    ['lower-case ç is not in GSM 03.38', 'ç', 'UCS-2', 1, 1],
  ])('%s', (_name, text, encoding, units, segments) => {
    const result = analyseSms(text);
    expect(result.encoding).toBe(encoding);
    expect(result.units).toBe(units);
    expect(result.segments).toBe(segments);
  });

  it('counts characters as code points and tells what is left in the last part', () => {
    const result = analyseSms('Hi 😀');
    expect(result.characters).toBe(4);
    expect(result.units).toBe(5);
    expect(result.unitsPerSegment).toBe(70);
    expect(result.remaining).toBe(65);
    const long = analyseSms(gsm(200));
    expect(long.unitsPerSegment).toBe(153);
    expect(long.remaining).toBe(153 * 2 - 200);
  });

  it('lists the characters that force UCS-2, each once', () => {
    expect(analyseSms('Zoë – café ’ – ’').nonGsmCharacters).toEqual(['ë', '–', '’']);
    expect(analyseSms('plain').nonGsmCharacters).toEqual([]);
  });

  it('knows basic, extension and foreign characters', () => {
    expect(gsmSeptets('@')).toBe(1);
    expect(gsmSeptets('\n')).toBe(1);
    expect(gsmSeptets('€')).toBe(2);
    expect(gsmSeptets('\f')).toBe(2);
    expect(gsmSeptets('`')).toBeUndefined();
    expect(gsmSeptets('\u001b')).toBeUndefined();
  });
});
