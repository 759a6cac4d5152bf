// matches, regexGroup and replaceAll, on the linear-time engine in regex.ts. Inputs are capped
// and every call has a step budget, so no pattern can hold a render for long.
import { FunctionInputError } from '../errors.ts';
import { integer, text } from './arguments.ts';
import { define, type FunctionTable } from './library-function.ts';
import { RegexBudget, compileRegex, search } from './regex.ts';

const MAX_INPUT = 100_000;
const STEPS_PER_CALL = 5_000_000;

function subject(value: unknown): string | undefined {
  const input = text(value);
  if (input !== undefined && input.length > MAX_INPUT)
    throw new FunctionInputError(`text longer than ${MAX_INPUT} characters`);
  return input;
}

function pattern(value: unknown): string {
  const input = text(value);
  if (input === undefined) throw new FunctionInputError('the pattern is missing');
  return input;
}

export const REGEX_FUNCTIONS: FunctionTable = {
  /** True when the pattern is found in the text (`(?i)^John` matches "john smith"). */
  matches: define(2, 2, ([value, regex]) => {
    const input = subject(value);
    if (input === undefined) return false;
    return (
      search(compileRegex(pattern(regex)), input, 0, new RegexBudget(STEPS_PER_CALL)) !== undefined
    );
  }),
  regexGroup: define(3, 3, ([value, regex, group]) => {
    const input = subject(value);
    if (input === undefined) return null;
    const compiled = compileRegex(pattern(regex));
    const index = integer(group) ?? 0;
    if (index < 0 || index > compiled.groups)
      throw new FunctionInputError(`the pattern has no group ${index}`);
    const found = search(compiled, input, 0, new RegexBudget(STEPS_PER_CALL));
    const start = found?.[index * 2] ?? -1;
    const end = found?.[index * 2 + 1] ?? -1;
    return start < 0 || end < 0 ? null : input.slice(start, end);
  }),
  /** Every match of the pattern replaced by the literal replacement text, left to right. */
  replaceAll: define(3, 3, ([value, regex, replacement]) => {
    const input = subject(value);
    if (input === undefined) return null;
    const compiled = compileRegex(pattern(regex));
    const by = text(replacement) ?? '';
    const budget = new RegexBudget(STEPS_PER_CALL);
    let out = '';
    let at = 0;
    while (at <= input.length) {
      const found = search(compiled, input, at, budget);
      if (found === undefined) break;
      const start = found[0] ?? at;
      const end = found[1] ?? at;
      out += input.slice(at, start) + by;
      if (end === start) {
        // An empty match: keep the next character and move past it.
        if (start < input.length) out += input[start];
        at = start + 1;
      } else at = end;
    }
    return at <= input.length ? out + input.slice(at) : out;
  }),
};
