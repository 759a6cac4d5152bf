// A small regular-expression engine for matches(), regexGroup() and replaceAll(). Patterns come
// from template authors, so they are never handed to the backtracking RegExp engine: this one
// simulates all paths at once (a Pike VM), which takes time linear in the input for a given
// pattern, and every search runs under a step budget. It covers the Java syntax templates use:
// literals and escapes, `.`, classes, \d \w \s (and negations), \b, ^ $, groups, (?:…), a
// leading (?i), |, and the quantifiers * + ? {n,m} (greedy or lazy).
import {
  isWord,
  RegexParser,
  unsupported,
  type Assertion,
  type RegexNode,
  type Test,
} from './regex-parser.ts';

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
