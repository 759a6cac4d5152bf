// Runs an import over a stream: marks it running, hands the stream to the profile or dataset
// importer with connections of its own, and records how it ended. Bad lines never stop good
// ones; a crash loses at most the batches in flight, and a re-run of the same file changes
// nothing more.
import type { Readable } from 'node:stream';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../platform/context.ts';
import { profilesDb } from '../db.ts';
import { getDataset } from '../datasets/store.ts';
import { knownNamespaces } from '../namespaces.ts';
import type { Progress, Totals } from './batches.ts';
import { importDatasetRows } from './dataset-import.ts';
import type { Import } from './model.ts';
import { importProfiles } from './profile-import.ts';
import { byteCounter } from './readers.ts';
import { getImportRow, mappingOf, toImport } from './store.ts';

export const DEFAULT_BATCH_SIZE = 5000;
/** Profile batches merged at once, each on its own connection. */
export const PROFILE_IMPORT_CONNECTIONS = 2;

export interface RunOptions {
  batchSize?: number;
  onProgress?: (progress: Progress) => void;
}

export async function runImport(
  deps: { database: Database; clock: Clock },
  sandboxId: string,
  importId: string,
  input: Readable,
  options: RunOptions = {},
): Promise<Import> {
  const db = profilesDb(deps.database.db);
  const row = await getImportRow(db, sandboxId, importId);
  const started = await db
    .updateTable('imports')
    .set({ status: 'running', started_at: deps.clock.now(), heartbeat_at: deps.clock.now() })
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', importId)
    .where('status', '=', 'waiting')
    .executeTakeFirst();
  if (Number(started.numUpdatedRows) !== 1)
    throw new Error(`import ${importId} is not waiting for its file`);
  const counter = byteCounter();
  input.on('error', (error) => counter.destroy(error));
  const source = input.pipe(counter);
  const totals: Totals = { rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, storedRejections: 0 };
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const clients = [];
  try {
    for (let i = 0; i < (row.kind === 'profiles' ? PROFILE_IMPORT_CONNECTIONS : 1); i++)
      clients.push(await deps.database.pool.connect());
    const common = {
      clock: deps.clock,
      row,
      source,
      batchSize,
      totals,
      bytes: counter.bytes,
      onProgress: options.onProgress,
    };
    switch (row.kind) {
      case 'profiles':
        await importProfiles({
          ...common,
          clients,
          namespaces: await knownNamespaces(db, sandboxId),
          mapping: mappingOf(row),
          consentSource:
            (row.options as { consentSource?: string } | null)?.consentSource ?? 'import',
        });
        break;
      case 'dataset':
        await importDatasetRows({
          ...common,
          client: clients[0]!,
          dataset: await getDataset(db, sandboxId, row.dataset_name ?? ''),
        });
        break;
    }
    await db
      .updateTable('imports')
      .set({
        status: 'completed',
        finished_at: deps.clock.now(),
        bytes_read: counter.bytes(),
        heartbeat_at: deps.clock.now(),
      })
      .where('sandbox_id', '=', sandboxId)
      .where('id', '=', importId)
      .execute();
  } catch (error) {
    input.destroy();
    await db
      .updateTable('imports')
      .set({
        status: 'failed',
        error: (error as Error).message.slice(0, 1000),
        finished_at: deps.clock.now(),
      })
      .where('sandbox_id', '=', sandboxId)
      .where('id', '=', importId)
      .execute();
  } finally {
    for (const client of clients) client.release();
  }
  return toImport(await getImportRow(db, sandboxId, importId), deps.clock.now());
}
