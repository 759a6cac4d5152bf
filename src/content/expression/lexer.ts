// Splits the inside of one tag into tokens. Handlebars tags (`{{…}}`) allow `-` inside names, as
// Handlebars does; expression tags (`{%…%}`) read `-` as minus and take any name in backticks.
import { TemplateError, type LineMap } from './errors.ts';
import type { Syntax } from './scanner.ts';

export type TokenKind = 'name' | 'number' | 'string' | 'data' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Punctuation or name text; for strings the decoded value. */
  readonly text: string;
  readonly number: number;
  /** A backtick-quoted name is never a keyword. */
  readonly quoted: boolean;
  readonly offset: number;
}

// Characters that may not appear in names (AJO's list), plus `?` and `:` for the `?:` operator.
const NOT_IN_NAMES = new Set(Array.from(' \t\r\n!"#%&\'()*+,./;<=>@[\\]^`{|}~?:'));
const PUNCTUATION = [
  '?:',
  '!=',
  '<=',
  '>=',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '|',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

export function tokenize(
  body: string,
  bodyOffset: number,
  syntax: Syntax,
  lines: LineMap,
): Token[] {
  const tokens: Token[] = [];
  const fail = (message: string, at: number): never => {
    throw new TemplateError(message, lines.position(bodyOffset + at));
  };
  const push = (kind: TokenKind, text: string, at: number, number = 0, quoted = false): void => {
    tokens.push({ kind, text, number, quoted, offset: bodyOffset + at });
  };
  const isNameChar = (char: string): boolean =>
    !NOT_IN_NAMES.has(char) && (syntax === 'handlebars' || char !== '-');
  let i = 0;
  while (i < body.length) {
    const char = body[i] ?? '';
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      i++;
      continue;
    }
    const start = i;
    const negativeNumber = char === '-' && syntax === 'handlebars' && isDigit(body[i + 1]);
    if (isDigit(char) || negativeNumber) {
      i = scanNumber(body, negativeNumber ? i + 1 : i);
      const text = body.slice(start, i);
      if (body[i] === 'L' || body[i] === 'l') i++;
      push('number', text, start, Number(text));
      continue;
    }
    if (char === '"' || char === "'") {
      let value = '';
      i++;
      while (i < body.length && body[i] !== char) {
        if (body[i] === '\\') {
          const next = body[i + 1];
          if (next === undefined) break;
          value += ESCAPES[next] ?? next;
          i += 2;
        } else value += body[i++];
      }
      if (i >= body.length) fail('string is not closed', start);
      i++;
      push('string', value, start);
      continue;
    }
    if (char === '`') {
      const close = body.indexOf('`', i + 1);
      if (close < 0) fail('backtick-quoted name is not closed', start);
      push('name', body.slice(i + 1, close), start, 0, true);
      i = close + 1;
      continue;
    }
    if (char === '@') {
      i++;
      while (i < body.length && isNameChar(body[i] ?? '')) i++;
      if (i === start + 1) fail("expected a name after '@'", start);
      push('data', body.slice(start + 1, i), start);
      continue;
    }
    if (isNameChar(char)) {
      while (i < body.length && isNameChar(body[i] ?? '')) i++;
      push('name', body.slice(start, i), start);
      continue;
    }
    if (body.startsWith('==', i)) fail("use '=' to compare values", start);
    if (body.startsWith('&&', i) || body.startsWith('||', i))
      fail(`use '${char === '&' ? 'and' : 'or'}' to combine conditions`, start);
    const punct = PUNCTUATION.find((candidate) => body.startsWith(candidate, i));
    if (punct === undefined) fail(`unexpected character '${char}'`, start);
    else {
      push('punct', punct, start);
      i += punct.length;
    }
  }
  push('eof', '', body.length);
  return tokens;
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function scanNumber(body: string, from: number): number {
  let i = from;
  while (isDigit(body[i])) i++;
  if (body[i] === '.' && isDigit(body[i + 1])) {
    i++;
    while (isDigit(body[i])) i++;
  }
  if (
    (body[i] === 'e' || body[i] === 'E') &&
    (isDigit(body[i + 1]) || /[+-]/.test(body[i + 1] ?? ''))
  ) {
    const save = i;
    i += body[i + 1] === '+' || body[i + 1] === '-' ? 2 : 1;
    if (!isDigit(body[i])) return save;
    while (isDigit(body[i])) i++;
  }
  return i;
}
