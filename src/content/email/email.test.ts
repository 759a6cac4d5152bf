import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { ContentRenderError } from '../problems.ts';
import { compileEmail } from './compile.ts';
import { findLinks, htmlToPlainText, injectPreheader, inlineCss } from './html.ts';
import { protectTags } from './protect.ts';

const profile = { firstName: 'Ada', id: 'p-1', items: ['tea', 'cake'] };

async function problemsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const app = error as AppError;
  expect(app.code).toBe('CONTENT_INVALID');
  return app.details as { path: string; message: string; line?: number; column?: number }[];
}

describe('protectTags', () => {
  it('replaces tags by words and puts them back, reporting lost ones', () => {
    const source = '<a href="{%= concat("a", "b") %}">{{profile.firstName}}</a>{{#if x}}y{{/if}}';
    const guarded = protectTags(source);
    expect(guarded.text).not.toContain('{');
    expect(guarded.tags).toHaveLength(4);
    expect(guarded.restore(guarded.text)).toEqual({ text: source, missing: [] });
    const dropped = guarded.text.replace(/clariontag3x/, '');
    expect(guarded.restore(dropped).missing).toEqual([3]);
  });

  it('chooses a marker the source does not contain', () => {
    const guarded = protectTags('clariontag0x {{a}}');
    expect(guarded.restore(guarded.text).text).toBe('clariontag0x {{a}}');
  });
});

describe('HTML tools', () => {
  it('inlines <style> rules and keeps media queries', () => {
    const html = inlineCss(
      '<html><head><style>.t{color:red} @media (max-width:600px){.t{color:blue}}</style></head><body><p class="t">x</p></body></html>',
    );
    expect(html).toContain('<p class="t" style="color: red;">x</p>');
    expect(html).toContain('@media (max-width:600px)');
  });

  it('lists links with data-label, title, text or image alt as label', () => {
    const links = findLinks(
      '<a href="https://a.example/?x=1&amp;y=2">Read  <b>more</b></a>' +
        '<a href="https://b.example" data-label="hero">Hero</a>' +
        '<a href="https://c.example" title="Logo link"><img alt="Logo"></a>' +
        '<a href="https://d.example"><img alt="Banner"></a>' +
        '<a name="top">no href</a>',
    );
    expect(links).toEqual([
      { index: 0, label: 'Read more', href: 'https://a.example/?x=1&y=2' },
      { index: 1, label: 'hero', href: 'https://b.example' },
      { index: 2, label: 'Logo link', href: 'https://c.example' },
      { index: 3, label: 'Banner', href: 'https://d.example' },
    ]);
  });

  it('turns HTML into readable text: links with their URL, no images, headings as written', () => {
    const text = htmlToPlainText(
      '<h1>Welcome back</h1><table><tr><td>Cell one</td><td>Cell two</td></tr></table>' +
        '<p>Visit <a href="https://shop.example">our shop</a> &amp; save.<img src="x.png" alt="x"></p>',
    );
    expect(text).toBe(
      'Welcome back\n\nCell one\n\nCell two\n\nVisit our shop [https://shop.example] & save.',
    );
  });

  it('puts the preheader hidden right after <body>, escaped', () => {
    const html = injectPreheader(
      '<html><body class="b"><p>x</p></body></html>',
      'Save <50%> & more',
    );
    expect(html).toMatch(
      /^<html><body class="b"><div style="display:none;[^"]*">Save &lt;50%&gt; &amp; more/,
    );
    expect(html.endsWith('<p>x</p></body></html>')).toBe(true);
    expect(injectPreheader('<p>x</p>', '')).toBe('<p>x</p>');
  });
});

