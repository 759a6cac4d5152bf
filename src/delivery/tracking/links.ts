// Rewriting a rendered email for tracking: each tracked link's href becomes a signed redirect,
// in the HTML and in the plain-text part, and an open pixel goes before </body>. Links are matched
// in order against the content's link inventory (rendered per recipient), so an <a> that came
// from data is left alone.
import { signClaim, type MessageRef } from './tokens.ts';

const ANCHOR_HREF = /(<a\b[^>]*?\bhref\s*=\s*)("([^"]*)"|'([^']*)')/gi;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
};
const decode = (value: string) =>
  value.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

export interface TrackingBase {
  secret: string;
  /** Where Clarion is reachable from the recipient's mail client, e.g. https://mail.example.com. */
  publicUrl: string;
}

export function trackingUrl(
  base: TrackingBase,
  path: 'o' | 'c' | 'u' | 'm',
  token: string,
): string {
  return `${base.publicUrl.replace(/\/$/, '')}/t/${path}/${token}`;
}

export function trackEmail(
  base: TrackingBase,
  ref: MessageRef,
  html: string,
  links: readonly { index: number; url: string }[],
): string {
  let next = 0;
  const rewritten = html.replace(
    ANCHOR_HREF,
    (whole, prefix: string, _quoted, double?: string, single?: string) => {
      const link = links[next];
      if (!link) return whole;
      const href = decode((double ?? single ?? '').trim());
      if (href !== link.url) return whole;
      next++;
      const token = signClaim(base.secret, {
        kind: 'click',
        ...ref,
        link: link.index,
        url: link.url,
      });
      return `${prefix}"${attribute(trackingUrl(base, 'c', token))}"`;
    },
  );
  const pixel = `<img src="${attribute(trackingUrl(base, 'o', signClaim(base.secret, { kind: 'open', ...ref })))}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
  const end = rewritten.search(/<\/body\s*>/i);
  return end < 0 ? rewritten + pixel : rewritten.slice(0, end) + pixel + rewritten.slice(end);
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The plain-text part with the same links tracked: each URL of the link inventory that stands on
 * its own in the text (the derived text shows hrefs in brackets; a written one has them as typed)
 * becomes its signed redirect. A URL the inventory does not list — from data, or the mirror page
 * and unsubscribe links — is left alone, like an <a> from data in the HTML.
 */
export function trackText(
  base: TrackingBase,
  ref: MessageRef,
  text: string,
  links: readonly { index: number; url: string }[],
): string {
  const indexOf = new Map<string, number>();
  for (const link of links)
    if (/^https?:\/\//i.test(link.url) && !indexOf.has(link.url)) indexOf.set(link.url, link.index);
  if (indexOf.size === 0) return text;
  // Longest first, so that a URL is never taken for another that begins it.
  const urls = [...indexOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const standalone = new RegExp(
    `(^|[\\s[<("'])(${urls.join('|')})(?=$|[\\s\\]>)"']|[.,;:!?](?:\\s|$))`,
    'g',
  );
  return text.replace(standalone, (_whole, before: string, url: string) => {
    const token = signClaim(base.secret, { kind: 'click', ...ref, link: indexOf.get(url)!, url });
    return before + trackingUrl(base, 'c', token);
  });
}
