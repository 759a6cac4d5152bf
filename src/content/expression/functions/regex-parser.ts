// The parser of Clarion's regular-expression engine (see regex.ts): Java-style pattern syntax
// into a tree of nodes, with depth and repetition bounded so a pattern cannot blow up.
import { FunctionInputError } from '../errors.ts';

export type Test = (code: number) => boolean;

export type RegexNode =
  | { type: 'char'; test: Test }
  | { type: 'seq'; items: RegexNode[] }
  | { type: 'alt'; options: RegexNode[] }
  | { type: 'repeat'; node: RegexNode; min: number; max: number; greedy: boolean }
  | { type: 'group'; node: RegexNode; index: number | undefined }
  | { type: 'assert'; kind: Assertion };

export type Assertion = 'start' | 'end' | 'word' | 'notWord';

const MAX_DEPTH = 50;
const MAX_REPEAT = 1000;

export const isDigit: Test = (c) => c >= 48 && c <= 57;
export const isWord: Test = (c) =>
  isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
export const isSpace: Test = (c) => c === 32 || (c >= 9 && c <= 13);
export const isLineBreak: Test = (c) =>
  c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
const not =
  (test: Test): Test =>
  (c) =>
    !test(c);

export function unsupported(what: string): never {
  throw new FunctionInputError(`regular expression: ${what}`);
}

export class RegexParser {
  private i = 0;
  private depth = 0;
  groups = 0;
  ignoreCase = false;

  constructor(private readonly pattern: string) {}

  parse(): RegexNode {
    if (this.pattern.startsWith('(?i)')) {
      this.ignoreCase = true;
      this.i = 4;
    }
    const node = this.alternation();
    if (this.i < this.pattern.length)
      unsupported(`unexpected '${this.pattern[this.i]}' at ${this.i + 1}`);
    return node;
  }

  private peek(): string | undefined {
    return this.pattern[this.i];
  }

