// The HTML tools of the email pipeline: MJML → HTML, CSS inlining, the link inventory, plain text
// from HTML and the hidden preheader. They work on text whose template tags are protected.
import { Parser } from 'htmlparser2';
import { convert, type HtmlToTextOptions } from 'html-to-text';
import juice from 'juice';
import mjml2html from 'mjml';

export interface MjmlResult {
  html: string;
  errors: { line: number | undefined; message: string }[];
}

export async function mjmlToHtml(source: string): Promise<MjmlResult> {
  try {
    const result = await mjml2html(source, { validationLevel: 'soft', keepComments: false });
    return {
      html: result.html,
      errors: result.errors.map((error) => ({
        line: typeof error.line === 'number' ? error.line : undefined,
        message: error.message,
      })),
    };
  } catch (error) {
    // Malformed documents (no <mjml> root…) throw instead of reporting.
    return { html: '', errors: [{ line: undefined, message: (error as Error).message.trim() }] };
  }
}

/** Moves <style> rules onto the elements (mail clients drop <style>); media queries stay. */
export function inlineCss(html: string): string {
  return juice(html, { preserveMediaQueries: true, applyWidthAttributes: true });
}

export interface LinkSource {
  index: number;
  label: string;
  /** The href as written (tags protected), entities decoded. */
  href: string;
}

/** Links that are not tracked: mail and phone links, in-page anchors and Clarion's own links. */
export function isUntrackedHref(href: string): boolean {
  const value = href.trim().toLowerCase();
  return (
    value === '' ||
    value.startsWith('#') ||
    value.startsWith('mailto:') ||
    value.startsWith('tel:') ||
    value.startsWith('sms:')
  );
}

/** Every <a href> with its label: data-label, else title, else the link's text (or image alt). */
export function findLinks(html: string): LinkSource[] {
  const links: LinkSource[] = [];
  let open: { href: string; label: string | undefined; text: string; depth: number } | undefined;
  let depth = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        depth++;
        if (name === 'a' && attributes.href !== undefined && open === undefined) {
          const label = attributes['data-label'] ?? attributes.title;
          open = { href: attributes.href, label: label?.trim() || undefined, text: '', depth };
        } else if (name === 'img' && open && attributes.alt) open.text += ` ${attributes.alt} `;
      },
      ontext(text) {
        if (open) open.text += text;
      },
      onclosetag(name) {
        if (name === 'a' && open && open.depth === depth) {
          const text = open.text.replace(/\s+/g, ' ').trim();
          links.push({ index: links.length, label: open.label ?? text, href: open.href.trim() });
          open = undefined;
        }
        depth--;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return links;
}

const TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'title', format: 'skip' },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'block' },
    { selector: 'th', format: 'block' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
      selector,
      options: { uppercase: false },
    })),
  ],
};

export function htmlToPlainText(html: string): string {
  return convert(html, TEXT_OPTIONS);
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

// Filler after the preheader keeps mail clients from pulling body text into the preview line.
const PREHEADER_FILLER = '&#847;&zwnj;&nbsp;'.repeat(60);

/** The preheader as the first, hidden element of the body. */
export function injectPreheader(html: string, preheader: string): string {
  if (preheader === '') return html;
  const block =
    '<div style="display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;' +
    `max-width:0px;opacity:0;overflow:hidden;mso-hide:all;">${escapeHtml(preheader)}` +
    `${PREHEADER_FILLER}</div>`;
  const body = /<body\b[^>]*>/i.exec(html);
  if (!body) return block + html;
  const at = body.index + body[0].length;
  return html.slice(0, at) + block + html.slice(at);
}
