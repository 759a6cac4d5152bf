// Java DateTimeFormatter patterns (`yyyy-MM-dd HH:mm`, `EEEE MMMM dd yyyy`, `'at' h a`): split
// into fields and literals, with the letter counts Java accepts.

export type PatternPart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'field'; readonly letter: string; readonly count: number };

/** Most letters a field may repeat, per pattern letter; letters not here are not supported. */
const MAX_COUNT: Record<string, number> = {
  G: 5,
  u: 19,
  y: 19,
  Y: 19,
  Q: 5,
  q: 5,
  M: 5,
  L: 5,
  w: 2,
  d: 2,
  D: 3,
  E: 5,
  e: 5,
  c: 5,
  a: 1,
  h: 2,
  K: 2,
  k: 2,
  H: 2,
  m: 2,
  s: 2,
  S: 9,
  A: 19,
  n: 19,
  N: 19,
  V: 2,
  z: 4,
  O: 4,
  X: 5,
  x: 5,
  Z: 5,
};
const MAX_PATTERN_LENGTH = 200;

/** The parts of a pattern, or undefined when Java would reject it. */
export function parsePattern(pattern: string): PatternPart[] | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return undefined;
  const parts: PatternPart[] = [];
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i] ?? '';
    if (char === "'") {
      if (pattern[i + 1] === "'") {
        parts.push({ kind: 'literal', text: "'" });
        i += 2;
        continue;
      }
      let literal = '';
      i++;
      for (;;) {
        if (i >= pattern.length) return undefined;
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            literal += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        literal += pattern[i++];
      }
      parts.push({ kind: 'literal', text: literal });
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      let count = 1;
      while (pattern[i + count] === char) count++;
      const max = MAX_COUNT[char];
      if (max === undefined || count > max) return undefined;
      if (char === 'V' && count !== 2) return undefined;
      parts.push({ kind: 'field', letter: char, count });
      i += count;
      continue;
    }
    if (char === '#' || char === '{' || char === '}') return undefined;
    // Optional sections print their content when it is available, which it always is here.
    if (char !== '[' && char !== ']') parts.push({ kind: 'literal', text: char });
    i++;
  }
  return parts;
}
