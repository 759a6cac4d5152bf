// Properties that must hold for any input: profile strings are always HTML-escaped in `{{ }}`,
// and compiling any text either succeeds or fails with a positioned TemplateError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateError } from './errors.ts';
import { compileTemplate } from './template.ts';

const ENTITY = /&(amp|lt|gt|quot|#x27|#x60|#x3D);/g;

describe('escaping', () => {
  const template = compileTemplate(
    '<p title="{{profile.s}}">{{profile.s}}</p>{%= profile.s %}{{upperCase profile.s}}{%= concat(profile.s, profile.s) %}',
  );

  it('leaves no raw <, >, ", \', `, = or bare & from a profile string in {{ }} or {%= %} output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = template.render({ profile: { s } });
        const inserted = out.replace('<p title="', '').replace('">', '').replace('</p>', '');
        expect(inserted.replace(ENTITY, '')).not.toMatch(/[<>"'`=&]/);
      }),
      { numRuns: 500 },
    );
  });

  it('escapes a string so that unescaping gives it back', () => {
    const raw = compileTemplate('{{profile.s}}');
    fc.assert(
      fc.property(fc.string(), (s) => {
        const unescaped = raw
          .render({ profile: { s } })
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#x27;/g, "'")
          .replace(/&#x60;/g, '`')
          .replace(/&#x3D;/g, '=')
          .replace(/&amp;/g, '&');
        expect(unescaped).toBe(s);
      }),
    );
  });
});

// Pieces of template syntax, so that random templates reach deep into the parser.
const piece = fc.oneof(
  fc.constantFrom(
    '{{',
    '}}',
    '{{{',
    '}}}',
    '{%',
    '%}',
    '{%=',
    '{%#if',
    '{%/if%}',
    '{%else%}',
    '{{#if',
    '{{#each',
    '{{/each}}',
    '{{/if}}',
    '{{else}}',
    '{{#with',
    ' as |x|',
    '{{> f}}',
    '{% let ',
    ' = ',
    '(',
    ')',
    '[',
    ']',
    ',',
    '"',
    "'",
    '`',
    '.',
    'profile.a',
    'upperCase',
    'concat(',
    ' and ',
    ' or ',
    'not ',
    '?:',
    '@index',
    'this',
    '~',
    '\\',
    '{{!',
    '--}}',
    '\n',
    ' ',
    '1',
    '-',
    '+',
    '=',
    '<=',
    '!=',
  ),
  fc.string({ maxLength: 4 }),
);

describe('parser on random input', () => {
  it('compiles or throws a TemplateError with a position inside the template', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const source = parts.join('');
        try {
          const template = compileTemplate(source, { resolveFragment: () => '{{profile.a}}' });
          template.render({ profile: { a: 'x' } });
        } catch (error) {
          if (!(error instanceof TemplateError)) throw error;
          const lines = source.split('\n');
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.line).toBeLessThanOrEqual(lines.length);
          expect(error.column).toBeGreaterThanOrEqual(1);
          expect(error.column).toBeLessThanOrEqual((lines[error.line - 1]?.length ?? 0) + 1);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws anything else on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (source) => {
        try {
          compileTemplate(source);
        } catch (error) {
          expect(error).toBeInstanceOf(TemplateError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
