// What the console can tell about an audience's CSV before sending it: it must be a .csv file
// whose header line names the identity column; the other named columns are kept per member.
import { useEffect, useState } from 'react';
import { readCsvHeader } from '../../imports/csvHeader.ts';

export const CSV_ACCEPT = '.csv,text/csv';

export const isCsvName = (name: string) => /\.csv$/i.test(name);

/** Why the identity column cannot be read from a file with this header, or null. */
export function identityColumnProblem(header: readonly string[], column: string): string | null {
  if (header.includes(column)) return null;
  return `The file has no column "${column}" (its columns: ${header.filter(Boolean).join(', ')})`;
}

/** The columns kept as audience.<column>, in file order. */
export function keptColumns(header: readonly string[], identityColumn: string): string[] {
  return header.filter((name) => name !== '' && name !== identityColumn);
}

export function repeatedColumn(header: readonly string[]): string | null {
  return header.find((name, i) => name !== '' && header.indexOf(name) !== i) ?? null;
}

interface HeaderState {
  file: File | null;
  header: string[] | null;
  error: string | null;
}

/** The header line of the chosen CSV file, read in the browser, or why it cannot be used. */
export function useCsvHeader(file: File | null): HeaderState & { reading: boolean } {
  const [state, setState] = useState<HeaderState>({ file: null, header: null, error: null });
  useEffect(() => {
    if (!file || !isCsvName(file.name)) return;
    let current = true;
    readCsvHeader(file).then(
      (header) => {
        if (!current) return;
        const repeated = repeatedColumn(header);
        const error = header.every((name) => name === '')
          ? 'The file has no header line'
          : repeated
            ? `The column "${repeated}" appears twice in the header`
            : null;
        setState({ file, header: error ? null : header, error });
      },
      (error: unknown) => {
        if (!current) return;
        const message = error instanceof Error ? error.message : 'The file could not be read';
        setState({ file, header: null, error: message });
      },
    );
    return () => {
      current = false;
    };
  }, [file]);
  if (!file) return { file, header: null, error: null, reading: false };
  if (!isCsvName(file.name))
    return { file, header: null, error: 'Choose a CSV file (.csv)', reading: false };
  return state.file === file
    ? { ...state, reading: false }
    : { file, header: null, error: null, reading: true };
}
