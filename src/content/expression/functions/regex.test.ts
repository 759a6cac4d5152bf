// matches, regexGroup and replaceAll: AJO's documented examples, the regular-expression syntax
// the engine reads, and patterns that make backtracking engines take exponential time.
import { describe, expect, it } from 'vitest';
import { RenderError } from '../errors.ts';
import { render } from '../testing/render.ts';

const cases: [template: string, expected: string][] = [
  // string.md: regexGroup extracts the domain name; the backslash is written doubled
  ['{%= regexGroup("abc@xyz.com","@(\\\\w+)", 1)%}', 'xyz'],
  // string.md: matches "(?i)^John" finds names starting with John in any case
  [
    '{%= matches("john smith","(?i)^John") %} {%= matches("Mary John","(?i)^John") %}',
    'true false',
  ],
  // string.md: replaceAll("Hello World","World","AJO") returns Hello AJO; "aa" by "b" in "aaa" is "ba"
  ['{%= replaceAll("Hello World","World","AJO") %}', 'Hello AJO'],
  ['{%= replaceAll("aaa","aa","b") %}', 'ba'],
  ['{%= replaceAll("Jo-hn 3!","[^a-zA-Z]","") %}', 'John'],
  ['{%= replaceAll("a.b.c","\\\\.","/") %}', 'a/b/c'],
  ['{%= replaceAll("abc","x*","-") %}', '-a-b-c-'],
  ['{%= regexGroup("2024-11-05","(\\\\d{4})-(\\\\d{2})-(\\\\d{2})", 2) %}', '11'],
  ['{%= regexGroup("aaa","(a+?)", 1) %} {%= regexGroup("aaa","(a+)", 1) %}', 'a aaa'],
  ['{%= regexGroup("cat dog","(dog|cat)", 0) %}', 'cat'],
  ['{%= regexGroup("ab","(x)?b", 1) %}|', '|'],
  [
    '{%= matches("hello world", "\\\\bworld$") %} {%= matches("helloworld", "\\\\bworld") %}',
    'true false',
  ],
  [
    '{%= matches("A-7", "^[A-Z]-[0-9]{1,2}$") %} {%= matches("AB-7", "^[A-Z]-[0-9]{1,2}$") %}',
    'true false',
  ],
  ['{%= matches("x", "(?:a|b|x)") %} {%= matches("Q", "[^a-z]") %}', 'true true'],
];

describe('regular-expression functions', () => {
  it.each(cases)('%s → %s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('stays linear on patterns that make backtracking engines explode', () => {
    const input = 'a'.repeat(5_000) + '!';
    const started = Date.now();
    expect(render(`{%= matches(profile.s, "^(a+)+$") %}`, { profile: { s: input } })).toBe('false');
    expect(render(`{%= matches(profile.s, "(a|aa)*b") %}`, { profile: { s: input } })).toBe(
      'false',
    );
    // Generous: a backtracking engine would not finish these in the age of the universe.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses syntax it does not support with a positioned render error', () => {
    try {
      render('\n  {%= matches("a", "(?=a)") %}');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RenderError);
      expect((error as RenderError).message).toMatch(
        /^2:7 matches\(\): regular expression: look-arounds/,
      );
    }
  });
});
