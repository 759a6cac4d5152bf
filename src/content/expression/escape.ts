// HTML escaping of `{{…}}` output: the same characters and entities as Handlebars.
const NEEDS_ESCAPE = /[&<>"'`=]/;
const ESCAPABLE = /[&<>"'`=]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

export function escapeHtml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, (char) => ENTITIES[char] ?? char) : text;
}
