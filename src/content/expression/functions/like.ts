// SQL-style LIKE: `%` is any run of characters, `_` exactly one. Matched with a single pass over
// the pattern per character (no backtracking), so long inputs cannot make it slow.

import { FunctionInputError } from '../errors.ts';

/** Above this many steps (value length × pattern length) the match is refused rather than run. */
const MAX_STEPS = 20_000_000;

export function likePattern(value: string, pattern: string): boolean {
  if (value.length * (pattern.length + 1) > MAX_STEPS)
    throw new FunctionInputError('value and pattern are too long to compare');
  // reachable[j]: the first i characters of value can match the first j of the pattern.
  let reachable = new Uint8Array(pattern.length + 1);
  reachable[0] = 1;
  for (let j = 1; j <= pattern.length && pattern[j - 1] === '%'; j++) reachable[j] = 1;
  for (let i = 1; i <= value.length; i++) {
    const next = new Uint8Array(pattern.length + 1);
    for (let j = 1; j <= pattern.length; j++) {
      const p = pattern[j - 1];
      if (p === '%') next[j] = next[j - 1] || reachable[j] || reachable[j - 1] ? 1 : 0;
      else if (p === '_' || p === value[i - 1]) next[j] = reachable[j - 1] ?? 0;
    }
    reachable = next;
  }
  return reachable[pattern.length] === 1;
}