describe('compileEmail', () => {
  it('renders an HTML email per recipient: subject, preheader, inlined CSS, links, derived text', async () => {
    const email = await compileEmail({
      subject: 'Hi {{profile.firstName}} & co',
      preheader: 'Offers for {{profile.firstName}}',
      format: 'html',
      body:
        '<html><head><style>.x{color:#123456}</style></head><body>' +
        '<p class="x">Hello {%= upperCase(profile.firstName) %}!</p>' +
        '<ul>{{#each profile.items as |item|}}<li>{{item}}</li>{{/each}}</ul>' +
        '<a href="https://shop.example/?u={{profile.id}}&amp;src=mail" data-label="shop">Shop</a> ' +
        '<a href="mailto:help@example.com">Help</a> <a href="{{unsubscribeUrl}}">Unsubscribe</a>' +
        '</body></html>',
      senderName: '{{profile.firstName}} at Shop',
    });
    expect(email.links).toEqual([
      { index: 0, label: 'shop', href: 'https://shop.example/?u={{profile.id}}&src=mail' },
    ]);
    expect(email.textFromRenderedHtml).toBe(false);
    const out = email.render({ profile, unsubscribeUrl: 'https://u.example/x' });
    expect(out.subject).toBe('Hi Ada & co');
    expect(out.preheader).toBe('Offers for Ada');
    expect(out.senderName).toBe('Ada at Shop');
    expect(out.replyTo).toBeNull();
    expect(out.html).toContain('<p class="x" style="color: #123456;">Hello ADA!</p>');
    expect(out.html).toContain('<li>tea</li><li>cake</li>');
    expect(out.html).toMatch(/<body><div style="display:none;[^"]*">Offers for Ada/);
    expect(out.links).toEqual([
      { index: 0, label: 'shop', url: 'https://shop.example/?u=p-1&src=mail' },
    ]);
    expect(out.text).toContain('Hello ADA!');
    expect(out.text).toContain(' * tea\n * cake');
    expect(out.text).toContain('Shop [https://shop.example/?u=p-1&src=mail]');
    expect(out.text).not.toContain('Offers for'); // the preheader is not part of the text
  });

  it('escapes profile values in the HTML but not in the text part', async () => {
    const email = await compileEmail({
      subject: 's',
      format: 'html',
      body: '<p>Hi {{profile.firstName}}</p>',
    });
    const out = email.render({ profile: { firstName: '<b>Bob & Co</b>' } });
    expect(out.html).toContain('<p>Hi &lt;b&gt;Bob &amp; Co&lt;/b&gt;</p>');
    expect(out.text).toBe('Hi <b>Bob & Co</b>');
  });

  it('uses a written text part instead of deriving one', async () => {
    const email = await compileEmail({
      subject: 's',
      format: 'html',
      body: '<p>HTML</p>',
      text: 'Plain {{profile.firstName}} & more',
    });
    expect(email.render({ profile }).text).toBe('Plain Ada & more');
  });

  it('compiles MJML, keeping tags in text and attributes', async () => {
    const email = await compileEmail({
      subject: 's',
      format: 'mjml',
      body: `<mjml>
  <mj-head><mj-style>.big div { letter-spacing: 2px; }</mj-style></mj-head>
  <mj-body>
    <mj-section><mj-column>
      <mj-text css-class="big">Hello {{profile.firstName}}</mj-text>
      <mj-button href="https://shop.example/{{profile.id}}">Shop now</mj-button>
    </mj-column></mj-section>
  </mj-body>
</mjml>`,
    });
    const out = email.render({ profile });
    expect(out.html).toMatch(/^<!doctype html>/i);
    expect(out.html).toContain('Hello Ada');
    expect(out.html).toMatch(/letter-spacing: 2px;[^>]*>Hello Ada/);
    expect(out.links).toEqual([{ index: 0, label: 'Shop now', url: 'https://shop.example/p-1' }]);
  });

  it('reports MJML validation errors with their line', async () => {
    const problems = await problemsOf(
      compileEmail({
        subject: 's',
        format: 'mjml',
        body: '<mjml>\n<mj-body>\n<mj-section><mj-column>\n<mj-foo>x</mj-foo>\n</mj-column></mj-section>\n</mj-body>\n</mjml>',
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: '/body', line: 4 });
    expect(problems[0]?.message).toContain('mj-foo');
  });

  it('reports a tag MJML drops (text between sections) at its position', async () => {
    const problems = await problemsOf(
      compileEmail({
        subject: 's',
        format: 'mjml',
        body: '<mjml><mj-body>\n{{#if profile.vip}}<mj-section><mj-column><mj-text>VIP</mj-text></mj-column></mj-section>{{/if}}\n</mj-body></mjml>',
      }),
    );
    expect(problems[0]).toMatchObject({ path: '/body', line: 2, column: 1 });
    expect(problems[0]?.message).toContain('mj-raw');
  });

  it('reports every field with a problem, positioned, under the given prefix', async () => {
    const problems = await problemsOf(
      compileEmail(
        {
          subject: 'Hi {{profile.name',
          format: 'html',
          body: '<p>\n  {%= upperCas(profile.name) %}</p>',
          replyTo: '{{#if x}}',
        },
        { pathPrefix: '/content' },
      ),
    );
    expect(problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ['/content/subject', 1, 4],
      ['/content/replyTo', 1, 1],
      ['/content/body', 2, 7],
    ]);
    expect(problems[2]?.message).toContain("'upperCase'");
  });

  it('refuses authored fields over 1 MB, naming the field', async () => {
    const problems = await problemsOf(
      compileEmail({ subject: 's', format: 'html', body: 'x'.repeat(1024 * 1024 + 1) }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('/body');
    expect(problems[0]?.message).toMatch(/1048577 bytes; at most 1048576/);
  });

  it('stops a render past 2 MB with a clear error', async () => {
    const email = await compileEmail({
      subject: 's',
      format: 'html',
      body: '<p>{{{profile.a}}}{{{profile.a}}}{{{profile.a}}}</p>',
    });
    // 1.2 million characters of two bytes each: within the engine's character limit, past 2 MB.
    const wide = 'é'.repeat(400_000);
    expect(() => email.render({ profile: { a: wide } })).toThrow(ContentRenderError);
    expect(() => email.render({ profile: { a: wide } })).toThrow(/at most 2097152 \(2 MB\)/);
    // Past the engine's own output limit, the error names the field and position too.
    const long = 'y'.repeat(800_000);
    expect(() => email.render({ profile: { a: long } })).toThrow(/^\/body 1:\d+ output is longer/);
  });

  it('includes fragments before MJML and CSS run, and reports errors inside them', async () => {
    const fragments: Record<string, string> = {
      footer: '<p class="f">Bye {{profile.firstName}}</p>',
      broken: '{{#if}}',
    };
    const resolveFragment = (name: string) => fragments[name];
    const email = await compileEmail(
      {
        subject: 's',
        format: 'html',
        body: '<style>.f{color:gray}</style><div>{{> footer}}</div>',
      },
      { resolveFragment },
    );
    expect(email.render({ profile }).html).toContain(
      '<p class="f" style="color: gray;">Bye Ada</p>',
    );
    const problems = await problemsOf(
      compileEmail(
        { subject: 's', format: 'html', body: 'a\n{{> broken}} {{> missing}}' },
        { resolveFragment },
      ),
    );
    expect(problems[0]).toMatchObject({ path: '/body', fragment: 'broken', line: 1 });
  });
});

describe('plain text of an email', () => {
  it('derives the text once when the tags survive HTML-to-text', async () => {
    const email = await compileEmail({
      subject: 's',
      format: 'html',
      body: '<h2>Hi {{profile.firstName}}</h2>{{#if profile.vip}}<p>VIP</p>{{else}}<p>Welcome</p>{{/if}}',
    });
    expect(email.textFromRenderedHtml).toBe(false);
    expect(email.render({ profile: { firstName: 'Ada', vip: true } }).text).toBe('Hi Ada\n\nVIP');
    expect(email.render({ profile: { firstName: 'Bo' } }).text).toBe('Hi Bo\n\nWelcome');
  });

  it('converts each rendered HTML when a block opens where the text drops it', async () => {
    // The #if sits in an <img> attribute: HTML-to-text drops images, so the block cannot be
    // carried into a text template; the text is made from each recipient's HTML instead.
    const email = await compileEmail({
      subject: 's',
      format: 'html',
      body: '<img src="x.png" alt="{{#if profile.vip}}VIP{{/if}}"><p>Hello {{profile.firstName}}</p>',
    });
    expect(email.textFromRenderedHtml).toBe(true);
    expect(email.render({ profile: { firstName: 'Ada' } }).text).toBe('Hello Ada');
  });
});
