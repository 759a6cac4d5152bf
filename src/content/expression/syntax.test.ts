// The template syntax: Handlebars output and blocks, expression tags, operators, variables and
// whitespace handling, on the examples of AJO's helpers page (functions/helpers.md) and more.
import { describe, expect, it } from 'vitest';
import { render } from './testing/render.ts';

const data = {
  profile: {
    person: { name: { firstName: 'Ada', lastName: 'Lovelace' }, birthYear: 1985 },
    homeAddress: { country: 'France', countryCode: 'FR' },
    personalEmail: { address: 'ada@uni.edu' },
    productsInCart: [
      { name: 'Pen', price: 120 },
      { name: 'Ink', price: 40 },
      { name: 'Desk', price: 900 },
    ],
    'first-name': 'Ada-Hyphen',
    tags: { a: 1, b: 2 },
    empty: [],
    zero: 0,
  },
  context: { code: 'x7', items: ['one', 'two'] },
  audience: { column: 'from an upload' },
  target: { column: 'from a worktable' },
};

const cases: [name: string, template: string, expected: string][] = [
  ['a path', 'Hi {{profile.person.name.firstName}}!', 'Hi Ada!'],
  [
    'every data root',
    '{{context.code}} {{audience.column}} / {{target.column}}',
    'x7 from an upload / from a worktable',
  ],
  ['a missing path prints nothing', '[{{profile.nope.deeper}}]', '[]'],
  ['a Handlebars helper call', '{{upperCase profile.person.name.lastName}}', 'LOVELACE'],
  ['a sub-expression', '{{concat (upperCase profile.person.name.firstName) "!" }}', 'ADA!'],
  ['hyphens in Handlebars names', '{{profile.first-name}}', 'Ada-Hyphen'],
  ['backticks in expressions', '{%= profile.`first-name` %}', 'Ada-Hyphen'],
  ['a comment', 'a{{! not shown }}b{{!-- nor }} this --}}c', 'abc'],
  ['escaped braces', '\\{{profile.zero}}', '{{profile.zero}}'],
  [
    '#if / else',
    '{{#if profile.person}}yes{{else}}no{{/if}}{{#if profile.empty}}yes{{else}}no{{/if}}',
    'yesno',
  ],
  ['#if on zero', '{{#if profile.zero}}yes{{else}}no{{/if}}', 'no'],
  ['#unless', '{{#unless profile.nope}}shown{{/unless}}', 'shown'],
  [
    'else if chains in Handlebars',
    '{{#if profile.nope}}1{{else if profile.zero}}2{{else if profile.person}}3{{else}}4{{/if}}',
    '3',
  ],
  [
    '#each with this and @index',
    '{{#each context.items}}{{@index}}={{this}} {{/each}}',
    '0=one 1=two ',
  ],
  [
    '#each as |item| with @first and @last',
    '{{#each profile.productsInCart as |p|}}{{#if @first}}[{{/if}}{{p.name}}{{#if @last}}]{{else}}, {{/if}}{{/each}}',
    '[Pen, Ink, Desk]',
  ],
  [
    '#each as |item index|',
    '{{#each context.items as |item i|}}{{i}}{{item}}{{/each}}',
    '0one1two',
  ],
  ['#each over a map with @key', '{{#each profile.tags}}{{@key}}:{{this}};{{/each}}', 'a:1;b:2;'],
  ['#each else on an empty list', '{{#each profile.empty}}x{{else}}none{{/each}}', 'none'],
  [
    'nested #each',
    '{{#each context.items as |a|}}{{#each context.items as |b|}}{{a}}{{b}} {{/each}}{{/each}}',
    'oneone onetwo twoone twotwo ',
  ],
  [
    'data roots inside #each',
    '{{#each context.items}}{{profile.person.name.firstName}}{{/each}}',
    'AdaAda',
  ],
  [
    '#with',
    '{{#with profile.person.name}}{{this.firstName}} {{lastName}}{{/with}}',
    'Ada Lovelace',
  ],
  [
    '#with as |alias|',
    '{{#with profile.person.name as |name|}}Hi {{name.firstName}}{{/with}}',
    'Hi Ada',
  ],
  ['#with else', '{{#with profile.nope}}x{{else}}no value{{/with}}', 'no value'],
  ['@root', '{{#each context.items}}{{@root.context.code}}{{/each}}', 'x7x7'],
  // helpers.md: default fallback value
  ['fallback', 'Hello {%=profile.person.name.nickName ?: "there" %}!', 'Hello there!'],
  ['fallback not used', 'Hello {%= profile.person.name.firstName ?: "there" %}!', 'Hello Ada!'],
  // helpers.md: conditions
  [
    '{%#if%} / {%else if%} / {%else%}',
    '{%#if contains(profile.personalEmail.address, ".org")%}org{%else if contains(profile.personalEmail.address, ".edu")%}edu{%else%}other{%/if%}',
    'edu',
  ],
  [
    '{%#if%} on a comparison',
    '{%#if profile.homeAddress.countryCode = "FR"%}fr{%else%}en{%/if%}',
    'fr',
  ],
  [
    '{%#unless%} / {%else%}',
    '{%#unless endsWith(profile.personalEmail.address, ".edu")%}normal{%else%}edu{%/unless%}',
    'edu',
  ],
  // operators.md
  [
    'and',
    '{%= profile.homeAddress.country = "France" and profile.person.birthYear = 1985 %}',
    'true',
  ],
  ['or', '{%= profile.homeAddress.country = "Spain" or profile.person.birthYear = 1985 %}', 'true'],
  ['not', '{%= not (profile.person.birthYear > 1970) %}', 'false'],
  [
    'comparisons',
    '{%= 1 < 2 %} {%= 2 <= 2 %} {%= 3 > 4 %} {%= 4 >= 4 %} {%= "a" != "b" %}',
    'true true false true true',
  ],
  [
    'comparing with a missing value is false',
    '{%= profile.nope > 3 %} {%= profile.nope < 3 %}',
    'false false',
  ],
  ['string and number compare as numbers', '{%= "10" = 10 %} {%= "9" < 10 %}', 'true true'],
  ['null literal', '{%= profile.nope = null %}', 'true'],
  ['an array literal', '{%= [1, "two", true, null] %}', '[1, two, true, null]'],
  ['a map prints like AJO', '{{{profile.tags}}}', '{a=1, b=2}'],
  ['index access', '{%= context.items[1] %} {%= profile.tags["b"] %}', 'two 2'],
  // helpers.md: let
  [
    'let, read back with {{ }}',
    '{% let sum = 0%}{{#each profile.productsInCart as |p|}}{%#if p.price>100 and p.price<1000%}{%let sum = sum + p.price %}{%/if%}{{/each}}{{sum}}',
    '1020',
  ],
  ['let shadowing a data path', '{% let profile = "v" %}{{profile}}', 'v'],
  [
    'escaped output',
    '{{profile.x}} {%= profile.x %} {{{profile.x}}} {{& profile.x}}',
    '&lt;b&gt; &lt;b&gt; <b> <b>',
  ],
  // Whitespace: tags alone on their line leave no blank line; ~ trims explicitly.
  [
    'standalone block lines',
    'List:\n{{#each context.items}}\n- {{this}}\n{{/each}}\nEnd',
    'List:\n- one\n- two\nEnd',
  ],
  ['standalone expression blocks', 'A\n  {%#if true %}\n  B\n  {%/if%}\nC', 'A\n  B\nC'],
  ['tilde trimming', 'a   {{~ context.code ~}}   b', 'ax7b'],
  ['inline blocks keep their spaces', 'a {{#if true}}b{{/if}} c', 'a b c'],
  ['method-call style', '{%= context.items.count() %}', '2'],
];

describe('template syntax', () => {
  it.each(cases)('%s', (_name, template, expected) => {
    expect(render(template, { ...data, profile: { ...data.profile, x: '<b>' } })).toBe(expected);
  });

  it('escapes nothing when compiled for a plain-text channel', () => {
    expect(
      render(
        '{{profile.x}} {%= profile.x %}',
        { profile: { x: 'Tom & Jerry' } },
        { escape: 'none' },
      ),
    ).toBe('Tom & Jerry Tom & Jerry');
  });

  it('renders the same compiled template for many recipients', async () => {
    const { compileTemplate } = await import('./template.ts');
    const template = compileTemplate('Hi {{profile.name}}{{#each profile.list}}.{{/each}}');
    expect(template.render({ profile: { name: 'A', list: [1, 2] } })).toBe('Hi A..');
    expect(template.render({ profile: { name: 'B', list: [] } })).toBe('Hi B');
    expect(template.render(null)).toBe('Hi ');
  });
});
