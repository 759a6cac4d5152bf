// SMS length: GSM 03.38 (7-bit) or UCS-2, and how many segments a text takes. Pure, with no
// server-only imports: the console's live counter runs this same function.

/** The GSM 03.38 default alphabet (one septet each). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each is sent as ESC + character, two septets. */
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsAnalysis {
  encoding: SmsEncoding;
  /** Characters as a person counts them (Unicode code points). */
  characters: number;
  /** Septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Units one segment holds: 160/70 for a single message, 153/67 once it is split. */
  unitsPerSegment: number;
  /** Units left in the last segment before another one starts. */
  remaining: number;
  /** The characters that force UCS-2, each once, in order of appearance. */
  nonGsmCharacters: string[];
}

export const SMS_LIMITS = {
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
} as const;

/** Septets a character takes in GSM-7, or undefined when GSM-7 cannot carry it. */
export function gsmSeptets(char: string): 1 | 2 | undefined {
  if (BASIC.has(char)) return 1;
  if (EXTENSION.has(char)) return 2;
  return undefined;
}

export function analyseSms(text: string): SmsAnalysis {
  const chars = Array.from(text);
  const nonGsm: string[] = [];
  const seen = new Set<string>();
  for (const char of chars) {
    if (gsmSeptets(char) === undefined && !seen.has(char)) {
      seen.add(char);
      nonGsm.push(char);
    }
  }
  const encoding: SmsEncoding = nonGsm.length === 0 ? 'GSM-7' : 'UCS-2';
  // Units of each character: an extension character's escape and a surrogate pair's halves
  // cannot be split across two segments.
  const widths = chars.map((char) =>
    encoding === 'GSM-7' ? (gsmSeptets(char) ?? 1) : char.length,
  );
  const units = widths.reduce((sum, width) => sum + width, 0);
  const limits = SMS_LIMITS[encoding];
  if (units <= limits.single)
    return {
      encoding,
      characters: chars.length,
      units,
      segments: units === 0 ? 0 : 1,
      unitsPerSegment: limits.single,
      remaining: limits.single - units,
      nonGsmCharacters: nonGsm,
    };
  let segments = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > limits.concatenated) {
      segments++;
      used = 0;
    }
    used += width;
  }
  return {
    encoding,
    characters: chars.length,
    units,
    segments,
    unitsPerSegment: limits.concatenated,
    remaining: limits.concatenated - used,
    nonGsmCharacters: nonGsm,
  };
}
