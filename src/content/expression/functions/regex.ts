// A small regular-expression engine for matches(), regexGroup() and replaceAll(). Patterns come
// from template authors, so they are never handed to the backtracking RegExp engine: this one
// simulates all paths at once (a Pike VM), which takes time linear in the input for a given
// pattern, and every search runs under a step budget. It covers the Java syntax templates use:
// literals and escapes, `.`, classes, \d \w \s (and negations), \b, ^ $, groups, (?:…), a
// leading (?i), |, and the quantifiers * + ? {n,m} (greedy or lazy).
import { FunctionInputError } from '../errors.ts';

type Test = (code: number) => boolean;

type RegexNode =
  | { type: 'char'; test: Test }
  | { type: 'seq'; items: RegexNode[] }
  | { type: 'alt'; options: RegexNode[] }
  | { type: 'repeat'; node: RegexNode; min: number; max: number; greedy: boolean }
  | { type: 'group'; node: RegexNode; index: number | undefined }
  | { type: 'assert'; kind: Assertion };

type Assertion = 'start' | 'end' | 'word' | 'notWord';

type Instruction =
  | { op: 'char'; test: Test }
  | { op: 'split'; first: number; second: number }
  | { op: 'jump'; to: number }
  | { op: 'save'; slot: number }
  | { op: 'assert'; kind: Assertion }
  | { op: 'match' };

export interface CompiledRegex {
  readonly program: readonly Instruction[];
  readonly groups: number;
}

const MAX_PATTERN_LENGTH = 1000;
const MAX_PROGRAM = 20_000;
const MAX_DEPTH = 50;
const MAX_REPEAT = 1000;

const isDigit: Test = (c) => c >= 48 && c <= 57;
const isWord: Test = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace: Test = (c) => c === 32 || (c >= 9 && c <= 13);
const isLineBreak: Test = (c) => c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
const not =
  (test: Test): Test =>
  (c) =>
    !test(c);

function unsupported(what: string): never {
  throw new FunctionInputError(`regular expression: ${what}`);
}

