// CSV cells for the exports: quoted when they hold a separator, quote or line break.

/** The text as one CSV field, unchanged apart from quoting (data meant to be read back). */
export function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A cell of a report meant for spreadsheets: text that one would run as a formula (=, +, -, @
 * first) gets a leading apostrophe; numbers are written as they are, null as nothing.
 */
export function spreadsheetCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}
