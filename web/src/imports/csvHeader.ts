// Reading a file's first CSV record in the browser, without loading the file: slices are read
// until the header line ends (a line break outside quotes).
const CHUNK = 64 * 1024;
const LIMIT = 1024 * 1024;

export type FileFormat = 'csv' | 'ndjson';

/** The format a file name suggests; CSV unless it says NDJSON or JSON lines. */
export function formatOfName(name: string): FileFormat {
  return /\.(ndjson|jsonl|json)$/i.test(name) ? 'ndjson' : 'csv';
}

/** Splits one CSV record (RFC 4180: quoted fields, doubled quotes) into its fields. */
export function parseCsvRecord(text: string): { fields: string[]; complete: boolean } {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      fields.push(field);
      return { fields, complete: true };
    } else field += char;
  }
  fields.push(field);
  return { fields, complete: false };
}

/** The header row of a CSV file, trimmed as the server trims it. */
export async function readCsvHeader(file: Blob): Promise<string[]> {
  let end = Math.min(CHUNK, file.size);
  for (;;) {
    const text = (await file.slice(0, end).text()).replace(/^\uFEFF/, '');
    const { fields, complete } = parseCsvRecord(text);
    if (complete || end >= file.size) return fields.map((field) => field.trim());
    if (end >= LIMIT) throw new Error('The first line of the file is longer than 1 MB.');
    end = Math.min(end * 2, file.size, LIMIT);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
