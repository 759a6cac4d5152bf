// Profile files: records are converted as they are parsed and merged in batches, several batches
// at once on their own connections, so parsing and the database keep every core busy.
import type { Readable } from 'node:stream';
import type pg from 'pg';
import type { Clock } from '../../platform/context.ts';
import {
  addToTotals,
  recordBatch,
  rejectedLines,
  retrying,
  withTransaction,
  type Progress,
  type Totals,
} from './batches.ts';
import type { ColumnTarget } from './model.ts';
import { mergeProfileBatch, prepareProfileStaging } from './profile-batch.ts';
import {
  csvConverter,
  defaultTarget,
  ndjsonConverter,
  type Converted,
  type FieldProblem,
  type ProfileRecord,
} from './profile-records.ts';
import { readCsv, readNdjson } from './readers.ts';
import { SeenKeys } from './seen-keys.ts';
import type { StoredImport } from './store.ts';

type Item = { line: number; converted: Converted } | { line: number; error: string };

interface Batch {
  records: ProfileRecord[];
  problems: FieldProblem[];
  read: number;
}

async function* convertedItems(
  row: StoredImport,
  source: Readable,
  namespaces: Set<string>,
  mapping: Record<string, ColumnTarget>,
): AsyncGenerator<Item> {
  if (row.format === 'ndjson') {
    const convert = ndjsonConverter(namespaces);
    for await (const item of readNdjson(source))
      yield 'error' in item ? item : { line: item.line, converted: convert(item.line, item.value) };
    return;
  }
  let convert: ((line: number, cells: string[]) => Converted) | undefined;
  for await (const item of readCsv(source)) {
    if ('error' in item) yield item;
    else if (!convert) {
      const headers = item.cells.map((h) => h.trim());
      convert = csvConverter(
        headers,
        headers.map((h) => mapping[h] ?? defaultTarget(h, namespaces)),
      );
    } else yield { line: item.line, converted: convert(item.line, item.cells) };
  }
}

export async function importProfiles(options: {
  clients: pg.PoolClient[];
  clock: Clock;
  row: StoredImport;
  source: Readable;
  namespaces: Set<string>;
  mapping: Record<string, ColumnTarget>;
  consentSource: string;
  batchSize: number;
  totals: Totals;
  bytes: () => number;
  onProgress?: ((progress: Progress) => void) | undefined;
}): Promise<void> {
  const { clients, row, totals } = options;
  for (const client of clients) await prepareProfileStaging(client);
  // Records whose profile was already in their batch wait for a later one.
  let carried: ProfileRecord[] = [];
  const slots: Promise<void>[] = clients.map(() => Promise.resolve());
  let nextSlot = 0;

  const merge = (client: pg.PoolClient, batch: Batch) =>
    retrying(() =>
      withTransaction(client, async () => {
        const now = options.clock.now();
        const result = await mergeProfileBatch(client, {
          sandboxId: row.sandbox_id,
          records: batch.records,
          consentSource: options.consentSource,
          now,
        });
        const problems = [...batch.problems, ...result.rejected];
        const delta = {
          read: batch.read,
          accepted: result.accepted,
          rejected: rejectedLines(problems),
        };
        await recordBatch(client, row, totals, delta, problems, options.bytes(), now);
        return { delta, stored: problems.length, deferred: result.deferred };
      }),
    );

  const dispatch = async (batch: Batch): Promise<void> => {
    const slot = nextSlot;
    nextSlot = (nextSlot + 1) % clients.length;
    await slots[slot];
    const client = clients[slot];
    if (!client) throw new Error('no connection for import slot');
    batch.records = [...carried, ...batch.records];
    carried = [];
    const merged = merge(client, batch).then((done) => {
      addToTotals(totals, done.delta, done.stored);
      carried.push(...done.deferred);
      options.onProgress?.({ bytesRead: options.bytes(), ...totals });
    });
    // A failure surfaces where the slot is awaited next; until then it is not "unhandled".
    merged.catch(() => undefined);
    slots[slot] = merged;
  };

  try {
    const seen = new SeenKeys();
    let batch: Batch = { records: [], problems: [], read: 0 };
    for await (const item of convertedItems(
      row,
      options.source,
      options.namespaces,
      options.mapping,
    )) {
      batch.read++;
      if ('error' in item) batch.problems.push({ line: item.line, field: '', reason: item.error });
      else if ('problems' in item.converted) batch.problems.push(...item.converted.problems);
      else {
        const record = item.converted.record;
        const duplicate = record.identities
          .map((i) => seen.get(`${i.namespace}\u0000${i.value}`))
          .find((line) => line !== undefined);
        if (duplicate !== undefined)
          batch.problems.push({
            line: record.line,
            field: '',
            reason: `repeats an identity of line ${duplicate} in this file`,
          });
        else {
          for (const identity of record.identities)
            seen.set(`${identity.namespace}\u0000${identity.value}`, record.line);
          batch.records.push(record);
        }
      }
      if (batch.read >= options.batchSize) {
        await dispatch(batch);
        batch = { records: [], problems: [], read: 0 };
      }
    }
    await dispatch(batch);
    await Promise.all(slots);
    while (carried.length) {
      await dispatch({ records: [], problems: [], read: 0 });
      await Promise.all(slots);
    }
  } catch (error) {
    // Let the other batches finish or roll back before their connections are handed back.
    await Promise.allSettled(slots);
    throw error;
  }
}
