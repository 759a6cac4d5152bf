// What a template author sees for a broken template: one TemplateError with line, column and a
// readable reason, raised when the template is compiled (at save time), never while sending.
import { describe, expect, it } from 'vitest';
import { TemplateError } from './errors.ts';
import { compileTemplate } from './template.ts';

const cases: [template: string, message: string][] = [
  [
    'Hi\n  {%= uperCase(profile.name) %}',
    "2:7 unknown function 'uperCase' — did you mean 'upperCase'?",
  ],
  [
    '{{formatdate profile.d "yyyy"}}',
    "1:3 unknown function 'formatdate' — did you mean 'formatDate'?",
  ],
  ['{%= frobnicate(1) %}', "1:5 unknown function 'frobnicate'"],
  // Only the library's own names are functions, never Object.prototype's.
  ['{%= constructor(1) %}', "1:5 unknown function 'constructor'"],
  ['{%= hasOwnProperty("a") %}', "1:5 unknown function 'hasOwnProperty'"],
  ['{%= upperCase("a", "b") %}', '1:5 upperCase() takes 1 argument (got 2)'],
  ['{%= formatDate(x) %}', '1:5 formatDate() takes 2 to 3 arguments (got 1)'],
  ['{%= concat() %}', '1:5 concat() takes at least 1 argument (got 0)'],
  ['line one\n{{#if profile.a}}\nbody', '2:1 {{#if}} is not closed: expected {{/if}}'],
  ['{%#if a %}x', '1:1 {%#if%} is not closed: expected {%/if%}'],
  ['{{#each a}}x{{/if}}', '1:13 {{/if}} does not match {{#each}} opened at 1:1'],
  ['{{#if a}}x{%/if%}', '1:11 {%/if%} does not match {{#if}} opened at 1:1'],
  ['x{{/if}}', "1:2 'if' closes no open block"],
  ['{{else}}', '1:1 else outside of a block'],
  ['{{#if a}}{{else}}{{else}}{{/if}}', '1:18 {{#if}} already has an else'],
  ['{{#each a}}{{else if b}}{{/each}}', '1:12 else if cannot be used inside {{#each}}'],
  [
    '{{#foo a}}{{/foo}}',
    "1:4 unknown block 'foo': the blocks are {{#if}}, {{#unless}}, {{#each}} and {{#with}}",
  ],
  ['{%#each a%}{%/each%}', "1:4 unknown block 'each': the blocks are {%#if%} and {%#unless%}"],
  ['Hello {{profile.name', "1:7 '{{' is not closed: expected '}}'"],
  ['Hello {% let x = 1', "1:7 '{%' is not closed: expected '%}'"],
  ['{%= 1 + %}', '1:9 expected a value but found the end of the tag'],
  ['{%= (1 + 2 %}', "1:12 expected ')' but found the end of the tag"],
  ['{%= a == b %}', "1:7 use '=' to compare values"],
  ['{%= a && b %}', "1:7 use 'and' to combine conditions"],
  ['{%= 1 < 2 < 3 %}', "1:11 comparisons cannot be chained: combine them with 'and'"],
  // The scanner skips the string to find the tag's end, so it reports the open tag.
  ['{%= "open %}', "1:1 '{%' is not closed: expected '%}'"],
  ["{{upperCase 'open}}", "1:1 '{{' is not closed: expected '}}'"],
  ['{% let = 3 %}', "1:8 expected a variable name after let but found '='"],
  ['{% let x 3 %}', "1:10 expected '=' after the variable name but found '3'"],
  ['{% something %}', "1:1 expected '{%=', '{%#', '{%/', '{%else' or '{% let' after '{%'"],
  ['{{@index}}', '1:3 @index is only available inside {{#each}}'],
  ['{{#each a}}{{@idx}}{{/each}}', "1:14 unknown '@idx': use @index, @first, @last, @key or @root"],
  ['{{profile.a profile.b}}', '1:3 expected a helper name before the arguments'],
  ['{{}}', '1:3 expected a value'],
  [
    '{%= topN(profile.orders, 3, 1) %}',
    "1:26 topN() needs the name of a property of the list's items here",
  ],
];

describe('template errors', () => {
  it.each(cases)('%j → %s', (template, message) => {
    let caught: unknown;
    try {
      compileTemplate(template);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    expect((caught as TemplateError).message).toBe(message);
    const [line, column] = message.split(' ')[0]?.split(':').map(Number) ?? [];
    expect([(caught as TemplateError).line, (caught as TemplateError).column]).toEqual([
      line,
      column,
    ]);
  });
});
