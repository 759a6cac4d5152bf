// Runs an import over a stream: marks it running, hands the stream to the profile or dataset
// importer with connections of its own, and records how it ended. Bad lines never stop good
// ones; a crash loses at most the batches in flight, and a re-run of the same file changes
// nothing more.
import { pipeline, type Readable } from 'node:stream';
import type pg from 'pg';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../platform/context.ts';
import { profilesDb } from '../db.ts';
import { getDataset } from '../datasets/store.ts';
import { knownNamespaces } from '../namespaces.ts';
import { withTransaction, type Progress, type Totals } from './batches.ts';
import { importDatasetRows } from './dataset-import.ts';
import type { Import } from './model.ts';
import { importProfiles } from './profile-import.ts';
import { byteCounter } from './readers.ts';
import { getImportRow, mappingOf, toImport, type StoredImport } from './store.ts';

export const DEFAULT_BATCH_SIZE = 5000;
/** Profile batches merged at once, each on its own connection. */
export const PROFILE_IMPORT_CONNECTIONS = 2;

export interface RunOptions {
  batchSize?: number;
  onProgress?: (progress: Progress) => void;
}

/** What an importer of another area (e.g. uploaded audiences) gets to read its file. */
export interface ImportJob {
  client: pg.PoolClient;
  clock: Clock;
  row: StoredImport;
  source: Readable;
  batchSize: number;
  totals: Totals;
  bytes: () => number;
  onProgress?: ((progress: Progress) => void) | undefined;
}

/**
 * Reads the file; may return a step run in the transaction that marks the import completed, so
 * what the import switches on (an audience's members) and its status change together.
 */
export type KindImporter = (
  job: ImportJob,
) => Promise<((tx: pg.PoolClient) => Promise<void>) | void>;

/** Importers for kinds owned by areas that build on profiles, supplied where the app is composed. */
export interface Importers {
  audience?: KindImporter;
}

export async function runImport(
  deps: { database: Database; clock: Clock; importers?: Importers },
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
  // pipeline hands an error of the input (a dropped upload) to the counter, where the importer's
  // reader sees it, even when it happens before the reader is attached.
  const source = pipeline(input, counter, () => undefined);
  const totals: Totals = { rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, storedRejections: 0 };
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const clients: pg.PoolClient[] = [];
  let finalize: ((tx: pg.PoolClient) => Promise<void>) | void = undefined;
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
      case 'audience': {
        const importer = deps.importers?.audience;
        if (!importer) throw new Error('uploaded audiences cannot be imported here');
        finalize = await importer({ ...common, client: clients[0]! });
        break;
      }
    }
    const client = clients[0]!;
    await withTransaction(client, async () => {
      if (finalize) await finalize(client);
      await client.query(
        `UPDATE imports SET status = 'completed', finished_at = $3, bytes_read = $4, heartbeat_at = $3
          WHERE sandbox_id = $1 AND id = $2`,
        [sandboxId, importId, deps.clock.now(), counter.bytes()],
      );
    });
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