  private alternation(): RegexNode {
    if (++this.depth > MAX_DEPTH) unsupported('nested too deeply');
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      options.push(this.sequence());
    }
    this.depth--;
    return options.length === 1 ? (options[0] as RegexNode) : { type: 'alt', options };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.i < this.pattern.length && this.peek() !== '|' && this.peek() !== ')')
      items.push(this.quantified());
    return { type: 'seq', items };
  }

  private quantified(): RegexNode {
    const atom = this.atom();
    const char = this.peek();
    let min: number;
    let max: number;
    if (char === '*') [min, max] = [0, Infinity];
    else if (char === '+') [min, max] = [1, Infinity];
    else if (char === '?') [min, max] = [0, 1];
    else if (char === '{' && /^\{\d+(,\d*)?\}/.test(this.pattern.slice(this.i))) {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.pattern.slice(this.i)) as RegExpExecArray;
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      if (min > MAX_REPEAT || (max !== Infinity && (max > MAX_REPEAT || max < min)))
        unsupported('repetition count out of range');
      this.i += match[0].length - 1;
    } else return atom;
    this.i++;
    let greedy = true;
    if (this.peek() === '?') {
      greedy = false;
      this.i++;
    } else if (this.peek() === '+') unsupported('possessive quantifiers are not supported');
    if (atom.type === 'assert') unsupported('a quantifier needs something to repeat');
    return { type: 'repeat', node: atom, min, max, greedy };
  }

  private atom(): RegexNode {
    const char = this.pattern[this.i++] as string;
    switch (char) {
      case '(': {
        let index: number | undefined;
        if (this.pattern.startsWith('?:', this.i)) this.i += 2;
        else if (this.peek() === '?')
          unsupported('look-arounds and inline flags other than a leading (?i) are not supported');
        else index = ++this.groups;
        const node = this.alternation();
        if (this.peek() !== ')') unsupported("missing ')'");
        this.i++;
        return { type: 'group', node, index };
      }
      case '[':
        return { type: 'char', test: this.charClass() };
      case '.':
        return { type: 'char', test: not(isLineBreak) };
      case '^':
        return { type: 'assert', kind: 'start' };
      case '$':
        return { type: 'assert', kind: 'end' };
      case '\\':
        return this.escape(false);
      case '*':
      case '+':
      case '?':
        return unsupported(`nothing to repeat before '${char}'`);
      case ')':
        return unsupported("unmatched ')'");
      default:
        return { type: 'char', test: this.literal(char.charCodeAt(0)) };
    }
  }

  private literal(code: number): Test {
    if (!this.ignoreCase) return (c) => c === code;
    const lower = String.fromCharCode(code).toLowerCase().charCodeAt(0);
    const upper = String.fromCharCode(code).toUpperCase().charCodeAt(0);
    return (c) => c === lower || c === upper;
  }

  /** After a backslash: a class (\d), an assertion (\b) or an escaped character. */
  private escape(inClass: boolean): Extract<RegexNode, { type: 'char' | 'assert' }> {
    const char = this.pattern[this.i++];
    if (char === undefined) unsupported('pattern ends with a backslash');
    const classes: Record<string, Test> = {
      d: isDigit,
      D: not(isDigit),
      w: isWord,
      W: not(isWord),
      s: isSpace,
      S: not(isSpace),
    };
    const classTest = classes[char];
    if (classTest) return { type: 'char', test: classTest };
    if (!inClass && (char === 'b' || char === 'B'))
      return { type: 'assert', kind: char === 'b' ? 'word' : 'notWord' };
    const controls: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, e: 27, a: 7 };
    if (controls[char] !== undefined) return { type: 'char', test: this.literal(controls[char]) };
    if (char === 'u' && /^[0-9a-fA-F]{4}/.test(this.pattern.slice(this.i))) {
      const code = parseInt(this.pattern.slice(this.i, this.i + 4), 16);
      this.i += 4;
      return { type: 'char', test: this.literal(code) };
    }
    if (/[0-9A-Za-z]/.test(char)) unsupported(`'\\${char}' is not supported`);
    return { type: 'char', test: this.literal(char.charCodeAt(0)) };
  }

  private charClass(): Test {
    const negate = this.peek() === '^';
    if (negate) this.i++;
    const tests: Test[] = [];
    let first = true;
    while (this.peek() !== ']' || first) {
      first = false;
      const char = this.pattern[this.i];
      if (char === undefined) unsupported("missing ']'");
      if (char === '[') unsupported('nested classes are not supported');
      let low: number;
      if (char === '\\') {
        this.i++;
        const escaped = this.escape(true);
        if (escaped.type !== 'char') unsupported('assertions cannot be in a class');
        const probe = escaped.test;
        // A single escaped character can start a range; class escapes like \d cannot.
        const single = Array.from({ length: 128 }, (_, c) => c).filter((c) => probe(c));
        if (single.length !== 1 || this.peek() !== '-' || this.pattern[this.i + 1] === ']') {
          tests.push(probe);
          continue;
        }
        low = single[0] as number;
      } else {
        low = char.charCodeAt(0);
        this.i++;
      }
      if (
        this.peek() === '-' &&
        this.pattern[this.i + 1] !== ']' &&
        this.pattern[this.i + 1] !== undefined
      ) {
        this.i++;
        let high = this.pattern.charCodeAt(this.i++);
        if (high === 92) {
          const next = this.pattern[this.i++] ?? '';
          high = next.charCodeAt(0);
        }
        if (high < low) unsupported('class range out of order');
        tests.push(this.range(low, high));
      } else tests.push(this.range(low, low));
    }
    this.i++;
    return negate ? (c) => !tests.some((test) => test(c)) : (c) => tests.some((test) => test(c));
  }

  private range(low: number, high: number): Test {
    if (!this.ignoreCase) return (c) => c >= low && c <= high;
    return (c) => {
      const lower = String.fromCharCode(c).toLowerCase().charCodeAt(0);
      const upper = String.fromCharCode(c).toUpperCase().charCodeAt(0);
      return (
        (c >= low && c <= high) ||
        (lower >= low && lower <= high) ||
        (upper >= low && upper <= high)
      );
    };
  }
}
