// Email content compiled once per content version, rendered per recipient:
//   const email = await compileEmail(content, { resolveFragment });
//   email.render({ profile, context })  // { subject, preheader, html, text, links, … }
// Compiling checks every field (positioned problems → 400 CONTENT_INVALID), turns MJML into HTML,
// inlines CSS, takes the link inventory and derives the plain-text template from the HTML, all
// with the template tags set aside; rendering is then only running compiled templates.
import type { CompiledTemplate, RenderOptions } from '../expression/index.ts';
import { LineMap } from '../expression/errors.ts';
import { expandFragments, type FragmentResolver } from '../include.ts';
import type { EmailContent, EmailLink } from '../model.ts';
import {
  ContentRenderError,
  Problems,
  RENDERED_LIMIT,
  byteLength,
  renderField,
} from '../problems.ts';
import { compileTemplate } from '../expression/index.ts';
import {
  findLinks,
  htmlToPlainText,
  injectPreheader,
  inlineCss,
  isUntrackedHref,
  mjmlToHtml,
} from './html.ts';
import { protectTags } from './protect.ts';

export interface RenderedEmail {
  subject: string;
  preheader: string;
  senderName: string | null;
  replyTo: string | null;
  html: string;
  text: string;
  links: EmailLink[];
}

export interface CompiledEmail {
  /** Links for click tracking: label and the href template as written. */
  readonly links: readonly { index: number; label: string; href: string }[];
  /** True when the text part is derived from the HTML per recipient (see compileText). */
  readonly textFromRenderedHtml: boolean;
  render(data: unknown, options?: RenderOptions): RenderedEmail;
}

export interface EmailCompileOptions {
  resolveFragment?: FragmentResolver;
  /** Prefix of problem paths, e.g. `/content`. */
  pathPrefix?: string;
}

/** Links built into every send by the delivery pipeline; they are never click-tracked. */
export const SYSTEM_LINK = /^\{\{\{?\s*(unsubscribeUrl|mirrorPageUrl)\s*\}?\}\}$/;

interface LinkTemplate {
  index: number;
  label: string;
  href: string;
  template: CompiledTemplate;
}

export async function compileEmail(
  content: EmailContent,
  options: EmailCompileOptions = {},
): Promise<CompiledEmail> {
  const problems = new Problems(options.pathPrefix);
  const resolveFragment = options.resolveFragment;
  const plain = { escape: 'none' as const, resolveFragment };
  const subject = problems.compile('/subject', content.subject, plain);
  const preheader = problems.compile('/preheader', content.preheader ?? '', plain);
  const senderName = problems.compile('/senderName', content.senderName ?? '', plain);
  const replyTo = problems.compile('/replyTo', content.replyTo ?? '', plain);
  const writtenText =
    content.text === undefined ? undefined : problems.compile('/text', content.text, plain);
  // The body as written is checked first, so its problems point into what the author wrote.
  const bodyChecked = problems.compile('/body', content.body, { resolveFragment });
  problems.throwIfAny();
  if (!subject || !preheader || !senderName || !replyTo || !bodyChecked)
    throw new Error('unreachable: problems were thrown');

  const expanded = expandFragments(content.body, resolveFragment);
  const guarded = protectTags(expanded);
  const lines = new LineMap(expanded);
  let html = guarded.text;
  if (content.format === 'mjml') {
    const result = await mjmlToHtml(html);
    for (const error of result.errors)
      problems.add({
        path: problems.path('/body'),
        message: `MJML: ${error.message}`,
        ...(error.line === undefined ? {} : { line: error.line, column: 1 }),
      });
    problems.throwIfAny();
    html = result.html;
  }
  html = inlineCss(html);
  const restored = guarded.restore(html);
  for (const index of restored.missing) {
    const at = lines.position(guarded.offsets[index] ?? 0);
    problems.add({
      path: problems.path('/body'),
      message: `${guarded.tags[index]} sits where ${content.format === 'mjml' ? 'MJML' : 'HTML'} keeps no text${content.format === 'mjml' ? ' (put it inside <mj-raw> or a component)' : ''}`,
      ...at,
    });
  }
  problems.throwIfAny();
  const body = compileFinal(problems, restored.text, 'html');
  const links = compileLinks(problems, html, guarded);
  const text = writtenText ?? compileText(html, guarded);
  problems.throwIfAny();
  if (!body) throw new Error('unreachable: problems were thrown');

  return {
    links: links.map(({ index, label, href }) => ({ index, label, href })),
    textFromRenderedHtml: text === undefined,
    render(data, renderOptions) {
      const field = (path: string, template: CompiledTemplate) =>
        renderField(problems.path(path), template, data, renderOptions);
      const bodyHtml = field('/body', body);
      const renderedText = text ? field('/text', text) : htmlToPlainText(bodyHtml);
      const preheaderText = field('/preheader', preheader);
      const fullHtml = injectPreheader(bodyHtml, preheaderText);
      const size = byteLength(fullHtml);
      if (size > RENDERED_LIMIT)
        throw new ContentRenderError({
          path: problems.path('/body'),
          message: `the rendered HTML is ${size} bytes; at most ${RENDERED_LIMIT} (2 MB) can be sent`,
        });
      const optional = (value: string) => (value === '' ? null : value);
      return {
        subject: field('/subject', subject).replace(/[\r\n]+/g, ' '),
        preheader: preheaderText,
        senderName: optional(field('/senderName', senderName).replace(/[\r\n]+/g, ' ')),
        replyTo: optional(field('/replyTo', replyTo).trim()),
        html: fullHtml,
        // Loops over blocks leave runs of blank lines in the derived text.
        text: content.text === undefined ? tidyText(renderedText) : renderedText,
        links: links.map((link) => ({
          index: link.index,
          label: link.label,
          url: field('/body', link.template).trim(),
        })),
      };
    },
  };
}

