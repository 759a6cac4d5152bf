// A template, or the data it renders, cannot reach object prototypes, run away in time or
// memory, or take a worker down: limits per render end in a RenderError naming the place.
import { describe, expect, it } from 'vitest';
import { RenderError } from './errors.ts';
import { compileTemplate } from './template.ts';
import { render } from './testing/render.ts';

function renderError(template: string, data: unknown = {}, limits = {}): RenderError {
  try {
    compileTemplate(template, { limits }).render(data);
  } catch (error) {
    if (error instanceof RenderError) return error;
    throw error;
  }
  throw new Error('rendered without error');
}

describe('prototype safety', () => {
  it.each([
    '{{profile.__proto__}}',
    '{{profile.constructor}}',
    '{{profile.constructor.name}}',
    '{{profile.toString}}',
    '{{profile.list.constructor.prototype}}',
    '{%= profile["__proto__"] %}',
    '{%= get(profile, "constructor") %}',
    '{%= profile.hasOwnProperty %}',
    '{{this.constructor}}',
  ])('%s renders nothing', (template) => {
    expect(render(template, { profile: { list: [1] } })).toBe('');
  });

  it('ignores a __proto__ key that JSON data carries as its own property', () => {
    const data = JSON.parse(
      '{"profile": {"__proto__": {"polluted": "yes"}, "name": "ok"}}',
    ) as unknown;
    expect(render('{{profile.__proto__.polluted}}{{profile.name}}{%= keys(profile) %}', data)).toBe(
      'ok[name]',
    );
    expect(render('{{#each profile}}{{@key}}{{/each}}', data)).toBe('name');
  });
});

describe('limits per render', () => {
  it('stops loops past the iteration budget, counting all loops together', () => {
    const list = Array.from({ length: 200 }, (_, i) => i);
    const error = renderError('\n{{#each profile.list}}{{#each profile.list}}.{{/each}}{{/each}}', {
      profile: { list },
    });
    expect(error.code).toBe('LOOP_LIMIT');
    expect(error.message).toBe('2:23 more than 10000 loop iterations in one render');
    expect(
      renderError(
        '{{#each profile.list}}x{{/each}}',
        { profile: { list } },
        { maxLoopIterations: 50 },
      ).code,
    ).toBe('LOOP_LIMIT');
  });

  it('stops output past the size limit', () => {
    const error = renderError('{{#each profile.list}}{{profile.big}}{{/each}}', {
      profile: { list: [1, 2, 3], big: 'x'.repeat(1_000_000) },
    });
    expect(error.code).toBe('OUTPUT_TOO_LARGE');
    expect(error.reason).toBe('output is longer than 2097152 characters');
  });

  it('stops a value that doubles itself in a loop before it exhausts memory', () => {
    const error = renderError(
      '{% let s = "ab" %}{{#each profile.list}}{% let s = concat(s, s) %}{{/each}}{{s}}',
      { profile: { list: Array.from({ length: 100 }, () => 0) } },
    );
    expect(error.code).toBe('VALUE_TOO_LARGE');
    expect(error.line).toBe(1);
    expect(error.column).toBe(52);
  });

  it('reports a function that refuses its input at the call', () => {
    const error = renderError('{%= formatCurrency(1, "xx") %}');
    expect(error.code).toBe('FUNCTION_FAILED');
    expect(error.message).toBe(
      "1:5 formatCurrency(): locale 'xx' names no country with a known currency",
    );
  });

  it('refuses date arithmetic past the range of dates instead of printing nonsense', () => {
    const error = renderError('{%= addYears(profile.d, 999999999) %}', {
      profile: { d: '2024-01-01' },
    });
    expect(error.message).toBe('1:5 addYears(): the date is out of range');
    expect(render('[{%= formatDate(profile.ms, "yyyy") %}]', { profile: { ms: 1e20 } })).toBe('[]');
  });

  it('does not overflow the stack on deeply nested expressions: it refuses them when compiling', () => {
    expect(() => compileTemplate(`{%= ${'('.repeat(10_000)}1${')'.repeat(10_000)} %}`)).toThrow(
      /nested too deeply/,
    );
    expect(() => compileTemplate(`{%= ${'not '.repeat(10_000)}true %}`)).toThrow(
      /nested too deeply/,
    );
  });
});

describe('fragments', () => {
  const fragments: Record<string, string> = {
    header: 'Hello {{profile.name}}',
    footer: '{{> legal}} – {%= upperCase(context.brand) %}',
    legal: '© {{context.year}}',
    loopA: 'A {{> loopB}}',
    loopB: 'B {{> loopA}}',
    self: '{{> self}}',
    broken: 'ok\n{{#if x}}',
    perItem: '<li>{{item}}</li>',
  };
  const resolveFragment = (name: string) => fragments[name];

  it('includes fragments by name, nested, in the scope of the include', () => {
    const template = compileTemplate(
      '{{> header}}\n{{#each context.items as |item|}}{{> perItem}}{{/each}}\n{{> footer}}',
      {
        resolveFragment,
      },
    );
    expect(
      template.render({
        profile: { name: 'Ada' },
        context: { brand: 'acme', year: 2025, items: ['x', 'y'] },
      }),
    ).toBe('Hello Ada\n<li>x</li><li>y</li>\n© 2025 – ACME');
  });

  it('refuses cycles, naming the chain', () => {
    expect(() => compileTemplate('{{> loopA}}', { resolveFragment })).toThrow(
      "fragment 'loopB' 1:3 fragment 'loopA' includes itself: loopA → loopB → loopA",
    );
    expect(() => compileTemplate('{{> self}}', { resolveFragment })).toThrow(/self → self/);
  });

  it('reports unknown fragments and errors inside a fragment with its name', () => {
    expect(() => compileTemplate('x {{> nope}}', { resolveFragment })).toThrow(
      "1:3 unknown fragment 'nope'",
    );
    expect(() => compileTemplate('{{> broken}}', { resolveFragment })).toThrow(
      "fragment 'broken' 2:1 {{#if}} is not closed: expected {{/if}}",
    );
    expect(() => compileTemplate('{{> header}}')).toThrow("1:1 unknown fragment 'header'");
  });
});
