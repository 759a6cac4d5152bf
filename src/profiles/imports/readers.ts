// Streaming readers: CSV (RFC 4180, via csv-parse) and NDJSON, one item per record with its
// line number. Nothing is read into memory beyond the current chunk.
import { parse } from 'csv-parse';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createInterface } from 'node:readline';

export type CsvItem = { line: number; cells: string[] } | { line: number; error: string };
export type NdjsonItem = { line: number; value: unknown } | { line: number; error: string };

/** Counts the bytes that pass, for progress. */
export function byteCounter(): Transform & { bytes: () => number } {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return Object.assign(counter, { bytes: () => bytes });
}

export async function* readCsv(input: Readable): AsyncGenerator<CsvItem> {
  const skipped: CsvItem[] = [];
  const parser = pipeline(
    input,
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: (Error & { lines?: number }) | undefined) => {
        if (error)
          skipped.push({
            line: error.lines ?? 0,
            error: `broken CSV: ${error.message.replace(/\s*at line \d+.*$/, '')}`,
          });
      },
    }),
    () => undefined, // an input error reaches the loop below through the parser
  );
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length) yield skipped.shift()!;
    yield { line: item.info.lines, cells: item.record };
  }
  while (skipped.length) yield skipped.shift()!;
}

export async function* readNdjson(input: Readable): AsyncGenerator<NdjsonItem> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) as unknown };
    } catch (error) {
      yield { line, error: `broken JSON: ${(error as Error).message}` };
    }
  }
}