/** The HTML after the tools, as one template; a problem here means a tool broke a tag apart. */
function compileFinal(
  problems: Problems,
  source: string,
  escape: 'html' | 'none',
): CompiledTemplate | undefined {
  try {
    return compileTemplate(source, { escape });
  } catch (error) {
    problems.add({
      path: problems.path('/body'),
      message: `the HTML made from the body no longer reads as a template (${(error as Error).message}); check tags placed between elements`,
    });
    return undefined;
  }
}

function compileLinks(
  problems: Problems,
  html: string,
  guarded: ReturnType<typeof protectTags>,
): LinkTemplate[] {
  const out: LinkTemplate[] = [];
  for (const link of findLinks(html)) {
    const href = guarded.restore(link.href).text;
    if (isUntrackedHref(href) || SYSTEM_LINK.test(href)) continue;
    const label = guarded.restore(link.label).text;
    try {
      out.push({
        index: out.length,
        label,
        href,
        template: compileTemplate(href, { escape: 'none' }),
      });
    } catch (error) {
      problems.add({
        path: problems.path('/body'),
        message: `link ${href}: ${(error as Error).message}`,
      });
    }
  }
  return out;
}

/**
 * The plain-text part as a template: the HTML (tags set aside) turned into text once, tags put
 * back, compiled without escaping. When a tag does not survive the conversion in one piece
 * (a block opened in an attribute and closed in text…), undefined: then each recipient's
 * rendered HTML is converted instead, slower but always right.
 */
function compileText(
  html: string,
  guarded: ReturnType<typeof protectTags>,
): CompiledTemplate | undefined {
  const converted = htmlToPlainText(html);
  const restored = guarded.restore(converted);
  const kept = new Set(guarded.find(converted));
  const blockTags = guarded.tags.some(
    (tag, i) =>
      !kept.has(i) && /^\{\{~?[#/]|^\{%\s*[#/]|^\{\{~?else|^\{%\s*else|^\{%\s*let/.test(tag),
  );
  if (blockTags) return undefined;
  try {
    return compileTemplate(restored.text, { escape: 'none' });
  } catch {
    return undefined;
  }
}

/** Blocks and loops between paragraphs leave blank lines in the derived text. */
function tidyText(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