class RegexParser {
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

function emit(node: RegexNode, program: Instruction[]): void {
  if (program.length > MAX_PROGRAM) unsupported('pattern is too large');
  switch (node.type) {
    case 'char':
      program.push({ op: 'char', test: node.test });
      return;
    case 'assert':
      program.push({ op: 'assert', kind: node.kind });
      return;
    case 'seq':
      for (const item of node.items) emit(item, program);
      return;
    case 'group':
      if (node.index !== undefined) program.push({ op: 'save', slot: node.index * 2 });
      emit(node.node, program);
      if (node.index !== undefined) program.push({ op: 'save', slot: node.index * 2 + 1 });
      return;
    case 'alt': {
      const jumps: Extract<Instruction, { op: 'jump' }>[] = [];
      node.options.forEach((option, index) => {
        const last = index === node.options.length - 1;
        const split: Extract<Instruction, { op: 'split' }> = { op: 'split', first: 0, second: 0 };
        if (!last) {
          program.push(split);
          split.first = program.length;
        }
        emit(option, program);
        if (!last) {
          const jump: Extract<Instruction, { op: 'jump' }> = { op: 'jump', to: 0 };
          jumps.push(jump);
          program.push(jump);
          split.second = program.length;
        }
      });
      for (const jump of jumps) jump.to = program.length;
      return;
    }
    case 'repeat': {
      for (let n = 0; n < node.min; n++) emit(node.node, program);
      if (node.max === Infinity) {
        const split: Extract<Instruction, { op: 'split' }> = { op: 'split', first: 0, second: 0 };
        const loop = program.length;
        program.push(split);
        emit(node.node, program);
        program.push({ op: 'jump', to: loop });
        const body = loop + 1;
        const exit = program.length;
        [split.first, split.second] = node.greedy ? [body, exit] : [exit, body];
        return;
      }
      const splits: Extract<Instruction, { op: 'split' }>[] = [];
      for (let n = node.min; n < node.max; n++) {
        const split: Extract<Instruction, { op: 'split' }> = { op: 'split', first: 0, second: 0 };
        splits.push(split);
        program.push(split);
        const body = program.length;
        emit(node.node, program);
        split.first = body;
      }
      const exit = program.length;
      for (const split of splits) {
        const body = split.first;
        [split.first, split.second] = node.greedy ? [body, exit] : [exit, body];
      }
      return;
    }
  }
}

const cache = new Map<string, CompiledRegex>();

export function compileRegex(pattern: string): CompiledRegex {
  const cached = cache.get(pattern);
  if (cached) return cached;
  if (pattern.length > MAX_PATTERN_LENGTH)
    unsupported(`pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  const parser = new RegexParser(pattern);
  const root = parser.parse();
  const program: Instruction[] = [];
  emit({ type: 'group', node: root, index: 0 }, program);
  program.push({ op: 'match' });
  if (program.length > MAX_PROGRAM) unsupported('pattern is too large');
  const compiled = { program, groups: parser.groups };
  if (cache.size < 200) cache.set(pattern, compiled);
  return compiled;
}

interface Thread {
  pc: number;
  captures: number[];
}

export class RegexBudget {
  constructor(public steps: number) {}

  spend(count: number): void {
    this.steps -= count;
    if (this.steps < 0) unsupported('the search took too many steps');
  }
}

function holds(kind: Assertion, input: string, at: number): boolean {
  switch (kind) {
    case 'start':
      return at === 0;
    case 'end':
      return at === input.length || (at === input.length - 1 && input.charCodeAt(at) === 10);
    case 'word':
    case 'notWord': {
      const before = at > 0 && isWord(input.charCodeAt(at - 1));
      const after = at < input.length && isWord(input.charCodeAt(at));
      return (before !== after) === (kind === 'word');
    }
  }
}

/**
 * The leftmost match starting at or after `from`, preferring what a backtracking engine would
 * (greedy or lazy per quantifier): capture positions [start0, end0, start1, end1, …], -1 when a
 * group took no part; undefined when there is no match.
 */
export function search(
  regex: CompiledRegex,
  input: string,
  from: number,
  budget: RegexBudget,
): number[] | undefined {
  const { program } = regex;
  const slots = (regex.groups + 1) * 2;
  let current: Thread[] = [];
  let matched: number[] | undefined;
  const seen = new Int32Array(program.length).fill(-1);
  let generation = 1;
  const add = (list: Thread[], start: Thread, at: number): void => {
    const stack: Thread[] = [start];
    while (stack.length > 0) {
      const thread = stack.pop() as Thread;
      if (seen[thread.pc] === generation) continue;
      seen[thread.pc] = generation;
      const instruction = program[thread.pc] as Instruction;
      switch (instruction.op) {
        case 'jump':
          stack.push({ pc: instruction.to, captures: thread.captures });
          break;
        case 'split':
          // Pushed in reverse so the preferred path is explored first.
          stack.push({ pc: instruction.second, captures: thread.captures });
          stack.push({ pc: instruction.first, captures: thread.captures });
          break;
        case 'save': {
          const captures = thread.captures.slice();
          captures[instruction.slot] = at;
          stack.push({ pc: thread.pc + 1, captures });
          break;
        }
        case 'assert':
          if (holds(instruction.kind, input, at))
            stack.push({ pc: thread.pc + 1, captures: thread.captures });
          break;
        case 'char':
        case 'match':
          list.push(thread);
          break;
      }
    }
  };
  const start = (): Thread => ({ pc: 0, captures: new Array<number>(slots).fill(-1) });
  // Each list holds the threads at one position, in priority order; `seen` (per generation, one
  // generation per list) keeps a program counter from entering a list twice.
  add(current, start(), from);
  for (let at = from; ; at++) {
    budget.spend(current.length + 1);
    generation++;
    const next: Thread[] = [];
    const code = at < input.length ? input.charCodeAt(at) : -1;
    for (const thread of current) {
      const instruction = program[thread.pc] as Instruction;
      if (instruction.op === 'match') {
        matched = thread.captures;
        break; // threads of lower priority lose to this match
      }
      if (instruction.op === 'char' && code >= 0 && instruction.test(code))
        add(next, { pc: thread.pc + 1, captures: thread.captures }, at + 1);
    }
    if (at >= input.length) break;
    // Until something matched, a match may also start at the next position (with lowest priority).
    if (matched === undefined) add(next, start(), at + 1);
    else if (next.length === 0) break;
    current = next;
  }
  return matched;
}
